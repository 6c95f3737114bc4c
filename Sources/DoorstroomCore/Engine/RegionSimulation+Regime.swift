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

    /// Reindication: the client leaves the legacy regime (overgangsrecht) and
    /// is from now on paid for as a new client.
    mutating func indicationEnds(_ slot: Int32, at t: Double) {
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
}
