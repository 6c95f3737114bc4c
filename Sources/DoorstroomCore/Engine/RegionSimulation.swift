import CGSL
import DequeModule

/// One replication of one region: an event-driven simulation in continuous
/// time (days from 1 January of the start year), with no shared state, so
/// many run in parallel.
///
/// Randomness: arrivals draw from a stream per (municipality, intake kind,
/// year); each client draws from a stream of its own, keyed by its origin and
/// arrival number, one substream per decision. The k-th applicant of a
/// municipality therefore meets the same luck in every scenario run with the
/// same seed (common random numbers).
struct RegionSimulation {
    enum IntakeKind: Int { case bw = 0, mo = 1, initial = 2, bwExtra = 3, moFamily = 4 }

    let plan: RegionPlan
    let replication: Int
    /// Record month-end levels too.
    let monthly: Bool
    let clients = ClientTable()
    var events = EventQueue()
    var sequence: UInt64 = 0
    /// Client-events so far: arrivals, entries into a care state (admissions,
    /// transitions, re-entries and the start stock) and exits — the unit of
    /// `doorstroom bench`'s throughput.
    var clientEvents = 0
    /// FIFO waiting list per care state: (slot, epoch at joining).
    var queues: [Deque<(Int32, UInt32)>]
    let queueLength: FixedBuffer<Int>
    /// Clients ready to leave for an own home, waiting for a dwelling.
    var housingQueue = Deque<(Int32, UInt32)>()
    var dwellingPool = 0
    let occupancy: FixedBuffer<Int>
    var capacity: [Int?]
    var recorder: YearlyRecorder
    var yearIndex = 0
    /// The routes out of every state, per segment (the plan's, shared by its replications).
    let risks: CompetingRisks
    /// The clients' segments, if any; kept for its table, which ``drawSegment(_:from:)`` reads.
    let segmentSampler: DiscreteSampler?
    let segmentTable: UnsafeMutablePointer<gsl_ran_discrete_t>?
    let municipalityCount: Int
    let clientStream: RandomStream
    let arrivalStream: RandomStream
    /// Per intake kind and municipality (kind-major): applicants so far.
    let arrivalSerial: FixedBuffer<UInt64>
    /// Per intake kind and municipality (kind-major): the ``StreamKey/partialSeed`` of its clients' streams.
    let clientSeedPrefix: [UInt64]
    let streamBase: StreamKey
    /// The money of each finance variant riding on this simulation (none without finance).
    var books: [PaymentBook]
    /// The distinct woonplaatsbeginsel periods (days) of the books, for the payer reviews.
    let originPeriods: [Double]
    /// The new system is in force (from 1 January of the decentralisation year):
    /// before it, the centrumgemeente pays for everyone.
    var decentralised: Bool

    /// - Parameter payments: one plan per finance variant (empty without
    ///   finance); ``run()`` returns one result array per variant.
    init(plan: RegionPlan, payments: [PaymentPlan] = [], replication: Int, monthly: Bool = false) {
        self.plan = plan
        self.replication = replication
        self.monthly = monthly
        let scenario = plan.scenario
        decentralised = scenario.startYear >= scenario.decentralisationYear
        let stateCount = CareState.allCases.count
        queues = Array(repeating: Deque(), count: stateCount)
        queueLength = FixedBuffer(repeating: 0, count: stateCount)
        occupancy = FixedBuffer(repeating: 0, count: stateCount)
        capacity = plan.capacity[0]
        recorder = YearlyRecorder(municipalityCount: plan.region.municipalities.count, yearCount: scenario.years.count)
        risks = plan.risks
        segmentSampler = scenario.segments.isEmpty ? nil : DiscreteSampler(weights: scenario.segments.map(\.share))
        segmentTable = segmentSampler?.table
        municipalityCount = plan.region.municipalities.count
        streamBase = StreamKey(masterSeed: scenario.seed, replication: replication, region: plan.regionIndex,
                               purpose: .initialPopulation)
        clientStream = RandomStream(seed: 0)
        arrivalStream = RandomStream(seed: 0)
        arrivalSerial = FixedBuffer(repeating: 0, count: 5 * plan.region.municipalities.count)
        let base = streamBase
        clientSeedPrefix = (0..<5).flatMap { kind in
            plan.region.municipalities.indices.map { m in
                var key = base
                key.purpose = .client(municipality: m, kind: kind, serial: 0)
                return key.partialSeed
            }
        }
        if monthly {
            recorder.monthly = Array(repeating: 0, count: scenario.years.count * 12 * recorder.unitCount * Metric.monthly.count)
        }
        books = payments.map(PaymentBook.init)
        originPeriods = Array(Set(payments.compactMap(\.rules.originPaysDays))).sorted()
    }

