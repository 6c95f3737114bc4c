import CGSL
import Foundation
import Testing
@testable import DoorstroomCore

/// The start-stock sampler (``CompetingRisks/equilibriumResidual(_:_:)``)
/// against the theory of a stationary process, so that any exact sampler
/// passes and a biased one fails, whatever its algorithm and its draws.
///
/// With independent latent times T_r (survival S_r, density f_r) and
/// sojourn S = min T_r, a client present at a random moment has age A with
/// density S(a)/E[S], and given A every T_r is conditioned on T_r > A. For
/// each case we draw n residuals from one seeded stream and compare, against
/// GSL integrals of `gsl_ran_*_pdf` and `gsl_cdf_*_Q`:
/// - how often each route wins: the length-biased ∫ t f_r(t) ∏_{q≠r} S_q(t) dt / E[S];
/// - the mean residual ∫ a S(a) da / E[S] (= E[S²] / 2E[S]);
/// - P(residual > x) = ∫_x^∞ S(a) da / E[S] at theory's 50, 90 and 99 % points;
/// - how often each exposing route is the earliest exposing loser, and the
///   mean time to it when it is (see ``Theory/exposure(_:)``).
/// Every draw must also be well formed (see ``checkInvariants``).
///
/// Tolerances are 4 standard errors of the estimate: √(p(1−p)/n) for a
/// frequency, s/√m for a mean of m draws with sample standard deviation s.
/// A comparison then fails by chance with probability about 6·10⁻⁵; over
/// the suite's ~60 comparisons an exact sampler fails about once in 250
/// seeds, while a plain draw without length bias misses by 5 to 60 standard
/// errors.
/// The integrals themselves are checked too: winners' probabilities sum to
/// one, exposure outcomes sum to one, and the single gamma's mean residual is
/// (k+1)θ/2.
@Suite("Equilibrium residual of the start stock")
struct EquilibriumResidualTests {
    static let year = Distribution.daysPerYear
    /// 20,000 draws a case keep the suite under two seconds in a debug build.
    static let n = 20_000

