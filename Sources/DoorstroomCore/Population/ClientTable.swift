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

/// The clients of one region-replication, stored as parallel columns
/// (struct of arrays) indexed by slot. Slots of clients who left for good are
/// reused, so memory follows the number of clients present, not the number
/// simulated.
///
/// The columns are plain memory owned by the table, written through
/// pointers (`clients.state[i] = s`): arrays in a struct checked their
/// uniqueness on every write, a twentieth of the engine's time. A table
/// belongs to one simulation and is never shared between threads. Every
/// column's element type is trivial, so growing moves bytes and freeing
/// deinitialises nothing. The column pointers skip the dynamic exclusivity
/// checks of a class's stored properties (`@exclusivity(unchecked)`): with
/// them the engine was 45 % slower; only ``add`` replaces a pointer, when it grows.
final class ClientTable {
    /// Index of the origin municipality; `unknownOrigin` when unknown, `outsideOrigin` from outside the region.
    @exclusivity(unchecked) private(set) var origin: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private(set) var whereabouts: UnsafeMutablePointer<Whereabouts>
    /// The care state while `inCare`.
    @exclusivity(unchecked) private(set) var state: UnsafeMutablePointer<CareState>
    /// The state waited for, if on a list (new intake, or a transfer while in care).
    @exclusivity(unchecked) private(set) var waitingFor: UnsafeMutablePointer<CareState?>
    /// The route drawn on entering the current state (taken when the stay ends, or when a dwelling frees a blocked client).
    @exclusivity(unchecked) private(set) var nextRoute: UnsafeMutablePointer<Int16>
    /// The losing route that ends care even while the client is stuck in place
    /// (death, Wlz), and its absolute time; -1 when none (see ``Sojourn``).
    @exclusivity(unchecked) private(set) var exposureRoute: UnsafeMutablePointer<Int16>
    @exclusivity(unchecked) private(set) var exposureTime: UnsafeMutablePointer<Double>
    /// Ready to leave for an own home but without a dwelling (still in place).
    @exclusivity(unchecked) private(set) var blocked: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private(set) var lastingNeed: UnsafeMutablePointer<Bool>
    /// Index into the scenario's segments (0 when it has none).
    @exclusivity(unchecked) private(set) var segment: UnsafeMutablePointer<UInt8>
    /// Legacy regime (overgangsrecht): in care on the decentralisation date, until reindication.
    @exclusivity(unchecked) private(set) var legacy: UnsafeMutablePointer<Bool>
    /// When the legacy indication ends (a scheduled indication end at another time is stale).
    @exclusivity(unchecked) private(set) var indicationEnd: UnsafeMutablePointer<Double>
    /// In care on 1 January of the cohort year (see ``Scenario/cohortYear``).
    @exclusivity(unchecked) private(set) var cohort: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private(set) var stateEntry: UnsafeMutablePointer<Double>
    /// When the client asked for admission (for waiting times).
    @exclusivity(unchecked) private(set) var requestTime: UnsafeMutablePointer<Double>
    /// When the client last left care (for the 365-day return rule).
    @exclusivity(unchecked) private(set) var exitTime: UnsafeMutablePointer<Double>
    /// The municipality where the client is housed.
    @exclusivity(unchecked) private(set) var location: UnsafeMutablePointer<Int32>
    /// Start of the current care episode of a new-regime client (woonplaatsbeginsel period).
    @exclusivity(unchecked) private(set) var careStart: UnsafeMutablePointer<Double>
    /// Seed of the client's own random stream (common random numbers).
    @exclusivity(unchecked) private(set) var streamSeed: UnsafeMutablePointer<UInt64>
    /// Draw counter within the client's stream.
    @exclusivity(unchecked) private(set) var step: UnsafeMutablePointer<UInt32>
    /// Invalidates scheduled path events and queue entries when the client's path changes.
    @exclusivity(unchecked) private(set) var epoch: UnsafeMutablePointer<UInt32>
    /// Counts reuses of the slot, so events of an earlier occupant are ignored.
    @exclusivity(unchecked) private(set) var generation: UnsafeMutablePointer<UInt32>

    /// Slots in use, for region-wide events (a Wlz transfer).
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var freeSlots: [Int32] = []

    static let unknownOrigin: Int32 = -1
    /// A municipality outside the region (national accessibility).
    static let outsideOrigin: Int32 = -2

