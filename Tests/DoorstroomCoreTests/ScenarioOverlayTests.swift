import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Scenario variants (base + overrides)")
struct ScenarioOverlayTests {
    static let root = TestSupport.packageRoot.appendingPathComponent("Scenarios/den-haag")

    func load(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: Self.root.appendingPathComponent(name).path).scenario
    }

    @Test("a variant changes only what it names")
    func overridesOnlyWhatItNames() throws {
        let base = try load("baseline.yaml")
        let fast = try load("variants/ambulantisering-fast.yaml")
        #expect(fast.name == "den-haag-ambulantisering-fast")
        #expect(fast.access.years == [2022, 2026])  // 2031 removed with ~, 2026 added
        #expect(fast.access.value(in: 2030) == fast.access.values[1])
        #expect(fast.regions == base.regions && fast.stays == base.stays && fast.finance == base.finance)

        let wlz = try load("variants/wlz-high.yaml")
        #expect(wlz.stays[.intramural]?.count == base.stays[.intramural]?.count)
        #expect(wlz.stays[.intramural]?.first { $0.destination == .exit(.wlz) }?.distribution == .exponential(mean: 10 * 365.25))
        #expect(wlz.stays[.ambulant] == base.stays[.ambulant])

        let nowpb = try load("variants/no-woonplaatsbeginsel.yaml")
        #expect(nowpb.finance?.woonplaatsbeginsel == false)
        #expect(nowpb.finance?.tariffPerDay == base.finance?.tariffPerDay)

        let housing = try load("variants/housing-shortage.yaml")
        #expect(housing.regions[0].dwellingsPerYear == YearPath(constant: 60))
        #expect(housing.regions[0].capacity == base.regions[0].capacity)
    }

    @Test("errors point into the file the value came from")
    func errorsPointToTheirFile() {
        var found: [Diagnostic] = []
        do { _ = try ScenarioLoader.load(path: TestSupport.fixture("overlay/broken-variant.yaml")) } catch { found = error.diagnostics }
        #expect(found.count == 2)
        #expect(found.contains { $0.file.hasSuffix("broken-variant.yaml") && $0.line == 6 && $0.field == "stay.intramural.died.exponential.mean_years" })
        #expect(found.contains { $0.file.hasSuffix("broken-base.yaml") && $0.line == 3 && $0.field == "lasting_need_share" })
    }

    @Test("the base's tables resolve relative to the base, and the hash covers base and variant")
    func hashAndPaths() throws {
        let a = try ScenarioLoader.load(path: Self.root.appendingPathComponent("variants/mo-2025.yaml").path)
        let b = try ScenarioLoader.load(path: Self.root.appendingPathComponent("variants/mo-never.yaml").path)
        #expect(a.scenario.regions[0].municipalities.count == 5)
        #expect(a.sha256 != b.sha256)
    }

    @Test("a variant without `scenario:` is named after its base and its file, never the base's name")
    func variantWithoutName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, expected) in [("Wlz High!.yaml", "den-haag-baseline-wlz-high-"), ("den-haag-baseline-tariff.yaml", "den-haag-baseline-tariff")] {
            let url = dir.appendingPathComponent(file)
            try "base: \(Self.root.appendingPathComponent("baseline.yaml").path)\nlasting_need_share: 0.5\n"
                .write(to: url, atomically: true, encoding: .utf8)
            let s = try ScenarioLoader.load(path: url.path).scenario
            #expect(s.name == expected)
            #expect(s.name != (try load("baseline.yaml")).name)
        }
        // End to end: the run lands in the variant's own folder.
        let url = dir.appendingPathComponent("quick.yaml")
        try "base: \(TestSupport.fixture("valid/scenario.yaml"))\nlasting_need_share: 0.5\n".write(to: url, atomically: true, encoding: .utf8)
        let r = try TestSupport.runTool(["run", url.path, "--output", dir.path, "--run-id", "r", "--replications", "2", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("valid-small-quick/r/summary.csv").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("valid-small").path))
    }
}