    /// One group of competing routes out of a state.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let routes: [Route]
        var lastingNeed = false
        /// The mean residual in closed form, when there is one.
        var closedFormMeanResidual: Double?
        var testDescription: String { name }
    }

    static let national: [Route] = [
        Route(destination: .state(.ambulant), distribution: .gamma(shape: 1.5, scale: 15 * year / 1.5)),
        Route(destination: .state(.tussenvorm), distribution: .exponential(mean: 25 * year)),
        Route(destination: .exit(.independent), distribution: .gamma(shape: 1.5, scale: 17 * year / 1.5)),
        Route(destination: .exit(.wlz), distribution: .exponential(mean: 20 * year), lastingNeedOnly: true),
        Route(destination: .exit(.died), distribution: .exponential(mean: 65 * year)),
    ]

    static let cases: [Case] = [
        Case(name: "national intramural", routes: national),
        Case(name: "national intramural, lasting need", routes: national, lastingNeed: true),
        Case(name: "single gamma(2, mean 2 y)",
             routes: [Route(destination: .exit(.independent), distribution: .gamma(shape: 2, scale: 1 * year))],
             closedFormMeanResidual: (2 + 1) * (1 * year) / 2),
        Case(name: "weibull, lognormal and fixed 6 y", routes: [
            Route(destination: .exit(.independent), distribution: .weibull(scale: 5 * year, shape: 2)),
            Route(destination: .exit(.died), distribution: .lognormal(mu: log(8 * year), sigma: 0.6)),
            Route(destination: .state(.ambulant), distribution: .fixed(6 * year)),
        ]),
        Case(name: "lognormal only", routes: [
            Route(destination: .state(.ambulant), distribution: .lognormal(mu: log(3 * year), sigma: 0.9)),
            Route(destination: .exit(.independent), distribution: .lognormal(mu: log(6 * year), sigma: 1.1)),
            Route(destination: .exit(.movedOut), distribution: .lognormal(mu: log(10 * year), sigma: 0.7)),
        ]),
        Case(name: "empirical against exponential death", routes: [
            Route(destination: .exit(.independent),
                  distribution: .empirical(points: [1 * year, 3 * year, 8 * year], cumulative: [0.2, 0.7, 1])),
            Route(destination: .exit(.died), distribution: .exponential(mean: 30 * year)),
        ]),
        Case(name: "exponential only", routes: [
            Route(destination: .exit(.independent), distribution: .exponential(mean: 4 * year)),
            Route(destination: .exit(.died), distribution: .exponential(mean: 30 * year)),
        ]),
    ]

    @Test("Winners, residuals and exposures of present clients match the stationary process", arguments: cases)
    func presentClients(_ c: Case) throws {
        let (draws, theory) = try Self.draws(c, seed: 20_220_101) { $0.equilibriumResidual($1, $2) }
        let expectFrequency = Self.expectFrequency
        let expectMean = Self.expectMean

        let win = theory.applicable.map { theory.winProbability($0) }
        #expect(abs(win.reduce(0, +) - 1) < 1e-6, "theory: winners' probabilities sum to \(win.reduce(0, +))")
        for (r, p) in zip(theory.applicable, win) {
            expectFrequency(draws.count(where: { $0.route == r }), p, "route \(r) (\(c.routes[r].destination.key)) wins")
        }

        let residuals = draws.map(\.time)
        if let closed = c.closedFormMeanResidual {
            #expect(abs(theory.meanResidual - closed) < 1e-6 * closed, "theory: mean residual \(theory.meanResidual) vs \(closed)")
        }
        expectMean(residuals, theory.meanResidual, "mean residual")
        for q in [0.5, 0.1, 0.01] {
            let x = theory.residualQuantile(exceeded: q)
            expectFrequency(residuals.count(where: { $0 > x }), q, "P(residual > \(x / Self.year) y)")
        }

        var outcomes = theory.noExposureProbability
        for e in theory.exposing {
            let (p, meanTime) = theory.exposure(e)
            outcomes += p
            let exposed = draws.filter { $0.exposureRoute == e }
            expectFrequency(exposed.count, p, "route \(e) (\(c.routes[e].destination.key)) is the earliest exposing loser")
            if exposed.count >= 100 {
                expectMean(exposed.map(\.exposureTime), meanTime, "mean time to exposing route \(e)")
            }
        }
        #expect(abs(outcomes - 1) < 1e-6, "theory: exposure outcomes sum to \(outcomes)")
    }

    /// A stay as the engine completes it for a client stuck in place when it
    /// ends: the losing exponential routes' exposure is drawn then
    /// (``CompetingRisks/exposureAfterStayEnds(_:winner:_:)``), and the
    /// earlier of it and the drawn one counts.
    static func stuck(_ s: Sojourn, _ risks: CompetingRisks, _ group: CompetingRisks.Group, _ stream: RandomStream) -> Sojourn {
        var s = s
        if let fresh = risks.exposureAfterStayEnds(group, winner: s.route, stream), s.time + fresh.time < s.exposureTime {
            s.exposureRoute = fresh.route
            s.exposureTime = s.time + fresh.time
        }
        return s
    }

    /// A newly admitted client's stay (``CompetingRisks/draw(_:_:age:)``),
    /// completed as for a stuck client, against fresh latent times: route r
    /// wins with probability E₀[1{r wins}] = ∫ dF_r(t) ∏_{q≠r} S_q(t), the
    /// stay's mean is E[S], and the exposure is ``Theory/exposure(_:present:)``
    /// without the length bias. Same tolerances as above.
    @Test("Winners, stays and exposures of newly admitted clients match the competing routes", arguments: cases)
    func newClients(_ c: Case) throws {
        let (draws, theory) = try Self.draws(c, seed: 20_221_231) { $0.draw($1, $2) }
        let win = theory.applicable.map { theory.winProbability($0, present: false) }
        #expect(abs(win.reduce(0, +) - 1) < 1e-6, "theory: winners' probabilities sum to \(win.reduce(0, +))")
        for (r, p) in zip(theory.applicable, win) {
            Self.expectFrequency(draws.count(where: { $0.route == r }), p, "route \(r) wins")
        }
        Self.expectMean(draws.map(\.time), theory.meanSojourn, "mean stay")
        for e in theory.exposing {
            let (p, meanTime) = theory.exposure(e, present: false)
            let exposed = draws.filter { $0.exposureRoute == e }
            Self.expectFrequency(exposed.count, p, "route \(e) is the earliest exposing loser")
            if exposed.count >= 100 { Self.expectMean(exposed.map(\.exposureTime), meanTime, "mean time to exposing route \(e)") }
        }
    }

    /// `n` stays of the case's group from `sample`, each completed as for a
    /// stuck client, checked for form; and the case's theory.
    static func draws(_ c: Case, seed: UInt64,
                      _ sample: (CompetingRisks, CompetingRisks.Group, RandomStream) -> Sojourn?) throws -> ([Sojourn], Theory) {
        let risks = CompetingRisks(staysBySegment: [[.intramural: c.routes]])
        let group = risks.group(segment: 0, state: .intramural, lastingNeed: c.lastingNeed)
        let theory = Theory(c.routes, lastingNeed: c.lastingNeed)
        let stream = RandomStream(seed: seed)
        var draws: [Sojourn] = []
        for _ in 0..<n { draws.append(stuck(try #require(sample(risks, group, stream)), risks, group, stream)) }
        checkInvariants(draws, theory)
        return (draws, theory)
    }

    /// A frequency of `count` in n within 4 binomial standard errors of `p`;
    /// 1e-9 allows for the integrals' own error where p is 0 or 1.
    static func expectFrequency(_ count: Int, _ p: Double, _ what: String) {
        let n = Double(Self.n), se = (max(0, p * (1 - p)) / n).squareRoot()
        #expect(abs(Double(count) / n - p) <= 4 * se + 1e-9, "\(what): \(Double(count) / n) vs theory \(p) (4 SE = \(4 * se))")
    }

    /// The mean of `x` within 4 standard errors (s/√m) of `mu`.
    static func expectMean(_ x: [Double], _ mu: Double, _ what: String) {
        let m = Double(x.count), mean = x.reduce(0, +) / m
        let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1)).squareRoot()
        #expect(abs(mean - mu) <= 4 * sd / m.squareRoot(),
                "\(what): \(mean / year) y vs theory \(mu / year) y (4 SE = \(4 * sd / m.squareRoot() / year) y)")
    }

    /// Every draw is well formed: an applicable winner at a time ≥ 0; an
    /// exposing route that applies, lost, and comes no earlier than the
    /// winner, or none (-1) exactly when its time is +∞.
    static func checkInvariants(_ draws: [Sojourn], _ theory: Theory) {
        var broken: [String] = []
        for (i, s) in draws.enumerated() {
            var wrong: [String] = []
            if !theory.applicable.contains(s.route) { wrong.append("winner does not apply") }
            if !(s.time >= 0 && s.time.isFinite) { wrong.append("time not finite and ≥ 0") }
            if (s.exposureRoute == -1) != (s.exposureTime == .infinity) { wrong.append("exposure route -1 iff time +inf") }
            if s.exposureRoute >= 0 {
                if !theory.exposing.contains(s.exposureRoute) { wrong.append("exposure route does not apply or expose") }
                if s.exposureRoute == s.route { wrong.append("exposure route is the winner") }
                if !(s.exposureTime >= s.time) { wrong.append("exposure before the winner") }
            }
            if !wrong.isEmpty { broken.append("draw \(i) \(s): " + wrong.joined(separator: ", ")) }
        }
        #expect(broken.isEmpty, "\(broken.count) malformed draws, first: \(broken.prefix(3))")
    }
}

