import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Re-entry per care kind")
struct ReentryTests {
    /// MO intake only (100 a year), short shelter stays that all end in
    /// independence, and a BW access decision that would send everybody to
    /// intramural care.
    static func scenario(reentry: String) throws -> Scenario {
        let yaml = """
            scenario: reentry
            period: {start_year: 2022, end_year: 2031}
            replications: 100
            region: {name: R, centrumgemeente: A, municipalities: [{name: A, population: 10000}]}
            intake: {mo: {rate_per_10k: 100}}
            access: {intramural: 1}
            stay:
              shelter: {independent: {exponential: {mean_years: 0.2}}}
              intramural: {independent: {exponential: {mean_years: 0.2}}}
            reentry: \(reentry)

            """
        return try ScenarioLoader.load(text: yaml, baseDirectory: URL(fileURLWithPath: "/")).scenario
    }

    @Test("shelter leavers come back to the shelter, never through the BW access decision",
          arguments: ["{probability: 0.5, delay: {exponential: {mean_years: 0.5}}}",
                      "{shelter: {probability: 0.5, delay: {exponential: {mean_years: 0.5}}}}"])
    func shelterLeaversReturnToShelter(reentry: String) throws {
        let r = MonteCarloRunner(threads: 2).run(try Self.scenario(reentry: reentry))
        let all = r.allUnit(region: 0)
        for y in 0..<r.yearCount {
            #expect(r.sample(region: 0, year: y, unit: all, metric: Metric.admissions + CareState.intramural.rawValue).allSatisfy { $0 == 0 })
        }
        // Every stay ends in independence and half return: in the steady state
        // the shelter admits λ / (1 − p) = 200 a year (a renewal argument).
        // Tolerance: 4 Monte Carlo standard errors of the mean over replications.
        let s = SampleSummary(r.sample(region: 0, year: 9, unit: all, metric: Metric.admissions + CareState.shelter.rawValue))
        #expect(abs(s.mean - 200) < 4 * s.mcse, "\(s.mean) ± \(s.mcse)")
        #expect(SampleSummary(r.sample(region: 0, year: 9, unit: all, metric: Metric.reentries)).mean > 50)
    }

    @Test("re-entry is set per state left: a state not named has none")
    func perState() throws {
        var s = try Self.scenario(reentry: "{intramural: {probability: 0.5, delay: {fixed: {years: 0.1}}}}")
        #expect(s.reentry.keys.sorted { $0.rawValue < $1.rawValue } == [.intramural])
        let r = MonteCarloRunner(threads: 1).run(s)
        #expect(r.sample(region: 0, year: 9, unit: r.allUnit(region: 0), metric: Metric.reentries).allSatisfy { $0 == 0 })
        // BW leavers do come back, through the access decision.
        s.bwIntake = IntakeSpec(ratePer10k: 50)
        let bw = MonteCarloRunner(threads: 1).run(s)
        #expect(SampleSummary(bw.sample(region: 0, year: 9, unit: bw.allUnit(region: 0), metric: Metric.reentries)).mean > 10)
    }
}
