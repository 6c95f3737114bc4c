import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Sweeps")
struct SweepTests {
    static let shipped = TestSupport.packageRoot.appendingPathComponent("Sweeps/den-haag-stress.yaml").path

    func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("sweep.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("the shipped Den Haag sweep: the base, a 3 × 2 grid and five named points, each loading with its settings")
    func shippedSweep() throws {
        let sweep = try Sweep.load(path: Self.shipped)
        let names = sweep.entries.map { $0.name ?? "" }
        #expect(names.count == 12)
        #expect(names.first == "den-haag-stress-base" && sweep.reference == "den-haag-stress-base")
        #expect(names.contains("den-haag-stress-years-15-profile-legacy-runoff"))
        #expect(names[1] == "den-haag-stress-years-5-profile-linear" && names[2] == "den-haag-stress-years-5-profile-legacy-runoff")
        #expect(names.contains("den-haag-stress-legacy-10y") && names.contains("den-haag-stress-cap-15"))
        for entry in sweep.entries {
            let s = try ScenarioLoader.load(path: entry.file, settings: entry.settings).scenario
            if entry.name == "den-haag-stress-years-15-profile-linear" {
                #expect(s.finance?.ingroeipad.years == 15 && s.finance?.ingroeipad.profile == .linear)
            }
            if entry.name == "den-haag-stress-legacy-10y" {
                #expect(s.legacyIndicationRemaining == .empirical(points: [10 * 365.25], cumulative: [1]))
            }
            if entry.name == "den-haag-stress-cap-15" { #expect(s.finance?.capPerInhabitant == 15) }
        }
    }

    @Test("a bad value in a sweep point is reported at its line and column in the sweep file, also by validate")
    func errorsInTheSweepFile() throws {
        let path = try write("""
            sweep: s
            base: \(TestSupport.fixture("finance/scenario.yaml"))
            grid:
              finance.ingroeipad.years: [5, 0]
            """)
        let validate = try TestSupport.runTool(["validate", path])
        #expect(validate.status == 2 && validate.err == "\(path):4:33: error: finance.ingroeipad.years: expected a whole number in 1…50, found 0\n")
        #expect(try TestSupport.runTool(["validate", Self.shipped]).status == 0)
        let sweep = try Sweep.load(path: path)
        let bad = try #require(sweep.entries.last)
        var found: [Diagnostic] = []
        do { _ = try ScenarioLoader.load(path: bad.file, settings: bad.settings) } catch { found = error.diagnostics }
        #expect(found.count == 1)
        #expect(found.first?.file == path && found.first?.line == 4 && found.first?.column == 33, "\(found.map(\.description))")
        #expect(found.first?.field == "finance.ingroeipad.years")
    }

    @Test("duplicate point names, an unknown reference and a bad grid are each reported")
    func sweepFileProblems() throws {
        let path = try write("""
            sweep: s
            base: x.yaml
            reference: nowhere
            grid:
              a.b: [1, 2]
              c.d: {}
            points:
              - {name: b-1, set: {a: 1}}
              - {name: b-1, set: {a: 2}}
            """)
        var found: [Diagnostic] = []
        do { _ = try Sweep.load(path: path) } catch { found = error.diagnostics }
        #expect(found.contains { $0.field == "reference" && $0.line == 3 })
        #expect(found.contains { $0.message.contains("two points are named `s-b-1`") })
        #expect(found.contains { $0.field == "grid.c.d" && $0.message.contains("at least one value") })
    }

    @Test("paths are normalised lexically: index.csv names a sweep's base `scenarios/x.yaml`, not `sweeps/../scenarios/x.yaml`")
    func normalisedBasePath() throws {
        #expect(PathText.normalised("Sweeps/../Scenarios/den-haag/baseline.yaml") == "Scenarios/den-haag/baseline.yaml")
        #expect(PathText.normalised("./a//b/./c/") == "a/b/c")
        #expect(PathText.normalised("../a/../../b") == "../../b")
        #expect(PathText.normalised("/x/../../y") == "/y" && PathText.normalised("a/..") == "." && PathText.normalised("/") == "/")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for folder in ["sweeps", "scenarios"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["scenario.yaml", "stays.yaml"] {
            try FileManager.default.copyItem(atPath: TestSupport.fixture("valid/\(file)"),
                                             toPath: dir.appendingPathComponent("scenarios/\(file)").path)
        }
        try "sweep: tidy\nbase: ../scenarios/scenario.yaml\npoints:\n  - {name: more, set: {region.dwellings_per_year: 9}}\n"
            .write(to: dir.appendingPathComponent("sweeps/s.yaml"), atomically: true, encoding: .utf8)
        #expect(try Sweep.load(path: "\(dir.path)/sweeps/s.yaml").entries.allSatisfy { $0.file == "\(dir.path)/scenarios/scenario.yaml" })
        let r = try TestSupport.runTool(["batch", "sweeps/s.yaml", "--output", "out", "--batch-id", "b", "--replications", "2", "--quiet"],
                                        in: dir)
        #expect(r.status == 0, "\(r.err)")
        let index = try String(contentsOf: dir.appendingPathComponent("out/b/index.csv"), encoding: .utf8)
        let files = index.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        #expect(files == ["scenarios/scenario.yaml", "scenarios/scenario.yaml"], "\(index)")
    }

    @Test("a sweep runs as a batch: every point, differences against the base, and stress.csv with every point's rows")
    func sweepBatch() throws {
        let path = try write("""
            sweep: mini
            base: \(TestSupport.fixture("finance/scenario.yaml"))
            grid:
              finance.ingroeipad.years: [2, 5]
            points:
              - {name: poor, set: {region.budget.bw: 1000000}}
            """)
        let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out")
        let r = try TestSupport.runTool(["batch", path, "--output", out.path, "--batch-id", "s", "--replications", "20", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let batch = out.appendingPathComponent("s")
        let points = ["mini-base", "mini-years-2", "mini-years-5", "mini-poor"]
        for p in points { #expect(FileManager.default.fileExists(atPath: batch.appendingPathComponent("\(p)/summary.csv").path)) }
        let differences = try String(contentsOf: batch.appendingPathComponent("differences.csv"), encoding: .utf8)
        #expect(differences.contains("\nmini-poor,mini-base,") && !differences.contains("\nmini-base,mini-base,"))
        let stress = try String(contentsOf: batch.appendingPathComponent("stress.csv"), encoding: .utf8)
        let lines = stress.split(separator: "\n")
        #expect(lines[0] == Substring(StressTable.header.joined(separator: ",")))
        #expect(Set(lines.dropFirst().map { String($0.split(separator: ",")[0]) }) == Set(points))
        // A region with a third of its money is short every year: P(deficit) of ALL is 1 from the first year.
        let poor = lines.filter { $0.hasPrefix("mini-poor,Small,ALL,") }
        #expect(!poor.isEmpty && poor.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[4] == "1" })
    }

    @Test("adversarial cases: a huge grid is refused before it is built; quoted values keep their quotes; a missing base at base:")
    func adversarial() throws {
        let values = (0..<10_000).map(String.init).joined(separator: ", ")
        let huge = try write("sweep: h\nbase: \(TestSupport.fixture("valid/scenario.yaml"))\ngrid:\n  a.b: [\(values)]\n  c.d: [\(values)]\n")
        let started = Date()
        var found: [Diagnostic] = []
        do { _ = try Sweep.load(path: huge) } catch { found = error.diagnostics }
        #expect(found.contains { $0.field == "grid" && $0.message.contains("100000000") })
        #expect(Date().timeIntervalSince(started) < 10)  // building 10⁸ points took minutes and 24 GB
        let quoted = try write("sweep: q\nbase: \(TestSupport.fixture("valid/scenario.yaml"))\ngrid:\n  region.name: [\"a: b\"]\n  description: [\"~\"]\n")
        let entry = try #require(try Sweep.load(path: quoted).entries.last)
        let s = try ScenarioLoader.load(path: entry.file, settings: entry.settings).scenario
        #expect(s.regions[0].name == "a: b" && s.description == "~")
        let missing = try write("sweep: m\nbase: nothere.yaml\ngrid:\n  a.b: [1, 2]\n")
        found = []
        do { _ = try Sweep.load(path: missing) } catch { found = error.diagnostics }
        #expect(found.count == 1 && found.first?.field == "base" && found.first?.line == 2)
    }
}
