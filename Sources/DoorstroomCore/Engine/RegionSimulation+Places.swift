import DequeModule

/// Places and waiting lists: admission, FIFO queues, entering and leaving a state.
extension RegionSimulation {
    func hasRoom(_ s: CareState) -> Bool {
        guard let c = capacity[s.rawValue] else { return true }
        return occupancy[s.rawValue] < c
    }

    /// A client (new, returning, or in care and moving on) asks for a place in `s`.
    mutating func request(_ slot: Int32, _ s: CareState, at t: Double) {
        let i = Int(slot)
        if clients.whereabouts[i] != .inCare { clients.requestTime[i] = t }
        if queueLength[s.rawValue] == 0 && hasRoom(s) { admit(slot, s, at: t) } else { joinQueue(slot, s, at: t) }
    }

    mutating func joinQueue(_ slot: Int32, _ s: CareState, at t: Double) {
        let i = Int(slot)
        clients.waitingFor[i] = s
        queues[s.rawValue].append((slot, clients.epoch[i]))
        queueLength[s.rawValue] += 1
        recorder.change(YearlyRecorder.Level.waiting(s), origin: clients.origin[i], by: 1, at: t)
        if clients.whereabouts[i] != .inCare {
            clients.whereabouts[i] = .waiting
            if let patience = plan.scenario.patience {
                scheduleRenege(slot, at: t + patience.sample(clientStream))
            }
            updatePayment(slot, at: t)
        }
    }

    mutating func cancelWaiting(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        guard let s = clients.waitingFor[i] else { return }
        clients.waitingFor[i] = nil
        queueLength[s.rawValue] -= 1
        recorder.change(YearlyRecorder.Level.waiting(s), origin: clients.origin[i], by: -1, at: t)
    }

    /// Admits waiting clients in FIFO order while `s` has room.
    mutating func admitFromQueue(_ s: CareState, at t: Double) {
        while queueLength[s.rawValue] > 0 && hasRoom(s) {
            guard let (slot, epoch) = queues[s.rawValue].popFirst() else { break }
            let i = Int(slot)
            guard clients.epoch[i] == epoch, clients.waitingFor[i] == s else { continue }
            cancelWaiting(slot, at: t)
            admit(slot, s, at: t)
        }
    }

    /// Moves a client into `s`: from outside care, or from another state.
    mutating func admit(_ slot: Int32, _ s: CareState, at t: Double) {
        let i = Int(slot)
        var freed: CareState?
        if clients.whereabouts[i] == .inCare {
            freed = clients.state[i]
            leaveState(slot, at: t)
        }
        enterCare(slot, s, at: t, equilibrium: false)
        if let freed { admitFromQueue(freed, at: t) }
    }

    mutating func enterCare(_ slot: Int32, _ s: CareState, at t: Double, equilibrium: Bool) {
        clientEvents &+= 1
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
        let group = risks.group(segment: Int(clients.segment[i]), state: s, lastingNeed: clients.lastingNeed[i])
        let next = equilibrium ? risks.equilibriumResidual(group, clientStream) : risks.draw(group, clientStream)
        if let next {
            clients.nextRoute[i] = Int16(next.route)
            clients.exposureRoute[i] = Int16(next.exposureRoute)
            clients.exposureTime[i] = t + next.exposureTime
            schedule(.stayEnd, at: t + next.time, client: slot, tag: clients.epoch[i])
        } else {
            clients.exposureRoute[i] = -1
        }
        // Drawn after the stay, so adding place shares leaves the stays unchanged.
        clients.location[i] = housing(for: s)
        updatePayment(slot, at: t)
    }

    /// The municipality where a client entering `s` is housed.
    mutating func housing(for s: CareState) -> Int32 {
        let centre = plan.centre
        switch s {
        case .intramural, .tussenvorm:
            return plan.places.map { Int32(clientStream.discrete($0)) } ?? centre
        case .ambulant, .shelter:
            return centre
        }
    }

    /// Takes a client out of its care state (the place is freed by the caller).
    mutating func leaveState(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        let s = clients.state[i]
        let origin = clients.origin[i]
        occupancy[s.rawValue] -= 1
        recorder.change(YearlyRecorder.Level.occupancy(s), origin: origin, by: -1, at: t)
        recorder.count(Metric.departures + s.rawValue, origin: origin)
        if clients.cohort[i] && s == .intramural { recorder.adjustCohort(origin: origin, inCare: 0, intramural: -1) }
        if clients.blocked[i] {
            clients.blocked[i] = false
            recorder.change(YearlyRecorder.Level.blockedIndex, origin: origin, by: -1, at: t)
        }
    }
}
