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
        let metrics = reportedMetrics(results)
        var out: String
        if let streamed = results.streamed {
            precondition(streamed.filter == results.filter, "a streamed run's summary is written with the filter it was made for")
            out = header.joined(separator: ",") + "\n" + streamed.summary.joined()
        } else {
            out = table(results, header: header) { r in
                summaryRows(results, region: r) { u, y, m in results.sample(region: r, year: y, unit: u, metric: m) }
            }
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

    /// The metrics `summary.csv` reports.
    static func reportedMetrics(_ results: RunResults) -> [Int] {
        Metric.all.indices.filter { results.reports(Metric.all[$0]) }
    }

    /// The rows of `summary.csv` for one region (not the national ones), in
    /// order: unit, year, metric. `sample(unit, year, metric)` gives the
    /// region's values across replications. Only `results`' scenario and
    /// filter are read, so a streamed run calls it with results that hold no values.
    static func summaryRows(_ results: RunResults, region r: Int,
                            sample: @escaping @Sendable (_ unit: Int, _ year: Int, _ metric: Int) -> [Double]) -> String {
        rows(results, region: r, periods: results.reportedYears.map { ($0, String(results.scenario.years[$0])) },
             metrics: reportedMetrics(results), sample: sample)
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
        let header = header.map { $0 == "year" ? "month" : $0 }
        if let streamed = results.streamed {
            precondition(streamed.filter == results.filter, "a streamed run's summary is written with the filter it was made for")
            guard let monthly = streamed.monthly else { preconditionFailure("a streamed run without month-end levels") }
            return header.joined(separator: ",") + "\n" + monthly.joined()
        }
        return table(results, header: header) { r in
            monthlyRows(results, region: r) { u, month, m in
                let offset = Self.monthlyOffset(results, region: r, month: month, unit: u, metric: m)
                return results.monthly[r].map { $0[offset] }
            }
        }
    }

    /// Where a month-end level is in a replication's month-end array.
    static func monthlyOffset(_ results: RunResults, region r: Int, month: Int, unit u: Int, metric m: Int) -> Int {
        (month * results.unitNames[r].count + u) * Metric.monthly.count + Metric.monthly.firstIndex(of: m)!
    }

    /// The rows of `monthly.csv` for one region, as ``summaryRows(_:region:sample:)``;
    /// `sample(unit, month, metric)`, the month counted from the first of the period.
    static func monthlyRows(_ results: RunResults, region r: Int,
                            sample: @escaping @Sendable (_ unit: Int, _ month: Int, _ metric: Int) -> [Double]) -> String {
        let months = results.reportedYears.flatMap { y in
            (1...12).map { (y * 12 + $0 - 1, String(format: "%d-%02d", results.scenario.years[y], $0)) }
        }
        return rows(results, region: r, periods: months, metrics: Metric.monthly.filter { results.reports(Metric.all[$0]) }, sample: sample)
    }

    /// The header and every region's rows, the regions made in parallel.
    private static func table(_ results: RunResults, header: [String], region: @escaping @Sendable (Int) -> String) -> String {
        header.joined(separator: ",") + "\n" + ParallelPieces.make(count: results.scenario.regions.count, region).joined()
    }

    /// One region's rows: per reported unit (in order), period and metric.
    private static func rows(_ results: RunResults, region r: Int, periods: [(index: Int, label: String)], metrics: [Int],
                             sample: @escaping @Sendable (_ unit: Int, _ period: Int, _ metric: Int) -> [Double]) -> String {
        let scenario = CSVFormat.field(results.scenario.name)
        // One piece of text per unit, made in parallel (sorting for the
        // percentiles is most of the work) and joined in order.
        let units = results.unitNames[r].indices.filter { results.reports(unit: $0, region: r) }
        let texts = ParallelPieces.make(count: units.count) { k in
            let u = units[k]
            let isAll = u == results.allUnit(region: r)
            let prefix = "\(scenario),\(CSVFormat.field(results.scenario.regions[r].name)),\(CSVFormat.field(results.unitNames[r][u])),"
            var out = ""
            for (p, period) in periods {
                for m in metrics where isAll || !Metric.all[m].regionOnly {
                    let metric = Metric.all[m]
                    out += prefix + "\(period),\(metric.name),\(metric.unit)," + statistics(sample(u, p, m)) + "\n"
                }
            }
            return out
        }
        return texts.joined()
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
