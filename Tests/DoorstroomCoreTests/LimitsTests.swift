import Foundation
import Testing
@testable import DoorstroomCore

/// Every upper bound stated in docs/scenario-reference.md ("Limits") is
/// enforced at validation: the value at the bound loads, the value just
/// beyond it is an error on that field. Each case is a variant of a fixture,
/// so the rest of the scenario is known to be valid.
@Suite("Limits")
struct LimitsTests {
    /// One documented bound: the row's name in the docs table, the fixture the
    /// variant builds on (nil: `inside`/`outside` are whole scenarios), the
    /// YAML inside and just outside the bound, and the field the error names.
    struct Case: CustomTestStringConvertible, Sendable {
        let row: String
        let base: String?
        let inside: String
        let outside: String
        let field: String
        var testDescription: String { row }
    }

    static let valid = "valid/scenario.yaml"
    static let finance = "finance/scenario.yaml"

    /// A scenario of `regions` regions of `municipalities` municipalities each.
    static func standalone(regions: Int, municipalities: Int) -> String {
        let names = (0..<municipalities).map { "{name: M\($0), population: 1000}" }.joined(separator: ", ")
        let list = (0..<regions).map { "  - {name: R\($0), centrumgemeente: M0, municipalities: [\(names)]}" }
        return "scenario: limits\nperiod: {start_year: 2022, end_year: 2023}\nregions:\n" + list.joined(separator: "\n") + "\n"
    }

    static func empirical(_ n: Int) -> String {
        let years = (1...n).map { String(Double($0) / 20) }
        let cumulative = (1...n).map { $0 == n ? "1" : String(Double($0) / Double(n)) }
        return "waiting: {patience: {empirical: {years: [\(years.joined(separator: ", "))], cumulative: [\(cumulative.joined(separator: ", "))]}}}"
    }

    static func segments(_ n: Int) -> String {
        "segments: {" + (0..<n).map { "s\($0): {share: \(1.0 / Double(n))}" }.joined(separator: ", ") + "}"
    }

    static let cases: [Case] = [
        Case(row: "scenario", base: valid, inside: "scenario: " + String(repeating: "a", count: 100),
             outside: "scenario: " + String(repeating: "a", count: 101), field: "scenario"),
        Case(row: "replications", base: valid, inside: "replications: 10000000", outside: "replications: 10000001", field: "replications"),
        Case(row: "seed", base: valid, inside: "seed: 9223372036854775807", outside: "seed: 9223372036854775808", field: "seed"),
        Case(row: "regions", base: nil, inside: standalone(regions: 500, municipalities: 1),
             outside: standalone(regions: 501, municipalities: 1), field: "regions"),
        Case(row: "municipalities", base: nil, inside: standalone(regions: 1, municipalities: 1000),
             outside: standalone(regions: 1, municipalities: 1001), field: "regions[0].municipalities"),
        Case(row: "population", base: valid,
             inside: "region: {municipalities: [{name: Alpha, population: 100000000, objective_share: 0.6}, {name: Beta, population: 5, objective_share: 0.4}]}",
             outside: "region: {municipalities: [{name: Alpha, population: 100000001, objective_share: 0.6}, {name: Beta, population: 5, objective_share: 0.4}]}",
             field: "region.municipalities[0].population"),
        Case(row: "initial", base: valid, inside: "region: {initial: {intramural: 1000000}}",
             outside: "region: {initial: {intramural: 1000001}}", field: "region.initial.intramural"),
        Case(row: "capacity", base: valid, inside: "region: {capacity: {shelter: 1000000}}",
             outside: "region: {capacity: {shelter: 1000001}}", field: "region.capacity.shelter"),
        Case(row: "dwellings_per_year", base: valid, inside: "region: {dwellings_per_year: 1000000}",
             outside: "region: {dwellings_per_year: 1000001}", field: "region.dwellings_per_year"),
        Case(row: "rate_per_10k", base: valid, inside: "intake: {bw: {rate_per_10k: 10000}}",
             outside: "intake: {bw: {rate_per_10k: 10001}}", field: "intake.bw.rate_per_10k"),
        Case(row: "bw_extra", base: valid, inside: "intake: {bw_extra: {per_year: 990000}}",
             outside: "intake: {bw_extra: {per_year: 1000001}}", field: "intake.bw_extra.per_year"),
        Case(row: "trend_per_year", base: valid, inside: "intake: {bw: {trend_per_year: -0.995}}",
             outside: "intake: {bw: {trend_per_year: -1}}", field: "intake.bw.trend_per_year"),
        Case(row: "expected applicants", base: valid, inside: "intake: {bw: {rate_per_10k: 5000, trend_per_year: 1}}",
             outside: "intake: {bw: {rate_per_10k: 5000, trend_per_year: 10}}", field: "intake"),
        Case(row: "dispersion_shape", base: valid, inside: "intake: {bw: {dispersion_shape: 0.1}}",
             outside: "intake: {bw: {dispersion_shape: 0.09}}", field: "intake.bw.dispersion_shape"),
        Case(row: "mean_years", base: valid, inside: "stay: {shelter: {independent: {exponential: {mean_years: 1000}}}}",
             outside: "stay: {shelter: {independent: {exponential: {mean_years: 1001}}}}",
             field: "stay.shelter.independent.exponential.mean_years"),
        Case(row: "mean_years", base: valid, inside: "stay: {shelter: {independent: {fixed: {years: 0.001}}}}",
             outside: "stay: {shelter: {independent: {fixed: {years: 0}}}}", field: "stay.shelter.independent.fixed.years"),
        Case(row: "shape", base: valid, inside: "stay: {shelter: {independent: {gamma: {mean_years: 1, shape: 10000}}}}",
             outside: "stay: {shelter: {independent: {gamma: {mean_years: 1, shape: 10001}}}}",
             field: "stay.shelter.independent.gamma.shape"),
        Case(row: "sigma", base: valid, inside: "stay: {shelter: {independent: {lognormal: {mean_years: 1, sigma: 10}}}}",
             outside: "stay: {shelter: {independent: {lognormal: {mean_years: 1, sigma: 10.5}}}}",
             field: "stay.shelter.independent.lognormal.sigma"),
        Case(row: "empirical", base: valid, inside: empirical(10_000), outside: empirical(10_001),
             field: "waiting.patience.empirical"),
        Case(row: "return_window_days", base: valid, inside: "legacy: {return_window_days: 36525}",
             outside: "legacy: {return_window_days: 36526}", field: "legacy.return_window_days"),
        Case(row: "euro", base: finance, inside: "region: {budget: {bw: 1000000000000}}",
             outside: "region: {budget: {bw: 1.1e12}}", field: "region.budget.bw"),
        Case(row: "price_index", base: finance, inside: "finance: {price_index: 1000}",
             outside: "finance: {price_index: 1001}", field: "finance.price_index"),
        Case(row: "expected_outflow_per_year", base: finance, inside: "finance: {wlz: {expected_outflow_per_year: 1000000}}",
             outside: "finance: {wlz: {expected_outflow_per_year: 1000001}}", field: "finance.wlz.expected_outflow_per_year"),
        Case(row: "segments", base: valid, inside: segments(255), outside: segments(256), field: "segments"),
        Case(row: "uncertain", base: valid, inside: "lasting_need_share: {uncertain: {range: {low: 0.2, high: 0.4, coverage: 0.999}}}",
             outside: "lasting_need_share: {uncertain: {range: {low: 0.2, high: 0.4, coverage: 0.9995}}}",
             field: "lasting_need_share.uncertain.range.coverage"),
        Case(row: "uncertain", base: valid, inside: "lasting_need_share: {uncertain: {uniform: {min: 0, max: 1}}}",
             outside: "lasting_need_share: {uncertain: {uniform: {min: 0, max: 1.001}}}", field: "lasting_need_share"),
        Case(row: "reentry", base: valid, inside: "reentry: {probability: 0.99}", outside: "reentry: {probability: 0.991}",
             field: "reentry.probability"),
    ]

