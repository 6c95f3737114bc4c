/// Mean, spread and percentiles of one metric across replications.
/// Percentiles interpolate linearly between order statistics as
/// `gsl_stats_quantile_from_sorted_data` does (Hyndman–Fan type 7), found by
/// selection (``OrderStatistics``) rather than a sort; the mean and the
/// spread are plain sums (two passes, about the first value), and a constant sample gives itself
/// and a spread of exactly 0. These were a tenth of a national run.
public struct SampleSummary: Hashable, Sendable {
    public var mean: Double
    /// Sample standard deviation (n − 1); NaN for one replication.
    public var sd: Double
    public var p05, p10, p25, p50, p75, p90, p95: Double
    /// Monte Carlo standard error of the mean: sd / √n.
    public var mcse: Double
    public var count: Int

    public static let percentileLevels = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "a summary needs at least one value")
        let n = values.count
        count = n
        // Summed about the first value: a sample that varies little (a sum of
        // the same costs in another order) keeps its digits.
        let shift = values[0]
        var sum = 0.0, lowest = values[0], highest = values[0]
        for x in values {
            sum += x - shift
            lowest = Swift.min(lowest, x)
            highest = Swift.max(highest, x)
        }
        if lowest == highest {
            // A constant (places, a rule's fixed share): exactly itself, spread exactly 0.
            mean = lowest
            sd = n > 1 ? 0 : .nan
            (p05, p10, p25, p50, p75, p90, p95) = (lowest, lowest, lowest, lowest, lowest, lowest, lowest)
        } else {
            let m = shift + sum / Double(n)
            var squares = 0.0
            for x in values { squares += (x - m) * (x - m) }
            mean = m
            sd = n > 1 ? (squares / Double(n - 1)).squareRoot() : .nan
            var work = values
            let q = work.withUnsafeMutableBufferPointer { OrderStatistics.quantiles($0, levels: Self.percentileLevels) }
            (p05, p10, p25, p50, p75, p90, p95) = (q[0], q[1], q[2], q[3], q[4], q[5], q[6])
        }
        mcse = n > 1 ? sd / Double(n).squareRoot() : .nan
    }
}
