/// `ingroeipad.csv`: why a municipality's budget is what it is, per year —
/// the weight w of the objective distribution, the historical and objective
/// parts, the cap adjustment, the budget, and the redistribution effect
/// (the budget minus what the historical distribution alone would give of
/// the same money). Budgets are fixed in advance, so there is one value per
/// cell, not a distribution. Only for scenarios with finance.
public enum IngroeipadTable {
    public static let header = ["scenario", "region", "municipality", "year", "weight", "historical_part", "objective_part",
                                "cap_adjustment", "budget", "historical_budget", "redistribution_effect"]

    public static func csv(_ results: RunResults) -> String {
        var out = header.joined(separator: ",") + "\n"
        let scenario = CSVFormat.field(results.scenario.name)
        for (r, region) in results.scenario.regions.enumerated() {
            guard results.budgetPlans.indices.contains(r), let plan = results.budgetPlans[r] else { continue }
            for (m, municipality) in region.municipalities.enumerated() {
                let prefix = "\(scenario),\(CSVFormat.field(region.name)),\(CSVFormat.field(municipality.name)),"
                for (y, year) in results.scenario.years.enumerated() {
                    let budget = plan.budget[y][m], historical = plan.historicalOnly[y][m]
                    // Euro to the cent: the cap's scaling leaves 10⁻¹⁰ € of rounding where it does not bind.
                    let euro = [plan.historicalPart[y][m], plan.objectivePart[y][m], plan.capAdjustment[y][m],
                                budget, historical, budget - historical].map { ($0 * 100).rounded() / 100 }
                    out += prefix + "\(year)," + ([plan.weight[y]] + euro).map(CSVFormat.statistic).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }
}
