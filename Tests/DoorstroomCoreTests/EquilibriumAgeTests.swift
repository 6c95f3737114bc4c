import CGSL
import Foundation
import Testing
@testable import DoorstroomCore

/// The start-stock sampler's envelope (``EquilibriumAge``) and its draws
/// beyond an age, on the routes an adversarial review found to break a
/// first version: a sharp Weibull or gamma whose bulk lies beyond the grid
/// has a hazard there of 1e-321 or less, which made the tail's weight
/// infinite (the run trapped while its region plan was made) or nearly all
/// of the envelope (every proposal rejected); GSL's gamma inverse is wrong
/// for large shapes at some probabilities, which made latent times equal to
/// the age.
private let year = Distribution.daysPerYear

@Suite("Start-stock envelope: sharp routes, bounded support, conditional draws")
struct EquilibriumAgeTests {
    static func envelope(_ routes: [Distribution]) -> EquilibriumAge? {
        EquilibriumAge(survival: { a in routes.reduce(1) { $0 * $1.survival(a) } }, routes: routes)
    }

    @Test("the envelope is finite, and its tail holds at most a billionth of it, for routes whose hazard is tiny where S becomes negligible",
          arguments: [
              // The scenario that trapped: validates, then `run` died building the plan.
              [Distribution.lognormal(mu: log(1 * year) - 0.05 * 0.05 / 2, sigma: 0.05), .weibull(scale: 1.5292 * year, shape: 10_000)],
              [.lognormal(mu: log(1 * year) - 0.005, sigma: 0.1), .weibull(scale: 5 * year, shape: 50)],
              [.lognormal(mu: log(1 * year), sigma: 0.05), .gamma(shape: 1000, scale: 3 * year / 1000)],
          ])
    func sharpRoutes(_ routes: [Distribution]) throws {
        let age = try #require(Self.envelope(routes), "an exact envelope exists for these routes")
        #expect(age.weights.allSatisfy { $0.isFinite && $0 >= 0 })
        let grid = age.weights.dropLast().reduce(0, +)
        #expect(age.weights.last! <= EquilibriumAge.maximumTailShare * grid, "tail \(age.weights.last!) against grid \(grid)")
        // And the table the engine builds from them can be made (it trapped).
        let stays = routes.enumerated().map { k, d in Route(destination: k == 0 ? .state(.ambulant) : .exit(.independent), distribution: d) }
        let risks = CompetingRisks(staysBySegment: [[.intramural: stays]])
        #expect(risks.group(segment: 0, state: .intramural, lastingNeed: false).age >= 0)
    }

    @Test("a route with bounded support ends the grid where nothing survives it, even when no hazard bound exists")
    func boundedSupport() throws {
        // Weibull shape 0.5 (falling hazard, no bound) against a fixed year.
        let age = try #require(Self.envelope([.weibull(scale: 0.001 * year, shape: 0.5), .fixed(1 * year)]))
        #expect(age.survival.last == 0 && age.weights.last == 0)
        #expect(age.points.last == 1 * year)
        // An empirical table whose last probability falls short of 1 still ends at its last point.
        let table = try #require(Self.envelope([.empirical(points: [1 * year, 3 * year], cumulative: [0.5, 1 - 1e-9]),
                                                .lognormal(mu: log(2 * year), sigma: 1)]))
        #expect(table.points.last == 3 * year && table.survival.last == 0)
    }

    /// A gamma latent time conditioned on exceeding an age a with
    /// S(a) = 0.05, for a shape where GSL's inverse is wrong at some
    /// probabilities: never at or below the age, and with the conditional
    /// mean E[T | T > a] = kθ·Q(k+1, a/θ)/Q(k, a/θ) within 4 standard errors.
    @Test("gamma latent times beyond an age exceed it and have the conditional mean, for a large shape")
    func gammaBeyondAge() throws {
        let k = 2371.37, theta = 1.0
        let risks = CompetingRisks(staysBySegment: [[.intramural: [Route(destination: .state(.ambulant),
                                                                          distribution: .gamma(shape: k, scale: theta))]]])
        let g = risks.group(segment: 0, state: .intramural, lastingNeed: false)
        let age = gsl_cdf_gamma_Qinv(0.05, k, theta)
        let stream = RandomStream(seed: 7)
        let n = 40_000
        var times: [Double] = []
        for _ in 0..<n { times.append(try #require(risks.draw(g, stream, age: age)).time + age) }
        #expect(times.allSatisfy { $0 > age }, "\(times.filter { $0 <= age }.count) latent times at or below the age")
        let expected = k * theta * gsl_cdf_gamma_Q(age, k + 1, theta) / gsl_cdf_gamma_Q(age, k, theta)
        let s = SampleSummary(times)
        #expect(abs(s.mean - expected) < 4 * s.mcse, "\(s.mean) ± \(s.mcse) vs \(expected)")
    }
}
