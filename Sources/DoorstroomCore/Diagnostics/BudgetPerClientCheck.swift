/// A region's money in the first year per client in care at the start must
/// lie between ``lowest`` and ``highest`` euro a year, for BW (`budget.bw`
/// per client in intramural, tussenvorm and ambulant care) and for MO
/// (`budget.mo` per client in the shelter) apart, so that the warning names
/// the field that is off.
struct BudgetPerClientCheck {
    /// Euro a year per client: a year of the cheapest care (ambulant, about
    /// EUR 70 a day) costs over EUR 25,000, so below EUR 1,000 the money
    /// cannot be meant in euro.
    static let lowest = 1_000.0
    /// Euro a year per client: a year of the dearest care (about EUR 300 a
    /// day) costs about EUR 110,000; ten times that is no budget in euro.
    static let highest = 1_000_000.0

    let loaded: LoadedScenario

    var warnings: [Diagnostic] {
        guard let finance = loaded.scenario.finance else { return [] }
        let locator = WarningLocator(loaded: loaded)
        let year = loaded.scenario.startYear
        var found: [Diagnostic] = []
        for (r, region) in loaded.scenario.regions.enumerated() {
            guard let historical = region.historicalMoney(in: year, finance: finance) else { continue }
            let stock = region.initial.inCare
            let bwClients = [CareState.intramural, .tussenvorm, .ambulant].map { stock[$0] ?? 0 }.reduce(0, +)
            let parts = [("bw", historical.bw, bwClients, "BW client in intramural, tussenvorm or ambulant care"),
                         ("mo", historical.mo, stock[.shelter] ?? 0, "client in the shelter")]
            for (key, money, clients, who) in parts where money > 0 && clients > 0 {
                let perClient = money / Double(clients)
                guard perClient < Self.lowest || perClient > Self.highest else { continue }
                let mistake = perClient > Self.highest ? "written in cents, or with digits too many?"
                    : perClient < 1 ? "written in millions?" : "written in thousands?"
                found.append(locator.warning(
                    "\(locator.regionPath(r)).\(historical.field).\(key)",
                    "budget \(Amount.euro(money)) in \(year) is \(Amount.euro(perClient)) a year per \(who) at the start "
                    + "(\(Amount.plain(Double(clients)))); expected EUR \(Amount.grouped(Self.lowest))–\(Amount.grouped(Self.highest)): \(mistake)"))
            }
        }
        return found
    }
}
