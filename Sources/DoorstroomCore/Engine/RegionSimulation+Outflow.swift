import DequeModule

/// The end of a stay: moves, housing, exits, re-entry and the Wlz transfer.
extension RegionSimulation {
    func needsDwelling(from s: CareState, to d: Destination) -> Bool {
        guard plan.dwellings != nil, s == .intramural || s == .tussenvorm else { return false }
        return d == .exit(.independent) || d == .state(.ambulant)
    }

    /// Where the client's current stay leads (the route drawn on entry).
    func nextDestination(_ i: Int) -> Destination {
        risks.destination(segment: Int(clients.segment[i]), state: clients.state[i], route: Int(clients.nextRoute[i]))
    }

    mutating func stayEnds(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        let s = clients.state[i]
        let d = nextDestination(i)
        let epoch = clients.epoch[i]
        if needsDwelling(from: s, to: d) && dwellingPool == 0 {
            clients.blocked[i] = true
            recorder.change(YearlyRecorder.Level.blockedIndex, origin: clients.origin[i], by: 1, at: t)
            housingQueue.append((slot, epoch))
        } else {
            if needsDwelling(from: s, to: d) { dwellingPool -= 1 }
            take(slot, d, at: t)
        }
        // Stuck in place (blocked, or waiting for a place elsewhere): death
        // and the Wlz keep competing, at the latent times drawn on entry, or
        // for exponential routes (memoryless) at times drawn now.
        if clients.whereabouts[i] == .inCare, clients.epoch[i] == epoch {
            let group = risks.group(segment: Int(clients.segment[i]), state: s, lastingNeed: clients.lastingNeed[i])
            beginDraws(slot)
            if let fresh = risks.exposureAfterStayEnds(group, winner: Int(clients.nextRoute[i]), clientStream),
               t + fresh.time < clients.exposureTime[i] {
                clients.exposureRoute[i] = Int16(fresh.route)
                clients.exposureTime[i] = t + fresh.time
            }
            if clients.exposureRoute[i] >= 0 { schedule(.exposure, at: clients.exposureTime[i], client: slot, tag: epoch) }
        }
    }

    /// A stuck client's competing exit (death, Wlz) comes before its way out.
    mutating func exposureEnds(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        guard clients.whereabouts[i] == .inCare, clients.blocked[i] || clients.waitingFor[i] != nil else { return }
        let destination = risks.destination(segment: Int(clients.segment[i]), state: clients.state[i],
                                            route: Int(clients.exposureRoute[i]))
        guard case let .exit(e) = destination else { return }
        recorder.count(Metric.stuckExits, origin: clients.origin[i])
        exit(slot, e, at: t)
    }

    mutating func take(_ slot: Int32, _ d: Destination, at t: Double) {
        switch d {
        case let .exit(e): exit(slot, e, at: t)
        case let .state(next): request(slot, next, at: t)
        }
    }

    mutating func dwellingArrives(at t: Double) {
        while let (slot, epoch) = housingQueue.popFirst() {
            let i = Int(slot)
            guard clients.epoch[i] == epoch, clients.blocked[i] else { continue }
            clients.blocked[i] = false
            recorder.change(YearlyRecorder.Level.blockedIndex, origin: clients.origin[i], by: -1, at: t)
            take(slot, nextDestination(i), at: t)
            return
        }
        dwellingPool += 1
    }

    /// A client leaves for good (or for now, to independence with a chance of return).
    mutating func exit(_ slot: Int32, _ e: Exit, at t: Double) {
        clientEvents &+= 1
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
        if e == .independent, let left = freed, let reentry = plan.reentry[left.rawValue] {
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

    mutating func reenter(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        if t - clients.exitTime[i] > plan.scenario.legacyReturnWindowDays { clients.legacy[i] = false }
        recorder.count(Metric.reentries, origin: clients.origin[i])
        beginDraws(slot)
        // Back to the kind of care left: `state` still holds the state the client left.
        if clients.state[i] == .shelter { request(slot, .shelter, at: t) } else { decideAccess(slot, at: t) }
    }

    mutating func transferToWlz(at t: Double) {
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
