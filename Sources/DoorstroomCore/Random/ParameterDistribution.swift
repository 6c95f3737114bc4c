import CGSL
import Foundation

/// The distribution of one uncertain scenario parameter (see
/// docs/uncertainty.md). Every draw is by the inverse CDF (`gsl_cdf_*_Pinv`)
/// of one uniform number from the parameter's own stream, so a draw is a
/// monotone function of that number.
///
/// The unbounded families (normal, lognormal, gamma, and the ranges read as
/// one of them) are truncated to their central 99.9 %, between the 0.05 % and
/// 99.95 % quantiles: validation checks that both ends are values the field
/// accepts, so a drawn scenario is never refused in the middle of a run. The
/// bounded families (uniform, triangular, beta) are checked at the ends of
/// their support.
public enum ParameterDistribution: Hashable, Sendable, CustomStringConvertible {
    case normal(mean: Double, sd: Double)
    /// exp(N(log median, σ²)).
    case lognormal(median: Double, sigma: Double)
    /// Gamma with the given mean and standard deviation (shape (mean/sd)², scale sd²/mean).
    case gamma(mean: Double, sd: Double)
    /// Beta(a, b) on [0, 1].
    case beta(a: Double, b: Double)
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)

    /// The probability cut from each tail of an unbounded family.
    public static let tail = 0.0005

    /// The families a scenario may name, as written.
    public static let families = ["normal", "lognormal", "gamma", "beta", "uniform", "triangular", "range"]

    public var isBounded: Bool {
        switch self {
        case .beta, .uniform, .triangular: return true
        case .normal, .lognormal, .gamma: return false
        }
    }

    /// The value below which a share `p` of the (untruncated) distribution lies.
    public func quantile(_ p: Double) -> Double {
        switch self {
        case let .normal(mean, sd): return mean + gsl_cdf_gaussian_Pinv(p, sd)
        case let .lognormal(median, sigma): return gsl_cdf_lognormal_Pinv(p, log(median), sigma)
        case let .gamma(mean, sd):
            let shape = (mean / sd) * (mean / sd)
            return gsl_cdf_gamma_Pinv(p, shape, sd * sd / mean)
        case let .beta(a, b):
            if p <= 0 { return 0 }
            if p >= 1 { return 1 }
            return gsl_cdf_beta_Pinv(p, a, b)
        case let .uniform(lo, hi): return lo + (hi - lo) * min(max(p, 0), 1)
        case let .triangular(lo, mode, hi):
            let p = min(max(p, 0), 1)
            let split = (mode - lo) / (hi - lo)
            if p <= split { return lo + sqrt(p * (hi - lo) * (mode - lo)) }
            return hi - sqrt((1 - p) * (hi - lo) * (hi - mode))
        }
    }

    /// The value a uniform draw `u` in [0, 1) gives (truncated to the
    /// central 99.9 % for an unbounded family).
    public func value(forUniform u: Double) -> Double {
        isBounded ? quantile(u) : quantile(Self.tail + (1 - 2 * Self.tail) * u)
    }

    /// The smallest and largest value a draw can take.
    public var lowest: Double { isBounded ? quantile(0) : quantile(Self.tail) }
    public var highest: Double { isBounded ? quantile(1) : quantile(1 - Self.tail) }

    /// The median, substituted to read and validate the scenario once.
    public var median: Double { quantile(0.5) }

    public var description: String {
        func n(_ x: Double) -> String { String(format: "%.6g", x) }
        switch self {
        case let .normal(mean, sd): return "normal(mean \(n(mean)), sd \(n(sd)))"
        case let .lognormal(median, sigma): return "lognormal(median \(n(median)), sigma \(n(sigma)))"
        case let .gamma(mean, sd): return "gamma(mean \(n(mean)), sd \(n(sd)))"
        case let .beta(a, b): return "beta(a \(n(a)), b \(n(b)))"
        case let .uniform(lo, hi): return "uniform(min \(n(lo)), max \(n(hi)))"
        case let .triangular(lo, mode, hi): return "triangular(min \(n(lo)), mode \(n(mode)), max \(n(hi)))"
        }
    }
}
