import CGSL

/// The time already spent in a state by the clients found there at a random
/// moment of a stationary process: its density is S(a)/E[S], S the survival
/// of the sojourn (the product of the routes' survivals, since the sojourn is
/// the earliest of independent latent times).
///
/// It is sampled exactly by rejection from a step envelope. S decreases, so on
/// each interval [aᵢ, aᵢ₊₁) of a grid S ≤ S(aᵢ): an interval is drawn with
/// probability ∝ S(aᵢ)·(aᵢ₊₁ − aᵢ), a point uniformly in it, and the point is
/// kept with probability S(a)/S(aᵢ). The grid is fine enough (S falls by at
/// most a tenth per interval) that S(aᵢ₊₁) already decides almost every
/// draw, so S itself is rarely evaluated. Beyond the grid's end E the
/// envelope is S(E)·e^(−h(a−E)), h a lower bound on the sojourn's hazard
/// there (an exponential route's rate, a gamma or Weibull route's hazard at E
/// when it rises from there on). Routes that all have a falling hazard in the
/// tail (lognormal, Weibull or gamma with shape below 1 alone) admit no such
/// bound: ``init(survival:routes:)`` then returns nil and the caller samples
/// otherwise.
struct EquilibriumAge {
    /// The grid a₀ = 0 < a₁ < … < aₙ = E and S at each point.
    let points: [Double]
    let survival: [Double]
    /// The envelope's weights: the n intervals, then the tail beyond E (0 when S(E) = 0).
    let weights: [Double]
    /// The lower bound h on the hazard beyond E; 0 when S(E) = 0.
    let tailHazard: Double

    /// Grid points: S falls by at most `maximumFall` per interval where the
    /// step can be refined, and the grid ends where S is below `negligible`
    /// (the tail envelope carries the rest) or at most `maximumIntervals` on.
    static let maximumFall = 0.1
    static let negligible = 1e-12
    static let maximumIntervals = 2_048

    /// - Parameters:
    ///   - survival: S, the survival of the sojourn (the product over `routes`).
    ///   - routes: the routes that compete, for the scale, the support and the tail.
    init?(survival: (Double) -> Double, routes: [Distribution]) {
        guard !routes.isEmpty, survival(0) > 0 else { return nil }
        // A route with bounded support (fixed, empirical) ends every sojourn by its end.
        let supportEnd = routes.compactMap { d -> Double? in
            switch d {
            case let .fixed(x): return x
            case let .empirical(points, _): return points.last
            default: return nil
            }
        }.min() ?? .infinity
        let scale = routes.map(\.mean).filter { $0 > 0 && $0.isFinite }.min() ?? 1
        let minimumStep = scale * 1e-9
        var points = [0.0], values = [survival(0)]
        var step = scale / 64
        while values.last! > Self.negligible && points.count <= Self.maximumIntervals {
            let a = points.last!, s = values.last!
            var next = min(a + step, supportEnd)
            var sNext = survival(next)
            // Refine until S falls by at most `maximumFall`, unless the
            // support ends here (S jumps to 0) or the step is already tiny.
            while next < supportEnd && sNext < s * (1 - Self.maximumFall) && step > minimumStep {
                step /= 2
                next = a + step
                sNext = survival(next)
            }
            points.append(next)
            values.append(sNext)
            if next >= supportEnd { break }
            if sNext > s * (1 - Self.maximumFall / 4) { step *= 2 }
        }
        let end = points.last!, sEnd = values.last!
        var hazard = 0.0
        if sEnd > 0 {
            hazard = routes.map { Self.hazardBound($0, beyond: end) }.reduce(0, +)
            guard hazard > 0, hazard.isFinite else { return nil }
        }
        self.points = points
        self.survival = values
        tailHazard = hazard
        weights = (0..<(points.count - 1)).map { values[$0] * (points[$0 + 1] - points[$0]) }
            + [sEnd > 0 ? sEnd / hazard : 0]
    }

    /// A lower bound on a route's hazard at every a ≥ x (0 when there is none
    /// but 0): hazards of competing routes add up, so the sum bounds the sojourn's.
    static func hazardBound(_ d: Distribution, beyond x: Double) -> Double {
        switch d {
        case let .exponential(mean): return 1 / mean
        case let .gamma(shape, scale):
            // The hazard rises towards 1/θ when k ≥ 1 and falls towards it when k < 1.
            guard shape >= 1 else { return 1 / scale }
            let q = gsl_cdf_gamma_Q(x, shape, scale)
            return q > 0 ? gsl_ran_gamma_pdf(x, shape, scale) / q : 0
        case let .weibull(scale, shape):
            return shape >= 1 ? shape / scale * pow(x / scale, shape - 1) : 0
        case .lognormal:
            return 0
        case .empirical, .fixed:
            // Bounded support: the grid reaches its end, where S is 0, before a tail is needed.
            return 0
        }
    }
}
