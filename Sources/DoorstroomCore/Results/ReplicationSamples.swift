/// One row of a run's results: a region, a reporting unit (a municipality,
/// `unknown`, `outside` or `ALL`) and a year.
public struct ResultRow: Hashable, Sendable {
    public var region: String
    public var municipality: String
    public var year: Int

    public init(region: String, municipality: String, year: Int) {
        self.region = region
        self.municipality = municipality
        self.year = year
    }

    /// Whether the unit is one of a region's own municipalities (not
    /// `unknown`, `outside` or the region's `ALL`).
    var isMunicipality: Bool { !["unknown", "outside", "ALL"].contains(municipality) }
}

/// Every replication's values of a run by row and metric, as
/// `replications.csv` holds them: what a paired comparison of two finished
/// runs reads (see ``ReplicationTableReader``).
public struct ReplicationSamples: Sendable {
    /// The rows, in file order.
    public var rows: [ResultRow]
    /// The metric columns, as indices into ``Metric/all``, in file order.
    public var metrics: [Int]
    /// The replications held, in order.
    public var replications: Range<Int>
    /// values[((replication − first) × rows + row) × metrics + column]; NaN where undefined.
    public var values: [Double]

    public init(rows: [ResultRow], metrics: [Int], replications: Range<Int>, values: [Double]) {
        precondition(values.count == rows.count * metrics.count * replications.count, "values do not fill the table")
        self.rows = rows
        self.metrics = metrics
        self.replications = replications
        self.values = values
    }

    /// The values of one row and metric column across replications, in replication order.
    public func sample(row: Int, column: Int) -> [Double] {
        let stride = rows.count * metrics.count
        let offset = row * metrics.count + column
        return (0..<replications.count).map { values[$0 * stride + offset] }
    }
}
