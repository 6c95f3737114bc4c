import Foundation

/// The percentiles of a finished run's or batch's `summary.csv` or
/// `differences.csv` (either CSV dialect), by scenario, region,
/// municipality and metric: what charts are drawn from, so a chart never
/// needs the replications.
public struct PercentileTable: Sendable {
    /// One row's place.
    public struct Key: Hashable, Sendable {
        public var scenario: String
        public var region: String
        public var municipality: String
        public var metric: String

        public init(scenario: String, region: String, municipality: String, metric: String) {
            (self.scenario, self.region, self.municipality, self.metric) = (scenario, region, municipality, metric)
        }
    }

    /// Per key: the unit and the quantiles by year.
    public private(set) var series: [Key: (unit: String, years: [(year: Int, quantiles: FanChart.Quantiles)])] = [:]
    /// Per key: the mean by year (`mean` or `mean_difference`), where defined.
    public private(set) var means: [Key: [Int: Double]] = [:]
    /// The scenarios, in the order of the file.
    public private(set) var scenarios: [String] = []
    /// The regions of the series (`ALL` too, if the table has national rows).
    /// Held rather than derived from the keys, which every chart asks for.
    public private(set) var regions: Set<String> = []

    static let required = ["scenario", "region", "municipality", "year", "metric", "unit",
                           "p05", "p10", "p25", "p50", "p75", "p90", "p95"]

    /// Reads `file`; throws every problem as a diagnostic naming the file, line and column.
    public init(file: String) throws(InputError) {
        let reading = try ChartTableReading(file: file, required: Self.required, kind: "summary.csv or differences.csv")
        let meanColumn = reading.table.header.contains("mean") ? "mean" : "mean_difference"
        var seen = Set<String>()
        for row in reading.table.rows {
            // Monthly or malformed rows are not yearly points.
            guard let year = reading.integer(row, "year", minimum: Int.min, what: "a year") else { continue }
            let key = Key(scenario: reading.text(row, "scenario"), region: reading.text(row, "region"),
                          municipality: reading.text(row, "municipality"), metric: reading.text(row, "metric"))
            if seen.insert(key.scenario).inserted { scenarios.append(key.scenario) }
            if let mean = reading.number(row, meanColumn) { means[key, default: [:]][year] = mean }
            let values = ["p05", "p10", "p25", "p50", "p75", "p90", "p95"].map { reading.number(row, $0) }
            // An undefined statistic (an empty cell) leaves the year out of the fan.
            guard values.allSatisfy({ $0 != nil }) else { continue }
            let v = values.map { $0! }
            let quantiles = FanChart.Quantiles(p05: v[0], p10: v[1], p25: v[2], p50: v[3], p75: v[4], p90: v[5], p95: v[6])
            series[key, default: (reading.text(row, "unit"), [])].years.append((year, quantiles))
        }
        regions = Set(series.keys.map(\.region))
        try reading.finish()
    }
}
