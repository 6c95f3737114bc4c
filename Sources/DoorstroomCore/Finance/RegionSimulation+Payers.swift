/// Who pays for each client-day: the payer rules of docs/finance.md.
extension RegionSimulation {
    /// Schedules the end of the period in which the municipality of origin pays.
    mutating func scheduleOriginPeriodEnd(_ slot: Int32, at t: Double) {
        guard let years = plan.scenario.finance?.originPaysYears else { return }
        schedule(.payerReview, at: t + years * Distribution.daysPerYear, client: slot,
                 tag: clients.generation[Int(slot)])
    }

    /// Books the client's paid days on the payer the rules give now.
    mutating func updatePayment(_ slot: Int32, at t: Double) {
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

    /// Who pays (see docs/finance.md): everybody before the decentralisation
    /// year, legacy clients and MO before its
    /// decentralisation → the centrumgemeente; otherwise the municipality of
    /// origin (woonplaatsbeginsel): unknown origin → the safety net (-1), a
    /// municipality outside the region → `outside` (-2); and the municipality
    /// of housing without the woonplaatsbeginsel, after its period, or outside
    /// its scope (by default clients at home: 000 L3443).
    func payer(of i: Int, paying slot: Int, at t: Double, _ finance: FinanceSpec) -> Int32 {
        let centre = Int32(plan.region.centrumgemeenteIndex)
        let origin = clients.origin[i]
        if !decentralised { return centre }
        if slot == CareState.shelter.rawValue { return moDecentralised ? origin : centre }
        if clients.legacy[i] { return centre }
        let inFacility = clients.whereabouts[i] == .inCare && (clients.state[i] == .intramural || clients.state[i] == .tussenvorm)
        // At home, the municipality where the client lives: the origin, or (from
        // outside the region or unknown) the centrumgemeente that organises the support.
        let housed = inFacility ? clients.location[i] : (origin >= 0 ? origin : centre)
        if !finance.woonplaatsbeginsel || (!inFacility && finance.woonplaatsbeginselScope == .facilities) { return housed }
        if origin < 0 { return origin }
        if let years = finance.originPaysYears, t - clients.careStart[i] >= years * Distribution.daysPerYear { return housed }
        return origin
    }
}
