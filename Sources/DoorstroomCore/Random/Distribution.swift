import CGSL

/// A duration distribution, in days, sampled through GSL. Scenario files give
/// durations in years; the loader converts them (1 year = 365.25 days).
public enum Distribution: Hashable, Sendable {
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Gamma with shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)
    /// Weibull with scale λ and shape k.
    case weibull(scale: Double, shape: Double)
    /// Lognormal: exp(N(μ, σ²)).
    case lognormal(mu: Double, sigma: Double)
    /// An empirical table: a piecewise-linear cumulative distribution through
    /// (0, 0) and the given points; the last probability is 1.
    case empirical(points: [Double], cumulative: [Double])
    /// Always the same value; for hand-checkable scenarios.
    case fixed(Double)

    /// Days in a year, for converting scenario durations.
    public static let daysPerYear = 365.25

    /// One draw.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        switch self {
        case let .exponential(mean): return stream.exponential(mean: mean)
        case let .gamma(shape, scale): return stream.gamma(shape: shape, scale: scale)
        case let .weibull(scale, shape): return stream.weibull(scale: scale, shape: shape)
        case let .lognormal(mu, sigma): return stream.lognormal(mu: mu, sigma: sigma)
        case let .empirical(points, cumulative): return Self.empiricalQuantile(stream.uniform(), points, cumulative)
        case let .fixed(x): return x
        }
    }

    /// The mean.
    public var mean: Double {
        switch self {
        case let .exponential(mean): return mean
        case let .gamma(shape, scale): return shape * scale
        case let .weibull(scale, shape): return scale * gsl_sf_gamma(1 + 1 / shape)
        case let .lognormal(mu, sigma): return exp(mu + sigma * sigma / 2)
        case let .empirical(points, cumulative):
            var m = 0.0, x0 = 0.0, p0 = 0.0
            for (x, p) in zip(points, cumulative) {
                m += (p - p0) * (x0 + x) / 2
                (x0, p0) = (x, p)
            }
            return m
        case let .fixed(x): return x
        }
    }

    /// P(X ≤ x), from `gsl_cdf_*`.
    public func cdf(_ x: Double) -> Double {
        switch self {
        case let .exponential(mean): return gsl_cdf_exponential_P(x, mean)
        case let .gamma(shape, scale): return gsl_cdf_gamma_P(x, shape, scale)
        case let .weibull(scale, shape): return gsl_cdf_weibull_P(x, scale, shape)
        case let .lognormal(mu, sigma): return gsl_cdf_lognormal_P(x, mu, sigma)
        case let .empirical(points, cumulative): return Self.empiricalCDF(x, points, cumulative)
        case let .fixed(v): return x >= v ? 1 : 0
        }
    }

    /// P(X > x), from `gsl_cdf_*_Q`: accurate far into the tail, where 1 − ``cdf(_:)`` is 0.
    public func survival(_ x: Double) -> Double {
        switch self {
        case let .exponential(mean): return gsl_cdf_exponential_Q(x, mean)
        case let .gamma(shape, scale): return gsl_cdf_gamma_Q(x, shape, scale)
        case let .weibull(scale, shape): return gsl_cdf_weibull_Q(x, scale, shape)
        case let .lognormal(mu, sigma): return gsl_cdf_lognormal_Q(x, mu, sigma)
        case .empirical: return 1 - cdf(x)
        case let .fixed(v): return x < v ? 1 : 0
        }
    }

    /// The value exceeded with probability `q` (the upper quantile), from
    /// `gsl_cdf_*_Qinv`.
    public func upperQuantile(_ q: Double) -> Double {
        switch self {
        case let .exponential(mean): return gsl_cdf_exponential_Qinv(q, mean)
        case let .gamma(shape, scale): return gsl_cdf_gamma_Qinv(q, shape, scale)
        case let .weibull(scale, shape): return gsl_cdf_weibull_Qinv(q, scale, shape)
        case let .lognormal(mu, sigma): return gsl_cdf_lognormal_Qinv(q, mu, sigma)
        case let .empirical(points, cumulative): return Self.empiricalQuantile(1 - q, points, cumulative)
        case let .fixed(x): return x
        }
    }

    static func empiricalCDF<C: Collection<Double>>(_ x: Double, _ points: C, _ cumulative: C) -> Double {
        var x0 = 0.0, p0 = 0.0
        for (xi, pi) in zip(points, cumulative) {
            if x <= xi { return xi == x0 ? pi : p0 + (pi - p0) * (x - x0) / (xi - x0) }
            (x0, p0) = (xi, pi)
        }
        return 1
    }

    @usableFromInline
    static func empiricalQuantile<C: BidirectionalCollection<Double>>(_ u: Double, _ points: C, _ cumulative: C) -> Double {
        var x0 = 0.0, p0 = 0.0
        for (x, p) in zip(points, cumulative) {
            if u < p { return x0 + (x - x0) * (u - p0) / (p - p0) }
            (x0, p0) = (x, p)
        }
        return points.last ?? 0
    }
}
