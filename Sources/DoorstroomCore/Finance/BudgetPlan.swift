/// The budgets of a region's municipalities per year, with the parts that
/// explain them. Fixed in advance (they do not depend on the simulated
/// clients), so one plan serves every replication, unless an evaluation
/// re-bases it on a replication's own spending (``BudgetEvaluation``).
///
/// Two rules make plans: each region's own budget (``RegionalDistribution``)
/// or shares of the national macro budgets (``NationalDistribution``). See
/// `docs/finance.md`.
struct BudgetPlan: Sendable {
    /// [year][municipality] in euro.
    var budget: [[Double]] = []
    /// The region's money per year (BW after the Wlz deduction, plus MO): the
    /// sum of its municipalities' budgets.
    var total: [Double] = []
    /// w_t of the BW ingroeipad per year.
    var weight: [Double] = []
    /// [year][municipality]: the budget after the cap minus the budget the
    /// distribution alone would give (0 where the cap does not bind).
    var capAdjustment: [[Double]] = []
    /// [year][municipality]: the parts of the budget before the cap that
    /// follow the historical distribution ((1 − w) × historical) and the
    /// objective one (w × objective), BW and MO together.
    var historicalPart: [[Double]] = []
    var objectivePart: [[Double]] = []
    /// [year][municipality]: what the historical distribution alone would
    /// give (all the money as before the decentralisation).
    var historicalOnly: [[Double]] = []

    /// Per year: whether the cap moved any municipality's budget away from
    /// what the ingroeipad asked for (by more than a euro, so that rounding
    /// in the scaling does not count).
    var capBinds: [Bool] { capAdjustment.map { $0.contains { abs($0) > 1 } } }

    /// Appends a year.
    /// Appends a year; `total` = the sum of `budget` unless given (the money
    /// before the cap's scaling, which keeps the sum only to rounding).
    mutating func append(budget: [Double], total: Double? = nil, weight w: Double, capAdjustment: [Double],
                         historicalPart: [Double], objectivePart: [Double], historicalOnly: [Double]) {
        self.budget.append(budget)
        self.total.append(total ?? budget.reduce(0, +))
        weight.append(w)
        self.capAdjustment.append(capAdjustment)
        self.historicalPart.append(historicalPart)
        self.objectivePart.append(objectivePart)
        self.historicalOnly.append(historicalOnly)
    }

    /// The plans of every region of `scenario` under `finance`.
    ///
    /// - Parameters:
    ///   - runoff: the pilot's run-off estimate, for an ingroeipad that follows one.
    ///   - basis: the money factor and objective shares per year; nil = as the scenario gives them.
    static func plans(scenario: Scenario, finance: FinanceSpec, runoff: RunoffEstimate?,
                      basis: BudgetBasis? = nil) -> [BudgetPlan] {
        let basis = basis ?? BudgetBasis(scenario: scenario, finance: finance)
        if let national = finance.national {
            return NationalDistribution(scenario: scenario, finance: finance, national: national, runoff: runoff)
                .plans(basis: basis)
        }
        return scenario.regions.indices.map { r in
            RegionalDistribution(scenario: scenario, finance: finance, regionIndex: r, runoff: runoff).plan(basis: basis)
        }
    }

    /// Limits each |target − base| to `limit`, keeping the sum: gains and
    /// losses are first clipped to their limits, then both sides are scaled
    /// down to the smaller of the two totals, so every change stays within
    /// its limit and the money moved out equals the money moved in. Where no
    /// change exceeds its limit the targets are returned as they are.
    static func capped(target: [Double], base: [Double], limit: [Double]) -> [Double] {
        let change = zip(target, base).map { $0 - $1 }
        guard zip(change, limit).contains(where: { abs($0) > $1 }) else { return target }
        let gains = zip(change, limit).map { min(max($0, 0), $1) }
        let losses = zip(change, limit).map { min(max(-$0, 0), $1) }
        let g = gains.reduce(0, +), l = losses.reduce(0, +)
        let moved = min(g, l)
        return base.indices.map { m in
            base[m] + (g > 0 ? gains[m] * moved / g : 0) - (l > 0 ? losses[m] * moved / l : 0)
        }
    }
}

/// What an evaluation may change in the money of a plan, per year: a factor
/// on the money distributed and the BW objective shares.
struct BudgetBasis: Sendable {
    /// [year][region]: multiplies the money distributed (1 ex ante). Under a
    /// national distribution every region has the nation's factor.
    var moneyFactor: [[Double]]
    /// [year][region][municipality]: each municipality's BW objective share —
    /// of its region's money (regional rule) or of the nation's (national rule).
    var objectiveShares: [[[Double]]]

    /// The basis as the scenario gives it.
    init(scenario: Scenario, finance: FinanceSpec) {
        moneyFactor = Array(repeating: Array(repeating: 1, count: scenario.regions.count), count: scenario.years.count)
        let shares = scenario.regions.map { region -> [Double] in
            let within = region.objectiveShares
            guard finance.national != nil else { return within }
            let regionShare = region.nationalShares?.objectiveBW ?? 0
            return within.map { $0 * regionShare }
        }
        objectiveShares = Array(repeating: shares, count: scenario.years.count)
    }
}

/// The expected run-off of the legacy clients, r_t (the share of the
/// decentralisation-date BW clients still in care), as a pilot estimated it.
public struct RunoffEstimate: Sendable, Hashable {
    /// r_t per region, by calendar year.
    public var regions: [[Int: Double]]
    /// r_t of the regions together, by calendar year.
    public var pooled: [Int: Double]

    /// r_t as the ingroeipad of region `r` follows it.
    func runoff(region r: Int, profile: Ingroeipad.Profile) -> ((Int) -> Double)? {
        switch profile {
        case .legacyRunoff: return { self.regions[r][$0] ?? 0 }
        case .nationalRunoff: return { self.pooled[$0] ?? 0 }
        default: return nil
        }
    }
}
