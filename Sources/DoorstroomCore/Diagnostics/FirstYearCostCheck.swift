/// After a run: a region's simulated cost in the first year (`cost_total`,
/// `ALL`, mean) must be within ``tolerance`` of its budget (`budget`, `ALL`).
///
/// Region budgets are set from what the region spent, so in the first year,
/// before any policy has had effect, the two should agree. Monte Carlo noise:
/// the warning fires only when the mean is outside the band by more than
/// two standard errors of the mean, so a run with few replications does not
/// warn by chance.
struct FirstYearCostCheck {
    static let tolerance = 0.10

    let loaded: LoadedScenario
    let results: RunResults

    var warnings: [Diagnostic] {
        guard loaded.scenario.finance != nil, results.replicationCount > 0 else { return [] }
        let locator = WarningLocator(loaded: loaded)
        let year = loaded.scenario.startYear
        return loaded.scenario.regions.indices.compactMap { r in
            let all = results.allUnit(region: r)
            let cost = SampleSummary(results.sample(region: r, year: 0, unit: all, metric: Metric.costTotal))
            let budget = SampleSummary(results.sample(region: r, year: 0, unit: all, metric: Metric.budget)).mean
            let noise = cost.count > 1 ? 2 * cost.mcse : 0
            guard budget > 0, abs(cost.mean - budget) - noise > Self.tolerance * budget else { return nil }
            let gap = cost.mean / budget - 1
            return locator.warning(
                "\(locator.regionPath(r)).\(loaded.scenario.finance?.national == nil ? "budget" : "historical_share")",
                "the simulated cost in \(year) (`cost_total`, ALL, mean of \(cost.count)) is \(Amount.euro(cost.mean)), "
                + "\(Amount.percentChange(gap)) against the budget of \(Amount.euro(budget)) (expected within "
                + "±\(Amount.percent(Self.tolerance))): " + (gap > 0
                    ? "budget too low, tariffs too high, or a start stock larger than the budget pays for?"
                    : "budget too high, tariffs too low, or a start stock smaller than the budget pays for?"))
        }
    }
}