extension EquilibriumResidualTests {
    /// What the stationary process says of a client present at a random moment,
    /// by numerical integration over the routes that apply to the group.
    struct Theory {
        /// Declared routes' laws, nil where the route does not apply.
        let laws: [Distribution?]
        let applicable: [Int]
        /// Applicable routes that end care (died, wlz, movedOut).
        let exposing: [Int]
        /// Where some route's density or survival is not smooth (fixed, empirical).
        let kinks: [Double]
        /// E[S] = ∫ S(a) da.
        let meanSojourn: Double

        init(_ routes: [Route], lastingNeed: Bool) {
            let laws = routes.map { lastingNeed || !$0.lastingNeedOnly ? $0.distribution : nil }
            let applicable = laws.indices.filter { laws[$0] != nil }
            let exposing = applicable.filter {
                switch routes[$0].destination {
                case .exit(.died), .exit(.wlz), .exit(.movedOut): return true
                default: return false
                }
            }
            let kinks = applicable.flatMap { laws[$0]!.kinks }
            (self.laws, self.applicable, self.exposing, self.kinks) = (laws, applicable, exposing, kinks)
            meanSojourn = integral({ a in applicable.reduce(1) { $0 * laws[$1]!.survival(a) } }, kinks: kinks)
        }

        /// S(a) = ∏ S_r(a).
        func survival(_ a: Double) -> Double { survival(a, of: applicable) }

