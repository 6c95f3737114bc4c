import Foundation
import Testing
@testable import DoorstroomCore

@Suite("The doorstroom command", .serialized)
struct CommandLineTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    @Test("validate lists every problem on stderr and exits 2")
    func validateInvalid() throws {
        let r = try TestSupport.runTool(["validate", TestSupport.fixture("five-mistakes/scenario.yaml")])
        #expect(r.status == 2)
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy { $0.contains(#/^[^:]+:\d+:\d+: error: /#) }, "\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test("run writes summary, manifest and replications into a new run folder")
    func runWrites() throws {
        let out = tempDir()
        let r = try TestSupport.runTool(["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path,
                                         "--run-id", "r1", "--replications", "8", "--keep-replications", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let run = out.appendingPathComponent("valid-small/r1")
        let summary = try String(contentsOf: run.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.hasPrefix(SummaryTable.header.joined(separator: ",") + "\n"))
        #expect(summary.contains("valid-small,Small,ALL,2024,occupancy_mean_intramural,clients,"))
        // metrics.csv describes exactly the metrics of summary.csv.
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let described = metrics.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        let reported = Set(summary.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[4]) })
        #expect(Set(described) == reported && described.count == reported.count)
        #expect(metrics.contains("\noccupancy_end_intramural,clients,level on 31 December,municipality of origin; ALL: the region,"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["replications"] as? Int == 8)
        #expect(manifest?["seed"] as? Int == 42)
        #expect((manifest?["scenario_sha256"] as? String)?.count == 64)
        #expect(((manifest?["parameters"] as? [Any])?.count ?? 0) > 40)
        let reps = try String(contentsOf: run.appendingPathComponent("replications.csv"), encoding: .utf8)
        #expect(reps.split(separator: "\n").count == 1 + 8 * 4 * 3)  // header + reps × (2 municipalities, unknown, ALL) × years
        let again = try TestSupport.runTool(["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path,
                                             "--run-id", "r1", "--quiet"])
        #expect(again.status != 0 && again.err.contains("exists already"))
    }

    @Test("the same seed gives a byte-identical summary.csv with --threads 1 and --threads 2")
    func threadsGiveSameBytes() throws {
        let out = tempDir()
        for threads in ["1", "2"] {
            let r = try TestSupport.runTool(["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path,
                                             "--run-id", "t\(threads)", "--threads", threads, "--replications", "16", "--quiet"])
            #expect(r.status == 0, "\(r.err)")
        }
        let one = try Data(contentsOf: out.appendingPathComponent("valid-small/t1/summary.csv"))
        let two = try Data(contentsOf: out.appendingPathComponent("valid-small/t2/summary.csv"))
        #expect(!one.isEmpty && one == two)
    }

    @Test("shards run with --first-replication merge exactly into the whole run's replications.csv")
    func shardsMergeOnDisk() throws {
        let out = tempDir()
        let runs = [("whole", "0", "12"), ("a", "0", "5"), ("b", "5", "7")]
        for (id, first, count) in runs {
            let r = try TestSupport.runTool(["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path, "--run-id", id,
                                             "--first-replication", first, "--replications", count, "--keep-replications", "--quiet"])
            #expect(r.status == 0, "\(r.err)")
        }
        func rows(_ id: String) throws -> [Substring] {
            try String(contentsOf: out.appendingPathComponent("valid-small/\(id)/replications.csv"), encoding: .utf8)
                .split(separator: "\n")
        }
        let whole = try rows("whole"), a = try rows("a"), b = try rows("b")
        #expect(a[0] == whole[0] && b[0] == whole[0])
        #expect(Array(a.dropFirst()) + Array(b.dropFirst()) == Array(whole.dropFirst()))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("valid-small/b/manifest.json"))) as? [String: Any]
        #expect(manifest?["first_replication"] as? Int == 5 && manifest?["replications"] as? Int == 7)
    }

    @Test("an invalid option value exits 2, like every invalid input (not ArgumentParser's 64)")
    func invalidOption() throws {
        let out = tempDir()
        let r = try TestSupport.runTool(["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path, "--threads", "0"])
        #expect(r.status == 2)
        #expect(r.err.contains("--threads must be in 1…1024, found 0"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("run on an invalid scenario exits 2 and writes nothing")
    func runInvalid() throws {
        let out = tempDir()
        let r = try TestSupport.runTool(["run", TestSupport.fixture("five-mistakes/scenario.yaml"), "--output", out.path])
        #expect(r.status == 2)
        #expect(r.err.split(separator: "\n").count == 5, "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("run warns of a budget written in millions, naming the field; --strict exits 2 and writes nothing")
    func budgetInMillions() throws {
        let fixture = TestSupport.fixture("budget-in-millions/scenario.yaml")
        let out = tempDir()
        let r = try TestSupport.runTool(["run", fixture, "--output", out.path, "--run-id", "w", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("scenario.yaml:17:9: warning: region.budget.bw: "), "\(r.err)")
        #expect(r.err.contains("written in millions?"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("budget-in-millions/w/manifest.json"))) as? [String: Any]
        let listed = (manifest?["diagnostics"] as? [[String: Any]]) ?? []
        #expect(listed.contains { $0["field"] as? String == "region.budget.bw" && $0["severity"] as? String == "warning" && $0["line"] as? Int == 17 })

        let strictOut = tempDir()
        let strict = try TestSupport.runTool(["run", fixture, "--output", strictOut.path, "--strict"])
        #expect(strict.status == 2)
        #expect(strict.err.contains("warning: region.budget.bw: ") && strict.err.contains("--strict"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: strictOut.path).isEmpty)

        let validate = try TestSupport.runTool(["validate", fixture])
        #expect(validate.status == 0 && validate.err.contains("warning: region.budget.bw: "))
        #expect(try TestSupport.runTool(["validate", "--strict", fixture]).status == 2)
    }

    @Test("run --strict with a warning found only after the run exits 2 and keeps no run folder")
    func strictAfterRun() throws {
        // Valid at load (EUR 50,000 per client), but the first year costs about 20 % more than the budget.
        let dir = tempDir()
        let scenario = dir.appendingPathComponent("costly.yaml")
        try TestSupport.costlyScenario.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try TestSupport.runTool(["run", scenario.path, "--output", out.path, "--strict", "--quiet"])
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("warning: region.budget: the simulated cost in 2022"), "\(r.err)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("costly").path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test("an interrupted run leaves no run folder")
    func interrupt() throws {
        let out = tempDir()
        let p = Process()
        p.executableURL = TestSupport.executable
        p.arguments = ["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path, "--run-id", "big",
                       "--replications", "10000000", "--force", "--quiet"]
        p.standardError = Pipe()
        try p.run()
        let scenarioFolder = out.appendingPathComponent("valid-small").path
        func staged() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder)) ?? []).contains { $0.hasPrefix(".big.") && $0.hasSuffix(".partial") }
        }
        let deadline = Date().addingTimeInterval(30)
        while !staged() && Date() < deadline { usleep(20_000) }
        #expect(staged())
        usleep(200_000)
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
