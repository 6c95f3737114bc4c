/// Closes the books of one year of one replication: adds fixed costs and
/// investments to the costs by payer, then budget, Wlz settlement, risk pool,
/// balance and the deficit indicators, per municipality and for the region.
///
/// Units are payers here: each municipality; `unknown` is the national safety
/// net (no budget); `ALL` is the region, whose balance is the sum of its
/// municipalities' balances (the safety net is outside the region's money).
struct FinanceLedger {
    let finance: FinanceSpec
    let plan: BudgetPlan
    let region: Region
    let years: [Int]
    private var expectedWlz = 0.0
    private var simulatedWlz = 0.0

    init(finance: FinanceSpec, plan: BudgetPlan, region: Region, years: [Int]) {
        self.finance = finance
        self.plan = plan
        self.region = region
        self.years = years
    }

    mutating func close(year y: Int, capacity: [Int?], values: inout [Double]) {
        let n = region.municipalities.count
        let unitCount = n + 2
        let unknown = n, all = n + 1
        let centre = region.centrumgemeenteIndex
        func at(_ u: Int, _ m: Int) -> Int { (y * unitCount + u) * Metric.count + m }
        let calendarYear = years[y]
        let index = finance.priceIndex.value(in: calendarYear)

        var fixed = 0.0
        for s in CareState.allCases {
            fixed += Double(capacity[s.rawValue] ?? 0) * (finance.fixedCostPerPlacePerYear[s] ?? 0) * index
        }
        let investment = finance.investments[calendarYear] ?? 0
        for u in [centre, all] {
            values[at(u, Metric.costFixed)] = fixed
            values[at(u, Metric.costInvestment)] = investment
        }
        for u in 0..<unitCount {
            var total = values[at(u, Metric.costWaitingSupport)] + values[at(u, Metric.costFixed)] + values[at(u, Metric.costInvestment)]
            for s in CareState.allCases { total += values[at(u, Metric.cost + s.rawValue)] }
            values[at(u, Metric.costTotal)] = total
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
            let share = total != 0 ? budget / total : 0
            values[at(m, Metric.budget)] = budget
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
        values[at(unknown, Metric.balance)] = -values[at(unknown, Metric.costTotal)]
        values[at(all, Metric.budget)] = total
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
        values[at(all, Metric.centrumgemeenteCostShare)] = cost > 0 ? values[at(centre, Metric.costTotal)] / cost : 0
    }
}
