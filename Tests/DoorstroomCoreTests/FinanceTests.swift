import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Finance")
struct FinanceTests {
    /// Two municipalities, ten intramural clients who stay throughout (fixed
    /// 100-year stays), no intake: every number below is a hand calculation.
    static func handScenario(extra: String = "", legacyDays: Int = 181, places: String = "") throws -> Scenario {
        let yaml = """
            scenario: hand
            period: {start_year: 2022, end_year: 2023}
            replications: 3
            region:
              name: R
              centrumgemeente: A
              municipalities:
                - {name: A, population: 50000, objective_share: 0.5\(places.isEmpty ? "" : ", places_share: 0")}
                - {name: B, population: 50000, objective_share: 0.5\(places.isEmpty ? "" : ", places_share: 1")}
              initial: {intramural: 10}
              capacity: {intramural: 12}
              budget: {bw: 600000}
            stay:
              intramural:
                died: {fixed: {years: 100}}
            legacy:
              indication_remaining: {fixed: {years: \(Double(legacyDays) / 365.25)}}
            finance:
              price_index: {2022: 1.0, 2023: 1.02}
              tariff_per_day: {intramural: {value: 142.5, source: "003 Table 8 [derived]"}}
              fixed_cost_per_place_per_year: {intramural: 1000}
              investments: {2022: 70000}
              fixed_cost_allocation: centrumgemeente
              ingroeipad: {start_year: 2022, years: 2, profile: linear}
            \(extra)
            """
        return try ScenarioLoader.load(text: yaml, file: "hand.yaml", baseDirectory: URL(fileURLWithPath: "/")).scenario
    }

