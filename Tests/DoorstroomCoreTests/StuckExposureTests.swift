import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Competing risks while stuck in place")
struct StuckExposureTests {
    /// 100 intramural admissions a year; after 0.1 years every client is ready
    /// to move on but can never go (no dwellings, or no place in the next
    /// state), while death competes with mean 2 years.
    static func scenario(stuck: String) throws -> Scenario {
        let yaml = """
            scenario: stuck
            period: {start_year: 2022, end_year: 2031}
            replications: 200
            region:
              name: R
              centrumgemeente: A
              municipalities: [{name: A, population: 10000}]
              \(stuck)
            intake: {bw: {rate_per_10k: 100}}
            access: {intramural: 1}
            stay:
              intramural:
                independent: {fixed: {years: 0.1}}
                tussenvorm: {fixed: {years: 0.1}}
                died: {exponential: {mean_years: 2}}

            """
        var s = try ScenarioLoader.load(text: yaml, baseDirectory: URL(fileURLWithPath: "/")).scenario
        // Keep one of the two moving-on routes, so the client is stuck in the way the case names.
        let keep: Destination = stuck.contains("dwellings") ? .exit(.independent) : .state(.tussenvorm)
        s.stays[.intramural] = s.stays[.intramural]!.filter { $0.destination == keep || $0.destination == .exit(.died) }
        return s
    }

    @Test("a blocked or transfer-waiting client still dies at the rate it faced on entry",
          arguments: ["dwellings_per_year: 0", "capacity: {tussenvorm: 0}"])
    func deathCompetesWhileStuck(stuck: String) throws {
        let r = MonteCarloRunner(threads: 2).run(try Self.scenario(stuck: stuck))
        let all = r.allUnit(region: 0)
        // Nobody ever leaves except by death, so each client's time in care is
        // its death time D ~ Exp(mean 2 years) and the occupancy on 31 December
        // 2031 is Poisson with mean λ·m·(1 − e^(−t/m)), t the 3,653 days of
        // the period. Tolerance: 4 Monte Carlo standard errors.
        let t = 3653 / 365.25
        let expected = 100 * 2 * (1 - exp(-t / 2))
        let s = SampleSummary(r.sample(region: 0, year: 9, unit: all, metric: Metric.inCareEnd))
        #expect(abs(s.mean - expected) < 4 * s.mcse, "\(s.mean) ± \(s.mcse) vs \(expected)")
        #expect(SampleSummary(r.sample(region: 0, year: 9, unit: all, metric: Metric.stuckExits)).mean > 80)
    }
}
