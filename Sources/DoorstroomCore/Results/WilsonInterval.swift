import CGSL

/// The Wilson score interval for a binomial proportion: a confidence interval
/// for a probability estimated as `successes / trials` (Wilson 1927).
///
/// Unlike the normal approximation p̂ ± z √(p̂(1 − p̂)/n), it never collapses
/// to a point: at p̂ = 0 it is [0, z²/(n + z²)] and at p̂ = 1 it is
/// [n/(n + z²), 1] (at n = 1,000 and 95 %: [0.99617, 1]). So a P(deficit) of
/// 0 or 1 seen in n replications still says how sure that is.
public struct WilsonInterval: Hashable, Sendable {
    public var lower: Double
    public var upper: Double

    /// The interval for `successes` of `trials` (trials ≥ 1) at the two-sided
    /// `confidence` level (default 95 %: z = 1.959964 from GSL's normal quantile).
    public init(successes: Int, trials: Int, confidence: Double = 0.95) {
        precondition(trials > 0 && (0...trials).contains(successes), "Wilson interval of \(successes) of \(trials)")
        precondition(confidence > 0 && confidence < 1, "confidence must be in (0, 1)")
        let z = gsl_cdf_ugaussian_Pinv(0.5 + confidence / 2)
        let n = Double(trials), p = Double(successes) / n
        let z2n = z * z / n
        let centre = (p + z2n / 2) / (1 + z2n)
        let half = z / (1 + z2n) * (p * (1 - p) / n + z2n / (4 * n)).squareRoot()
        // At p̂ = 0 and 1 the formula's closed end is exactly 0 and 1; rounding
        // must not turn it into 1e-17 or 1 − 1e-16.
        lower = successes == 0 ? 0 : max(0, centre - half)
        upper = successes == trials ? 1 : min(1, centre + half)
    }
}
