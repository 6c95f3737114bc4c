/// Settles one region's books of one replication against its budgets, after
/// the client simulation: budget, Wlz settlement, risk pool, balance and the
/// deficit indicators, per municipality and for the region, year by year.
///
/// Apart from the simulation because a budget may depend on simulated costs
/// (an evaluation re-bases the money on the spending of the years before,
/// ``BudgetEvaluation``), of every region together; the costs never depend on
/// a budget.
struct BudgetSettlement {
    let finance: FinanceSpec
    let plan: BudgetPlan
    let region: Region
    let years: [Int]

    /// Writes the money metrics of every year into `values` (laid out as
    /// ``YearlyRecorder/values``, whose costs are closed).
    func settle(_ values: inout [Double]) {
        var expectedWlz = 0.0, simulatedWlz = 0.0
        for y in years.indices { settle(year: y, values: &values, expectedWlz: &expectedWlz, simulatedWlz: &simulatedWlz) }
    }

    private func settle(year y: Int, values: inout [Double], expectedWlz: inout Double, simulatedWlz: inout Double) {
        let n = region.municipalities.count
        let unitCount = n + 3
        let unknown = n, outside = n + 1, all = n + 2
        let centre = region.centrumgemeenteIndex
        func at(_ u: Int, _ m: Int) -> Int { (y * unitCount + u) * Metric.count + m }
        let calendarYear = years[y]
        let index = finance.priceIndex.value(in: calendarYear)

        let total = plan.total[y]
        var settlement = 0.0
        if let wlz = finance.wlz {
            expectedWlz += wlz.expectedOutflowPerYear.value(in: calendarYear)
            simulatedWlz += values[at(all, Metric.outflow + Exit.wlz.rawValue)]
            settlement = (expectedWlz - simulatedWlz) * wlz.costPerClientPerYear * index
        }
        // Shares by budget; in a year without money, by population (for the
        // pool's contributions) and all to the centrumgemeente (the settlement).
        let population = region.populationShares
        var balances = [Double](repeating: 0, count: n)
        for m in 0..<n {
            let budget = plan.budget[y][m]
            let share: Double
            switch finance.wlzSettlementTo {
            case .centrumgemeente: share = m == centre ? 1 : 0
            case .budgetShare: share = total != 0 ? budget / total : m == centre ? 1 : 0
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
            // The contributions add up to what the pool pays: its net over the region (`ALL`) is 0.
            for m in 0..<n {
                let contribution = paid * (total != 0 ? plan.budget[y][m] / total : population[m])
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
}
