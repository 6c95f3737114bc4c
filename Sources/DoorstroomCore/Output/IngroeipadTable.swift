/// `ingroeipad.csv`: why a municipality's budget is what it is, per year —
/// the weight w of the objective distribution, the historical and objective
/// parts, the cap adjustment, the budget, and the redistribution effect
/// (the budget minus what the historical distribution alone would give of
/// the same money). Budgets are fixed in advance, so there is one value per
/// cell, not a distribution. Only for scenarios with finance. A row `ALL`
/// per region and year gives the region's total: under a national
/// distribution it moves from the region's historical to its objective
/// money. With an evaluation (``BudgetEvaluationRule``) the table is the plan
/// as fixed before the run; the re-based budgets are the `budget` metric.
public enum IngroeipadTable {
    public static let header = ["scenario", "region", "municipality", "year", "weight", "historical_part", "objective_part",
                                "cap_adjustment", "budget", "historical_budget", "redistribution_effect"]

    public static func csv(_ results: RunResults) -> String {
        var out = header.joined(separator: ",") + "\n"
        let scenario = CSVFormat.field(results.scenario.name)
        for (r, region) in results.scenario.regions.enumerated() {
            guard results.budgetPlans.indices.contains(r), let plan = results.budgetPlans[r] else { continue }
            let n = region.municipalities.count
            for (m, name) in (region.municipalities.map(\.name) + ["ALL"]).enumerated() {
                let prefix = "\(scenario),\(CSVFormat.field(region.name)),\(CSVFormat.field(name)),"
                // A municipality's cell, or the region's sum for `ALL`.
                func cell(_ row: [Double]) -> Double { m < n ? row[m] : row.reduce(0, +) }
                for (y, year) in results.scenario.years.enumerated() {
                    let budget = cell(plan.budget[y]), historical = cell(plan.historicalOnly[y])
                    // Euro to the cent: the cap's scaling leaves 10⁻¹⁰ € of rounding.
                    let euro = [cell(plan.historicalPart[y]), cell(plan.objectivePart[y]), cell(plan.capAdjustment[y]),
                                budget, historical, budget - historical].map { ($0 * 100).rounded() / 100 }
                    out += prefix + "\(year)," + ([plan.weight[y]] + euro).map(CSVFormat.statistic).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }
}
