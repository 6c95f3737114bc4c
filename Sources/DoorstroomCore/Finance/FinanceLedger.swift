/// Closes the books of one year of one replication: adds fixed costs and
/// investments to the costs by payer, then budget, Wlz settlement, risk pool,
/// balance and the deficit indicators, per municipality and for the region.
///
/// Units are payers here: each municipality; `unknown` is the national safety
/// net and `outside` other regions' municipalities (neither has a budget
/// here); `ALL` is the region's own money: the sum of its municipalities.
struct FinanceLedger {
    let finance: FinanceSpec
    let plan: BudgetPlan
    let region: Region
    let years: [Int]
    private var expectedWlz = 0.0
    private var simulatedWlz = 0.0
    /// Each municipality's share of the region's BW applicants.
    private let originShares: [Double]

    init(finance: FinanceSpec, plan: BudgetPlan, region: Region, years: [Int]) {
        self.finance = finance
        self.plan = plan
        self.region = region
        self.years = years
        originShares = region.originShares(\.bwOriginShare)
    }

    mutating func close(year y: Int, capacity: [Int?], values: inout [Double]) {
        let n = region.municipalities.count
        let unitCount = n + 3
        let unknown = n, outside = n + 1, all = n + 2
        let centre = region.centrumgemeenteIndex
        func at(_ u: Int, _ m: Int) -> Int { (y * unitCount + u) * Metric.count + m }
        let calendarYear = years[y]
        let index = finance.priceIndex.value(in: calendarYear)

        for u in 0..<unitCount { values[at(u, Metric.costFixed)] = 0 }
        for s in CareState.allCases {
            let fixed = Double(capacity[s.rawValue] ?? 0) * (finance.fixedCostPerPlacePerYear[s] ?? 0) * index
            guard fixed > 0 else { continue }
            let key = allocationKey { m in values[at(m, Metric.cost + s.rawValue)] }
            for m in 0..<n { values[at(m, Metric.costFixed)] += fixed * key[m] }
        }
        values[at(centre, Metric.costInvestment)] = finance.investments[calendarYear] ?? 0
        for u in 0..<unitCount where u != all {
            var total = values[at(u, Metric.costWaitingSupport)] + values[at(u, Metric.costFixed)] + values[at(u, Metric.costInvestment)]
            for s in CareState.allCases { total += values[at(u, Metric.cost + s.rawValue)] }
            values[at(u, Metric.costTotal)] = total
        }
        // The mirror of the clients from outside the region: the region's own
        // residents elsewhere, paid by their municipality of origin.
        let elsewhere = finance.residentsElsewhereRatio * values[at(outside, Metric.costTotal)]
        for m in 0..<n {
            values[at(m, Metric.costElsewhere)] = elsewhere * originShares[m]
            values[at(m, Metric.costTotal)] += elsewhere * originShares[m]
        }
        // `ALL` is the region's own money: its municipalities, not the safety
        // net (`unknown`) nor other regions' municipalities (`outside`).
        for m in Metric.cost...Metric.costTotal {
            values[at(all, m)] = (0..<n).reduce(0) { $0 + values[at($1, m)] }
        }

        let total = plan.total[y]
        var settlement = 0.0
        if let wlz = finance.wlz {
            expectedWlz += wlz.expectedOutflowPerYear.value(in: calendarYear)
            simulatedWlz += values[at(all, Metric.outflow + Exit.wlz.rawValue)]
            settlement = (expectedWlz - simulatedWlz) * wlz.costPerClientPerYear * index
        }
        var balances = [Double](repeating: 0, count: n)
        for m in 0..<n {
            let budget = plan.budget[y][m]
            let share: Double
            switch finance.wlzSettlementTo {
            case .centrumgemeente: share = m == centre ? 1 : 0
            case .budgetShare: share = total != 0 ? budget / total : 0
            }
            values[at(m, Metric.budget)] = budget
            values[at(m, Metric.capAdjustment)] = plan.capAdjustment[y][m]
            values[at(m, Metric.wlzSettlement)] = settlement * share
            balances[m] = budget + settlement * share - values[at(m, Metric.costTotal)]
        }
        if let pool = finance.riskPool {
            let covered = (0..<n).map { m in
                max(0, -balances[m] - pool.thresholdShare * plan.budget[y][m]) * pool.coverage
            }
            let paid = covered.reduce(0, +)
            for m in 0..<n {
                let contribution = total != 0 ? paid * plan.budget[y][m] / total : 0
                values[at(m, Metric.riskPoolNet)] = covered[m] - contribution
                balances[m] += covered[m] - contribution
            }
        }
        for u in [unknown, outside] { values[at(u, Metric.balance)] = -values[at(u, Metric.costTotal)] }
        values[at(all, Metric.budget)] = total
        values[at(all, Metric.capAdjustment)] = plan.capAdjustment[y].reduce(0, +)
        values[at(all, Metric.wlzSettlement)] = settlement
        values[at(all, Metric.balance)] = balances.reduce(0, +)
        for m in 0..<n { values[at(m, Metric.balance)] = balances[m] }
        for u in 0..<unitCount {
            let balance = values[at(u, Metric.balance)]
            values[at(u, Metric.balanceCumulative)] = balance + (y > 0 ? values[((y - 1) * unitCount + u) * Metric.count + Metric.balanceCumulative] : 0)
            values[at(u, Metric.deficit)] = balance < 0 ? 1 : 0
            values[at(u, Metric.deficitOverThreshold)] =
                balance < -finance.deficitThresholdShare * values[at(u, Metric.budget)] ? 1 : 0
        }
        values[at(all, Metric.budgetWeight)] = plan.weight[y]
        let cost = values[at(all, Metric.costTotal)]
        values[at(all, Metric.centrumgemeenteCostShare)] = cost > 0 ? values[at(centre, Metric.costTotal)] / cost : .nan
    }

    /// Each municipality's share of a regional cost of places, by the
    /// scenario's key; `use` gives a municipality's paid use of the places and
    /// falls back to population in a year nobody in the region used them.
    func allocationKey(use: (Int) -> Double) -> [Double] {
        let n = region.municipalities.count
        let population = region.municipalities.map { Double($0.population) }.normalisedShares
            ?? (0..<n).map { $0 == region.centrumgemeenteIndex ? 1 : 0 }
        switch finance.fixedCostAllocation {
        case .centrumgemeente: return (0..<n).map { $0 == region.centrumgemeenteIndex ? 1 : 0 }
        case .population: return population
        case .use: return (0..<n).map(use).normalisedShares ?? population
        }
    }
}
