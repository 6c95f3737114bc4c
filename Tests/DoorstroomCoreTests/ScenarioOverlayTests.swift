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
}
