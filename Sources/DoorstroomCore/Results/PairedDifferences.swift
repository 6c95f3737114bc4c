/// The paired difference of one metric in one row (region, municipality, year).
public struct DifferenceRow: Hashable, Sendable {
    public var row: ResultRow
    /// The metric, as an index into ``Metric/all``.
    public var metric: Int
    public var summary: DifferenceSummary
}

/// A row, region, municipality or year that only one of two runs has.
public struct ShapeDifference: Hashable, Sendable {
    /// `region`, `municipality` or `year`.
    public var field: String
    /// The first row that shows it, in the run that has it.
    public var row: ResultRow
    /// Whether the reference has it (and the variant not), or the other way round.
    public var inReference: Bool

    /// The difference in words, e.g. `municipality Gamma of region Small is in the variant but not in the reference`.
    public var message: String {
        let what: String
        switch field {
        case "region": what = "region \(row.region)"
        case "municipality": what = "municipality \(row.municipality) of region \(row.region)"
        default: what = "year \(row.year)"
        }
        return inReference ? "\(what) is in the reference but not in the variant"
                           : "\(what) is in the variant but not in the reference"
    }
}

/// Why two runs cannot be compared replication by replication.
public struct ComparisonMismatch: Error, CustomStringConvertible, Sendable {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

/// Paired differences, variant − reference, per row and metric, of two runs
/// of the same shape (regions, municipalities, years) over the same seed and
/// replications: ``DifferenceSummary`` for every cell both runs report.
///
/// Rows follow the reference's order (region, municipality, year), metrics
/// the catalogue's; as in `summary.csv`, region-only metrics are compared in
/// the `ALL` rows only. A unit only one run reports (`unknown` or `outside`,
/// which a variant may switch on or off) and a metric only one run reports
/// (the financial ones without `finance`) are left out. Money is compared
/// to the cent (``resolution(of:)``).
public enum PairedDifferences {
    /// The differences of two in-memory runs, e.g. two scenarios of one batch.
    /// Throws when their seeds, replications or shapes differ.
    public static func compare(reference: RunResults, variant: RunResults) throws(ComparisonMismatch) -> [DifferenceRow] {
        var problems: [String] = []
        if reference.scenario.seed != variant.scenario.seed {
            problems.append("seed: the variant's seed \(variant.scenario.seed) differs from the reference's \(reference.scenario.seed)")
        }
        return try compare(Layout(reference), Layout(variant), replications: (reference.replications, variant.replications),
                           problems: problems)
    }

    /// The differences of two runs read back from `replications.csv`; the
    /// caller has checked that they share a seed. Throws when their
    /// replications or shapes differ.
    public static func compare(reference: ReplicationSamples, variant: ReplicationSamples) throws(ComparisonMismatch) -> [DifferenceRow] {
        try compare(Layout(reference), Layout(variant), replications: (reference.replications, variant.replications),
                    problems: [])
    }

    /// The differences of two laid-out runs, after checking their replications and shapes.
    private static func compare(_ a: Layout, _ b: Layout, replications: (Range<Int>, Range<Int>),
                                problems: [String]) throws(ComparisonMismatch) -> [DifferenceRow] {
        var problems = problems
        if replications.0 != replications.1 {
            problems.append("replications: the variant's replications \(describe(replications.1)) differ from the "
                            + "reference's \(describe(replications.0))")
        }
        problems += shapeDifferences(reference: a.rows, variant: b.rows).map(\.message)
        guard problems.isEmpty else { throw ComparisonMismatch(problems: problems) }
        return differences(a, b)
    }

