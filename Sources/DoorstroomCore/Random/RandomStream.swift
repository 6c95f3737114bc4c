import CGSL

/// A reproducible stream of random numbers: one GSL generator of type
/// xoshiro256** (see `Sources/CGSL/shim.h`), sampled through GSL's
/// distributions (`gsl_ran_*`).
///
/// A stream owns its `gsl_rng` and frees it exactly once, when the stream is
/// released. It is not `Sendable`: create one inside each parallel work item.
///
/// ```swift
/// let stream = RandomStream(key: StreamKey(masterSeed: 42, replication: 0,
///                                          region: 0, purpose: .initialPopulation))
/// let stay = stream.gamma(shape: 1.5, scale: 3.0)
/// ```
public final class RandomStream {
    /// The underlying GSL generator, for calling other `gsl_ran_*` functions.
    public let generator: UnsafeMutablePointer<gsl_rng>

    /// A stream seeded with a 64-bit seed (all 64 bits are used).
    public init(seed: UInt64) {
        GSL.configure()
        guard let rng = gsl_rng_alloc(cgsl_rng_xoshiro256ss()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        generator = rng
        cgsl_rng_reseed(rng, seed)
    }

    /// The stream named by `key`.
    public convenience init(key: StreamKey) {
        self.init(seed: key.seed)
    }

    deinit { gsl_rng_free(generator) }

    /// Restarts the stream from `seed`, without allocating.
    @inlinable public func reseed(_ seed: UInt64) { cgsl_rng_reseed(generator, seed) }

    /// Restarts the stream as the stream named by `key`, without allocating.
    public func reseed(key: StreamKey) { cgsl_rng_reseed(generator, key.seed) }

    /// The next raw 64-bit output of the generator.
    @inlinable public func nextUInt64() -> UInt64 { cgsl_rng_next_u64(generator) }

    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { cgsl_rng_next_double(generator) }

    /// Uniform on (0, 1): never exactly zero, for logarithms.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

    /// Uniform on [lower, upper) (`gsl_ran_flat`).
    @inlinable public func uniform(from lower: Double, to upper: Double) -> Double {
        gsl_ran_flat(generator, lower, upper)
    }

    /// True with probability `p`.
    @inlinable public func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Exponential with the given mean (`gsl_ran_exponential`).
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(generator, mean) }

    /// Gamma with shape k and scale θ, mean kθ (`gsl_ran_gamma`).
    @inlinable public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(generator, shape, scale) }

    /// Weibull with scale λ and shape k (`gsl_ran_weibull`).
    @inlinable public func weibull(scale: Double, shape: Double) -> Double { gsl_ran_weibull(generator, scale, shape) }

    /// Lognormal: exp(N(μ, σ²)) (`gsl_ran_lognormal`).
    @inlinable public func lognormal(mu: Double, sigma: Double) -> Double { gsl_ran_lognormal(generator, mu, sigma) }

    /// Beta(a, b) (`gsl_ran_beta`).
    @inlinable public func beta(a: Double, b: Double) -> Double { gsl_ran_beta(generator, a, b) }

    /// Normal with mean μ and standard deviation σ (`gsl_ran_gaussian_ziggurat`).
    @inlinable public func normal(mean: Double, sd: Double) -> Double {
        mean + gsl_ran_gaussian_ziggurat(generator, sd)
    }

    /// Poisson with the given mean (`gsl_ran_poisson`).
    @inlinable public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(generator, mean)) }

    /// Binomial: successes in `trials` with probability `p` (`gsl_ran_binomial`).
    @inlinable public func binomial(trials: Int, p: Double) -> Int {
        Int(gsl_ran_binomial(generator, p, UInt32(trials)))
    }

    /// Negative binomial: failures before the n-th success with success
    /// probability `p`; n may be fractional (`gsl_ran_negative_binomial`).
    @inlinable public func negativeBinomial(p: Double, n: Double) -> Int {
        Int(gsl_ran_negative_binomial(generator, p, n))
    }

    /// An index drawn with the weights preprocessed in `sampler` (`gsl_ran_discrete`).
    @inlinable public func discrete(_ sampler: DiscreteSampler) -> Int {
        Int(gsl_ran_discrete(generator, sampler.table))
    }
}

/// Process-wide GSL settings.
public enum GSL {
    private static let configured: Bool = {
        // GSL aborts the process on any error by default; we check results instead.
        gsl_set_error_handler_off()
        return true
    }()

    /// Turns GSL's abort-on-error handler off. Idempotent and thread-safe.
    public static func configure() { _ = configured }
}
