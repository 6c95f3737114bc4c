/// The national macro budgets divided over the regions and their
/// municipalities, all regions together.
///
/// BW for a municipality m of region r in year t:
/// M_t × ((1 − w_t) × H_r [m is the centrumgemeente] + w_t × o_m), with M_t
/// the macro BW budget minus the specialist institutions, H_r the region's
/// historical share and o_m the municipality's objective share of the nation
/// (the region's objective share spread by `objective_share`). MO likewise
/// on the MO macro budget, with the MO ingroeipad. One w_t for the nation.
/// The regions' shares may sum to less than 1 (a scenario of some regions);
/// the rest of the country is then one unit that takes the remainder.
///
/// The cap (``FinanceSpec/capPerInhabitant``) limits the yearly change of
/// the BW money against last year's share of the macro budget, per
/// inhabitant, for each region or each municipality (``FinanceSpec/CapScope``),
/// keeping the national sum; the rest of the country has no limit. A region's
/// Wlz deduction comes off its BW money, spread as the money is. See
/// `docs/finance.md`.
struct NationalDistribution {
    let scenario: Scenario
    let finance: FinanceSpec
    let national: NationalBudget
    let runoff: ((Int) -> Double)?

    init(scenario: Scenario, finance: FinanceSpec, national: NationalBudget, runoff: RunoffEstimate?) {
        self.scenario = scenario
        self.finance = finance
        self.national = national
        self.runoff = runoff?.runoff(region: 0, profile: finance.ingroeipad.profile)
    }

    func plans(basis: BudgetBasis) -> [BudgetPlan] {
        let regions = scenario.regions
        let shares = regions.map { $0.nationalShares ?? NationalShares(historicalBW: 0, historicalMO: 0, objectiveBW: 0, objectiveMO: 0) }
        let centres = regions.map(\.centrumgemeenteIndex)
        let moWithin = regions.map(\.moObjectiveShares)
        let restHistorical = max(0, 1 - shares.map(\.historicalBW).reduce(0, +))
        let moPath = finance.moIngroeipad
        // Last year's shares of the BW money after the cap: per unit of the
        // cap (regions or municipalities), then the rest of the country.
        var previous: [Double]? = nil
        var plans = Array(repeating: BudgetPlan(), count: regions.count)
        // The historical distribution: each centrumgemeente's share of the BW money.
        let historicalBW = regions.indices.map { r in
            regions[r].municipalities.indices.map { $0 == centres[r] ? shares[r].historicalBW : 0 }
        }
        // Last year's BW money per municipality after the cap (the historical distribution before the first year).
        var lastSpread = historicalBW
        for (y, year) in scenario.years.enumerated() {
            let factor = basis.moneyFactor[y].first ?? 1
            let bw = national.distributedBW(in: year) * factor
            let mo = national.mo.value(in: year) * factor
            let old = year < scenario.decentralisationYear
            let w = old ? 0 : finance.ingroeipad.weight(in: year, runoff: runoff)
            let wMO = old ? 0 : moPath?.weight(in: year) ?? 0
            let objective = basis.objectiveShares[y]
            let target = regions.indices.map { r in
                regions[r].municipalities.indices.map { m in bw * ((1 - w) * historicalBW[r][m] + w * objective[r][m]) }
            }
            let restObjective = max(0, 1 - objective.joined().reduce(0, +))
            let restTarget = bw * ((1 - w) * restHistorical + w * restObjective)
            var capped = target
            if let cap = finance.capPerInhabitant {
                capped = cappedBW(target: target, restTarget: restTarget, bw: bw, cap: cap, previous: &previous,
                                  historical: historicalBW, restHistorical: restHistorical, lastSpread: lastSpread)
            }
            if capped.joined().contains(where: { $0 > 0 }) { lastSpread = capped }
            for r in regions.indices {
                let region = regions[r], n = region.municipalities.count
                // The region's Wlz withdrawal, off its BW money as that money is spread.
                let money = capped[r].reduce(0, +)
                let deduction = finance.wlz?.deductionPerYear.value(in: year) ?? 0
                let keep = money > 0 ? max(0, money - deduction) / money : 0
                let historicalMoney = bw * shares[r].historicalBW
                let historicalKeep = historicalMoney > 0 ? max(0, historicalMoney - deduction) / historicalMoney : 0
                let moHistorical = (0..<n).map { $0 == centres[r] ? shares[r].historicalMO : 0 }
                let moObjective = moWithin[r].map { $0 * shares[r].objectiveMO }
                let moBudget = (0..<n).map { mo * ((1 - wMO) * moHistorical[$0] + wMO * moObjective[$0]) }
                plans[r].append(
                    budget: (0..<n).map { capped[r][$0] * keep + moBudget[$0] },
                    weight: w,
                    capAdjustment: (0..<n).map { (capped[r][$0] - target[r][$0]) * keep },
                    historicalPart: (0..<n).map { bw * (1 - w) * historicalBW[r][$0] * keep + mo * (1 - wMO) * moHistorical[$0] },
                    objectivePart: (0..<n).map { bw * w * objective[r][$0] * keep + mo * wMO * moObjective[$0] },
                    historicalOnly: (0..<n).map { bw * historicalBW[r][$0] * historicalKeep + mo * moHistorical[$0] })
            }
        }
        return plans
    }

    /// The BW targets after the cap, keeping the national sum; updates `previous`.
    /// - Parameters:
    ///   - historical: the historical distribution's shares per municipality (the start of `previous`).
    ///   - lastSpread: each region's BW money per municipality last year (for a region whose target is 0).
    private func cappedBW(target: [[Double]], restTarget: Double, bw: Double, cap: Double, previous: inout [Double]?,
                          historical: [[Double]], restHistorical: Double, lastSpread: [[Double]]) -> [[Double]] {
        let regions = scenario.regions
        let rest = Double.infinity
        switch finance.capScope {
        case .municipality:
            let flat = target.flatMap { $0 } + [restTarget]
            // Before the first year every municipality had its historical share.
            let start = historical.flatMap { $0 } + [restHistorical]
            let base = (previous ?? start).map { $0 * bw }
            let limit = regions.flatMap { $0.municipalities.map { cap * Double($0.population) } } + [rest]
            let result = BudgetPlan.capped(target: flat, base: base, limit: limit)
            if bw > 0 { previous = result.map { $0 / bw } }
            var out: [[Double]] = [], i = 0
            for region in regions {
                out.append(Array(result[i..<(i + region.municipalities.count)]))
                i += region.municipalities.count
            }
            return out
        case .region:
            let totals = target.map { $0.reduce(0, +) } + [restTarget]
            let start = historical.map { $0.reduce(0, +) } + [restHistorical]
            let base = (previous ?? start).map { $0 * bw }
            let limit = regions.map { cap * $0.population } + [rest]
            let result = BudgetPlan.capped(target: totals, base: base, limit: limit)
            if bw > 0 { previous = result.map { $0 / bw } }
            // A region's capped money is spread over its municipalities as the
            // ingroeipad spreads its target; a region whose target is nothing
            // keeps its capped money where last year's money was.
            return regions.indices.map { r in
                if totals[r] > 0 { return target[r].map { $0 * result[r] / totals[r] } }
                let spread = lastSpread[r].normalisedShares
                    ?? regions[r].municipalities.indices.map { $0 == regions[r].centrumgemeenteIndex ? 1 : 0 }
                return spread.map { $0 * result[r] }
            }
        }
    }
}
