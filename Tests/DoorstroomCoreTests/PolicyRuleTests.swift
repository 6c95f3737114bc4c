import Foundation
import Testing
@testable import DoorstroomCore

/// The policy rules of docs/finance.md that the first baselines got wrong:
/// each test fails on the first version's rule.
@Suite("Policy rules")
struct PolicyRuleTests {
    /// Two municipalities (A the centrumgemeente), long intramural stays, and
    /// whatever else `extra` and `finance` add.
    static func scenario(period: String = "{start_year: 2022, end_year: 2026}", intake: String = "",
                         region: String = "", extra: String = "", finance: String = "",
                         budget: String = "{bw: 10000000}", replications: Int = 4) throws -> Scenario {
        let yaml = """
            scenario: rules
            period: \(period)
            replications: \(replications)
            region:
              name: R
              centrumgemeente: A
              municipalities:
                - {name: A, population: 10000, objective_share: 0.5}
                - {name: B, population: 10000, objective_share: 0.5}
              initial: {intramural: 100}
              budget: \(budget)
              \(region)
            \(intake)
            access: {intramural: 1}
            stay: {intramural: {died: {fixed: {years: 100}}}}
            \(extra)
            finance:
              tariff_per_day: {intramural: 100, shelter: 50}
              ingroeipad: {start_year: 2022, years: 10, profile: linear}
              \(finance)

            """
        return try ScenarioLoader.load(text: yaml, baseDirectory: URL(fileURLWithPath: "/")).scenario
    }

