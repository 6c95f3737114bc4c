/// The budgets of a region's municipalities per year: fixed in advance (they
/// do not depend on the simulated clients), so one plan serves every replication.
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
struct BudgetPlan: Sendable {
    /// [year][municipality] in euro.
    let budget: [[Double]]
    /// The region's money per year (BW after the Wlz deduction, plus MO).
    let total: [Double]
    /// w_t of the BW ingroeipad per year.
    let weight: [Double]
    /// [year][municipality]: the budget after the cap minus the budget the
    /// distribution alone would give (0 where the cap does not bind).
    let capAdjustment: [[Double]]
    /// [year][municipality]: the parts of the budget before the cap that
    /// follow the historical distribution ((1 − w) × historical) and the
    /// objective one (w × objective), BW and MO together.
    let historicalPart: [[Double]]
    let objectivePart: [[Double]]
    /// [year][municipality]: what the historical distribution alone would
    /// give (all the money as before the decentralisation).
    let historicalOnly: [[Double]]

    /// Per year: whether the cap moved any municipality's budget away from
    /// what the ingroeipad asked for (by more than a euro, so that rounding
    /// in the scaling does not count).
    var capBinds: [Bool] { capAdjustment.map { $0.contains { abs($0) > 1 } } }

    /// - Parameter runoff: for the `legacyRunoff` profile, r for a calendar year.
    init(scenario: Scenario, region: Region, finance: FinanceSpec, runoff: ((Int) -> Double)?) {
        let money = region.budget ?? RegionBudget(bw: YearPath(constant: 0))
        let centre = region.centrumgemeenteIndex
        // Shares sum to 1 within 1e-6 as read; normalised, so the budgets add up exactly.
        let rawShares = region.municipalities.map { $0.objectiveShare ?? 0 }
        let rawMOShares = region.municipalities.map { $0.moObjectiveShare ?? $0.objectiveShare ?? 0 }
        let shares = rawShares.normalisedShares ?? rawShares
        let moShares = rawMOShares.normalisedShares ?? rawMOShares
        let n = shares.count
        let moPath = finance.moDecentralisedFrom.map { start -> Ingroeipad in
            var path = finance.ingroeipad
            path.startYear = start
            if finance.moMoneyPath == .atOnce { path.years = 1 }
            if case .legacyRunoff = path.profile { path.profile = .linear }
            return path
        }
        let historical = (0..<n).map { $0 == centre ? 1.0 : 0.0 }
        var budgets: [[Double]] = [], totals: [Double] = [], weights: [Double] = [], adjustments: [[Double]] = []
        var historicalParts: [[Double]] = [], objectiveParts: [[Double]] = [], historicalOnly: [[Double]] = []
        var previousShares = historical  // last year's shares of the BW money, after the cap, before the Wlz deduction
        for year in scenario.years {
            // The Wlz withdrawal comes off the BW money before distribution, as
            // it comes off the macro budget (000 L2180-2182).
            let bw = money.bw.value(in: year) - (finance.wlz?.deductionPerYear.value(in: year) ?? 0)
            let mo = money.mo.value(in: year)
            let old = year < scenario.decentralisationYear
            let w = old ? 0 : finance.ingroeipad.weight(in: year, runoff: runoff)
            let wMO = old ? 0 : moPath?.weight(in: year) ?? 0
            let money = bw + mo
            let bwTarget = (0..<n).map { bw * ((1 - w) * historical[$0] + w * shares[$0]) }
            let moBudget = (0..<n).map { mo * ((1 - wMO) * historical[$0] + wMO * moShares[$0]) }
            // The cap limits the redistribution of the BW money only: MO money
            // that moves with its task in the MO decentralisation year is no
            // redistribution effect (see docs/finance.md).
            var bwCapped = bwTarget
            if let cap = finance.capPerInhabitant {
                bwCapped = Self.capped(target: bwTarget, base: previousShares.map { $0 * bw },
                                       limit: region.municipalities.map { cap * Double($0.population) })
            }
            if bw > 0 { previousShares = bwCapped.map { $0 / bw } }
            let capped = zip(bwCapped, moBudget).map { $0 + $1 }
            let target = zip(bwTarget, moBudget).map { $0 + $1 }
            budgets.append(capped)
            totals.append(money)
            weights.append(w)
            adjustments.append(zip(capped, target).map { $0 - $1 })
            historicalParts.append((0..<n).map { (bw * (1 - w) + mo * (1 - wMO)) * historical[$0] })
            objectiveParts.append((0..<n).map { bw * w * shares[$0] + mo * wMO * moShares[$0] })
            historicalOnly.append((0..<n).map { money * historical[$0] })
        }
        historicalPart = historicalParts
        objectivePart = objectiveParts
        self.historicalOnly = historicalOnly
        budget = budgets
        total = totals
        weight = weights
        capAdjustment = adjustments
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
