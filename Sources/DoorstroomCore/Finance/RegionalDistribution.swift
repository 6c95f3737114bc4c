/// Each region's own budget divided over its municipalities.
///
/// BW: (1 − w_t) × historical + w_t × objective, where the historical money
/// all goes to the centrumgemeente and the objective money follows
/// `objective_share`. MO: all to the centrumgemeente until the MO
/// decentralisation year, then on the objective shares (at once by default).
/// Before the decentralisation year everything goes to the centrumgemeente.
/// The optional cap limits each municipality's redistribution effect on the
/// BW money — the change against keeping last year's share — to
/// `cap × population` a year. The Wlz deduction comes off the BW money before
/// distribution. See `docs/finance.md`.
struct RegionalDistribution {
    let scenario: Scenario
    let finance: FinanceSpec
    let regionIndex: Int
    let runoff: ((Int) -> Double)?

    init(scenario: Scenario, finance: FinanceSpec, regionIndex: Int, runoff: RunoffEstimate?) {
        self.scenario = scenario
        self.finance = finance
        self.regionIndex = regionIndex
        self.runoff = runoff?.runoff(region: regionIndex, profile: finance.ingroeipad.profile)
    }

    func plan(basis: BudgetBasis) -> BudgetPlan {
        let region = scenario.regions[regionIndex]
        let money = region.budget ?? RegionBudget(bw: YearPath(constant: 0))
        let centre = region.centrumgemeenteIndex
        let moShares = region.moObjectiveShares
        let n = region.municipalities.count
        let moPath = finance.moIngroeipad
        let historical = (0..<n).map { $0 == centre ? 1.0 : 0.0 }
        var plan = BudgetPlan()
        var previousShares = historical  // last year's shares of the BW money, after the cap, before the Wlz deduction
        for (y, year) in scenario.years.enumerated() {
            let shares = basis.objectiveShares[y][regionIndex]
            let factor = basis.moneyFactor[y][regionIndex]
            // The Wlz withdrawal comes off the BW money before distribution, as
            // it comes off the macro budget (000 L2180-2182).
            let bw = (money.bw.value(in: year) - (finance.wlz?.deductionPerYear.value(in: year) ?? 0)) * factor
            let mo = money.mo.value(in: year) * factor
            let old = year < scenario.decentralisationYear
            let w = old ? 0 : finance.ingroeipad.weight(in: year, runoff: runoff)
            let wMO = old ? 0 : moPath?.weight(in: year) ?? 0
            let bwTarget = (0..<n).map { bw * ((1 - w) * historical[$0] + w * shares[$0]) }
            let moBudget = (0..<n).map { mo * ((1 - wMO) * historical[$0] + wMO * moShares[$0]) }
            // The cap limits the redistribution of the BW money only: MO money
            // that moves with its task in the MO decentralisation year is no
            // redistribution effect (see docs/finance.md).
            var bwCapped = bwTarget
            if let cap = finance.capPerInhabitant {
                bwCapped = BudgetPlan.capped(target: bwTarget, base: previousShares.map { $0 * bw },
                                             limit: region.municipalities.map { cap * Double($0.population) })
            }
            if bw > 0 { previousShares = bwCapped.map { $0 / bw } }
            let capped = zip(bwCapped, moBudget).map { $0 + $1 }
            let target = zip(bwTarget, moBudget).map { $0 + $1 }
            plan.append(budget: capped, total: bw + mo, weight: w, capAdjustment: zip(capped, target).map { $0 - $1 },
                        historicalPart: (0..<n).map { (bw * (1 - w) + mo * (1 - wMO)) * historical[$0] },
                        objectivePart: (0..<n).map { bw * w * shares[$0] + mo * wMO * moShares[$0] },
                        historicalOnly: (0..<n).map { (bw + mo) * historical[$0] })
        }
        return plan
    }
}

extension FinanceSpec {
    /// The path of the MO money to the objective distribution over all
    /// municipalities, from the MO decentralisation year; nil = MO stays.
    var moIngroeipad: Ingroeipad? {
        moDecentralisedFrom.map { start -> Ingroeipad in
            var path = ingroeipad
            path.startYear = start
            if moMoneyPath == .atOnce { path.years = 1 }
            if path.followsRunoff { path.profile = .linear }
            return path
        }
    }
}
