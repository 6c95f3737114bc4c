import CGSL

/// The time already spent in a state by the clients found there at a random
/// moment of a stationary process: its density is S(a)/E[S], S the survival
/// of the sojourn (the product of the routes' survivals, since the sojourn is
/// the earliest of independent latent times).
///
/// It is sampled exactly by rejection from a step envelope. S decreases, so on
/// each interval [aᵢ, aᵢ₊₁) of a grid S ≤ S(aᵢ): an interval is drawn with
/// probability ∝ S(aᵢ)·(aᵢ₊₁ − aᵢ), a point uniformly in it, and the point is
/// kept with probability S(a)/S(aᵢ). Where S is not negligible the grid is
/// fine enough (S falls by at most a tenth per interval) that S(aᵢ₊₁)
/// already decides almost every draw, so S itself is rarely evaluated;
/// beyond, S may fall tenfold per interval (that part of the envelope holds
/// at most ten times a negligible mass). Beyond the grid's end E the envelope
/// is S(E)·e^(−h(a−E)), h a lower bound on the sojourn's hazard there (an
/// exponential route's rate, a gamma or Weibull route's hazard at E when it
/// rises from there on). The grid goes on until S is 0 (the end of a fixed
/// or empirical route, or underflow) or that tail holds at most a
/// billionth of the envelope: a route whose bulk lies far beyond E has a
/// tiny hazard there, and a tail carrying most of the envelope would reject
/// nearly every proposal. Where neither happens within ``maximumIntervals``
/// (routes with falling hazards and heavy tails: lognormal, Weibull or gamma
/// with shape below 1 alone), ``init(survival:routes:)`` returns nil and the
/// caller samples otherwise.
struct EquilibriumAge {
    /// The grid a₀ = 0 < a₁ < … < aₙ = E and S at each point.
    let points: [Double]
    let survival: [Double]
    /// The envelope's weights: the n intervals, then the tail beyond E (0 when S(E) = 0).
    let weights: [Double]
    /// The lower bound h on the hazard beyond E; 0 when S(E) = 0.
    let tailHazard: Double

    /// Where S is above `negligible`, S falls by at most `maximumFall` per
    /// interval where the step can be refined, beyond it by at most
    /// `maximumFarFall`; the tail may hold at most `maximumTailShare` of the
    /// envelope; at most `maximumIntervals` intervals.
    static let maximumFall = 0.1
    static let maximumFarFall = 0.9
    static let negligible = 1e-12
    static let maximumTailShare = 1e-9
    static let maximumIntervals = 4_096

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
        var mass = 0.0, hazard = 0.0
        var step = scale / 64
        while points.count <= Self.maximumIntervals {
            let a = points.last!, s = values.last!
            let fall = s > Self.negligible ? Self.maximumFall : Self.maximumFarFall
            var next = min(a + step, supportEnd)
            var sNext = survival(next)
            // Refine until S falls by at most `fall`, unless the support ends
            // here (S jumps to 0) or the step is already tiny.
            while next < supportEnd && sNext < s * (1 - fall) && step > minimumStep {
                step /= 2
                next = a + step
                sNext = survival(next)
            }
            // A fixed or empirical route's draws never exceed its end (the
            // empirical quantile stops at its last point whatever its last
            // probability), so nothing survives it.
            if next >= supportEnd { sNext = 0 }
            points.append(next)
            values.append(sNext)
            mass += s * (next - a)
            if sNext == 0 { break }
            if sNext <= Self.negligible {
                hazard = routes.map { Self.hazardBound($0, beyond: next) }.reduce(0, +)
                if hazard > 0, sNext / hazard <= Self.maximumTailShare * mass { break }
            }
            if sNext > s * (1 - fall / 4) { step *= 2 }
        }
        let sEnd = values.last!
        let tail = sEnd > 0 ? sEnd / hazard : 0
        guard tail.isFinite, tail <= Self.maximumTailShare * mass, mass.isFinite, mass > 0 else { return nil }
        self.points = points
        self.survival = values
        tailHazard = sEnd > 0 ? hazard : 0
        weights = (0..<(points.count - 1)).map { values[$0] * (points[$0 + 1] - points[$0]) } + [tail]
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
