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
        var reading = try ChartTableReading(file: file, required: Self.required, kind: "summary.csv or differences.csv")
        let columns = Columns(reading)
        // A national summary.csv has some 300 000 rows but only some 30 000
        // keys: the rows are gathered by the numbers of their key's texts, and
        // the keys of texts are made once each, at the end.
        var texts = (scenario: TextNumbering(), region: TextNumbering(), municipality: TextNumbering(), metric: TextNumbering())
        var entries: [Entry] = []
        var entryOfKey: [Entry.Key: Int] = [:]
        while let row = reading.nextRow() {
            // Monthly or malformed rows are not yearly points.
            guard let year = reading.integer(row, columns.year, minimum: Int.min, what: "a year") else { continue }
            let key = Entry.Key(scenario: texts.scenario.number(reading.text(row, columns.scenario)),
                                region: texts.region.number(reading.text(row, columns.region)),
                                municipality: texts.municipality.number(reading.text(row, columns.municipality)),
                                metric: texts.metric.number(reading.text(row, columns.metric)))
            let index: Int
            if let found = entryOfKey[key] { index = found } else {
                index = entries.count
                entryOfKey[key] = index
                entries.append(Entry(key: key))
            }
            if let mean = reading.number(row, columns.mean) { entries[index].means[year] = mean }
            // An undefined statistic (an empty cell) leaves the year out of the fan.
            guard let quantiles = columns.quantiles(of: row, reading) else { continue }
            if entries[index].unit == nil { entries[index].unit = reading.text(row, columns.unit) }
            entries[index].years.append((year, quantiles))
        }
        scenarios = texts.scenario.texts
        series.reserveCapacity(entries.count)
        for entry in entries {
            let key = Key(scenario: texts.scenario.texts[entry.key.scenario], region: texts.region.texts[entry.key.region],
                          municipality: texts.municipality.texts[entry.key.municipality],
                          metric: texts.metric.texts[entry.key.metric])
            if let unit = entry.unit {
                series[key] = (unit, entry.years)
                regions.insert(key.region)
            }
            if !entry.means.isEmpty { means[key] = entry.means }
        }
        try reading.finish()
    }

    /// The columns read, found once for the table.
    private struct Columns {
        let scenario, region, municipality, year, metric, unit, mean: CSVTable.Column
        let p05, p10, p25, p50, p75, p90, p95: CSVTable.Column

        init(_ reading: ChartTableReading) {
            func column(_ name: String) -> CSVTable.Column { reading.column(name) }
            (scenario, region, municipality) = (column("scenario"), column("region"), column("municipality"))
            (year, metric, unit) = (column("year"), column("metric"), column("unit"))
            // A differences.csv has the mean difference.
            mean = column(reading.header.contains("mean") ? "mean" : "mean_difference")
            (p05, p10, p25, p50) = (column("p05"), column("p10"), column("p25"), column("p50"))
            (p75, p90, p95) = (column("p75"), column("p90"), column("p95"))
        }

        /// The quantiles of `row`; nil if any is undefined or, with a
        /// diagnostic for each, not a number.
        func quantiles(of row: CSVTable.Row, _ reading: ChartTableReading) -> FanChart.Quantiles? {
            let values = (reading.number(row, p05), reading.number(row, p10), reading.number(row, p25), reading.number(row, p50),
                          reading.number(row, p75), reading.number(row, p90), reading.number(row, p95))
            guard let p05 = values.0, let p10 = values.1, let p25 = values.2, let p50 = values.3,
                  let p75 = values.4, let p90 = values.5, let p95 = values.6 else { return nil }
            return FanChart.Quantiles(p05: p05, p10: p10, p25: p25, p50: p50, p75: p75, p90: p90, p95: p95)
        }
    }

    /// What the rows of one key hold, gathered while reading.
    private struct Entry {
        /// A key as the numbers of its texts.
        struct Key: Hashable {
            let scenario, region, municipality, metric: Int
        }

        let key: Key
        /// The unit of the first row with every quantile; nil while there is none.
        var unit: String?
        var years: [(year: Int, quantiles: FanChart.Quantiles)] = []
        var means: [Int: Double] = [:]
    }

    /// The distinct texts of a column, numbered in the order they first occur.
    private struct TextNumbering {
        private(set) var texts: [String] = []
        private var numbers: [String: Int] = [:]
        private var last: (text: String, number: Int)?

        /// The number of `text`: the next free one if it is new.
        mutating func number(_ text: String) -> Int {
            // Rows come grouped by place, so a text is most often the previous row's.
            if let last, last.text == text { return last.number }
            let number: Int
            if let known = numbers[text] { number = known } else {
                number = texts.count
                texts.append(text)
                numbers[text] = number
            }
            last = (text, number)
            return number
        }
    }
}