    /// Runs the whole period; returns the yearly metrics as laid out by
    /// ``YearlyRecorder``, one array per payment book (one array of client
    /// metrics without finance), and the month-end levels, if asked for, in `recorder.monthly`.
    mutating func run() -> [[Double]] {
        seedInitialStock()
        schedule(.yearStart, at: 0, client: -1, tag: 0)
        if let transfer = plan.scenario.wlzTransfer, transfer.day < plan.yearStartDay.last! {
            schedule(.wlzTransfer, at: transfer.day, client: -1, tag: 0)
        }
        while let e = events.popMin() {
            let t = e.time
            switch e.kind {
            case .monthEnd: recorder.snapshotMonth(Int(e.tag))
            case .yearStart: startYear(Int(e.tag), at: t)
            case .end:
                return results
            case .wlzTransfer: transferToWlz(at: t)
            case .dwelling: dwellingArrives(at: t)
            case .stayEnd:
                if clients.epoch[Int(e.client)] == e.tag { stayEnds(e.client, at: t) }
            case .exposure:
                if clients.epoch[Int(e.client)] == e.tag { exposureEnds(e.client, at: t) }
            case .indicationEnd:
                if clients.generation[Int(e.client)] == e.tag { indicationEnds(e.client, at: t) }
            case .payerReview:
                if clients.generation[Int(e.client)] == e.tag { updatePayment(e.client, at: t) }
            case .renege:
                let i = Int(e.client)
                if clients.epoch[i] == e.tag, clients.whereabouts[i] == .waiting {
                    cancelWaiting(e.client, at: t)
                    exit(e.client, .reneged, at: t)
                }
            case .reentry:
                let i = Int(e.client)
                if clients.epoch[i] == e.tag, clients.whereabouts[i] == .away { reenter(e.client, at: t) }
            case .arrivalBW: arrive(.bw, municipality: Int(e.tag), at: t)
            case .arrivalMO: arrive(.mo, municipality: Int(e.tag), at: t)
            case .arrivalBWExtra: arrive(.bwExtra, municipality: Int(e.tag), at: t)
            case .arrivalMOFamily: arrive(.moFamily, municipality: Int(e.tag), at: t)
            }
        }
        return results
    }

    private var results: [[Double]] { books.isEmpty ? [recorder.values] : books.map(\.values) }

    // MARK: Scheduling and streams

    mutating func schedule(_ kind: Event.Kind, at time: Double, client: Int32, tag: UInt32) {
        events.insert(nextEvent(kind, at: time, client: client, tag: tag))
    }

    /// Schedules a waiting client's renege. Most waiting clients are
    /// admitted first, which changes their epoch for good, so the renege is
    /// kept where it can be cleared away (``EventQueue/insertCancellable(_:isLive:)``).
    mutating func scheduleRenege(_ slot: Int32, at time: Double) {
        let epoch = clients.epoch
        events.insertCancellable(nextEvent(.renege, at: time, client: slot, tag: epoch[Int(slot)])) {
            epoch[Int($0.client)] == $0.tag
        }
    }

    /// Schedules an event known at the start of its year, an arrival or a
    /// dwelling, with the year's others (``EventQueue/insertBatched(_:)``).
    mutating func scheduleBatched(_ kind: Event.Kind, at time: Double, tag: UInt32) {
        events.insertBatched(nextEvent(kind, at: time, client: -1, tag: tag))
    }

    /// A new event, numbered in the order of scheduling: the last tie-breaker.
    @inline(__always) private mutating func nextEvent(_ kind: Event.Kind, at time: Double, client: Int32, tag: UInt32) -> Event {
        sequence += 1
        return Event(time: Event.normalised(time), rank: UInt64(kind.rawValue) << 56 | sequence, client: client, tag: tag)
    }

    /// Draws a new client's segment from `stream`, if the scenario has
    /// segments: from the sampler's table, without retaining the sampler on
    /// every arrival.
    @inline(__always) func drawSegment(_ slot: Int32, from stream: RandomStream) {
        guard let table = segmentTable else { return }
        clients.segment[Int(slot)] = UInt8(gsl_ran_discrete(stream.generator, table))
    }

