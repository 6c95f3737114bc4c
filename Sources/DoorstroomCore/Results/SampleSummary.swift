import CGSL

/// Mean, spread and percentiles of one metric across replications, computed
/// with GSL. Percentiles interpolate linearly between order statistics
/// (`gsl_stats_quantile_from_sorted_data`, Hyndman–Fan type 7).
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
        var sorted = values
        sorted.sort()
        count = sorted.count
        let n = sorted.count
        let (m, s, q): (Double, Double, [Double]) = sorted.withUnsafeBufferPointer { b in
            let m = gsl_stats_mean(b.baseAddress, 1, n)
            let s = n > 1 ? gsl_stats_sd_m(b.baseAddress, 1, n, m) : .nan
            let q = Self.percentileLevels.map { gsl_stats_quantile_from_sorted_data(b.baseAddress, 1, n, $0) }
            return (m, s, q)
        }
        mean = m
        sd = s
        (p05, p10, p25, p50, p75, p90, p95) = (q[0], q[1], q[2], q[3], q[4], q[5], q[6])
        mcse = n > 1 ? s / Double(n).squareRoot() : .nan
    }
}