        /// ∏ S_r(a) over `routes`.
        func survival(_ a: Double, of routes: [Int]) -> Double {
            routes.reduce(1) { $0 * laws[$1]!.survival(a) }
        }

        /// E[g(T_r); T_r > lower]: the density part and any atom.
        func expectation(route r: Int, above lower: Double = 0, _ g: (Double) -> Double) -> Double {
            let law = laws[r]!
            var sum = integral({ g($0) * law.density($0) }, from: lower, kinks: kinks)
            if let c = law.atom, c > lower { sum += g(c) }
            return sum
        }

        /// P(route r wins) for a present client: sojourns ending by r, weighted by
        /// their length, E[S; r wins] / E[S].
        /// For a newly admitted client (`present` false), E₀[1{r wins}].
        func winProbability(_ r: Int, present: Bool = true) -> Double {
            let others = applicable.filter { $0 != r }
            return present ? expectation(route: r) { t in t * survival(t, of: others) } / meanSojourn
                : expectation(route: r) { t in survival(t, of: others) }
        }

        /// E[residual] = ∫ a S(a) da / E[S].
        var meanResidual: Double { integral({ $0 * survival($0) }, kinks: kinks) / meanSojourn }

        /// P(residual > x) = ∫_x^∞ S(a) da / E[S].
        func residualExceedance(_ x: Double) -> Double { integral(survival, from: x, kinks: kinks) / meanSojourn }

        /// The x with P(residual > x) = q, by bisection (the exceedance is continuous and decreasing).
        func residualQuantile(exceeded q: Double) -> Double {
            var lo = 0.0, hi = meanSojourn
            while residualExceedance(hi) > q { (lo, hi) = (hi, 2 * hi) }
            while hi - lo > 1e-9 * hi {
                let mid = (lo + hi) / 2
                if residualExceedance(mid) > q { lo = mid } else { hi = mid }
            }
            return (lo + hi) / 2
        }

        /// P(no exposing route loses): the winner is the only exposing route, if any.
        var noExposureProbability: Double {
            applicable.filter { w in exposing.allSatisfy { $0 == w } }.reduce(0) { $0 + winProbability($1) }
        }

        /// P(exposing route e is the earliest exposing loser) for a present
        /// client, and the mean of its remaining time T_e − A when it is.
        ///
        /// Derivation. The present client's (A, T) has joint density
        /// 1{A < S} ∏ f_r(T_r) / E[S]: integrating out A gives the length-biased
        /// S / E[S] weight, and given A the T_r are independent and > A. So for an
        /// event D of the latent times, P(D) = E₀[S; D] / E[S] and
        /// E[T_e − A; D] = E₀[∫_0^S (T_e − a) da; D] / E[S] = E₀[T_e S − S²/2; D] / E[S],
        /// with E₀ over fresh, independent latent times.
        /// D = "e loses and precedes every other exposing loser". Split D by the
        /// winner w ≠ e, at T_w = s: the non-exposing losers q ≠ w need T_q > s;
        /// e comes at some u > s; every exposing e' ∉ {e, w} is a loser after e,
        /// T_e' > u (when w itself exposes it is excluded: it won). Hence
        ///   E₀[h(S, T_e); D] = Σ_{w≠e} ∫ dF_w(s) ∏_{q∉X, q≠w} S_q(s)
        ///                        ∫_{u>s} dF_e(u) ∏_{e'∈X∖{e,w}} S_e'(u) h(s, u),
        /// X the exposing routes, dF a density plus any atom (a fixed route),
        /// with h = s for the probability and h = u s − s²/2 for the time.
        ///
        /// For a newly admitted client (`present` false) there is no length
        /// bias and times are from entry: h = 1 for the probability, h = u for the time.
        func exposure(_ e: Int, present: Bool = true) -> (probability: Double, meanTime: Double) {
            var mass = 0.0, time = 0.0
            for w in applicable where w != e {
                let bystanders = applicable.filter { !exposing.contains($0) && $0 != w }
                let rivals = exposing.filter { $0 != e && $0 != w }
                // ∫_{u>s} dF_e(u) ∏ S_e'(u) u^k, k = 0, 1.
                func later(_ s: Double, power k: Int) -> Double {
                    expectation(route: e, above: s) { u in survival(u, of: rivals) * (k == 0 ? 1 : u) }
                }
                if present {
                    mass += expectation(route: w) { s in survival(s, of: bystanders) * s * later(s, power: 0) }
                    time += expectation(route: w) { s in
                        survival(s, of: bystanders) * (s * later(s, power: 1) - s * s / 2 * later(s, power: 0))
                    }
                } else {
                    mass += expectation(route: w) { s in survival(s, of: bystanders) * later(s, power: 0) }
                    time += expectation(route: w) { s in survival(s, of: bystanders) * later(s, power: 1) }
                }
            }
            return (present ? mass / meanSojourn : mass, mass > 0 ? time / mass : .nan)
        }
    }
}

