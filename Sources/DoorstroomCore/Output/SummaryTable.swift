import Foundation

/// `summary.csv`: one row per scenario × region × municipality × year ×
/// metric, with the mean, sd, percentiles and Monte Carlo standard error
/// across replications. Each percentile is taken over the replications' own
/// values of that aggregate (a region's total is summed per replication
/// first), never by adding percentiles. `monthly.csv` has the same form, by
/// month, for the month-end levels.
public enum SummaryTable {
    public static let header = ["scenario", "region", "municipality", "year", "metric", "unit",
                                "mean", "sd", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "mcse"]

    /// The summary rows of `results`, in a fixed order: region, municipality
    /// (table order, then `unknown`, then `ALL`), year, metric.
    /// With several regions, the national total follows as region `ALL`
    /// (``NationalTotal``).
    public static func csv(_ results: RunResults) -> String {
        let metrics = Metric.all.indices.filter { results.reports(Metric.all[$0]) }
        var out = table(results, header: header, periods: results.reportedYears.map { ($0, String(results.scenario.years[$0])) },
                        metrics: metrics) { r, u, y, m in
            results.sample(region: r, year: y, unit: u, metric: m)
        }
        guard results.scenario.regions.count > 1 else { return out }
        let prefix = "\(CSVFormat.field(results.scenario.name)),ALL,ALL,"
        for y in results.reportedYears {
            for m in metrics {
                // No row where there is no national total, or none this year (a region without a limit).
                guard let sample = NationalTotal.sample(results, year: y, metric: m), sample.contains(where: { !$0.isNaN }) else { continue }
                out += prefix + "\(results.scenario.years[y]),\(Metric.all[m].name),\(Metric.all[m].unit),"
                    + statistics(sample) + "\n"
            }
        }
        return out
    }

    /// Mean, sd, percentiles and mcse of a sample, as CSV fields, over the
    /// replications where the value is defined (not NaN): a wait in a year
    /// nobody was admitted, a share of an empty base, is left out, not
    /// counted as 0. All fields are empty when no replication defines it.
    static func statistics(_ sample: [Double]) -> String {
        let defined = sample.filter { !$0.isNaN }
        guard !defined.isEmpty else { return Array(repeating: "", count: 10).joined(separator: ",") }
        let s = SampleSummary(defined)
        return [s.mean, s.sd, s.p05, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95, s.mcse].map(CSVFormat.statistic).joined(separator: ",")
    }

    /// `monthly.csv` (with `--monthly`): the month-end levels of ``Metric/monthly``, by month (`YYYY-MM`).
    public static func monthlyCSV(_ results: RunResults) -> String {
        let months = results.reportedYears.flatMap { y in
            (1...12).map { (y * 12 + $0 - 1, String(format: "%d-%02d", results.scenario.years[y], $0)) }
        }
        let k = Metric.monthly.count
        return table(results, header: header.map { $0 == "year" ? "month" : $0 }, periods: months,
                     metrics: Metric.monthly.filter { results.reports(Metric.all[$0]) }) { r, u, month, m in
            let offset = (month * results.unitNames[r].count + u) * k + Metric.monthly.firstIndex(of: m)!
            return results.monthly[r].map { $0[offset] }
        }
    }

    private static func table(_ results: RunResults, header: [String], periods: [(index: Int, label: String)], metrics: [Int],
                              sample: @escaping @Sendable (_ region: Int, _ unit: Int, _ period: Int, _ metric: Int) -> [Double]) -> String {
        let scenario = CSVFormat.field(results.scenario.name)
        // One piece of text per (region, unit), made in parallel (sorting for
        // the percentiles is most of the work) and joined in order.
        let pieces = results.scenario.regions.indices.flatMap { r in
            results.unitNames[r].indices.filter { results.reports(unit: $0, region: r) }.map { (r, $0) }
        }
        let texts = ParallelPieces.make(count: pieces.count) { k in
            let (r, u) = pieces[k]
            let isAll = u == results.allUnit(region: r)
            let prefix = "\(scenario),\(CSVFormat.field(results.scenario.regions[r].name)),\(CSVFormat.field(results.unitNames[r][u])),"
            var out = ""
            for (p, period) in periods {
                for m in metrics where isAll || !Metric.all[m].regionOnly {
                    let metric = Metric.all[m]
                    out += prefix + "\(period),\(metric.name),\(metric.unit)," + statistics(sample(r, u, p, m)) + "\n"
                }
            }
            return out
        }
        return header.joined(separator: ",") + "\n" + texts.joined()
    }
}

/// Pieces of output made in parallel on every core and returned in order:
/// each piece depends only on its index, so the result is the same whatever
/// the number of cores.
enum ParallelPieces {
    static func make(count: Int, _ piece: @Sendable (Int) -> String) -> [String] {
        let slots = ParallelSlots(count: count, initial: "")
        DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, piece($0)) }
        return slots.take()
    }
}
