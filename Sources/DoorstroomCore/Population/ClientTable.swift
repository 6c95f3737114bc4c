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

/// The clients of one region-replication, one fixed-layout record per
/// slot, read and written a field at a time (`clients.state[i] = s`).
/// Slots of clients who left for good are reused, so memory follows the
/// number of clients present, not the number simulated.
///
/// A record is 128 bytes, aligned to them: the fields an event touches lie in
/// its first 64-byte cache line, the rare ones (state entry, exit time,
/// indication end) in the second. As one array per field, an event touched a
/// dozen cache lines, one per field. The memory is plain and owned by the table:
/// every field is trivial, so growing moves bytes and freeing deinitialises
/// nothing, and a write checks no uniqueness. A table belongs to one
/// simulation and is never shared between threads; only ``add`` moves the
/// records, when it grows.
final class ClientTable {
    /// One field of every record: `base` is the field in slot 0.
    struct Field<Value: BitwiseCopyable> {
        fileprivate let base: UnsafeMutableRawPointer

        @inline(__always) subscript(i: Int) -> Value {
            get { base.load(fromByteOffset: i &* ClientTable.stride, as: Value.self) }
            nonmutating set { base.storeBytes(of: newValue, toByteOffset: i &* ClientTable.stride, as: Value.self) }
        }
    }

    /// Bytes per record, and their alignment.
    static let stride = 128

    // Byte offsets in a record. First cache line: what events read and write.
    private static let whereaboutsOffset = 0, stateOffset = 1, waitingForOffset = 2, segmentOffset = 3
    private static let lastingNeedOffset = 4, legacyOffset = 5, cohortOffset = 6, blockedOffset = 7
    private static let originOffset = 8, locationOffset = 12, epochOffset = 16, generationOffset = 20
    private static let stepOffset = 24, nextRouteOffset = 28, exposureRouteOffset = 30
    private static let streamSeedOffset = 32, exposureTimeOffset = 40, careStartOffset = 48, requestTimeOffset = 56
    // Second line: the rarer ones.
    private static let stateEntryOffset = 64, exitTimeOffset = 72, indicationEndOffset = 80

    @exclusivity(unchecked) private var records: UnsafeMutableRawPointer

    @inline(__always) private func field<Value>(_ offset: Int) -> Field<Value> { Field(base: records + offset) }

    /// Index of the origin municipality; `unknownOrigin` when unknown, `outsideOrigin` from outside the region.
    var origin: Field<Int32> { field(Self.originOffset) }
    var whereabouts: Field<Whereabouts> { field(Self.whereaboutsOffset) }
    /// The care state while `inCare`.
    var state: Field<CareState> { field(Self.stateOffset) }
    /// The state waited for, if on a list (new intake, or a transfer while in care).
    var waitingFor: Field<CareState?> { field(Self.waitingForOffset) }
    /// The route drawn on entering the current state (taken when the stay ends, or when a dwelling frees a blocked client).
    var nextRoute: Field<Int16> { field(Self.nextRouteOffset) }
    /// The losing route that ends care even while the client is stuck in place
    /// (death, Wlz), and its absolute time; -1 when none (see ``Sojourn``).
    var exposureRoute: Field<Int16> { field(Self.exposureRouteOffset) }
    var exposureTime: Field<Double> { field(Self.exposureTimeOffset) }
    /// Ready to leave for an own home but without a dwelling (still in place).
    var blocked: Field<Bool> { field(Self.blockedOffset) }
    var lastingNeed: Field<Bool> { field(Self.lastingNeedOffset) }
    /// Index into the scenario's segments (0 when it has none).
    var segment: Field<UInt8> { field(Self.segmentOffset) }
    /// Legacy regime (overgangsrecht): in care on the decentralisation date, until reindication.
    var legacy: Field<Bool> { field(Self.legacyOffset) }
    /// When the legacy indication ends (a scheduled indication end at another time is stale).
    var indicationEnd: Field<Double> { field(Self.indicationEndOffset) }
    /// In care on 1 January of the cohort year (see ``Scenario/cohortYear``).
    var cohort: Field<Bool> { field(Self.cohortOffset) }
    var stateEntry: Field<Double> { field(Self.stateEntryOffset) }
    /// When the client asked for admission (for waiting times).
    var requestTime: Field<Double> { field(Self.requestTimeOffset) }
    /// When the client last left care (for the 365-day return rule).
    var exitTime: Field<Double> { field(Self.exitTimeOffset) }
    /// The municipality where the client is housed.
    var location: Field<Int32> { field(Self.locationOffset) }
    /// Start of the current care episode of a new-regime client (woonplaatsbeginsel period).
    var careStart: Field<Double> { field(Self.careStartOffset) }
    /// Seed of the client's own random stream (common random numbers).
    var streamSeed: Field<UInt64> { field(Self.streamSeedOffset) }
    /// Draw counter within the client's stream.
    var step: Field<UInt32> { field(Self.stepOffset) }
    /// Invalidates scheduled path events and queue entries when the client's path changes.
    var epoch: Field<UInt32> { field(Self.epochOffset) }
    /// Counts reuses of the slot, so events of an earlier occupant are ignored.
    var generation: Field<UInt32> { field(Self.generationOffset) }

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
        records = .allocate(byteCount: capacity * Self.stride, alignment: Self.stride)
    }

    deinit { records.deallocate() }

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
        let grown = UnsafeMutableRawPointer.allocate(byteCount: 2 * capacity * Self.stride, alignment: Self.stride)
        grown.copyMemory(from: records, byteCount: count * Self.stride)
        records.deallocate()
        records = grown
        capacity *= 2
    }
}