    /// The regions, municipalities and years only one of the two row lists
    /// has, each with the first row that shows it. `unknown` and `outside`
    /// rows are not part of the shape: a variant may add or drop them.
    public static func shapeDifferences(reference: [ResultRow], variant: [ResultRow]) -> [ShapeDifference] {
        var out: [ShapeDifference] = []
        for (rows, other, inReference) in [(reference, variant, true), (variant, reference, false)] {
            let regions = Set(other.map(\.region))
            let units = Set(other.filter(\.isMunicipality).map { [$0.region, $0.municipality] })
            let years = Set(other.map(\.year))
            var seen = Set<[String]>()
            for row in rows {
                let difference: (field: String, key: [String])?
                if !regions.contains(row.region) {
                    difference = ("region", [row.region])
                } else if row.isMunicipality && !units.contains([row.region, row.municipality]) {
                    difference = ("municipality", [row.region, row.municipality])
                } else if !years.contains(row.year) {
                    difference = ("year", [String(row.year)])
                } else {
                    difference = nil
                }
                if let difference, seen.insert([difference.field] + difference.key).inserted {
                    out.append(ShapeDifference(field: difference.field, row: row, inReference: inReference))
                }
            }
        }
        return out
    }

    /// The resolution differences are rounded to: the cent for money, none
    /// for counts and fractions (whose differences under common random
    /// numbers are exact). See ``DifferenceSummary``.
    public static func resolution(of metric: MetricDefinition) -> Double? {
        metric.unit == "euro" ? 0.01 : nil
    }

    /// The rows (region, municipality, year) a run of `scenario` reports, in
    /// output order: its shape, known before it runs.
    public static func rows(of scenario: Scenario) -> [ResultRow] {
        Layout(RunResults(scenario: scenario, values: [])).rows
    }

    /// The (region, unit, year) indices of the rows `results` reports, in output order.
    private static func places(_ results: RunResults) -> [(region: Int, unit: Int, year: Int)] {
        var places: [(region: Int, unit: Int, year: Int)] = []
        for r in results.scenario.regions.indices {
            for u in results.unitNames[r].indices where results.reports(unit: u, region: r) {
                for y in results.reportedYears { places.append((r, u, y)) }
            }
        }
        return places
    }

    static func describe(_ r: Range<Int>) -> String {
        r.isEmpty ? "none" : "\(r.lowerBound)…\(r.upperBound - 1) (\(r.count))"
    }

    /// A run's rows and metrics with a way to read a cell's sample.
    private struct Layout {
        var rows: [ResultRow]
        var metrics: Set<Int>
        var sample: (_ row: Int, _ metric: Int) -> [Double]

        init(_ results: RunResults) {
            let places = PairedDifferences.places(results)
            let years = results.scenario.years
            rows = places.map { p in
                ResultRow(region: results.scenario.regions[p.region].name, municipality: results.unitNames[p.region][p.unit],
                          year: years[p.year])
            }
            metrics = Set(Metric.all.indices.filter { results.reports(Metric.all[$0]) })
            sample = { row, metric in
                let p = places[row]
                return results.sample(region: p.region, year: p.year, unit: p.unit, metric: metric)
            }
        }

        init(_ samples: ReplicationSamples) {
            rows = samples.rows
            metrics = Set(samples.metrics)
            let column = Dictionary(uniqueKeysWithValues: samples.metrics.enumerated().map { ($1, $0) })
            sample = { row, metric in samples.sample(row: row, column: column[metric]!) }
        }
    }

    private static func differences(_ reference: Layout, _ variant: Layout) -> [DifferenceRow] {
        let variantRow = Dictionary(variant.rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let metrics = Metric.all.indices.filter { reference.metrics.contains($0) && variant.metrics.contains($0) }
        var out: [DifferenceRow] = []
        for (i, row) in reference.rows.enumerated() {
            guard let j = variantRow[row] else { continue }
            for m in metrics where row.municipality == "ALL" || !Metric.all[m].regionOnly {
                let summary = DifferenceSummary(reference: reference.sample(i, m), variant: variant.sample(j, m),
                                                resolution: resolution(of: Metric.all[m]))
                out.append(DifferenceRow(row: row, metric: m, summary: summary))
            }
        }
        return out
    }
}