    @Test("history run: the centrumgemeente pays everything before the decentralisation year; the clients in care then become legacy")
    func decentralisationDate() throws {
        let s = try Self.scenario(
            period: "{start_year: 2015, end_year: 2028}", intake: "intake: {bw: {rate_per_10k: 10}, mo: {rate_per_10k: 5}}",
            extra: """
                cohort_year: 2021
                legacy:
                  indication_remaining: {fixed: {years: 1}}
                  at_decentralisation: {indication_remaining: {fixed: {years: 5}}}
                """)
        #expect(s.decentralisationYear == 2022)  // default: the ingroeipad's start
        let r = MonteCarloRunner(threads: 1).run(s)
        let (b, all) = (1, r.allUnit(region: 0))
        for rep in 0..<r.replicationCount {
            func v(_ u: Int, _ year: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: year - 2015, unit: u, metric: m) }
            for year in 2015...2021 {
                #expect(v(b, year, Metric.costTotal) == 0, "B pays nothing in \(year)")
                #expect(v(b, year, Metric.budget) == 0)
            }
            // New clients stay 100 years; only start-stock clients leave (their
            // equilibrium residuals). Everyone in care on 1 January 2022 is legacy
            // until 1 January 2027, paid by A; then B pays for its own clients.
            // Shelter clients (they stay for ever here) are not legacy: MO is the
            // centrumgemeente's until its own decentralisation.
            let outflow = (2022...2026).map { v(all, $0, Metric.careOutflow) }
            let bwInCare = v(all, 2021, Metric.inCareEnd) - v(all, 2021, Metric.occupancyEnd + CareState.shelter.rawValue)
            #expect(v(all, 2021, Metric.occupancyEnd + CareState.shelter.rawValue) > 0)
            #expect(v(all, 2022, Metric.legacyEnd) == bwInCare - outflow[0])
            #expect(v(all, 2026, Metric.legacyEnd) == bwInCare - outflow.reduce(0, +))
            #expect(v(all, 2022, Metric.legacyEnd) > 0)
            #expect(v(all, 2027, Metric.legacyEnd) == 0)
            // The cohort (in care on 1 January 2021) includes the shelter clients.
            #expect(v(all, 2021, Metric.cohortInCareEnd) == v(all, 2020, Metric.inCareEnd) - v(all, 2021, Metric.careOutflow))
            #expect(v(b, 2028, Metric.costTotal) > 0)
        }
    }

    @Test("MO money moves to the objective shares in the MO decentralisation year, together with the MO payer")
    func moMoneyAndPayerTogether() throws {
        for (path, expectedB) in [("", 500_000.0), ("mo_money_path: ingroeipad", 50_000.0)] {
            let s = try Self.scenario(finance: "mo_decentralised_from: 2024\n  \(path)", budget: "{bw: 0, mo: 1000000}")
            let r = MonteCarloRunner(threads: 1).run(s)
            let b = 1
            for rep in 0..<r.replicationCount {
                #expect(r.value(region: 0, replication: rep, year: 1, unit: b, metric: Metric.budget) == 0)
                #expect(abs(r.value(region: 0, replication: rep, year: 2, unit: b, metric: Metric.budget) - expectedB) < 1e-6)
            }
        }
    }

    @Test("the Wlz settlement goes to the centrumgemeente, responsible for the current clients; the deduction comes off the BW money before distribution")
    func wlzToCentrumgemeente() throws {
        let wlz = "wlz: {deduction_per_year: 100000, expected_outflow_per_year: 2, cost_per_client_per_year: 50000"
        for (target, centreOnly) in [("", true), (", settlement_to: budget-share", false)] {
            let s = try Self.scenario(finance: wlz + target + "}")
            let r = MonteCarloRunner(threads: 1).run(s)
            let (a, b, all) = (0, 1, r.allUnit(region: 0))
            for rep in 0..<r.replicationCount {
                func v(_ u: Int, _ y: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: y, unit: u, metric: m) }
                // 2022: w = 0.1; nobody moves to the Wlz, so 2 × 50,000 comes back.
                #expect(v(all, 0, Metric.wlzSettlement) == 100_000)
                if centreOnly {
                    #expect(v(b, 0, Metric.wlzSettlement) == 0 && v(a, 0, Metric.wlzSettlement) == 100_000)
                    #expect(abs(v(b, 0, Metric.budget) - 0.1 * 0.5 * 9_900_000) < 1e-6)
                    #expect(abs(v(a, 0, Metric.budget) - 0.95 * 9_900_000) < 1e-6)
                } else {
                    #expect(v(b, 0, Metric.wlzSettlement) > 0)
                }
            }
        }
    }

    @Test("clients from outside the region are paid by their own municipality, outside the region's money")
    func outsideRegion() throws {
        let s = try Self.scenario(intake: "intake: {bw: {rate_per_10k: 100}}",
                                  region: "outside_region_share: {value: 0.1, source: \"003 Table 11\"}",
                                  finance: "residents_elsewhere_ratio: 1", replications: 200)
        let r = MonteCarloRunner(threads: 2).run(s)
        let outside = r.unitNames[0].firstIndex(of: "outside")!
        let all = r.allUnit(region: 0)
        let share = (0..<r.replicationCount).map { rep in
            r.value(region: 0, replication: rep, year: 4, unit: outside, metric: Metric.intakeBW)
                / r.value(region: 0, replication: rep, year: 4, unit: all, metric: Metric.intakeBW)
        }
        let s1 = SampleSummary(share)
        // 200 applicants a year, 200 replications: 4 Monte Carlo standard errors.
        #expect(abs(s1.mean - 0.1) < 4 * s1.mcse, "\(s1.mean) ± \(s1.mcse)")
        for rep in 0..<r.replicationCount {
            func v(_ u: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: 4, unit: u, metric: m) }
            #expect(v(outside, Metric.costTotal) > 0 && v(outside, Metric.balance) == -v(outside, Metric.costTotal))
            #expect(abs(v(all, Metric.costTotal) - v(0, Metric.costTotal) - v(1, Metric.costTotal)) < 1e-6)
            // Their mirror, the region's residents elsewhere, costs the same, split by population here.
            #expect(abs(v(0, Metric.costElsewhere) - v(outside, Metric.costTotal) / 2) < 1e-6)
            #expect(abs(v(all, Metric.costElsewhere) - v(outside, Metric.costTotal)) < 1e-6)
        }
        let csv = SummaryTable.csv(r)
        #expect(csv.contains(",outside,2026,cost_total,euro,"))
        #expect(!csv.contains(",unknown,"))
    }

    @Test("the woonplaatsbeginsel covers facilities only (000 L3443): at home the municipality where the client lives pays")
    func woonplaatsbeginselScope() throws {
        for (scope, outsidePays) in [("", false), ("woonplaatsbeginsel: {scope: bw}", true)] {
            let s = try Self.scenario(intake: "intake: {bw: {rate_per_10k: 100}}", region: "outside_region_share: 0.5", finance: scope)
            var t = s
            t.access = YearPath(constant: AccessShares(intramural: 0, tussenvorm: 0, ambulant: 1))
            t.stays[.ambulant] = [Route(destination: .exit(.died), distribution: .fixed(100 * 365.25))]
            t.finance?.tariffPerDay[.ambulant] = 70
            let r = MonteCarloRunner(threads: 1).run(t)
            let outside = r.unitNames[0].firstIndex(of: "outside")!
            for rep in 0..<r.replicationCount {
                func v(_ u: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: 4, unit: u, metric: m) }
                let ambulant = Metric.cost + CareState.ambulant.rawValue
                // Half the applicants come from outside; at home they are paid by the
                // centrumgemeente A unless the woonplaatsbeginsel covers all BW.
                #expect((v(outside, ambulant) > 0) == outsidePays, "\(scope)")
                #expect(v(1, ambulant) > 0)  // B's own clients at home are B's either way
            }
        }
    }

    @Test("fixed costs are shared by the allocation key: use, population or the centrumgemeente")
    func fixedCostAllocation() throws {
        for key in ["use", "population", "centrumgemeente"] {
            let s = try Self.scenario(region: "capacity: {intramural: 200}",
                                      finance: "fixed_cost_per_place_per_year: {intramural: 1000}\n  fixed_cost_allocation: \(key)")
            let r = MonteCarloRunner(threads: 1).run(s)
            for rep in 0..<r.replicationCount {
                func v(_ u: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: 4, unit: u, metric: m) }
                let fixed = 200 * 1000.0
                #expect(abs(v(0, Metric.costFixed) + v(1, Metric.costFixed) - fixed) < 1e-6)
                let expectedB: Double
                switch key {
                case "use": expectedB = fixed * v(1, (Metric.cost + CareState.intramural.rawValue)) / (v(0, (Metric.cost + CareState.intramural.rawValue)) + v(1, (Metric.cost + CareState.intramural.rawValue)))
                case "population": expectedB = fixed / 2
                default: expectedB = 0
                }
                #expect(abs(v(1, Metric.costFixed) - expectedB) < 1e-6, "\(key)")
            }
        }
    }

    @Test("cap_adjustment is what the €15 cap changed: the clipped step, money-neutral")
    func capAdjustment() throws {
        let s = try Self.scenario(finance: "cap_per_inhabitant: 15")
        let r = MonteCarloRunner(threads: 1).run(s)
        let (a, b, all) = (0, 1, r.allUnit(region: 0))
        func v(_ u: Int, _ y: Int, _ m: Int) -> Double { r.value(region: 0, replication: 0, year: y, unit: u, metric: m) }
        // 2022: the distribution gives B 0.1 × 0.5 × €10 M = €500,000; the cap allows
        // €15 × 10,000 = €150,000 more than last year's share (0).
        #expect(abs(v(b, 0, Metric.budget) - 150_000) < 1e-6)
        #expect(abs(v(b, 0, Metric.capAdjustment) + 350_000) < 1e-6)
        #expect(abs(v(a, 0, Metric.capAdjustment) - 350_000) < 1e-6)
        for y in 0..<r.yearCount {
            #expect(abs(v(all, y, Metric.capAdjustment)) < 1e-6)
            let step = v(b, y, Metric.budget) - (y > 0 ? v(b, y - 1, Metric.budget) : 0)
            #expect(step <= 150_000 + 1e-6)
        }
    }

    @Test("the new fields report every problem: a decentralisation after the ingroeipad start, re-entry for ever, a bad ratio beside a bad path")
    func newFieldsValidate() throws {
        var found: [Diagnostic] = []
        do {
            _ = try Self.scenario(extra: "reentry: {intramurl: {probability: 1, delay: {fixed: {years: 0}}}, shelter: {probability: 1, delay: {fixed: {years: 1}}}}",
                                  finance: "decentralisation_year: 2024\n  residents_elsewhere_ratio: -5\n  mo_money_path: slow")
        } catch let e as ScenarioError { found = e.diagnostics }
        let fields = Set(found.map(\.field))
        #expect(fields.isSuperset(of: ["reentry.intramurl", "reentry.shelter.probability", "finance.decentralisation_year",
                                       "finance.residents_elsewhere_ratio", "finance.mo_money_path"]), "\(found.map(\.description))")
        #expect(found.contains { $0.message.contains("did you mean `intramural`") })
    }
}
