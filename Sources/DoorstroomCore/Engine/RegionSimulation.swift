import DequeModule
import HeapModule

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
    enum IntakeKind: Int { case bw = 0, mo = 1, initial = 2, bwExtra = 3 }

    let plan: RegionPlan
    let replication: Int
    /// Record month-end levels too.
    let monthly: Bool
    private var clients = ClientTable()
    private var events = Heap<Event>()
    private var sequence: UInt64 = 0
    /// FIFO waiting list per care state: (slot, epoch at joining).
    private var queues: [Deque<(Int32, UInt32)>]
    private var queueLength: [Int]
    /// Clients ready to leave for an own home, waiting for a dwelling.
    private var housingQueue = Deque<(Int32, UInt32)>()
    private var blocked: [Bool] = []
    private var dwellingPool = 0
    private var occupancy: [Int]
    private var capacity: [Int?]
    private(set) var recorder: YearlyRecorder
    private var yearIndex = 0
    /// Competing risks per segment (one entry when there are no segments) and state.
    private let risks: [[CompetingRisks]]
    private let segmentSampler: DiscreteSampler?
    private let clientStream: RandomStream
    private let arrivalStream: RandomStream
    private var arrivalSerial: [[UInt64]]
    private let streamBase: StreamKey
    private var ledger: FinanceLedger?
    /// MO is paid by the municipality of origin (from the decentralisation year).
    private var moDecentralised = false

    init(plan: RegionPlan, replication: Int, monthly: Bool = false) {
        self.plan = plan
        self.replication = replication
        self.monthly = monthly
        let scenario = plan.scenario
        let stateCount = CareState.allCases.count
        queues = Array(repeating: Deque(), count: stateCount)
        queueLength = Array(repeating: 0, count: stateCount)
        occupancy = Array(repeating: 0, count: stateCount)
        capacity = plan.capacity[0]
        recorder = YearlyRecorder(municipalityCount: plan.region.municipalities.count, yearCount: scenario.years.count)
        let staysBySegment = scenario.segments.isEmpty ? [scenario.stays] : scenario.segments.map(\.stays)
        risks = staysBySegment.map { stays in CareState.allCases.map { CompetingRisks(routes: stays[$0] ?? []) } }
        segmentSampler = scenario.segments.isEmpty ? nil : DiscreteSampler(weights: scenario.segments.map(\.share))
        streamBase = StreamKey(masterSeed: scenario.seed, replication: replication, region: plan.regionIndex,
                               purpose: .initialPopulation)
        clientStream = RandomStream(seed: 0)
        arrivalStream = RandomStream(seed: 0)
        arrivalSerial = Array(repeating: Array(repeating: 0, count: plan.region.municipalities.count), count: 4)
        if monthly {
            recorder.monthly = Array(repeating: 0, count: scenario.years.count * 12 * recorder.unitCount * Metric.monthly.count)
        }
        if let finance = scenario.finance, let budgets = plan.budgets {
            ledger = FinanceLedger(finance: finance, plan: budgets, region: plan.region, years: scenario.years)
        }
    }

    /// Runs the whole period; returns the yearly metrics as laid out by
    /// ``YearlyRecorder`` (and the month-end levels, if asked for, in `recorder.monthly`).
    mutating func run() -> [Double] {
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
                return recorder.values
            case .wlzTransfer: transferToWlz(at: t)
            case .dwelling: dwellingArrives(at: t)
            case .stayEnd:
                if clients.epoch[Int(e.client)] == e.tag { stayEnds(e.client, at: t) }
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
            }
        }
        return recorder.values
    }

    // MARK: Scheduling and streams

    private mutating func schedule(_ kind: Event.Kind, at time: Double, client: Int32, tag: UInt32) {
        sequence += 1
        events.insert(Event(time: time, rank: UInt64(kind.rawValue) << 56 | sequence, client: client, tag: tag))
    }

    /// Points the client stream at the client's next decision.
    private mutating func beginDraws(_ slot: Int32) {
        let i = Int(slot)
        clientStream.reseed(StreamKey.substream(clients.streamSeed[i], UInt64(clients.step[i])))
        clients.step[i] &+= 1
    }

    private func clientSeed(_ kind: IntakeKind, municipality: Int, serial: UInt64) -> UInt64 {
        var key = streamBase
        key.purpose = .client(municipality: municipality, kind: kind.rawValue, serial: serial)
        return key.seed
    }

    // MARK: Years

    private mutating func closeYear(_ y: Int, at t: Double) {
        recorder.closeYear(y, at: t, capacity: capacity.map { $0.map(Double.init) }, rates: plan.rates?[y])
        ledger?.close(year: y, capacity: capacity, values: &recorder.values)
    }

    private mutating func startYear(_ y: Int, at t: Double) {
        if y > 0 { closeYear(y - 1, at: t) }
        guard y < plan.capacity.count else {
            schedule(.end, at: t, client: -1, tag: 0)
            return
        }
        yearIndex = y
        if plan.scenario.years[y] == (plan.scenario.cohortYear ?? plan.scenario.startYear) { markCohort() }
        let decentralised = plan.scenario.finance?.moDecentralisedFrom.map { plan.scenario.years[y] >= $0 } ?? false
        if decentralised != moDecentralised {
            moDecentralised = decentralised
            for i in 0..<clients.count where clients.whereabouts[i] == .inCare && clients.state[i] == .shelter {
                updatePayment(Int32(i), at: t)
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
            for k in 0..<n { schedule(.dwelling, at: t + (Double(k) + 0.5) / Double(n) * (end - t), client: -1, tag: 0) }
        }
        scheduleArrivals(.bw, means: plan.bwMean[y], spec: plan.scenario.bwIntake, year: y, from: t, to: end)
        scheduleArrivals(.mo, means: plan.moMean[y], spec: plan.scenario.moIntake, year: y, from: t, to: end)
        if plan.scenario.bwExtraPerYear > 0 {
            scheduleArrivals(.bwExtra, means: plan.bwExtraMean[y], spec: IntakeSpec(ratePer10k: 0), year: y, from: t, to: end)
        }
    }

    private mutating func scheduleArrivals(_ kind: IntakeKind, means: [Double], spec: IntakeSpec?,
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
                let event: Event.Kind = kind == .bw ? .arrivalBW : kind == .mo ? .arrivalMO : .arrivalBWExtra
                schedule(event, at: arrivalStream.uniform(from: start, to: end),
                         client: -1, tag: UInt32(m))
            }
        }
    }

    // MARK: Initial stock

    private mutating func seedInitialStock() {
        let region = plan.region
        let origins = DiscreteSampler(weights: plan.populationWeights)
        let stream = RandomStream(key: streamBase)
        var serial: UInt64 = 0
        func newClient(_ sim: inout RegionSimulation) -> Int32 {
            let seed = sim.clientSeed(.initial, municipality: 0, serial: serial)
            serial += 1
            let unknown = stream.bernoulli(region.unknownOriginShare)
            let origin = unknown ? ClientTable.unknownOrigin : Int32(stream.discrete(origins))
            let lasting = stream.bernoulli(sim.plan.scenario.lastingNeedShare)
            let slot = sim.clients.add(origin: origin, lastingNeed: lasting, legacy: true, cohort: false,
                                       streamSeed: seed, time: 0)
            if let segments = sim.segmentSampler { sim.clients.segment[Int(slot)] = UInt8(stream.discrete(segments)) }
            sim.syncBlocked(slot)
            if let d = sim.plan.scenario.legacyIndicationRemaining {
                sim.beginDraws(slot)
                sim.schedule(.indicationEnd, at: d.sample(sim.clientStream), client: slot,
                             tag: sim.clients.generation[Int(slot)])
            }
            return slot
        }
        for s in CareState.allCases {
            for _ in 0..<(region.initial.inCare[s] ?? 0) {
                let slot = newClient(&self)
                enterCare(slot, s, at: 0, equilibrium: true)
            }
        }
        for s in CareState.allCases {
            for _ in 0..<(region.initial.waiting[s] ?? 0) {
                let slot = newClient(&self)
                beginDraws(slot)
                joinQueue(slot, s, at: 0)
            }
        }
    }

    // MARK: Flows

    private mutating func syncBlocked(_ slot: Int32) {
        if Int(slot) >= blocked.count { blocked.append(false) } else { blocked[Int(slot)] = false }
    }

    private mutating func arrive(_ kind: IntakeKind, municipality m: Int, at t: Double) {
        let serial = arrivalSerial[kind.rawValue][m]
        arrivalSerial[kind.rawValue][m] += 1
        let seed = clientSeed(kind, municipality: m, serial: serial)
        clientStream.reseed(seed)
        let unknown = clientStream.bernoulli(plan.region.unknownOriginShare)
        let lasting = clientStream.bernoulli(plan.scenario.lastingNeedShare)
        let origin = unknown ? ClientTable.unknownOrigin : Int32(m)
        let slot = clients.add(origin: origin, lastingNeed: lasting, legacy: false, cohort: false,
                               streamSeed: seed, time: t)
        if let segments = segmentSampler { clients.segment[Int(slot)] = UInt8(clientStream.discrete(segments)) }
        clients.step[Int(slot)] = 1
        syncBlocked(slot)
        switch kind {
        case .bw:
            recorder.count(Metric.intakeBW, origin: origin)
            decideAccess(slot, at: t)
        case .bwExtra:
            recorder.count(Metric.intakeBWExtra, origin: origin)
            decideAccess(slot, at: t)
        default:
            recorder.count(Metric.intakeMO, origin: origin)
            request(slot, .shelter, at: t)
        }
    }

    /// The access decision for a BW applicant, with the shares of the year.
    private mutating func decideAccess(_ slot: Int32, at t: Double) {
        let a = plan.access[yearIndex]
        let u = clientStream.uniform()
        if u < a.intramural { request(slot, .intramural, at: t) }
        else if u < a.intramural + a.tussenvorm { request(slot, .tussenvorm, at: t) }
        else if u < a.intramural + a.tussenvorm + a.ambulant { request(slot, .ambulant, at: t) }
        else { exit(slot, .diverted, at: t) }
    }

    private func hasRoom(_ s: CareState) -> Bool {
        guard let c = capacity[s.rawValue] else { return true }
        return occupancy[s.rawValue] < c
    }

    /// A client (new, returning, or in care and moving on) asks for a place in `s`.
    private mutating func request(_ slot: Int32, _ s: CareState, at t: Double) {
        let i = Int(slot)
        if clients.whereabouts[i] != .inCare { clients.requestTime[i] = t }
        if queueLength[s.rawValue] == 0 && hasRoom(s) { admit(slot, s, at: t) } else { joinQueue(slot, s, at: t) }
    }

    private mutating func joinQueue(_ slot: Int32, _ s: CareState, at t: Double) {
        let i = Int(slot)
        clients.waitingFor[i] = s
        queues[s.rawValue].append((slot, clients.epoch[i]))
        queueLength[s.rawValue] += 1
        recorder.change(YearlyRecorder.Level.waiting(s), origin: clients.origin[i], by: 1, at: t)
        if clients.whereabouts[i] != .inCare {
            clients.whereabouts[i] = .waiting
            if let patience = plan.scenario.patience {
                schedule(.renege, at: t + patience.sample(clientStream), client: slot, tag: clients.epoch[i])
            }
            updatePayment(slot, at: t)
        }
    }

    private mutating func cancelWaiting(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        guard let s = clients.waitingFor[i] else { return }
        clients.waitingFor[i] = nil
        queueLength[s.rawValue] -= 1
        recorder.change(YearlyRecorder.Level.waiting(s), origin: clients.origin[i], by: -1, at: t)
    }

    /// Admits waiting clients in FIFO order while `s` has room.
    private mutating func admitFromQueue(_ s: CareState, at t: Double) {
        while queueLength[s.rawValue] > 0 && hasRoom(s) {
            guard let (slot, epoch) = queues[s.rawValue].popFirst() else { break }
            let i = Int(slot)
            guard clients.epoch[i] == epoch, clients.waitingFor[i] == s else { continue }
            cancelWaiting(slot, at: t)
            admit(slot, s, at: t)
        }
    }

    /// Moves a client into `s`: from outside care, or from another state.
    private mutating func admit(_ slot: Int32, _ s: CareState, at t: Double) {
        let i = Int(slot)
        var freed: CareState?
        if clients.whereabouts[i] == .inCare {
            freed = clients.state[i]
            leaveState(slot, at: t)
        }
        enterCare(slot, s, at: t, equilibrium: false)
        if let freed { admitFromQueue(freed, at: t) }
    }

    private mutating func enterCare(_ slot: Int32, _ s: CareState, at t: Double, equilibrium: Bool) {
        let i = Int(slot)
        let origin = clients.origin[i]
        let fromOutside = clients.whereabouts[i] != .inCare
        if fromOutside {
            if clients.legacy[i] { recorder.change(YearlyRecorder.Level.legacyIndex, origin: origin, by: 1, at: t) }
            clients.careStart[i] = t
            if !clients.legacy[i] { scheduleOriginPeriodEnd(slot, at: t) }
            if clients.cohort[i] { recorder.adjustCohort(origin: origin, inCare: 1, intramural: 0) }
            // The start-date stock is there already: no admission, no inflow, no wait.
            if !equilibrium {
                recorder.count(Metric.careInflow, origin: origin)
                recorder.wait(t - clients.requestTime[i], origin: origin)
            }
        }
        if clients.cohort[i] && s == .intramural { recorder.adjustCohort(origin: origin, inCare: 0, intramural: 1) }
        clients.whereabouts[i] = .inCare
        clients.state[i] = s
        clients.stateEntry[i] = t
        clients.epoch[i] &+= 1
        occupancy[s.rawValue] += 1
        recorder.change(YearlyRecorder.Level.occupancy(s), origin: origin, by: 1, at: t)
        if !equilibrium { recorder.count(Metric.admissions + s.rawValue, origin: origin) }
        beginDraws(slot)
        let lasting = clients.lastingNeed[i]
        let stateRisks = risks[Int(clients.segment[i])][s.rawValue]
        let next = equilibrium ? stateRisks.equilibriumResidual(lastingNeed: lasting, clientStream)
            : stateRisks.draw(lastingNeed: lasting, clientStream)
        if let (route, dt) = next {
            clients.blockedRoute[i] = Int16(route)
            schedule(.stayEnd, at: t + dt, client: slot, tag: clients.epoch[i])
        }
        // Drawn after the stay, so adding place shares leaves the stays unchanged.
        clients.location[i] = housing(for: s)
        updatePayment(slot, at: t)
    }

    /// The municipality where a client entering `s` is housed.
    private mutating func housing(for s: CareState) -> Int32 {
        let centre = Int32(plan.region.centrumgemeenteIndex)
        switch s {
        case .intramural, .tussenvorm:
            return plan.places.map { Int32(clientStream.discrete($0)) } ?? centre
        case .ambulant, .shelter:
            return centre
        }
    }

    /// Schedules the end of the period in which the municipality of origin pays.
    private mutating func scheduleOriginPeriodEnd(_ slot: Int32, at t: Double) {
        guard let years = plan.scenario.finance?.originPaysYears else { return }
        schedule(.payerReview, at: t + years * Distribution.daysPerYear, client: slot,
                 tag: clients.generation[Int(slot)])
    }

    /// Books the client's paid days on the payer the rules give now.
    private mutating func updatePayment(_ slot: Int32, at t: Double) {
        guard let finance = plan.scenario.finance else { return }
        let i = Int(slot)
        var paid = -1
        switch clients.whereabouts[i] {
        case .inCare:
            paid = clients.state[i].rawValue
        case .waiting:
            if finance.waitingSupportPerDay > 0, let s = clients.waitingFor[i], s != .shelter, !clients.legacy[i] {
                paid = YearlyRecorder.waitingSupportSlot
            }
        case .away, .free:
            break
        }
        let payer = paid >= 0 ? self.payer(of: i, paying: paid, at: t, finance) : clients.payer[i]
        let before = Int(clients.paidSlot[i])
        guard before != paid || clients.payer[i] != payer else { return }
        recorder.changePayment(from: clients.payer[i], fromSlot: before, to: payer, toSlot: paid, at: t)
        clients.paidSlot[i] = Int8(paid)
        clients.payer[i] = payer
    }

    /// Who pays (see docs/finance.md): legacy clients and MO before its
    /// decentralisation → the centrumgemeente; otherwise the municipality of
    /// origin (woonplaatsbeginsel), unknown origin → the safety net (-1),
    /// and the municipality of housing without the woonplaatsbeginsel or after its period.
    private func payer(of i: Int, paying slot: Int, at t: Double, _ finance: FinanceSpec) -> Int32 {
        let centre = Int32(plan.region.centrumgemeenteIndex)
        let origin = clients.origin[i]
        if slot == CareState.shelter.rawValue { return moDecentralised ? origin : centre }
        if clients.legacy[i] { return centre }
        let inFacility = clients.whereabouts[i] == .inCare && (clients.state[i] == .intramural || clients.state[i] == .tussenvorm)
        let housed = inFacility ? clients.location[i] : (origin >= 0 ? origin : centre)
        if !finance.woonplaatsbeginsel { return housed }
        if origin < 0 { return origin }
        if let years = finance.originPaysYears, t - clients.careStart[i] >= years * Distribution.daysPerYear { return housed }
        return origin
    }

    /// Takes a client out of its care state (the place is freed by the caller).
    private mutating func leaveState(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        let s = clients.state[i]
        let origin = clients.origin[i]
        occupancy[s.rawValue] -= 1
        recorder.change(YearlyRecorder.Level.occupancy(s), origin: origin, by: -1, at: t)
        recorder.count(Metric.departures + s.rawValue, origin: origin)
        if clients.cohort[i] && s == .intramural { recorder.adjustCohort(origin: origin, inCare: 0, intramural: -1) }
        if blocked[i] {
            blocked[i] = false
            recorder.change(YearlyRecorder.Level.blockedIndex, origin: origin, by: -1, at: t)
        }
    }

    private func needsDwelling(from s: CareState, to d: Destination) -> Bool {
        guard plan.dwellings != nil, s == .intramural || s == .tussenvorm else { return false }
        return d == .exit(.independent) || d == .state(.ambulant)
    }

    private mutating func stayEnds(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        let s = clients.state[i]
        let d = risks[Int(clients.segment[i])][s.rawValue].all[Int(clients.blockedRoute[i])].destination
        if needsDwelling(from: s, to: d) {
            if dwellingPool > 0 {
                dwellingPool -= 1
            } else {
                blocked[i] = true
                recorder.change(YearlyRecorder.Level.blockedIndex, origin: clients.origin[i], by: 1, at: t)
                housingQueue.append((slot, clients.epoch[i]))
                return
            }
        }
        take(slot, d, at: t)
    }

    private mutating func take(_ slot: Int32, _ d: Destination, at t: Double) {
        switch d {
        case let .exit(e): exit(slot, e, at: t)
        case let .state(next): request(slot, next, at: t)
        }
    }

    private mutating func dwellingArrives(at t: Double) {
        while let (slot, epoch) = housingQueue.popFirst() {
            let i = Int(slot)
            guard clients.epoch[i] == epoch, blocked[i] else { continue }
            blocked[i] = false
            recorder.change(YearlyRecorder.Level.blockedIndex, origin: clients.origin[i], by: -1, at: t)
            take(slot, risks[Int(clients.segment[i])][clients.state[i].rawValue].all[Int(clients.blockedRoute[i])].destination, at: t)
            return
        }
        dwellingPool += 1
    }

    /// A client leaves for good (or for now, to independence with a chance of return).
    private mutating func exit(_ slot: Int32, _ e: Exit, at t: Double) {
        let i = Int(slot)
        let origin = clients.origin[i]
        var freed: CareState?
        if clients.whereabouts[i] == .inCare {
            freed = clients.state[i]
            cancelWaiting(slot, at: t)
            leaveState(slot, at: t)
            recorder.count(Metric.careOutflow, origin: origin)
            if clients.legacy[i] { recorder.change(YearlyRecorder.Level.legacyIndex, origin: origin, by: -1, at: t) }
            if clients.cohort[i] { recorder.adjustCohort(origin: origin, inCare: -1, intramural: 0) }
        }
        recorder.count(Metric.outflow + e.rawValue, origin: origin)
        var away = false
        if e == .independent, let reentry = plan.scenario.reentry {
            beginDraws(slot)
            if clientStream.bernoulli(reentry.probability) {
                away = true
                clients.whereabouts[i] = .away
                clients.exitTime[i] = t
                clients.epoch[i] &+= 1
                schedule(.reentry, at: t + reentry.delay.sample(clientStream), client: slot, tag: clients.epoch[i])
            }
        }
        if !away { clients.remove(slot) }
        updatePayment(slot, at: t)
        if let freed { admitFromQueue(freed, at: t) }
    }

    private mutating func reenter(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        if t - clients.exitTime[i] > plan.scenario.legacyReturnWindowDays { clients.legacy[i] = false }
        recorder.count(Metric.reentries, origin: clients.origin[i])
        beginDraws(slot)
        decideAccess(slot, at: t)
    }

    /// Marks the clients in care now as the cohort followed by the `cohort_…` metrics.
    private mutating func markCohort() {
        for i in 0..<clients.count where clients.whereabouts[i] == .inCare {
            clients.cohort[i] = true
            recorder.adjustCohort(origin: clients.origin[i], inCare: 1, intramural: clients.state[i] == .intramural ? 1 : 0)
            if clients.state[i] == .intramural { recorder.addCohortBase(origin: clients.origin[i]) }
        }
    }

    /// Reindication: the client leaves the legacy regime (overgangsrecht) and
    /// is from now on paid for as a new client.
    private mutating func indicationEnds(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        guard clients.legacy[i] else { return }
        clients.legacy[i] = false
        if clients.whereabouts[i] == .inCare {
            recorder.change(YearlyRecorder.Level.legacyIndex, origin: clients.origin[i], by: -1, at: t)
            beginDraws(slot)
            if clientStream.bernoulli(plan.scenario.legacyLeaveAtReindication) {
                exit(slot, .independent, at: t)  // not reindicated
                return
            }
            clients.careStart[i] = t
            scheduleOriginPeriodEnd(slot, at: t)
        }
        updatePayment(slot, at: t)
    }

    private mutating func transferToWlz(at t: Double) {
        guard let transfer = plan.scenario.wlzTransfer else { return }
        let eligible = (0..<clients.count).filter { i in
            clients.whereabouts[i] == .inCare && transfer.from.contains(clients.state[i])
                && (!transfer.lastingNeedOnly || clients.lastingNeed[i])
        }
        for i in eligible where clients.whereabouts[i] == .inCare && transfer.from.contains(clients.state[i]) {
            let slot = Int32(i)
            beginDraws(slot)
            if clientStream.bernoulli(transfer.share) { exit(slot, .wlz, at: t) }
        }
    }
}
