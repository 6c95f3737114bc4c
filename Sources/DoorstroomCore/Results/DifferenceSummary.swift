/// The paired difference of one metric cell between two runs aligned by
/// replication: d_r = variant_r − reference_r for each replication r.
///
/// Under common random numbers replication r meets the same luck in both
/// runs wherever the scenarios agree, so the spread of d is the spread the
/// policy change causes, not the chance of two unrelated draws; the standard
/// error below is that paired one, sd(d)/√n, usually far smaller than
/// √((var A + var B)/n) from two separate summaries.
///
/// With a `resolution` (the cent, for money), each d is rounded to a
/// multiple of it first: two scenarios that move money between
/// municipalities leave the region's total unchanged, yet their
/// floating-point sums may differ by 10⁻⁸ on €10⁸, which must not read as
/// "higher in every replication".
///
/// A replication whose value is undefined (NaN, an empty field in
/// `replications.csv`) in either run is left out; ``count`` is the number of
/// pairs used. With no pair every statistic is NaN (written as an empty
/// field); with one pair the standard error is NaN.
public struct DifferenceSummary: Hashable, Sendable {
    /// Mean of d.
    public var meanDifference: Double
    /// Monte Carlo standard error of the mean difference: sd(d)/√n (NaN for n < 2).
    public var mcse: Double
    /// Percentiles 5, 10, 25, 50, 75, 90 and 95 of d (as ``SampleSummary`` takes them): a fan of the difference.
    public var p05, p10, p25, p50, p75, p90, p95: Double
    /// The share of pairs with d > 0 (strictly): P(variant above reference).
    public var pPositive: Double
    /// The 95 % Wilson interval of ``pPositive``; nil with no pair.
    public var pPositiveInterval: WilsonInterval?
    /// Pairs used: replications where both values are defined.
    public var count: Int

    /// The summary of `variant − reference`, each difference rounded to a
    /// multiple of `resolution` if given; the two samples are in the same
    /// replication order and of the same length.
    public init(reference: [Double], variant: [Double], resolution: Double? = nil) {
        precondition(reference.count == variant.count, "paired samples of different lengths")
        precondition(resolution.map { $0 > 0 } ?? true, "a resolution must be positive")
        var d: [Double] = []
        d.reserveCapacity(reference.count)
        for (a, b) in zip(reference, variant) where !a.isNaN && !b.isNaN {
            let x = b - a
            d.append(resolution.map { (x / $0).rounded() * $0 } ?? x)
        }
        count = d.count
        guard !d.isEmpty else {
            (meanDifference, mcse, p05, p10, p25, p50, p75, p90, p95, pPositive) =
                (.nan, .nan, .nan, .nan, .nan, .nan, .nan, .nan, .nan, .nan)
            pPositiveInterval = nil
            return
        }
        let s = SampleSummary(d)
        (meanDifference, mcse, p05, p10, p25, p50, p75, p90, p95) =
            (s.mean, s.mcse, s.p05, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95)
        // The plain sum over n, not GSL's running mean: differences of counts that cancel give exactly 0,
        // not −2.7e-20 (a sign a spreadsheet filter would pick up).
        meanDifference = d.reduce(0, +) / Double(d.count)
        let positive = d.count { $0 > 0 }
        pPositive = Double(positive) / Double(d.count)
        pPositiveInterval = WilsonInterval(successes: positive, trials: d.count)
    }
}