    /// Bounds checked outside the scenario reader, each with a test of its own:
    /// `--set` (SettingTests) and `sweep` (SweepTests).
    static let otherRows = ["--set", "sweep"]

    /// Bounds on command-line options, checked by `run` before it reads the scenario.
    static let optionRows = ["--first-replication", "--threads"]

    func diagnostics(_ yaml: String, base: String?) -> [Diagnostic] { TestSupport.diagnostics(yaml, base: base) }

    @Test("every row of the Limits table in docs/scenario-reference.md has a case here")
    func everyDocumentedBoundIsTested() throws {
        let doc = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/scenario-reference.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "## Limits").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { line in
            line.split(separator: "`").dropFirst().first.map(String.init)
        }
        #expect(rows.count >= 20)
        let tested = Set(Self.cases.map(\.row) + Self.optionRows + Self.otherRows)
        for row in rows { #expect(tested.contains(row), "documented bound `\(row)` has no test case") }
        for row in tested { #expect(rows.contains(row), "tested bound `\(row)` is not documented") }
    }

    @Test("the value at each bound loads; the value beyond it is an error on its field", arguments: cases)
    func boundIsEnforced(_ c: Case) {
        let inside = diagnostics(c.inside, base: c.base)
        #expect(inside.isEmpty, "at the bound: \(inside.map(\.description))")
        let outside = diagnostics(c.outside, base: c.base)
        #expect(outside.contains { $0.severity == .error && $0.field == c.field },
                "beyond the bound, expected an error on \(c.field), got \(outside.map(\.description))")
    }

    @Test("run refuses options beyond their bounds with exit status 2, before writing anything")
    func optionBounds() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-limits-\(UUID().uuidString)")
        let scenario = TestSupport.fixture(Self.valid)
        let cases: [([String], String)] = [
            (["--first-replication", "1099511627776"], "--first-replication"),
            (["--first-replication", "1099511627770", "--replications", "7"], "--first-replication"),
            (["--threads", "1025"], "--threads"),
            (["--replications", "10000001"], "--replications"),
            (["--seed", "9223372036854775808"], "--seed"),
        ]
        for (options, name) in cases {
            let r = try TestSupport.runTool(["run", scenario, "--output", out.path, "--quiet"] + options)
            #expect(r.status == 2 && r.err.contains(name), "\(options): status \(r.status), \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("run refuses a run that needs more memory than the machine has, unless forced")
    func resourceEstimate() throws {
        let scenario = try ScenarioLoader.load(path: TestSupport.fixture(Self.valid)).scenario
        let estimate = RunEstimate(scenario: scenario, replications: 10_000_000, threads: 2, monthly: false)
        // 3 years × 5 units × every metric, 8 bytes each, for 10⁷ replications (and what the allocator takes beyond).
        let values = 1e7 * 3 * 5 * Double(Metric.count) * 8
        #expect(estimate.memoryBytes >= values && estimate.memoryBytes < values * RunEstimate.allocationOverhead + 1e9)
        #expect(estimate.refusal(memory: UInt64(values / 2)) != nil)
        #expect(RunEstimate(scenario: scenario, replications: 20, threads: 2, monthly: false).refusal(memory: 1 << 30) == nil)
    }
}
