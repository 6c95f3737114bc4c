/// Who pays for each client-day: the payer rules of docs/finance.md, applied
/// for every payment book of the simulation.
extension RegionSimulation {
    /// A client took `slot`: every book starts paying nothing for it.
    mutating func openPayments(_ slot: Int32) {
        let origin = clients.origin[Int(slot)]
        for k in books.indices { books[k].open(slot, origin: origin) }
    }

    /// Schedules the end of the period in which the municipality of origin
    /// pays, once per distinct period of the books.
    mutating func scheduleOriginPeriodEnd(_ slot: Int32, at t: Double) {
        for days in originPeriods {
            schedule(.payerReview, at: t + days, client: slot, tag: clients.generation[Int(slot)])
        }
    }

    /// Books the client's paid days on the payer the rules give now, in every book.
    mutating func updatePayment(_ slot: Int32, at t: Double) {
        for k in books.indices { updatePayment(slot, book: k, at: t) }
    }

    /// Books the client's paid days on the payer the rules of book `k` give now.
    /// Idempotent: a call when nothing changed books nothing.
    mutating func updatePayment(_ slot: Int32, book k: Int, at t: Double) {
        let i = Int(slot)
        let rules = books[k].plan.rules
        var paid = -1
        switch clients.whereabouts[i] {
        case .inCare:
            paid = clients.state[i].rawValue
        case .waiting:
            if rules.paysWaitingSupport, let s = clients.waitingFor[i], s != .shelter, !clients.legacy[i] {
                paid = PaidDays.waitingSupportSlot
            }
        case .away, .free:
            break
        }
        // The rules read the client table only: a call of a method of the
        // simulation from here would copy the whole simulation each time.
        let payer = paid >= 0
            ? rules.payer(of: i, in: clients, paying: paid, at: t, centre: plan.centre,
                          decentralised: decentralised, moDecentralised: books[k].moDecentralised)
            : books[k].payer[i]
        books[k].pay(slot, by: payer, for: paid, at: t)
    }
}

extension PayerRules {
    /// Who pays (see docs/finance.md): everybody before the decentralisation
    /// year, legacy clients and MO before its
    /// decentralisation → the centrumgemeente; otherwise the municipality of
    /// origin (woonplaatsbeginsel): unknown origin → the safety net (-1), a
    /// municipality outside the region → `outside` (-2); and the municipality
    /// of housing without the woonplaatsbeginsel, after its period, or outside
    /// its scope (by default clients at home: 000 L3443).
    func payer(of i: Int, in clients: ClientTable, paying slot: Int, at t: Double, centre: Int32, decentralised: Bool,
               moDecentralised: Bool) -> Int32 {
        let origin = clients.origin[i]
        if !decentralised { return centre }
        if slot == CareState.shelter.rawValue { return moDecentralised ? origin : centre }
        if clients.legacy[i] { return centre }
        let inFacility = clients.whereabouts[i] == .inCare && (clients.state[i] == .intramural || clients.state[i] == .tussenvorm)
        // At home, the municipality where the client lives: the origin, or (from
        // outside the region or unknown) the centrumgemeente that organises the support.
        let housed = inFacility ? clients.location[i] : (origin >= 0 ? origin : centre)
        if !woonplaatsbeginsel || (!inFacility && facilitiesOnly) { return housed }
        if origin < 0 { return origin }
        // The same sum as the review's time, so the review always finds the period over.
        if let days = originPaysDays, t >= clients.careStart[i] + days { return housed }
        return origin
    }
}
