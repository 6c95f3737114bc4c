/// The legacy regime (overgangsrecht) and the cohort followed by the cohort metrics.
extension RegionSimulation {
    /// Marks the clients in care now as the cohort followed by the `cohort_…` metrics.
    mutating func markCohort() {
        for i in 0..<clients.count where clients.whereabouts[i] == .inCare {
            clients.cohort[i] = true
            recorder.adjustCohort(origin: clients.origin[i], inCare: 1, intramural: clients.state[i] == .intramural ? 1 : 0)
            if clients.state[i] == .intramural { recorder.addCohortBase(origin: clients.origin[i]) }
        }
    }

    mutating func scheduleIndicationEnd(_ slot: Int32, at t: Double) {
        clients.indicationEnd[Int(slot)] = t
        schedule(.indicationEnd, at: t, client: slot, tag: clients.generation[Int(slot)])
    }

    /// 1 January of the decentralisation year, in a run that starts earlier:
    /// the BW clients in care become legacy clients (overgangsrecht, 000
    /// L3243–3249; 003 L35–42) with indications of their own, and from now on
    /// the payer rules apply to everybody.
    mutating func decentralise(at t: Double) {
        decentralised = true
        let scenario = plan.scenario
        let remaining = scenario.decentralisationIndicationRemaining ?? scenario.legacyIndicationRemaining
        for i in 0..<clients.count where clients.whereabouts[i] == .inCare && clients.state[i] != .shelter {
            let slot = Int32(i)
            if !clients.legacy[i] {
                clients.legacy[i] = true
                recorder.change(YearlyRecorder.Level.legacyIndex, origin: clients.origin[i], by: 1, at: t)
            }
            clients.indicationEnd[i] = .infinity
            if let remaining {
                beginDraws(slot)
                scheduleIndicationEnd(slot, at: t + remaining.sample(clientStream))
            }
        }
        for i in 0..<clients.count where clients.whereabouts[i] != .free { updatePayment(Int32(i), at: t) }
    }

    /// Reindication: the client leaves the legacy regime (overgangsrecht) and
    /// is from now on paid for as a new client.
    mutating func indicationEnds(_ slot: Int32, at t: Double) {
        let i = Int(slot)
        guard clients.legacy[i], clients.indicationEnd[i] == t else { return }
        clients.legacy[i] = false
        clients.indicationEnd[i] = .infinity
        if clients.whereabouts[i] == .inCare {
            recorder.change(YearlyRecorder.Level.legacyIndex, origin: clients.origin[i], by: -1, at: t)
            beginDraws(slot)
            // No `??`: its autoclosure would copy the whole simulation.
            var leave = plan.scenario.legacyLeaveAtReindication
            if decentralised, let atDecentralisation = plan.scenario.decentralisationLeaveAtReindication { leave = atDecentralisation }
            if clientStream.bernoulli(leave) {
                exit(slot, .independent, at: t)  // not reindicated
                return
            }
            clients.careStart[i] = t
            scheduleOriginPeriodEnd(slot, at: t)
        }
        updatePayment(slot, at: t)
    }
}
