/// The budgets of a region's municipalities per year: fixed in advance (they
/// do not depend on the simulated clients), so one plan serves every replication.
///
/// BW: (1 − w_t) × historical + w_t × objective, where the historical money
/// all goes to the centrumgemeente and the objective money follows
/// `objective_share`; the Wlz deduction comes off the BW money first. MO: all
/// to the centrumgemeente until the decentralisation year, then phased in with
/// the same profile. The optional cap limits each municipality's
/// redistribution effect — the change against keeping last year's budget
/// share — to `cap × population` a year; see `docs/finance.md`.
struct BudgetPlan: Sendable {
    /// [year][municipality] in euro.
    let budget: [[Double]]
    /// The region's money per year (BW after the Wlz deduction, plus MO).
    let total: [Double]
    /// w_t of the BW ingroeipad per year.
    let weight: [Double]
    /// [year][municipality]: the budgets the ingroeipad asks for, before the cap.
    let uncapped: [[Double]]

    /// Per year: whether the cap moved any municipality's budget away from
    /// what the ingroeipad asked for (by more than a euro, so that rounding
    /// in the scaling does not count).
    var capBinds: [Bool] {
        zip(budget, uncapped).map { capped, asked in
            zip(capped, asked).contains { abs($0 - $1) > 1 }
        }
    }

    /// - Parameter runoff: for the `legacyRunoff` profile, r for a calendar year.
    init(scenario: Scenario, region: Region, finance: FinanceSpec, runoff: ((Int) -> Double)?) {
        let money = region.budget ?? RegionBudget(bw: YearPath(constant: 0))
        let centre = region.centrumgemeenteIndex
        let shares = region.municipalities.map { $0.objectiveShare ?? 0 }
        let n = shares.count
        let moPath = finance.moDecentralisedFrom.map { start -> Ingroeipad in
            var path = finance.ingroeipad
            path.startYear = start
            if case .legacyRunoff = path.profile { path.profile = .linear }
            return path
        }
        var budgets: [[Double]] = [], totals: [Double] = [], weights: [Double] = [], asked: [[Double]] = []
        for year in scenario.years {
            let bw = money.bw.value(in: year) - (finance.wlz?.deductionPerYear.value(in: year) ?? 0)
            let mo = money.mo.value(in: year)
            let w = finance.ingroeipad.weight(in: year, runoff: runoff)
            let wMO = moPath?.weight(in: year) ?? 0
            let total = bw + mo
            var target = (0..<n).map { m in
                let historical = m == centre ? 1.0 : 0.0
                return bw * ((1 - w) * historical + w * shares[m]) + mo * ((1 - wMO) * historical + wMO * shares[m])
            }
            asked.append(target)
            if let cap = finance.capPerInhabitant {
                let previous = budgets.last.map { b in b.map { $0 / max(totals.last!, .leastNormalMagnitude) } }
                    ?? (0..<n).map { $0 == centre ? 1.0 : 0.0 }
                target = Self.capped(target: target, base: previous.map { $0 * total },
                                     limit: region.municipalities.map { cap * Double($0.population) })
            }
            budgets.append(target)
            totals.append(total)
            weights.append(w)
        }
        budget = budgets
        self.total = totals
        weight = weights
        uncapped = asked
    }

    /// Limits each |target − base| to `limit`, keeping the sum: gains and
    /// losses are first clipped to their limits, then both sides are scaled
    /// down to the smaller of the two totals, so every change stays within
    /// its limit and the money moved out equals the money moved in.
    static func capped(target: [Double], base: [Double], limit: [Double]) -> [Double] {
        let change = zip(target, base).map { $0 - $1 }
        let gains = zip(change, limit).map { min(max($0, 0), $1) }
        let losses = zip(change, limit).map { min(max(-$0, 0), $1) }
        let g = gains.reduce(0, +), l = losses.reduce(0, +)
        let moved = min(g, l)
        return base.indices.map { m in
            base[m] + (g > 0 ? gains[m] * moved / g : 0) - (l > 0 ? losses[m] * moved / l : 0)
        }
    }
}
