import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Scenario files")
struct ScenarioValidationTests {
    /// Loads YAML text with the given extra files in a fresh folder.
    func load(_ yaml: String, files: [String: String] = [:]) throws(ScenarioError) -> LoadedScenario {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return try ScenarioLoader.load(text: yaml, file: "test.yaml", baseDirectory: dir)
    }

    func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [Diagnostic] {
        do {
            _ = try load(yaml, files: files)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static let minimal = """
        scenario: minimal
        period: {start_year: 2022, end_year: 2023}
        region:
          name: R
          centrumgemeente: A
          municipalities: [{name: A, population: 1000}]

        """

    @Test("every shipped scenario validates")
    func shippedScenarios() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for f in files {
            #expect(throws: Never.self, "\(f)") { try ScenarioLoader.load(path: root.appendingPathComponent(f).path) }
        }
    }

    @Test("every shipped scenario and variant runs (2 replications, 1 year)")
    func shippedScenariosRun() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        for f in try FileManager.default.subpathsOfDirectory(atPath: root.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            var s = try ScenarioLoader.load(path: root.appendingPathComponent(f).path).scenario
            s.replications = 2
            s.endYear = s.startYear
            // A small legacy-runoff pilot: this checks that every file runs, not its weights.
            let r = MonteCarloRunner(threads: 2, pilotReplications: 2).run(s)
            let csv = SummaryTable.csv(r)
            #expect(csv.contains(",ALL,\(s.startYear),in_care_end,"), "\(f)")
            // Non-finite statistics are written as empty fields, never `nan`. A mean is empty only
            // for a metric that can be undefined (no admissions, no limit, an empty cohort base)
            // when no replication defines it, and then so is every statistic.
            #expect(!csv.split(whereSeparator: { $0 == "," || $0 == "\n" }).contains { $0.lowercased().hasSuffix("nan") }, "\(f)")
            let undefinable = ["wait_days_", "utilisation_", "cohort_"]
            let emptyMeans = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .filter { $0[6].isEmpty }
            #expect(emptyMeans.allSatisfy { row in undefinable.contains { row[4].hasPrefix($0) } && row[6...].allSatisfy { $0.isEmpty } },
                    "\(f): \(emptyMeans.prefix(3).map { $0.joined(separator: ",") })")
        }
    }

    @Test("calibration weights must name observed series and be positive")
    func calibrationWeights() throws {
        let base = Self.minimal + """
            intake: {bw: {rate_per_10k: 2}}
            observed: {care_outflow: {2022: 5}, in_care_1_january: {2023: 10}}

            """
        let ok = try load(base + "calibration: {weights: {care_outflow: 4}, parameters: {intake.bw.rate_per_10k: {lower: 1, upper: 3}}}\n")
        let spec = try #require(ok.scenario.calibration)
        #expect(spec.weight(of: "care_outflow") == 4)
        #expect(spec.weight(of: "in_care_1_january") == 1)
        let bad = diagnostics(base + "calibration: {weights: {care_outfow: 4, in_care_1_january: 0}, parameters: {intake.bw.rate_per_10k: {lower: 1, upper: 3}}}\n")
        #expect(bad.count == 2, "\(bad)")
        #expect(bad.contains { $0.field == "calibration.weights.care_outfow" && $0.message.contains("did you mean `care_outflow`") }, "\(bad)")
        #expect(bad.contains { $0.field == "calibration.weights.in_care_1_january" && $0.message.contains("> 0") }, "\(bad)")
    }

    @Test("a scenario with five mistakes reports all five, each with its file and line")
    func fiveMistakes() {
        let path = TestSupport.fixture("five-mistakes/scenario.yaml")
        var found: [Diagnostic] = []
        do { _ = try ScenarioLoader.load(path: path) } catch { found = error.diagnostics }
        #expect(found.count == 5)
        let expected: [(file: String, line: Int, field: String, says: String)] = [
            ("scenario.yaml", 9, "regions[0].capacty", "unknown key `capacty` (did you mean `capacity`?)"),
            ("scenario.yaml", 13, "regions[1].municipalities", "file `missing-south.csv` not found"),
            ("scenario.yaml", 16, "intake.bw.rate_per_10k", "found -2.5"),
            ("scenario.yaml", 18, "access.2022", "summing to 1"),
            ("stays.yaml", 5, "", "malformed YAML"),
        ]
        for e in expected {
            #expect(found.contains { $0.file.hasSuffix(e.file) && $0.line == e.line && $0.field == e.field && $0.message.contains(e.says) },
                    "missing: \(e)")
        }
    }

    @Test("the valid fixture reads into the model, in days")
    func validFixture() throws {
        let s = try ScenarioLoader.load(path: TestSupport.fixture("valid/scenario.yaml")).scenario
        #expect(s.regions[0].municipalities.map(\.objectiveShare) == [0.6, 0.4])
        #expect(s.stays[.intramural]?.count == 5)
        #expect(s.stays[.intramural]?.first?.distribution == .gamma(shape: 1.5, scale: 3 * 365.25 / 1.5))
        #expect(s.stays[.intramural]?.contains { $0.destination == .exit(.wlz) && $0.lastingNeedOnly } == true)
        #expect(s.access.value(in: 2023).intramural == 0.55)
        #expect(s.regions[0].capacity[.intramural]?.value(in: 2023) == 30)
        #expect(s.wlzTransfer?.day == Double(365 + 181))
        #expect(s.parameters.contains { $0.path == "region.capacity.intramural.2022" && $0.source == "assumption: test" })
        #expect(s.parameters.contains { $0.path == "stay.intramural.died.fixed.years" && $0.source == "assumption: test values" })
    }

    @Test("a minimal scenario loads with defaults")
    func minimal() throws {
        let s = try load(Self.minimal).scenario
        #expect(s.replications == 1000 && s.seed == 1 && s.regions[0].capacity.isEmpty)
    }

    @Test("ranges, types and structure are checked", arguments: [
        ("lasting_need_share: 1.5\n", "lasting_need_share", "a probability in [0, 1]"),
        ("replications: 0\n", "replications", "a whole number"),
        ("replications: many\n", "replications", "found `many`"),
        ("stay: {intramural: {independent: {exponential: {mean_years: -1}}}}\n", "stay.intramural.independent.exponential.mean_years", "in years in 0.001…1000"),
        ("stay: {intramural: {intramural: {exponential: {mean_years: 1}}}}\n", "stay.intramural.intramural", "unknown key"),
        ("stay: {intramural: {died: {gamma: {mean_years: 1}}}}\n", "stay.intramural.died.gamma", "missing required field `shape`"),
        ("stay: {intramural: {died: {}}}\n", "stay.intramural.died", "exactly one distribution"),
        ("access: {2031: {intramural: 1}, 2022: {intramural: 1}}\n", "access.2022", "increasing order"),
        ("wlz_transfer: {date: 2022-02-30, share: 0.5}\n", "wlz_transfer.date", "YYYY-MM-DD"),
        ("waiting: {patience: {exponential: {mean_years: 1}}, extra: 1}\n", "waiting.extra", "unknown key"),
    ])
    func checks(_ extra: String, _ field: String, _ says: String) {
        let found = diagnostics(Self.minimal + extra)
        #expect(found.contains { $0.field == field && $0.message.contains(says) && $0.line != nil }, "\(found)")
    }

    @Test("period years must be in order")
    func periodOrder() {
        let yaml = Self.minimal.replacingOccurrences(of: "end_year: 2023", with: "end_year: 2020")
        #expect(diagnostics(yaml).contains { $0.field == "period.end_year" })
    }

    @Test("municipality tables: columns, numbers, duplicates, shares and the centrumgemeente")
    func municipalityTables() {
        let yaml = """
            scenario: csv
            period: {start_year: 2022, end_year: 2023}
            region: {name: R, centrumgemeente: Zeta, municipalities: m.csv}

            """
        let csv = "name,population,objective_share\nA,1000,0.5\nA,abc,0.6\n\"B,C\",10,x\n"
        let found = diagnostics(yaml, files: ["m.csv": csv])
        #expect(found.contains { $0.file.hasSuffix("m.csv") && $0.line == 3 && $0.field == "population" })
        #expect(found.contains { $0.file.hasSuffix("m.csv") && $0.line == 3 && $0.message.contains("duplicate municipality `A`") })
        #expect(found.contains { $0.file.hasSuffix("m.csv") && $0.line == 4 && $0.field == "objective_share" })
        let bad = diagnostics(yaml, files: ["m.csv": "name,populaton\nA,1\n"])
        #expect(bad.contains { $0.message.contains("unknown column `populaton` (did you mean `population`?)") })
        let ragged = diagnostics(yaml, files: ["m.csv": "name,population\nA,1,2\n\"B,1\n"])
        #expect(ragged.filter { $0.message.contains("malformed CSV") }.map(\.line) == [2, 3])
        let centre = diagnostics(yaml, files: ["m.csv": "name,population\nA,1\n"])
        #expect(centre.contains { $0.field == "region.centrumgemeente" && $0.message.contains("found `Zeta`") })
    }

    @Test("all problems are reported at once, in file order")
    func allAtOnce() {
        let yaml = Self.minimal + "lasting_need_share: 2\nreplications: -1\nbogus: 1\n"
        let found = diagnostics(yaml)
        #expect(found.count == 3)
        #expect(found.map { $0.line ?? 0 } == found.map { $0.line ?? 0 }.sorted())
    }

    @Test("the scenario hash covers included files")
    func hashCoversIncludes() throws {
        let yaml = Self.minimal + "stay: s.yaml\n"
        let a = try load(yaml, files: ["s.yaml": "intramural: {died: {exponential: {mean_years: 50}}}\n"])
        let b = try load(yaml, files: ["s.yaml": "intramural: {died: {exponential: {mean_years: 51}}}\n"])
        #expect(a.sha256 != b.sha256 && a.sha256.count == 64)
    }
}