    init(capacity: Int = 256) {
        let capacity = max(1, capacity)  // doubling must grow it
        self.capacity = capacity
        origin = .allocate(capacity: capacity)
        whereabouts = .allocate(capacity: capacity)
        state = .allocate(capacity: capacity)
        waitingFor = .allocate(capacity: capacity)
        nextRoute = .allocate(capacity: capacity)
        exposureRoute = .allocate(capacity: capacity)
        exposureTime = .allocate(capacity: capacity)
        blocked = .allocate(capacity: capacity)
        lastingNeed = .allocate(capacity: capacity)
        segment = .allocate(capacity: capacity)
        legacy = .allocate(capacity: capacity)
        indicationEnd = .allocate(capacity: capacity)
        cohort = .allocate(capacity: capacity)
        stateEntry = .allocate(capacity: capacity)
        requestTime = .allocate(capacity: capacity)
        exitTime = .allocate(capacity: capacity)
        location = .allocate(capacity: capacity)
        careStart = .allocate(capacity: capacity)
        streamSeed = .allocate(capacity: capacity)
        step = .allocate(capacity: capacity)
        epoch = .allocate(capacity: capacity)
        generation = .allocate(capacity: capacity)
    }

    deinit {
        origin.deallocate()
        whereabouts.deallocate()
        state.deallocate()
        waitingFor.deallocate()
        nextRoute.deallocate()
        exposureRoute.deallocate()
        exposureTime.deallocate()
        blocked.deallocate()
        lastingNeed.deallocate()
        segment.deallocate()
        legacy.deallocate()
        indicationEnd.deallocate()
        cohort.deallocate()
        stateEntry.deallocate()
        requestTime.deallocate()
        exitTime.deallocate()
        location.deallocate()
        careStart.deallocate()
        streamSeed.deallocate()
        step.deallocate()
        epoch.deallocate()
        generation.deallocate()
    }

    /// A new client in a free slot; returns the slot.
    func add(origin: Int32, lastingNeed: Bool, legacy: Bool, cohort: Bool,
             streamSeed: UInt64, time: Double) -> Int32 {
        let i: Int
        if let slot = freeSlots.popLast() {
            i = Int(slot)
            epoch[i] &+= 1
            generation[i] &+= 1
        } else {
            if count == capacity { grow() }
            i = count
            count += 1
            epoch[i] = 0
            generation[i] = 0
            exposureTime[i] = .infinity
        }
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
        return Int32(i)
    }

    /// Frees the slot of a client who left for good.
    func remove(_ slot: Int32) {
        let i = Int(slot)
        whereabouts[i] = .free
        waitingFor[i] = nil
        epoch[i] &+= 1
        freeSlots.append(slot)
    }

    private func grow() {
        capacity *= 2
        Self.grow(&origin, count: count, to: capacity)
        Self.grow(&whereabouts, count: count, to: capacity)
        Self.grow(&state, count: count, to: capacity)
        Self.grow(&waitingFor, count: count, to: capacity)
        Self.grow(&nextRoute, count: count, to: capacity)
        Self.grow(&exposureRoute, count: count, to: capacity)
        Self.grow(&exposureTime, count: count, to: capacity)
        Self.grow(&blocked, count: count, to: capacity)
        Self.grow(&lastingNeed, count: count, to: capacity)
        Self.grow(&segment, count: count, to: capacity)
        Self.grow(&legacy, count: count, to: capacity)
        Self.grow(&indicationEnd, count: count, to: capacity)
        Self.grow(&cohort, count: count, to: capacity)
        Self.grow(&stateEntry, count: count, to: capacity)
        Self.grow(&requestTime, count: count, to: capacity)
        Self.grow(&exitTime, count: count, to: capacity)
        Self.grow(&location, count: count, to: capacity)
        Self.grow(&careStart, count: count, to: capacity)
        Self.grow(&streamSeed, count: count, to: capacity)
        Self.grow(&step, count: count, to: capacity)
        Self.grow(&epoch, count: count, to: capacity)
        Self.grow(&generation, count: count, to: capacity)
    }

    private static func grow<T>(_ column: inout UnsafeMutablePointer<T>, count: Int, to capacity: Int) {
        let grown = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        grown.moveInitialize(from: column, count: count)
        column.deallocate()
        column = grown
    }
}
