import Foundation
import Testing
@testable import DoorstroomCore

/// Issue #9, classes 3 and 5: one problem never hides another, a variant's
/// `~` never silently removes nothing, and whole numbers are read exactly.
/// Each test holds the minimal input that was mishandled before.
@Suite("Every problem at once")
struct EveryProblemAtOnceTests {
    func diagnostics(_ yaml: String, base: String? = nil) -> [Diagnostic] { TestSupport.diagnostics(yaml, base: base) }

    @Test("a finance error does not hide errors in segments, calibration and cohort_year")
    func financeDoesNotHideTheRest() {
        let found = diagnostics("""
            finance: {ingroeipad: {years: 0}}
            segments: {a: {share: 2}}
            calibration: {parameters: {seed: {lower: 1, upper: 0}}}
            cohort_year: 1800
            """, base: "finance/scenario.yaml").map(\.field)
        #expect(found.contains("finance.ingroeipad.years"))
        #expect(found.contains("segments.a.share"))
        #expect(found.contains { $0.hasPrefix("calibration") })
        #expect(found.contains("cohort_year"))
    }

    @Test("start_year and end_year, and the ingroeipad's start_year and years, are each reported")
    func pairsReportedTogether() {
        let found = diagnostics("""
            period: {start_year: 1800, end_year: 3000}
            finance: {ingroeipad: {start_year: 1, years: 0}}
            """, base: "finance/scenario.yaml").map(\.field)
        for field in ["period.start_year", "period.end_year", "finance.ingroeipad.start_year", "finance.ingroeipad.years"] {
            #expect(found.contains(field), "\(field) in \(found)")
        }
    }

    @Test("a misspelt key set to ~ in a variant is an error naming the key, with a hint")
    func tildeOnAMisspeltKey() throws {
        let found = diagnostics("region: {capacty: ~}\n", base: "valid/scenario.yaml")
        let d = try #require(found.first { $0.field == "region.capacty" })
        #expect(d.message.contains("did you mean `capacity`"))
        #expect(d.line == 2)
    }

    @Test("`years: 1,000` in a variant's flow mapping is an error, not years: 1")
    func commaInANumber() throws {
        let found = diagnostics("finance: {ingroeipad: {years: 1,000}}\n", base: "finance/scenario.yaml")
        let d = try #require(found.first { $0.field == "finance.ingroeipad.000" })
        #expect(d.message.contains("comma"))
    }

    @Test("~ on a key the base has still removes it")
    func tildeStillRemoves() throws {
        #expect(diagnostics("region: {dwellings_per_year: ~}\n", base: "valid/scenario.yaml").isEmpty)
    }

    @Test("seeds are whole numbers end to end: 2⁶³−1 and 2⁵³+1 are kept exactly")
    func seedsExact() throws {
        for seed: UInt64 in [9_223_372_036_854_775_807, 9_007_199_254_740_993] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("s.yaml")
            try "base: \(TestSupport.fixture("valid/scenario.yaml"))\nseed: \(seed)\n".write(to: file, atomically: true, encoding: .utf8)
            #expect(try ScenarioLoader.load(path: file.path).scenario.seed == seed)
            let r = try TestSupport.runTool(["run", file.path, "--output", dir.path, "--run-id", "r", "--replications", "2", "--quiet"])
            #expect(r.status == 0, "\(r.err)")
            let manifest = try String(contentsOf: dir.appendingPathComponent("valid-small-s/r/manifest.json"), encoding: .utf8)
            #expect(manifest.contains("\"seed\" : \(seed)"))
        }
    }

    @Test("a region named like a formula or a reserved unit is refused")
    func regionNames() {
        for name in ["=1+1", "ALL", "@x"] {
            let found = diagnostics("region: {name: \"\(name)\"}\n", base: "valid/scenario.yaml")
            #expect(found.contains { $0.field == "region.name" }, "\(name): \(found.map(\.description))")
        }
    }
}
