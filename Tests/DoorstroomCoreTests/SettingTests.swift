import Foundation
import Testing
@testable import DoorstroomCore

/// `run --set PATH=VALUE`: a one-line variant.
@Suite("Settings (--set)")
struct SettingTests {
    static let denHaag = TestSupport.packageRoot.appendingPathComponent("Scenarios/den-haag").path

    func load(_ file: String, _ settings: [String]) throws(ScenarioError) -> LoadedScenario {
        try ScenarioLoader.load(path: "\(Self.denHaag)/\(file)", settings: settings.compactMap(Setting.init))
    }

    func problems(_ file: String, _ settings: [String]) -> [Diagnostic] {
        do { _ = try load(file, settings); return [] } catch { return error.diagnostics }
    }

    @Test("a setting gives the same scenario as the variant file that says the same")
    func sameAsVariant() throws {
        let variant = try load("variants/ingroeipad-15y.yaml", []).scenario
        let set = try load("baseline.yaml", ["finance.ingroeipad={start_year: 2022, years: 15, profile: linear}"]).scenario
        #expect(set.finance == variant.finance && set.regions == variant.regions && set.stays == variant.stays)
        // One key of a mapping merges: the profile and start year stay the base's.
        let years = try load("baseline.yaml", ["finance.ingroeipad.years=15"]).scenario
        let base = try load("baseline.yaml", []).scenario
        #expect(years.finance?.ingroeipad.years == 15)
        #expect(years.finance?.ingroeipad.profile == base.finance?.ingroeipad.profile)
        #expect(years.finance?.ingroeipad.startYear == base.finance?.ingroeipad.startYear)
    }

    @Test("a deep setting keeps its siblings; a new field is created; ~ removes")
    func mergeCreateRemove() throws {
        let base = try load("baseline.yaml", []).scenario
        let deep = try load("baseline.yaml", ["stay.intramural.wlz.exponential.mean_years=10"]).scenario
        let wlz = try #require(deep.stays[.intramural]?.first { $0.destination == .exit(.wlz) })
        #expect(wlz.distribution == .exponential(mean: 10 * 365.25))
        #expect(wlz.lastingNeedOnly)  // `applies_to: lasting_need` kept
        let housing = try load("baseline.yaml", ["region.dwellings_per_year=60"]).scenario
        #expect(housing.regions[0].dwellingsPerYear == YearPath(constant: 60))
        #expect(base.regions[0].dwellingsPerYear != YearPath(constant: 60))
        let removed = try load("baseline.yaml", ["region.dwellings_per_year=~"]).scenario
        #expect(removed.regions[0].dwellingsPerYear == nil)
    }

    @Test("settings join the scenario hash")
    func hash() throws {
        let a = try load("baseline.yaml", []), b = try load("baseline.yaml", ["finance.ingroeipad.years=15"])
        #expect(a.sha256 != b.sha256)
        #expect(try load("baseline.yaml", ["finance.ingroeipad.years=15"]).sha256 == b.sha256)
    }

    @Test("a bad setting is an error located at --set, with every problem at once")
    func errors() {
        let found = problems("baseline.yaml", ["finance.ingroeipad.yeers=15", "region.capacty=~", "a..b=1",
                                               "base=x.yaml", "region.dwellings_per_year=", "finance.ingroeipad.years=abc"])
        #expect(found.count == 6, "\(found.map(\.description))")
        #expect(found.allSatisfy { $0.file.hasPrefix("--set ") && $0.line == 1 && $0.column != nil })
        #expect(found.contains { $0.field == "finance.ingroeipad.yeers" && $0.message.contains("did you mean `years`") })
        #expect(found.contains { $0.field == "region.capacty" && $0.message.contains("no such field") })
        #expect(found.contains { $0.field == "finance.ingroeipad.years" && $0.message.contains("found `abc`") })
    }

    @Test("a path through an included file or a list index past its end is an error, not a silent replacement")
    func unreachablePaths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.fixture("valid/stays.yaml"), toPath: dir.appendingPathComponent("stays.yaml").path)
        let file = dir.appendingPathComponent("s.yaml")
        try """
            scenario: s
            period: {start_year: 2022, end_year: 2023}
            regions:
              - {name: R, centrumgemeente: A, municipalities: [{name: A, population: 1000}]}
            stay: stays.yaml
            """.write(to: file, atomically: true, encoding: .utf8)
        func found(_ s: String) -> [Diagnostic] {
            do { _ = try ScenarioLoader.load(path: file.path, settings: [Setting(s)!]); return [] } catch { return error.diagnostics }
        }
        #expect(found("stay.intramural.died.fixed.years=10").first?.message.contains("included file") == true)
        #expect(found("regions[1].dwellings_per_year=5").first?.message.contains("past its end") == true)
        let set = try ScenarioLoader.load(path: file.path, settings: [Setting("regions[0].dwellings_per_year=5")!]).scenario
        #expect(set.regions[0].dwellingsPerYear == YearPath(constant: 5))
    }

    @Test("adversarial cases: a path of 35,000 parts is refused (it crashed), a year path of {value:} numbers replaces the base's")
    func adversarial() throws {
        let deep = Array(repeating: "a", count: 35_000).joined(separator: ".") + "=1"
        #expect(problems("baseline.yaml", [deep]).first?.message.contains("at most 64 parts") == true)
        #expect(problems("baseline.yaml", [Array(repeating: "a", count: 65).joined(separator: ".") + "=1"]).first?
            .message.contains("at most 64 parts") == true)
        // A new year goes in its place among the years (it was appended, and "2026 follows 2031").
        let between = try load("baseline.yaml", ["region.capacity.intramural.2026=900"]).scenario
        #expect(between.regions[0].capacity[.intramural]?.years == [2022, 2026, 2031])
        #expect(between.regions[0].capacity[.intramural]?.value(in: 2026) == 900)
        let s = try load("baseline.yaml", ["region.capacity.intramural={2022: {value: 3}}"]).scenario
        // The base's path is {2022: 1079, 2031: 800}: replaced whole, 2031 is 3 too.
        #expect(s.regions[0].capacity[.intramural]?.value(in: 2031) == 3 && s.regions[0].capacity[.intramural]?.years == [2022])
    }
}
