import CGSL

/// Weighted choice among n outcomes in O(1) per draw, with GSL's Walker alias
/// table (`gsl_ran_discrete_preproc`). Immutable after creation, so one
/// sampler may be shared by all threads.
public final class DiscreteSampler: @unchecked Sendable {
    // Invariant: `table` is written only in init and read-only afterwards;
    // gsl_ran_discrete does not mutate it.
    public let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// The normalised weights.
    public let probabilities: [Double]

    /// A sampler for the given non-negative weights (at least one positive).
    public init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite },
                     "DiscreteSampler needs finite non-negative weights")
        let total = weights.reduce(0, +)
        precondition(total > 0, "DiscreteSampler needs a positive weight")
        GSL.configure()
        guard let t = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            fatalError("gsl_ran_discrete_preproc failed")
        }
        table = t
        probabilities = weights.map { $0 / total }
    }

    deinit { gsl_ran_discrete_free(table) }
}
