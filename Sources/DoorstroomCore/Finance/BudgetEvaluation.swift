/// Re-bases one replication's budget plans at the evaluation years of a
/// ``BudgetEvaluationRule``, on that replication's own simulated spending.
///
/// Deterministic: it reads only the replication's closed costs (which never
/// depend on a budget) and the ex-ante plans, so the result is the same
/// whatever the thread count or the order the regions ran in.
struct BudgetEvaluation {
    let scenario: Scenario
    let finance: FinanceSpec
    let rule: BudgetEvaluationRule
    let runoff: RunoffEstimate?

    /// - Parameters:
    ///   - exAnte: the plans of every region as fixed before the run.
    ///   - values: per region, the replication's yearly metrics (``YearlyRecorder/values``) with costs closed.
    func plans(exAnte: [BudgetPlan], values: [[Double]]) -> [BudgetPlan] {
        let years = scenario.years
        let regions = scenario.regions
        var basis = BudgetBasis(scenario: scenario, finance: finance)
        var plans = exAnte
        for year in rule.evaluationYears(in: years) {
            guard let e = years.firstIndex(of: year) else { continue }
            let measured = max(0, e - rule.measuredYears)..<e
            // Spending and budgets per region over the measured years, and each
            // municipality's BW spending (everything but the shelter).
            var spending = regions.map { _ in 0.0 }, budget = regions.map { _ in 0.0 }
            var bwSpending = regions.map { Array(repeating: 0.0, count: $0.municipalities.count) }
            for (r, region) in regions.enumerated() {
                let n = region.municipalities.count
                for y in measured {
                    for m in 0..<n {
                        let at = (y * (n + 3) + m) * Metric.count
                        let cost = values[r][at + Metric.costTotal]
                        spending[r] += cost
                        budget[r] += plans[r].budget[y][m]
                        bwSpending[r][m] += cost - values[r][at + Metric.cost + CareState.shelter.rawValue]
                    }
                }
            }
            // A national macro budget is re-based on the gap of all regions
            // together; a region's own budget on its own gap.
            let groups = finance.national != nil ? [Array(regions.indices)] : regions.indices.map { [$0] }
            for group in groups {
                let s = group.map { spending[$0] }.reduce(0, +), b = group.map { budget[$0] }.reduce(0, +)
                guard b > 0 else { continue }
                let factor = max(0, 1 + rule.gapClosed * (s / b - 1))
                for y in e..<years.count { for r in group { basis.moneyFactor[y][r] *= factor } }
            }
            if rule.sharesMoved > 0 {
                for y in e..<years.count {
                    basis.objectiveShares[y] = movedShares(basis.objectiveShares[y], toward: bwSpending)
                }
            }
            plans = BudgetPlan.plans(scenario: scenario, finance: finance, runoff: runoff, basis: basis)
        }
        return plans
    }

    /// The objective shares moved `sharesMoved` of the way to the shares of
    /// BW spending, keeping their sum: within each region for a region's own
    /// budget, over all regions for a national distribution.
    private func movedShares(_ shares: [[Double]], toward spending: [[Double]]) -> [[Double]] {
        let k = rule.sharesMoved
        func move(_ shares: [Double], _ spending: [Double]) -> [Double] {
            let total = shares.reduce(0, +), spent = spending.reduce(0, +)
            guard spent > 0 else { return shares }
            return zip(shares, spending).map { (1 - k) * $0 + k * total * $1 / spent }
        }
        guard finance.national != nil else { return zip(shares, spending).map(move) }
        let counts = shares.map(\.count)
        var flat = move(shares.flatMap { $0 }, spending.flatMap { $0 })[...]
        return counts.map { c in
            defer { flat = flat.dropFirst(c) }
            return Array(flat.prefix(c))
        }
    }
}
