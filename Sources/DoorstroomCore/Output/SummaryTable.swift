import Foundation

/// `summary.csv`: one row per scenario × region × municipality × year ×
/// metric, with the mean, sd, percentiles and Monte Carlo standard error
/// across replications. Each percentile is taken over the replications' own
/// values of that aggregate (a region's total is summed per replication
/// first), never by adding percentiles.
public enum SummaryTable {
    public static let header = ["scenario", "region", "municipality", "year", "metric", "unit",
                                "mean", "sd", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "mcse"]

    /// The summary rows of `results`, in a fixed order: region, municipality
    /// (table order, then `unknown`, then `ALL`), year, metric.
    public static func csv(_ results: RunResults) -> String {
        var out = header.joined(separator: ",") + "\n"
        let scenario = CSVFormat.field(results.scenario.name)
        for (r, region) in results.scenario.regions.enumerated() {
            let units = results.unitNames[r]
            for u in units.indices {
                let isAll = u == results.allUnit(region: r)
                if u == units.count - 2 && !results.reportsUnknown(region: r) { continue }
                let prefix = "\(scenario),\(CSVFormat.field(region.name)),\(CSVFormat.field(units[u])),"
                for (y, year) in results.scenario.years.enumerated() {
                    for (m, metric) in Metric.all.enumerated() where (isAll || !metric.regionOnly) && results.reports(metric) {
                        let s = SampleSummary(results.sample(region: r, year: y, unit: u, metric: m))
                        let stats = [s.mean, s.sd, s.p05, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95, s.mcse]
                        out += prefix + "\(year),\(metric.name),\(metric.unit),"
                            + stats.map(CSVFormat.statistic).joined(separator: ",") + "\n"
                    }
                }
            }
        }
        return out
    }
}
