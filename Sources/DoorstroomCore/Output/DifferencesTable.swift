/// `differences.csv`: the paired differences of a variant against a
/// reference run, one row per region × municipality × year × metric that
/// both runs report, in the tidy long form of `summary.csv`.
///
/// `mean_difference` and the percentiles `p05` … `p95` are of variant − reference per
/// replication; `mcse` is the paired standard error sd(d)/√n; `p_positive`
/// is the share of replications with variant > reference, with its 95 %
/// Wilson interval in `p_positive_low` and `p_positive_high`; `n` is the
/// number of replications used (those where both values are defined).
/// An undefined statistic is an empty field, never 0: all of them when
/// n = 0, `mcse` when n = 1. See ``DifferenceSummary``.
public enum DifferencesTable {
    public static let header = ["scenario", "reference", "region", "municipality", "year", "metric", "unit",
                                "mean_difference", "mcse", "p05", "p10", "p25", "p50", "p75", "p90", "p95",
                                "p_positive", "p_positive_low", "p_positive_high", "n"]

    /// The table for `rows` of `scenario` (the variant) against `reference`.
    public static func csv(_ rows: [DifferenceRow], scenario: String, reference: String) -> String {
        var out = header.joined(separator: ",") + "\n"
        let names = CSVFormat.field(scenario) + "," + CSVFormat.field(reference) + ","
        for row in rows {
            let metric = Metric.all[row.metric]
            let s = row.summary
            let stats = [s.meanDifference, s.mcse, s.p05, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95, s.pPositive,
                         s.pPositiveInterval?.lower ?? .nan, s.pPositiveInterval?.upper ?? .nan]
            out += names + "\(CSVFormat.field(row.row.region)),\(CSVFormat.field(row.row.municipality)),\(row.row.year),"
                + "\(metric.name),\(metric.unit)," + stats.map(CSVFormat.statistic).joined(separator: ",") + ",\(s.count)\n"
        }
        return out
    }
}
