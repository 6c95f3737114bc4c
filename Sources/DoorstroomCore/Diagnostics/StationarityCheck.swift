/// After a run of a scenario declared stationary (`diagnostics.stationary`):
/// each region's clients in care (`in_care_end`, `ALL`) must not drift from
/// the first year to the last by more than `diagnostics.drift_tolerance`,
/// relative to the first year.
///
/// The drift is the mean over replications of each replication's own
/// last-minus-first difference (paired, so the common start cancels); the
/// warning fires only when it is outside the tolerance by more than two
/// standard errors of that mean, so Monte Carlo noise alone does not warn.
struct StationarityCheck {
    let loaded: LoadedScenario
    let results: RunResults

    var warnings: [Diagnostic] {
        let s = loaded.scenario
        guard s.diagnostics.stationary, s.endYear > s.startYear, results.replicationCount > 0 else { return [] }
        let locator = WarningLocator(loaded: loaded)
        let last = s.endYear - s.startYear
        let tolerance = s.diagnostics.driftTolerance
        return s.regions.indices.compactMap { r in
            let all = results.allUnit(region: r)
            let first = results.sample(region: r, year: 0, unit: all, metric: Metric.inCareEnd)
            let end = results.sample(region: r, year: last, unit: all, metric: Metric.inCareEnd)
            let drift = SampleSummary(zip(end, first).map { $0 - $1 })
            let level = SampleSummary(first).mean
            let noise = drift.count > 1 ? 2 * drift.mcse : 0
            guard level > 0, abs(drift.mean) - noise > tolerance * level else { return nil }
            return locator.warning(
                "diagnostics.stationary",
                "declared stationary, but the clients in care of \(s.regions[r].name) (`in_care_end`, ALL, mean) go from "
                + "\(Amount.plain(level)) in \(s.startYear) to \(Amount.plain(level + drift.mean)) in \(s.endYear) "
                + "(\(Amount.percentChange(drift.mean / level)), tolerance ±\(Amount.percent(tolerance))): "
                + "intake, stays and start stock do not balance")
        }
    }
}
