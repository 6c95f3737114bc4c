import Foundation
import Testing
@testable import DoorstroomCore

/// `doorstroom batch` (issue #10 items 1, 2, 4 and 10): common random
/// numbers across a batch's scenarios, distinct names, resuming an
/// interrupted batch, and thread-count independence.
@Suite("doorstroom batch", .serialized)
struct BatchTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-batch-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// Writes a variant of `base` named `name` with `body` laid over it; returns its path.
    func variant(_ name: String, of base: String, _ body: String, in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("\(name).yaml")
        try "base: \(base)\nscenario: \(name)\n\(body)\n".write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func text(_ url: URL, _ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    func data(_ url: URL, _ path: String) throws -> Data {
        try Data(contentsOf: url.appendingPathComponent(path))
    }

    /// Rows of a CSV file (no quoted commas in these files), header dropped.
    func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("a tariff-only variant: the paired occupancy difference is exactly 0 in every replication, costs differ; compare on the sub-folders agrees")
    func financeOnlyVariant() throws {
        let dir = tempDir()
        let base = TestSupport.fixture("finance/scenario.yaml")
        let tariff = try variant("finance-tariff", of: base, "finance:\n  tariff_per_day: {intramural: 150}", in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try TestSupport.runTool(["batch", base, tariff, "--output", out.path, "--batch-id", "b1",
                                         "--reference", "finance-small", "--threads", "2", "--keep-replications", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let batch = out.appendingPathComponent("b1")
        // Only the batch folder is left: no work folder, claim or staging folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["b1"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: batch.path))
                == ["finance-small", "finance-tariff", "summary.csv", "index.csv", "differences.csv", "stress.csv", "manifest.json",
                    "report.html"])
        for name in ["finance-small", "finance-tariff"] {
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: batch.appendingPathComponent(name).path))
                    == ["summary.csv", "metrics.csv", "ingroeipad.csv", "manifest.json", "replications.csv"])
        }
        // The sub-folders are run folders: `compare` on them gives the batch's differences, byte for byte.
        let compared = try TestSupport.runTool(["compare", batch.appendingPathComponent("finance-small").path,
                                                batch.appendingPathComponent("finance-tariff").path,
                                                "--output", dir.appendingPathComponent("cmp").path, "--run-id", "c", "--quiet"])
        #expect(compared.status == 0, "\(compared.err)")
        #expect(try text(dir, "cmp/finance-tariff-vs-finance-small/c/differences.csv") == text(batch, "differences.csv"))
        // The combined summary is the scenarios' summaries under one header.
        let a = try text(batch, "finance-small/summary.csv"), b = try text(batch, "finance-tariff/summary.csv")
        #expect(try text(batch, "summary.csv") == a + b.drop { $0 != "\n" }.dropFirst())
        // One seed and replication range for both, recorded.
        let index = rows(try text(batch, "index.csv"))
        #expect(index.map { $0[0] } == ["finance-small", "finance-tariff"])
        #expect(index.allSatisfy { $0[3] == "7" && $0[4] == "0" && $0[5] == "20" && $0[2].count == 64 })
        #expect(index[1][1] == tariff)
        // The tariff changes only money: the batch simulated the clients once, for both.
        #expect(index.map { $0[6] } == ["finance-small", "finance-small"])
        let manifest = try JSONSerialization.jsonObject(with: data(batch, "manifest.json")) as! [String: Any]
        #expect(manifest["client_simulations"] as? Int == 1)

        let differences = rows(try text(batch, "differences.csv"))
        let column = Dictionary(uniqueKeysWithValues: DifferencesTable.header.enumerated().map { ($1, $0) })
        let occupancy = differences.filter { $0[column["metric"]!].hasPrefix("occupancy_") }
        #expect(occupancy.count >= 100)
        for row in occupancy {
            #expect(row[column["scenario"]!] == "finance-tariff" && row[column["reference"]!] == "finance-small")
            #expect(row[column["mean_difference"]!] == "0" && row[column["mcse"]!] == "0", "\(row)")
            #expect(row[column["p05"]!] == "0" && row[column["p95"]!] == "0" && row[column["n"]!] == "20", "\(row)")
        }
        let cost = differences.filter { $0[column["metric"]!] == "cost_intramural" && $0[column["municipality"]!] == "ALL" }
        #expect(cost.count == 5)
        for row in cost {
            #expect(Double(row[column["mean_difference"]!])! > 0 && row[column["p_positive"]!] == "1", "\(row)")
        }
    }

    @Test("two scenarios of one name: exit 2 naming both files, nothing written")
    func duplicateNames() throws {
        let dir = tempDir()
        let base = TestSupport.fixture("valid/scenario.yaml")
        let twin = try variant("valid-small", of: base, "region:\n  dwellings_per_year: 9", in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try TestSupport.runTool(["batch", base, twin, "--output", out.path, "--batch-id", "b"])
        #expect(r.status == 2)
        let line = try #require(r.err.split(separator: "\n").first { $0.contains(": error: scenario: ") })
        #expect(line.hasPrefix("\(twin):2:11: error: scenario: the name `valid-small` is also the name of \(base)"), "\(line)")
        #expect(r.err.split(separator: "\n").count == 1)  // one line per problem, no count line
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // A reference that is not in the batch, and an invalid scenario, likewise.
        let unknown = try TestSupport.runTool(["batch", base, "--output", out.path, "--reference", "nope"])
        #expect(unknown.status == 2 && unknown.err.contains("--reference:1:1: error: reference: expected the name of one of the batch's scenarios (valid-small), found `nope`"), "\(unknown.err)")
        let invalid = try TestSupport.runTool(["batch", base, TestSupport.fixture("five-mistakes/scenario.yaml"),
                                               "--output", out.path])
        #expect(invalid.status == 2 && invalid.err.split(separator: "\n").filter { $0.contains(": error: ") }.count == 5,
                "\(invalid.err)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an interrupted batch (SIGKILL) restarted skips what it finished and ends byte-identical to an uninterrupted one")
    func resumeAfterKill() throws {
        let dir = tempDir()
        let base = TestSupport.fixture("valid/scenario.yaml")
        let inputs = [base,
                      try variant("valid-places", of: base, "region:\n  capacity: {intramural: 36}", in: dir),
                      try variant("valid-dwellings", of: base, "region:\n  dwellings_per_year: 12", in: dir)]
        // Each scenario takes about a second in a debug build: the kill lands after the first.
        func arguments(_ out: URL) -> [String] {
            ["batch"] + inputs + ["--output", out.path, "--batch-id", "b", "--reference", "valid-small",
                                  "--replications", "300", "--seed", "11", "--threads", "2"]
        }
        let killed = dir.appendingPathComponent("killed")
        let p = Process()
        p.executableURL = TestSupport.executable
        p.arguments = arguments(killed)
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        let work = killed.appendingPathComponent(".b.work")
        // Finished scenarios: renamed into place with their marker (a hidden
        // staging folder may hold a marker a moment before its rename).
        func finished() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).filter {
                !$0.hasPrefix(".")
                    && FileManager.default.fileExists(atPath: work.appendingPathComponent("\($0)/\(BatchMarker.fileName)").path)
            }.sorted()
        }
        let deadline = Date().addingTimeInterval(60)
        while finished().isEmpty && p.isRunning && Date() < deadline { usleep(2_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let done = finished()
        #expect(done == ["valid-small"], "finished before the kill: \(done)")
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("b").path))

        let resumed = try TestSupport.runTool(arguments(killed))
        #expect(resumed.status == 0, "\(resumed.err)")
        #expect(resumed.out.contains("[1/3] valid-small: skipped, finished by an earlier run of this batch"), "\(resumed.out)")
        #expect(resumed.out.components(separatedBy: "skipped").count - 1 == done.count, "\(resumed.out)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: killed.path) == ["b"])

        let whole = dir.appendingPathComponent("whole")
        let uninterrupted = try TestSupport.runTool(arguments(whole))
        #expect(uninterrupted.status == 0 && !uninterrupted.out.contains("skipped"), "\(uninterrupted.err)")
        let a = killed.appendingPathComponent("b"), b = whole.appendingPathComponent("b")
        for file in ["summary.csv", "differences.csv", "valid-small/summary.csv", "valid-places/metrics.csv",
                     "valid-dwellings/summary.csv"] {
            #expect(try data(a, file) == data(b, file), "\(file) differs")
        }
        #expect(try data(a, "differences.csv").count > 10_000)
        // index.csv: every column but wall_seconds, byte for byte.
        func withoutTimings(_ url: URL) throws -> String {
            try text(url, "index.csv").split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
                .joined(separator: "\n")
        }
        #expect(try withoutTimings(a) == withoutTimings(b))
        let manifest = try JSONSerialization.jsonObject(with: data(a, "manifest.json")) as? [String: Any]
        let entries = manifest?["scenarios"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["resumed"] as? Bool } == [true, false, false])
    }

    @Test("the combined summary.csv is byte-identical with --threads 1 and --threads 2")
    func threadCountIndependence() throws {
        let dir = tempDir()
        let base = TestSupport.fixture("valid/scenario.yaml")
        let inputs = [base, try variant("valid-places", of: base, "region:\n  capacity: {intramural: 36}", in: dir)]
        let out = dir.appendingPathComponent("out")
        for threads in ["1", "2"] {
            let r = try TestSupport.runTool(["batch"] + inputs + ["--output", out.path, "--batch-id", "t\(threads)",
                                                                  "--threads", threads, "--replications", "16", "--quiet"])
            #expect(r.status == 0, "\(r.err)")
        }
        let one = try data(out, "t1/summary.csv"), two = try data(out, "t2/summary.csv")
        #expect(one.count > 10_000 && one == two)
    }

    @Test("a folder input is every *.yaml under it, sorted by path, hidden files and folders skipped; an empty one is an error")
    func folderInputs() throws {
        let dir = tempDir()
        for path in ["b.yaml", "a/z.yaml", "a/y.yml", "a.yaml", ".hidden/x.yaml", "c/.x.yaml", "notes.txt"] {
            let file = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "".write(to: file, atomically: true, encoding: .utf8)
        }
        let entries = try BatchInputs.entries(from: [dir.path + "/b.yaml", dir.path])
        #expect(entries.map(\.file) == [dir.path + "/b.yaml", dir.path + "/a.yaml", dir.path + "/a/z.yaml", dir.path + "/b.yaml"])
        #expect(throws: InputError.self) { try BatchInputs.entries(from: [dir.appendingPathComponent("c").path]) }
        let missing = dir.appendingPathComponent("missing").path
        #expect(try BatchInputs.entries(from: [missing]).map(\.file) == [missing])  // the loader reports it
    }

    @Test("a finished scenario is reused only if its key matches and every file has its recorded hash")
    func markerVerification() throws {
        let dir = tempDir()
        let loaded = try ScenarioLoader.load(path: TestSupport.fixture("valid/scenario.yaml"))
        let results = MonteCarloRunner(threads: 2, replications: 0..<4).run(loaded.scenario)
        let work = BatchWorkFolder(output: dir, batchID: "b")
        try work.create()
        let key = BatchMarker.Key(scenario: loaded, replications: 0..<4, keepReplications: false)
        let staged = try work.stage("valid-small")
        try staged.begin()
        let manifest = Manifest(loaded: loaded, replications: 0..<4, threads: 2, startedAt: Date(), wallTimeSeconds: 1,
                                command: [])
        _ = try work.fill(staged, run: RunFiles(results: results, manifest: manifest), differences: nil, stress: nil, key: key,
                          wallTimeSeconds: 1, warnings: [])
        try staged.commit()
        #expect(work.finished(key)?.files.count == 3)
        var other = key
        other.replications = 5
        #expect(work.finished(other) == nil)
        other = key
        other.keepReplications = true
        #expect(work.finished(other) == nil)
        let summary = work.folder(of: "valid-small").appendingPathComponent("summary.csv")
        try (try Data(contentsOf: summary) + Data("x".utf8)).write(to: summary)
        #expect(work.finished(key) == nil)
        try work.discardFolder(of: "valid-small")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.url.path).isEmpty)
    }
}
