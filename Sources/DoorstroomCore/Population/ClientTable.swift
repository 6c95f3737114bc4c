/// Where a client is right now.
enum Whereabouts: UInt8 {
    /// In a care state (see ``ClientTable/state``).
    case inCare
    /// On a waiting list, not yet in care.
    case waiting
    /// Left to independence and may come back (re-entry pending).
    case away
    /// The slot is free.
    case free
}

/// The clients of one region-replication, stored as parallel arrays (struct of
/// arrays) indexed by slot. Slots of clients who left for good are reused, so
/// memory follows the number of clients present, not the number simulated.
struct ClientTable {
    /// Index of the origin municipality; `unknownOrigin` when unknown, `outsideOrigin` from outside the region.
    var origin: [Int32] = []
    var whereabouts: [Whereabouts] = []
    /// The care state while `inCare`.
    var state: [CareState] = []
    /// The state waited for, if on a list (new intake, or a transfer while in care).
    var waitingFor: [CareState?] = []
    /// The route drawn on entering the current state (taken when the stay ends, or when a dwelling frees a blocked client).
    var nextRoute: [Int16] = []
    /// The losing route that ends care even while the client is stuck in place
    /// (death, Wlz), and its absolute time; -1 when none (see ``Sojourn``).
    var exposureRoute: [Int16] = []
    var exposureTime: [Double] = []
    /// Ready to leave for an own home but without a dwelling (still in place).
    var blocked: [Bool] = []
    var lastingNeed: [Bool] = []
    /// Index into the scenario's segments (0 when it has none).
    var segment: [UInt8] = []
    /// Legacy regime (overgangsrecht): in care on the decentralisation date, until reindication.
    var legacy: [Bool] = []
    /// When the legacy indication ends (a scheduled indication end at another time is stale).
    var indicationEnd: [Double] = []
    /// In care on 1 January of the cohort year (see ``Scenario/cohortYear``).
    var cohort: [Bool] = []
    var stateEntry: [Double] = []
    /// When the client asked for admission (for waiting times).
    var requestTime: [Double] = []
    /// When the client last left care (for the 365-day return rule).
    var exitTime: [Double] = []
    /// The municipality where the client is housed.
    var location: [Int32] = []
    /// Start of the current care episode of a new-regime client (woonplaatsbeginsel period).
    var careStart: [Double] = []
    /// Seed of the client's own random stream (common random numbers).
    var streamSeed: [UInt64] = []
    /// Draw counter within the client's stream.
    var step: [UInt32] = []
    /// Invalidates scheduled path events and queue entries when the client's path changes.
    var epoch: [UInt32] = []
    /// Counts reuses of the slot, so events of an earlier occupant are ignored.
    var generation: [UInt32] = []

    private var freeSlots: [Int32] = []

    static let unknownOrigin: Int32 = -1
    /// A municipality outside the region (national accessibility).
    static let outsideOrigin: Int32 = -2

    /// A new client in a free slot; returns the slot.
    mutating func add(origin: Int32, lastingNeed: Bool, legacy: Bool, cohort: Bool,
                      streamSeed: UInt64, time: Double) -> Int32 {
        if let slot = freeSlots.popLast() {
            let i = Int(slot)
            self.origin[i] = origin
            whereabouts[i] = .waiting
            state[i] = .intramural
            waitingFor[i] = nil
            nextRoute[i] = -1
            exposureRoute[i] = -1
            blocked[i] = false
            self.lastingNeed[i] = lastingNeed
            segment[i] = 0
            self.legacy[i] = legacy
            indicationEnd[i] = .infinity
            self.cohort[i] = cohort
            stateEntry[i] = time
            requestTime[i] = time
            exitTime[i] = -.infinity
            location[i] = origin
            careStart[i] = time
            self.streamSeed[i] = streamSeed
            step[i] = 0
            epoch[i] &+= 1
            generation[i] &+= 1
            return slot
        }
        self.origin.append(origin)
        whereabouts.append(.waiting)
        state.append(.intramural)
        waitingFor.append(nil)
        nextRoute.append(-1)
        exposureRoute.append(-1)
        exposureTime.append(.infinity)
        blocked.append(false)
        self.lastingNeed.append(lastingNeed)
        segment.append(0)
        self.legacy.append(legacy)
        indicationEnd.append(.infinity)
        self.cohort.append(cohort)
        stateEntry.append(time)
        requestTime.append(time)
        exitTime.append(-.infinity)
        location.append(origin)
        careStart.append(time)
        self.streamSeed.append(streamSeed)
        step.append(0)
        epoch.append(0)
        generation.append(0)
        return Int32(self.origin.count - 1)
    }

    /// Frees the slot of a client who left for good.
    mutating func remove(_ slot: Int32) {
        let i = Int(slot)
        whereabouts[i] = .free
        waitingFor[i] = nil
        epoch[i] &+= 1
        freeSlots.append(slot)
    }

    /// Slots in use, for region-wide events (a Wlz transfer).
    var count: Int { origin.count }
}