private extension Distribution {
    /// The density of the continuous part (none for a fixed value).
    func density(_ t: Double) -> Double {
        switch self {
        case let .exponential(mean): return gsl_ran_exponential_pdf(t, mean)
        case let .gamma(shape, scale): return gsl_ran_gamma_pdf(t, shape, scale)
        case let .weibull(scale, shape): return gsl_ran_weibull_pdf(t, scale, shape)
        case let .lognormal(mu, sigma): return gsl_ran_lognormal_pdf(t, mu, sigma)
        case let .empirical(points, cumulative):
            var x0 = 0.0, p0 = 0.0
            for (x, p) in zip(points, cumulative) {
                if t < x { return t < x0 ? 0 : (p - p0) / (x - x0) }
                (x0, p0) = (x, p)
            }
            return 0
        case .fixed: return 0
        }
    }

    /// A fixed value's point mass. (An empirical table with a repeated point
    /// would have one too; no case here has.)
    var atom: Double? {
        if case let .fixed(x) = self { return x } else { return nil }
    }

    /// Where the density or the survival jumps or bends.
    var kinks: [Double] {
        switch self {
        case let .empirical(points, _): return points
        case let .fixed(x): return [x]
        default: return []
        }
    }
}

/// ∫ f over (lower, ∞) with GSL (QAGS on the pieces between `kinks`, QAGIU
/// on the tail), so that every piece is smooth.
private func integral(_ f: (Double) -> Double, from lower: Double = 0, kinks: [Double]) -> Double {
    let cuts = [lower] + Set(kinks.filter { $0 > lower }).sorted()
    var sum = 0.0
    for (i, a) in cuts.enumerated() {
        sum += integralPiece(f, from: a, to: i + 1 < cuts.count ? cuts[i + 1] : .infinity)
    }
    return sum
}

private func integralPiece(_ f: (Double) -> Double, from a: Double, to b: Double) -> Double {
    // In years: QAGIU maps the tail by x = a + (1 − t)/t, which resolves
    // integrands that vary over about one unit, not over thousands of days.
    let unit = Distribution.daysPerYear
    let g: (Double) -> Double = { y in unit * f(unit * y) }
    return withoutActuallyEscaping(g) { g in
        var g = g
        return withUnsafeMutablePointer(to: &g) { context in
            var function = gsl_function(
                function: { x, p in p!.assumingMemoryBound(to: ((Double) -> Double).self).pointee(x) },
                params: context)
            let limit = 1000
            let workspace = gsl_integration_workspace_alloc(limit)
            defer { gsl_integration_workspace_free(workspace) }
            // Absolute 1e-10 where a piece is negligible (far tails), else relative 1e-8.
            var result = 0.0, error = 0.0
            let status = b == .infinity
                ? gsl_integration_qagiu(&function, a / unit, 1e-10, 1e-8, limit, workspace, &result, &error)
                : gsl_integration_qags(&function, a / unit, b / unit, 1e-10, 1e-8, limit, workspace, &result, &error)
            #expect(status == GSL_SUCCESS,
                    "GSL integration over (\(a), \(b)) days: \(String(cString: gsl_strerror(status))), \(result) ± \(error)")
            return result
        }
    }
}
