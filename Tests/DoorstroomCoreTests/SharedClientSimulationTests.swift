import Foundation
import Testing
@testable import DoorstroomCore

/// Scenarios that differ only in money share one client simulation
/// (issue #10 item 3): exact under common random numbers, so each
/// scenario's results are those of its own run, value for value.
@Suite("one client simulation for finance-only variants")
struct SharedClientSimulationTests {
    let base = TestSupport.fixture("finance/scenario.yaml")

    func load(_ settings: [String]) throws -> Scenario {
        try ScenarioLoader.load(path: base, settings: settings.map { Setting($0)! }).scenario
    }

    /// Finance-only variants of the fixture, each touching a different part of
    /// the money: payer rules (with a second woonplaatsbeginsel period, so two
    /// kinds of payer review share the event queue), tariffs, budgets, the
    /// ingroeipad, the cap, the Wlz settlement, the risk pool.
    func financeVariants() throws -> [Scenario] {
        try [
            [],
            ["finance.tariff_per_day.intramural=150", "finance.waiting_support_per_day=0"],
            ["finance.woonplaatsbeginsel.origin_pays_years=3", "finance.mo_decentralised_from=2023"],
            ["finance.ingroeipad.years=10", "finance.ingroeipad.profile=linear", "finance.cap_per_inhabitant=~"],
            ["region.budget.mo=900000", "finance.wlz.expected_outflow_per_year=4", "finance.risk_pool=~"],
            ["finance.ingroeipad.years=3"],  // legacy-runoff again, with a pilot of its own length
        ].map(load)
    }

    @Test("each scenario of a shared simulation gets exactly the values of its own run, for any thread count")
    func sharedEqualsAlone() throws {
        let scenarios = try financeVariants()
        #expect(Set(scenarios.map(ClientFlows.init)).count == 1)
        #expect(Set(scenarios).count == scenarios.count, "the variants must differ")
        let shared = MonteCarloRunner(threads: 2).run(sharing: scenarios)
        for (scenario, together) in zip(scenarios, shared) {
            let alone = MonteCarloRunner(threads: 1).run(scenario)
            // Bit for bit (an undefined value is NaN, which equals nothing as a Double).
            let same = together.values.map { $0.map { $0.map(\.bitPattern) } } == alone.values.map { $0.map { $0.map(\.bitPattern) } }
            #expect(same, "the shared run of \(scenario.name) differs from its own run")
            #expect(together.budgetWeights == alone.budgetWeights)
            #expect(together.capBinding == alone.capBinding)
        }
        // Money differs where it should, so the books really are separate.
        let cost = shared.map { $0.sample(region: 0, year: 2, unit: $0.allUnit(region: 0), metric: Metric.costTotal) }
        #expect(cost[1] != cost[0])
        let balance = shared.map { $0.sample(region: 0, year: 2, unit: 0, metric: Metric.balance) }
        #expect(Set(balance.map { $0.description }).count == balance.count)
        // And the client side is one and the same: occupancy identical in every replication.
        for results in shared.dropFirst() {
            for y in 0..<results.yearCount {
                #expect(results.sample(region: 0, year: y, unit: 0, metric: Metric.occupancyMean)
                        == shared[0].sample(region: 0, year: y, unit: 0, metric: Metric.occupancyMean))
            }
        }
    }

    @Test("client flows: money, names and documentation do not count; flows and the decentralisation year do")
    func clientFlowsKey() throws {
        let baseline = ClientFlows(try load([]))
        #expect(ClientFlows(try load(["finance.tariff_per_day.shelter=1", "region.budget.bw=1"])) == baseline)
        #expect(ClientFlows(try load(["scenario=renamed"])) == baseline)
        #expect(ClientFlows(try load(["stay.intramural.wlz.exponential.mean_years=6"])) != baseline)
        #expect(ClientFlows(try load(["region.capacity.intramural=46"])) != baseline)
        // The ingroeipad's start makes the legacy clients when no decentralisation year is given.
        #expect(ClientFlows(try load(["period.start_year=2021", "finance.ingroeipad.start_year=2022"]))
                != ClientFlows(try load(["period.start_year=2021", "finance.ingroeipad.start_year=2023"])))
        var noFinance = try load([])
        noFinance.finance = nil
        #expect(ClientFlows(noFinance) != baseline)
    }

    @Test("a batch plan groups finance-only variants, in compute order, within the memory bound")
    func batchGroups() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-groups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func entry(_ name: String, _ settings: [String]) -> BatchEntry {
            BatchEntry(file: base, settings: settings.map { Setting($0)! }, name: name)
        }
        let entries = [entry("a", []), entry("wlz", ["stay.intramural.wlz.exponential.mean_years=6"]),
                       entry("tariff", ["finance.tariff_per_day.intramural=150"]),
                       entry("wlz-tariff", ["stay.intramural.wlz.exponential.mean_years=6", "finance.tariff_per_day.intramural=150"])]
        let plan = try BatchPlan(entries: entries, reference: "tariff")
        #expect(plan.clientSimulations() == [[2, 0], [1, 3]])
        #expect(plan.clientSimulationNames == ["tariff", "wlz", "tariff", "wlz"])
        let one = BatchPlan.resultBytes(of: plan.scenarios[0].scenario, replications: plan.replications.count)
        #expect(plan.clientSimulations(maxBytes: 2 * one - 1) == [[2], [0], [1], [3]])
        // An uncertain tariff only moves money at its median, but each replication draws its own: never shared.
        let uncertain = try BatchPlan(entries: entries + [entry("u", ["finance.tariff_per_day.intramural={uncertain: {uniform: {min: 100, max: 200}}}"])])
        #expect(uncertain.clientSimulations() == [[0, 2], [1, 3], [4]])
    }
}
