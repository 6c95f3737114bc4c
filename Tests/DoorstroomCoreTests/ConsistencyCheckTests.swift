import Foundation
import Testing
@testable import DoorstroomCore

/// The consistency diagnostics: each check fires on a scenario made to fail
/// it, and the load-time checks stay quiet on every shipped scenario.
@Suite("Consistency diagnostics")
struct ConsistencyCheckTests {
    /// A small region in a steady state whose budget pays for its clients:
    /// intramural 40 a year × 5 years = 200 in care, shelter 40 a year × 0.25
    /// years = 10; 200 × 140 × 365 + 10 × 80 × 365 = EUR 10,512,000 a year.
    static let base = """
        scenario: checks
        period: {start_year: 2022, end_year: 2026}
        replications: 16
        seed: 11
        region:
          name: Test
          centrumgemeente: A
          municipalities:
            - {name: A, population: 100000, objective_share: 0.5}
            - {name: B, population: 100000, objective_share: 0.5}
          initial: {intramural: 200, shelter: 10}
          budget: {bw: 10220000, mo: 292000}
        intake:
          bw: {rate_per_10k: 2}
          mo: {rate_per_10k: 2}
        stay:
          intramural: {independent: {exponential: {mean_years: 5}}}
          shelter: {independent: {exponential: {mean_years: 0.25}}}
        finance:
          tariff_per_day: {intramural: 140, shelter: 80}
          ingroeipad: {start_year: 2022, years: 5}

        """

    /// Loads `variant.yaml` (`base: base.yaml` and the given lines) laid over ``base``.
    func load(_ variant: String) throws -> LoadedScenario {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("variant.yaml").path
        try ("base: base.yaml\n" + variant + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: path)
    }

    func afterRun(_ loaded: LoadedScenario) -> [Diagnostic] {
        ConsistencyCheck.afterRun(MonteCarloRunner(threads: 2).run(loaded.scenario), loaded: loaded)
    }

    @Test("the base scenario passes every check")
    func baseIsQuiet() throws {
        let loaded = try load("diagnostics: {stationary: true}")
        #expect(ConsistencyCheck.atLoad(loaded).isEmpty)
        #expect(afterRun(loaded).isEmpty)
    }

    @Test("each load-time check fires on a value made implausible, naming its field",
          arguments: [
              ("finance: {tariff_per_day: {intramural: 4200}}", "finance.tariff_per_day.intramural", "per month"),
              ("finance: {tariff_per_day: {intramural: 0.14}}", "finance.tariff_per_day.intramural", "thousands"),
              ("finance: {tariff_per_day: {shelter: ~}}", "finance.tariff_per_day.shelter", "cost nothing"),
              ("region: {budget: {bw: 10.22}}", "region.budget.bw", "millions"),
              ("region: {budget: {bw: 10220}}", "region.budget.bw", "thousands"),
              ("region: {budget: {mo: 29200000000}}", "region.budget.mo", "cents"),
              ("region: {budget: {bw: 2000000}}", "region.budget", "times the budget"),
              ("intake: {bw: {rate_per_10k: 400}}", "intake.bw.rate_per_10k", "count of applicants"),
              ("intake: {mo: {trend_per_year: 2}}", "intake.mo.trend_per_year", "percentage"),
              ("finance: {deficit_threshold_share: 5}", "finance.deficit_threshold_share", "percentage"),
              ("finance: {risk_pool: {threshold_share: 10}}", "finance.risk_pool.threshold_share", "percentage"),
              ("finance: {price_index: {2022: 100, 2026: 108}}", "finance.price_index", "base 100"),
          ])
    func loadTimeCheckFires(variant: String, field: String, hint: String) throws {
        let warnings = ConsistencyCheck.atLoad(try load(variant))
        let hit = warnings.first { $0.field == field }
        #expect(hit != nil, "no warning for \(field) in \(warnings.map(\.description))")
        #expect(hit?.severity == .warning)
        #expect(hit?.message.contains(hint) == true, "\(hit?.message ?? "")")
    }

    @Test("a warning points at the variant's file and line, in the project's format")
    func warningLocation() throws {
        let warnings = ConsistencyCheck.atLoad(try load("region:\n  budget:\n    bw: {value: 10.22}"))
        let hit = try #require(warnings.first { $0.field == "region.budget.bw" })
        #expect(hit.file.hasSuffix("variant.yaml") && hit.line == 4 && hit.column == 9)
        #expect(hit.description.hasSuffix("variant.yaml:4:9: warning: region.budget.bw: " + hit.message))
    }

    @Test("the budget-in-millions fixture is named at region.budget.bw as written in millions")
    func millionsFixture() throws {
        let loaded = try ScenarioLoader.load(path: TestSupport.fixture("budget-in-millions/scenario.yaml"))
        let hit = try #require(ConsistencyCheck.atLoad(loaded).first { $0.field == "region.budget.bw" })
        #expect(hit.line == 17 && hit.message.contains("written in millions?"))
    }

    @Test("no load-time check fires on any shipped scenario or variant")
    func shippedScenariosAreQuiet() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for f in files {
            let warnings = ConsistencyCheck.atLoad(try ScenarioLoader.load(path: root.appendingPathComponent(f).path))
            #expect(warnings.isEmpty, "\(f): \(warnings.map(\.description))")
        }
    }

    @Test("after a run: a first-year cost 27 % above the budget is reported at region.budget")
    func firstYearCost() throws {
        let warnings = afterRun(try load("region: {budget: {bw: 8000000}}"))
        let hit = try #require(warnings.first { $0.field == "region.budget" })
        #expect(hit.message.contains("simulated cost in 2022"))
    }

    @Test("after a run: a scenario declared stationary that drifts is reported, one that does not is not")
    func stationarity() throws {
        let drifting = afterRun(try load("diagnostics: {stationary: true, drift_tolerance: 0.1}\nregion: {initial: {intramural: 400}}"))
        #expect(drifting.contains { $0.field == "diagnostics.stationary" && $0.message.contains("declared stationary") })
        let undeclared = afterRun(try load("region: {initial: {intramural: 400}}"))
        #expect(!undeclared.contains { $0.field == "diagnostics.stationary" })
    }

    @Test("after a run: a cap that binds in most years is reported, a generous one is not")
    func capBinding() throws {
        let tight = afterRun(try load("finance: {cap_per_inhabitant: 0.01}"))
        let hit = try #require(tight.first { $0.field == "finance.cap_per_inhabitant" })
        #expect(hit.message.contains("binds in 5 of the 5 years"))
        #expect(afterRun(try load("finance: {cap_per_inhabitant: 1000}")).isEmpty)
    }

    @Test("the diagnostics section is validated like any other")
    func diagnosticsSectionValidated() throws {
        for bad in ["diagnostics: {stationary: perhaps}", "diagnostics: {drift_tolerance: 0}", "diagnostics: {stationry: true}"] {
            #expect(throws: ScenarioError.self, "\(bad)") { try load(bad) }
        }
        let spec = try load("diagnostics: {stationary: true, drift_tolerance: 0.2}").scenario.diagnostics
        #expect(spec.stationary && spec.driftTolerance == 0.2)
    }
}
