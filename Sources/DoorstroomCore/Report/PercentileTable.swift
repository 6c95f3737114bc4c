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

    static let required = ["scenario", "region", "municipality", "year", "metric", "unit",
                           "p05", "p10", "p25", "p50", "p75", "p90", "p95"]

    /// Reads `file`; throws every problem as a diagnostic naming the file, line and column.
    public init(file: String) throws(InputError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw InputError([Diagnostic(file: file, line: 1, column: 1, field: "",
                                         message: "cannot read it (\((error as NSError).localizedDescription))")])
        }
        let log = DiagnosticLog()
        guard let text = CSVDialect.rfc4180Text(of: data), let table = CSVTable.parse(text, file: file, log: log) else {
            throw InputError(log.diagnostics.isEmpty
                ? [Diagnostic(file: file, line: 1, column: 1, field: "", message: "expected UTF-8 text")] : log.diagnostics)
        }
        let missing = Self.required.filter { !table.header.contains($0) }
        guard missing.isEmpty else {
            throw InputError([Diagnostic(file: file, line: table.headerLine, column: 1, field: "",
                                         message: "expected the columns of a summary.csv or differences.csv; missing \(missing.joined(separator: ", "))")])
        }
        var seen = Set<String>()
        for row in table.rows {
            func text(_ column: String) -> String { row[column]?.text ?? "" }
            func number(_ column: String) -> Double? {
                guard let cell = row[column], !cell.text.isEmpty else { return nil }
                guard let x = Double(cell.text), x.isFinite else {
                    log.add(Diagnostic(file: file, line: row.line, column: cell.column, field: column,
                                       message: "expected a number, found `\(cell.text)`"))
                    return nil
                }
                return x
            }
            guard let yearText = row["year"], let year = Int(yearText.text) else {
                // Monthly or malformed rows are not yearly points.
                log.add(Diagnostic(file: file, line: row.line, column: row["year"]?.column ?? 1, field: "year",
                                   message: "expected a year, found `\(text("year"))`"))
                continue
            }
            let key = Key(scenario: text("scenario"), region: text("region"), municipality: text("municipality"),
                          metric: text("metric"))
            if seen.insert(key.scenario).inserted { scenarios.append(key.scenario) }
            if let mean = number(table.header.contains("mean") ? "mean" : "mean_difference") { means[key, default: [:]][year] = mean }
            let values = ["p05", "p10", "p25", "p50", "p75", "p90", "p95"].map(number)
            // An undefined statistic (an empty cell) leaves the year out of the fan.
            guard values.allSatisfy({ $0 != nil }) else { continue }
            let v = values.map { $0! }
            let quantiles = FanChart.Quantiles(p05: v[0], p10: v[1], p25: v[2], p50: v[3], p75: v[4], p90: v[5], p95: v[6])
            series[key, default: (text("unit"), [])].years.append((year, quantiles))
        }
        guard log.isEmpty else { throw InputError(log.sorted) }
    }
}
