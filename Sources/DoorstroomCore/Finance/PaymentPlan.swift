/// The cost side of one region for one finance variant, computed once and
/// shared by all replications: the payer rules and the tariffs per year. The
/// client side is the ``RegionPlan``; several payment plans can ride on one
/// client simulation (see ``ClientFlows``). Budgets are a ``BudgetPlan``.
struct PaymentPlan: Sendable {
    let finance: FinanceSpec
    /// The region as the finance variant's scenario gives it (its budgets and
    /// objective shares may differ from those of the other variants).
    let region: Region
    let years: [Int]
    /// Euro per paid day, per year.
    let rates: [CostRates]
    let rules: PayerRules

    init(scenario: Scenario, finance: FinanceSpec, regionIndex: Int) {
        self.finance = finance
        region = scenario.regions[regionIndex]
        years = scenario.years
        rates = scenario.years.map { CostRates(finance: finance, year: $0) }
        rules = PayerRules(finance)
    }
}

/// The few facts of the finance rules the engine needs for every change of
/// payer, kept apart so that deciding a payer copies no dictionaries.
struct PayerRules: Sendable {
    /// Woonplaatsbeginsel in force for new clients.
    let woonplaatsbeginsel: Bool
    /// It covers clients in BW facilities only (not those at home).
    let facilitiesOnly: Bool
    /// Days after admission during which the municipality of origin pays; nil = the whole stay.
    let originPaysDays: Double?
    /// Support while waiting is paid for.
    let paysWaitingSupport: Bool
    /// First year in which MO is paid by the municipality of origin; nil = never.
    let moDecentralisedFrom: Int?

    init(_ finance: FinanceSpec) {
        woonplaatsbeginsel = finance.woonplaatsbeginsel
        facilitiesOnly = finance.woonplaatsbeginselScope == .facilities
        originPaysDays = finance.originPaysYears.map { $0 * Distribution.daysPerYear }
        paysWaitingSupport = finance.waitingSupportPerDay > 0
        moDecentralisedFrom = finance.moDecentralisedFrom
    }
}