    /// Points the client stream at the client's next decision.
    mutating func beginDraws(_ slot: Int32) {
        let i = Int(slot)
        clientStream.reseed(StreamKey.substream(clients.streamSeed[i], UInt64(clients.step[i])))
        clients.step[i] &+= 1
    }

    func clientSeed(_ kind: IntakeKind, municipality: Int, serial: UInt64) -> UInt64 {
        StreamKey.seed(partial: clientSeedPrefix[kind.rawValue * municipalityCount + municipality], lastWord: serial)
    }

    // MARK: Years

    mutating func closeYear(_ y: Int, at t: Double) {
        recorder.closeYear(y, at: t, capacity: capacity.map { $0.map(Double.init) })
        for k in books.indices { books[k].closeYear(y, at: t, capacity: capacity, flows: recorder.values) }
    }

    mutating func startYear(_ y: Int, at t: Double) {
        if y > 0 { closeYear(y - 1, at: t) }
        guard y < plan.capacity.count else {
            schedule(.end, at: t, client: -1, tag: 0)
            return
        }
        yearIndex = y
        if plan.scenario.years[y] == (plan.scenario.cohortYear ?? plan.scenario.startYear) { markCohort() }
        if !decentralised && plan.scenario.years[y] == plan.scenario.decentralisationYear { decentralise(at: t) }
        for k in books.indices {
            let moDecentralised = books[k].plan.rules.moDecentralisedFrom.map { plan.scenario.years[y] >= $0 } ?? false
            guard moDecentralised != books[k].moDecentralised else { continue }
            books[k].moDecentralised = moDecentralised
            for i in 0..<clients.count where clients.whereabouts[i] == .inCare && clients.state[i] == .shelter {
                updatePayment(Int32(i), book: k, at: t)
            }
        }
        let end = plan.yearStartDay[y + 1]
        schedule(.yearStart, at: end, client: -1, tag: UInt32(y + 1))
        capacity = plan.capacity[y]
        for s in CareState.allCases { admitFromQueue(s, at: t) }
        dwellingPool = 0  // unused dwellings do not carry over to the next year
        if monthly {
            let year = plan.scenario.years[y]
            let start = CivilDate(year: plan.scenario.startYear, month: 1, day: 1).daysSinceEpoch
            for month in 1...12 {
                let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
                schedule(.monthEnd, at: Double(next.daysSinceEpoch - start), client: -1, tag: UInt32(y * 12 + month - 1))
            }
        }
        if let n = plan.dwellings?[y], n > 0 {
            for k in 0..<n { scheduleBatched(.dwelling, at: t + (Double(k) + 0.5) / Double(n) * (end - t), tag: 0) }
        }
        scheduleArrivals(.bw, means: plan.bwMean[y], spec: plan.scenario.bwIntake, year: y, from: t, to: end)
        scheduleArrivals(.mo, means: plan.moMean[y], spec: plan.scenario.moIntake, year: y, from: t, to: end)
        scheduleArrivals(.moFamily, means: plan.moFamilyMean[y], spec: plan.scenario.moFamilyIntake, year: y, from: t, to: end)
        if plan.scenario.bwExtraPerYear > 0 {
            scheduleArrivals(.bwExtra, means: plan.bwExtraMean[y], spec: IntakeSpec(ratePer10k: 0), year: y, from: t, to: end)
        }
    }

    mutating func scheduleArrivals(_ kind: IntakeKind, means: [Double], spec: IntakeSpec?,
                                           year: Int, from start: Double, to end: Double) {
        guard let spec else { return }
        var key = streamBase
        for (m, mean) in means.enumerated() where mean > 0 {
            key.purpose = .arrivals(municipality: m, kind: kind.rawValue)
            arrivalStream.reseed(StreamKey.substream(key.seed, UInt64(year)))
            var rate = mean
            if let k = spec.dispersionShape { rate *= arrivalStream.gamma(shape: k, scale: 1 / k) }
            let n = arrivalStream.poisson(mean: rate)
            for _ in 0..<n {
                let event: Event.Kind
                switch kind {
                case .bw: event = .arrivalBW
                case .mo: event = .arrivalMO
                case .moFamily: event = .arrivalMOFamily
                default: event = .arrivalBWExtra
                }
                scheduleBatched(event, at: arrivalStream.uniform(from: start, to: end), tag: UInt32(m))
            }
        }
    }

}