    @Test("costs, budgets and balances match a hand calculation to the cent")
    func handCalculation() throws {
        let scenario = try Self.handScenario()
        let r = MonteCarloRunner(threads: 1).run(scenario)
        let (a, b, all) = (0, 1, r.allUnit(region: 0))
        for rep in 0..<r.replicationCount {
            func v(_ u: Int, _ y: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: y, unit: u, metric: m) }
            // Origins are drawn by population; the split is read back from the run.
            let nA = v(a, 0, Metric.occupancyEnd), nB = v(b, 0, Metric.occupancyEnd)
            #expect(nA + nB == 10)
            // 2022: legacy until day 181 (1 July), paid by the centrumgemeente A;
            // then new-regime, paid by the municipality of origin, for 184 days.
            let costA2022 = 10 * 181 * 142.5 + nA * 184 * 142.5 + 12 * 1000 + 70000
            let costB2022 = nB * 184 * 142.5
            #expect(abs(v(a, 0, Metric.costTotal) - costA2022) < 0.005)
            #expect(abs(v(b, 0, Metric.costTotal) - costB2022) < 0.005)
            // 2023 at price index 1.02, all year by origin.
            let costA2023 = nA * 365 * 142.5 * 1.02 + 12 * 1000 * 1.02
            let costB2023 = nB * 365 * 142.5 * 1.02
            #expect(abs(v(a, 1, Metric.costTotal) - costA2023) < 0.005)
            #expect(abs(v(b, 1, Metric.costTotal) - costB2023) < 0.005)
            // Budgets: w = 0.5 then 1; historical money all to A.
            #expect(v(a, 0, Metric.budget) == 450_000 && v(b, 0, Metric.budget) == 150_000)
            #expect(v(a, 1, Metric.budget) == 300_000 && v(b, 1, Metric.budget) == 300_000)
            #expect(abs(v(a, 0, Metric.balance) - (450_000 - costA2022)) < 0.005)
            #expect(abs(v(b, 1, Metric.balanceCumulative) - (150_000 - costB2022 + 300_000 - costB2023)) < 0.005)
            #expect(v(a, 0, Metric.deficit) == (450_000 < costA2022 ? 1 : 0))
            #expect(abs(v(all, 0, Metric.balance) - (600_000 - costA2022 - costB2022)) < 0.005)
            #expect(v(all, 0, Metric.budgetWeight) == 0.5 && v(all, 1, Metric.budgetWeight) == 1)
            #expect(abs(v(all, 0, Metric.centrumgemeenteCostShare) - costA2022 / (costA2022 + costB2022)) < 1e-12)
        }
    }

    @Test("without the woonplaatsbeginsel the municipality where the client is housed pays")
    func housingMunicipalityPays() throws {
        let scenario = try Self.handScenario(extra: "  woonplaatsbeginsel: false", places: "B")
        let r = MonteCarloRunner(threads: 1).run(scenario)
        for rep in 0..<r.replicationCount {
            let a = r.value(region: 0, replication: rep, year: 0, unit: 0, metric: Metric.cost)
            let b = r.value(region: 0, replication: rep, year: 0, unit: 1, metric: Metric.cost)
            #expect(a == 10 * 181 * 142.5)  // legacy, centrumgemeente
            #expect(b == 10 * 184 * 142.5)  // new regime, housed in B
        }
    }

    @Test("with a limited woonplaatsbeginsel period the origin pays, then the municipality of housing")
    func limitedOriginPeriod() throws {
        // Legacy ends on day 0: new-regime from the start; origin pays for half a year (182.625 days).
        let scenario = try Self.handScenario(extra: "  woonplaatsbeginsel: {origin_pays_years: 0.5}", legacyDays: 0, places: "B")
        let r = MonteCarloRunner(threads: 1).run(scenario)
        for rep in 0..<r.replicationCount {
            let nA = r.value(region: 0, replication: rep, year: 0, unit: 0, metric: Metric.occupancyEnd)
            let a = r.value(region: 0, replication: rep, year: 0, unit: 0, metric: Metric.cost)
            #expect(abs(a - nA * 182.625 * 142.5) < 0.005)
        }
    }

    @Test("a linear 10-year ingroeipad gives w = 0.1 in 2022 … 1.0 in 2031; other profiles end at 1")
    func linearWeights() {
        let linear = Ingroeipad(startYear: 2022, years: 10, profile: .linear)
        for (k, year) in (2022...2031).enumerated() {
            #expect(abs(linear.weight(in: year) - Double(k + 1) / 10) < 1e-12)
        }
        #expect(linear.weight(in: 2021) == 0 && linear.weight(in: 2040) == 1)
        for profile in [Ingroeipad.Profile.frontLoaded, .backLoaded, .explicit([0.2, 0.2, 0.5, 0.9, 1])] {
            let p = Ingroeipad(startYear: 2022, years: 5, profile: profile)
            let w = (2022...2026).map { p.weight(in: $0) }
            #expect(zip(w, w.dropFirst()).allSatisfy { $0 <= $1 } && w.last == 1)
        }
        #expect(Ingroeipad(startYear: 2022, years: 4, profile: .frontLoaded).weight(in: 2022) == 1 - 0.75 * 0.75)
    }

    static func region(cap: Double?, mo: Double = 30e6) -> (Scenario, Region, FinanceSpec) {
        let municipalities = [("C", 500_000, 0.40), ("D", 80_000, 0.25), ("E", 50_000, 0.20), ("F", 20_000, 0.15)]
            .map { Municipality(name: $0.0, population: $0.1, objectiveShare: $0.2) }
        let region = Region(name: "R", centrumgemeente: "C", municipalities: municipalities,
                            budget: RegionBudget(bw: YearPath([(2022, 60e6), (2031, 70e6)]), mo: YearPath(constant: mo)))
        let finance = FinanceSpec(tariffPerDay: [.intramural: 140],
                                  moDecentralisedFrom: 2026, ingroeipad: Ingroeipad(startYear: 2022, years: 5, profile: .frontLoaded),
                                  capPerInhabitant: cap)
        let scenario = Scenario(name: "b", startYear: 2022, endYear: 2031, replications: 1, seed: 1, regions: [region], finance: finance)
        return (scenario, region, finance)
    }

    @Test("the municipalities' budgets add up to the macro budget every year, with and without the cap")
    func budgetsAddUp() {
        for cap in [nil, 15.0] {
            let (scenario, region, finance) = Self.region(cap: cap)
            let plan = BudgetPlan.plans(scenario: scenario, finance: finance, runoff: nil)[0]
            for (y, year) in scenario.years.enumerated() {
                let macro = region.budget!.bw.value(in: year) + region.budget!.mo.value(in: year)
                #expect(abs(plan.budget[y].reduce(0, +) - macro) < 1e-6 * macro, "year \(year), cap \(String(describing: cap))")
                #expect(plan.total[y] == macro)
            }
        }
    }

    @Test("with the cap, no budget share moves by more than the cap per inhabitant in a year")
    func capHolds() {
        // BW money only: the cap limits the BW redistribution; MO money moves
        // with its task, uncapped (docs/finance.md).
        let (scenario, region, finance) = Self.region(cap: 15, mo: 0)
        let plan = BudgetPlan.plans(scenario: scenario, finance: finance, runoff: nil)[0]
        var previousShare = region.municipalities.indices.map { $0 == 0 ? 1.0 : 0.0 }
        for y in scenario.years.indices {
            for (m, municipality) in region.municipalities.enumerated() {
                let effect = plan.budget[y][m] - previousShare[m] * plan.total[y]
                #expect(abs(effect) <= 15 * Double(municipality.population) + 1e-6)
            }
            previousShare = plan.budget[y].map { $0 / plan.total[y] }
        }
        // The cap binds here, so the phase-in lags the uncapped one.
        let free = BudgetPlan.plans(scenario: scenario, finance: { var f = finance; f.capPerInhabitant = nil; return f }(), runoff: nil)[0]
        #expect(plan.budget[0][0] > free.budget[0][0])
    }

    /// One municipality, so historical and objective are the same; budget set
    /// at the expected cost of a stationary M/G/∞ flow (λm = 200 clients ×
    /// 365 days × €100). The yearly cost is close to symmetric around its
    /// mean, so P(deficit) ≈ 0.5; tolerance 4 standard errors of a
    /// proportion, √(0.25/n), plus the asymmetry of a Poisson-like count
    /// (|P(X > mean) − 0.5| < 0.03 at mean 200).
    @Test("P(deficit) is near 0.5 when the budget equals the expected cost")
    func deficitNearHalf() {
        var scenario = TestSupport.singleServerScenario(
            arrivalsPerYear: 100, stay: [Route(destination: .exit(.independent), distribution: .exponential(mean: 2 * 365.25))],
            initialInCare: 200, replications: 400)
        scenario.regions[0].municipalities[0].objectiveShare = 1
        scenario.regions[0].budget = RegionBudget(bw: YearPath(constant: 200 * 365 * 100))
        scenario.finance = FinanceSpec(tariffPerDay: [.intramural: 100], ingroeipad: Ingroeipad(startYear: 2022, years: 10, profile: .linear))
        let r = MonteCarloRunner(threads: 2).run(scenario)
        for y in [3, 9] {
            let p = SampleSummary(r.sample(region: 0, year: y, unit: 0, metric: Metric.deficit)).mean
            #expect(abs(p - 0.5) < 4 * (0.25 / 400).squareRoot() + 0.03, "year \(y): P(deficit) = \(p)")
        }
    }

    @Test("MO is paid by the centrumgemeente until its decentralisation year, then by origin")
    func moDecentralisation() throws {
        let yaml = """
            scenario: mo
            period: {start_year: 2024, end_year: 2027}
            replications: 5
            region:
              name: R
              centrumgemeente: A
              municipalities: [{name: A, population: 50000, objective_share: 0.5}, {name: B, population: 50000, objective_share: 0.5}]
              budget: {bw: 0, mo: 1000000}
            intake: {mo: {rate_per_10k: 20}}
            stay: {shelter: {independent: {exponential: {mean_years: 0.25}}}}
            finance:
              tariff_per_day: {shelter: 80}
              mo_decentralised_from: 2026
              ingroeipad: {start_year: 2022, years: 4}
            """
        let s = try ScenarioLoader.load(text: yaml, baseDirectory: URL(fileURLWithPath: "/")).scenario
        let r = MonteCarloRunner(threads: 2).run(s)
        for rep in 0..<r.replicationCount {
            func v(_ u: Int, _ y: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: y, unit: u, metric: m) }
            #expect(v(1, 0, Metric.cost + CareState.shelter.rawValue) == 0)  // 2024: B pays nothing
            #expect(v(1, 3, Metric.cost + CareState.shelter.rawValue) > 0)   // 2027: B pays for its own
            #expect(v(1, 1, Metric.budget) == 0 && v(0, 1, Metric.budget) == 1_000_000)
            #expect(v(1, 3, Metric.budget) == 500_000)  // MO money moves with the payer: all on the objective shares from 2026
        }
    }

    @Test("Wlz settlement and the risk pool: settlement = (expected − simulated outflow) × cost; the pool nets to zero")
    func settlementAndPool() throws {
        var scenario = try ScenarioLoader.load(path: TestSupport.fixture("finance/scenario.yaml")).scenario
        scenario.replications = 20
        let r = MonteCarloRunner(threads: 2).run(scenario)
        let all = r.allUnit(region: 0)
        let wlz = scenario.finance!.wlz!
        for rep in 0..<r.replicationCount {
            var expected = 0.0, simulated = 0.0
            for (y, year) in scenario.years.enumerated() {
                func v(_ u: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: y, unit: u, metric: m) }
                expected += wlz.expectedOutflowPerYear.value(in: year)
                simulated += v(all, Metric.outflow + Exit.wlz.rawValue)
                let settlement = (expected - simulated) * wlz.costPerClientPerYear * scenario.finance!.priceIndex.value(in: year)
                #expect(abs(v(all, Metric.wlzSettlement) - settlement) < 1e-6 * max(1, abs(settlement)))
                let pool = (0..<scenario.regions[0].municipalities.count).map { v($0, Metric.riskPoolNet) }
                #expect(abs(pool.reduce(0, +)) < 1e-6)
                let balances = (0..<scenario.regions[0].municipalities.count).map { v($0, Metric.balance) }
                #expect(abs(balances.reduce(0, +) - v(all, Metric.balance)) < 1e-3)
            }
        }
        #expect(scenario.parameters.contains { $0.path == "finance.tariff_per_day.intramural" && $0.source != nil })
    }
}
