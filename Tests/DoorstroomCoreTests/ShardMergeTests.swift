import Foundation
import Testing
@testable import DoorstroomCore

/// `run --shard I/N` and `merge` (issue 14): partial run folders that merge
/// into the run folder a single run writes, byte for byte.
@Suite("Shards and merge", .serialized)
struct ShardMergeTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-shard-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// The finance fixture (legacy-runoff ingroeipad: a pilot fixes its budget plans; a cap), small.
    let finance = TestSupport.fixture("finance/scenario.yaml")
    let small = ["--replications", "10", "--pilot-replications", "10", "--quiet"]

    /// Runs shard I/N of `scenario` for every I into `out`/<scenario>/`prefix`-I; returns the folders.
    func shards(_ scenario: String, _ n: Int, out: URL, name: String, prefix: String, extra: [String]) throws -> [String] {
        try (1...n).map { i in
            let r = try TestSupport.runTool(["run", scenario, "--output", out.path, "--run-id", "\(prefix)-\(i)", "--shard", "\(i)/\(n)"] + extra)
            #expect(r.status == 0, "shard \(i)/\(n): \(r.err)")
            return out.appendingPathComponent("\(name)/\(prefix)-\(i)").path
        }
    }

    /// Every file of `a` but manifest.json and report.html is in `b` with the same bytes, and the other way round.
    func expectSameFiles(_ a: URL, _ b: URL, _ label: String) throws {
        let skip: Set<String> = ["manifest.json", "report.html"]
        let names = try Set(FileManager.default.contentsOfDirectory(atPath: a.path)).subtracting(skip)
        let other = try Set(FileManager.default.contentsOfDirectory(atPath: b.path)).subtracting(skip)
        #expect(names == other, "\(label): files differ: \(names.sorted()) vs \(other.sorted())")
        #expect(names.contains("summary.csv"))
        for name in names.sorted() where other.contains(name) {
            let x = try Data(contentsOf: a.appendingPathComponent(name)), y = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(x == y && !x.isEmpty, "\(label): \(name) differs from the single run's")
        }
    }

    @Test("blocks: contiguous, covering, sizes differing by at most one, the first R mod N one longer; I/N parsed within 1…10,000")
    func blocks() {
        for (total, count) in [(10, 1), (10, 2), (10, 3), (10, 7), (10, 10), (7, 3), (10_000, 10_000), (12_345, 17)] {
            let blocks = (1...count).map { Shard(index: $0, count: count)!.block(of: total) }
            #expect(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == total)
            #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            let extra = total % count
            #expect(blocks.enumerated().allSatisfy { $1.count == total / count + ($0 < extra ? 1 : 0) })
        }
        #expect(Shard(index: 1, count: 7)!.block(of: 10) == 0..<2 && Shard(index: 4, count: 7)!.block(of: 10) == 6..<7)
        #expect(Shard("2/3") == Shard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "1/10001", "1/0", "-1/3", "1/", "/3", "a/b", "1/2/3", "+1/3", " 1/3"] {
            #expect(Shard(bad) == nil, "\(bad)")
        }
    }

    @Test("--shard-from-env: Slurm's task id minus its minimum (over its step) plus one of its count; Kubernetes' 0-based index of DOORSTROOM_SHARD_COUNT; a missing or invalid variable is named")
    func environment() {
        let slurm = Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect((try? slurm.get()) == Shard(index: 2, count: 3))
        let stepped = Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "10", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "5",
                                             "SLURM_ARRAY_TASK_COUNT": "5"])
        #expect((try? stepped.get()) == Shard(index: 3, count: 5))
        let k8s = Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0", "DOORSTROOM_SHARD_COUNT": "4"])
        #expect((try? k8s.get()) == Shard(index: 1, count: 4))
        func message(_ env: [String: String]) -> String {
            if case let .failure(e) = Shard.fromEnvironment(env) { return e.description }
            return "no failure"
        }
        #expect(message([:]).contains("SLURM_ARRAY_TASK_ID") && message([:]).contains("JOB_COMPLETION_INDEX"))
        #expect(message(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"]).contains("SLURM_ARRAY_TASK_MIN is not set"))
        #expect(message(["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2"])
            .contains("SLURM_ARRAY_TASK_ID: expected a whole number, found `x`"))
        #expect(message(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2"]).contains("1 ≤ shard ≤ count"))
        #expect(message(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "2"])
            .contains("not SLURM_ARRAY_TASK_MIN (0) plus a multiple of SLURM_ARRAY_TASK_STEP (2)"))
        #expect(message(["JOB_COMPLETION_INDEX": "0"]).contains("DOORSTROOM_SHARD_COUNT is not set"))
    }

    @Test("run --shard-from-env reads Slurm's variables into the manifest's shard; without them it exits 2 naming the variable")
    func fromEnvironmentOnTheCommandLine() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        var env = ProcessInfo.processInfo.environment
        for key in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX", "DOORSTROOM_SHARD_COUNT"] {
            env[key] = nil
        }
        let missing = try TestSupport.runTool(["run", finance, "--output", out.path, "--shard-from-env"] + small, environment: env)
        #expect(missing.status == 2 && missing.err.contains("SLURM_ARRAY_TASK_ID"), "\(missing.err)")
        env["SLURM_ARRAY_TASK_ID"] = "8"
        env["SLURM_ARRAY_TASK_MIN"] = "7"
        env["SLURM_ARRAY_TASK_COUNT"] = "3"
        let r = try TestSupport.runTool(["run", finance, "--output", out.path, "--run-id", "env", "--shard-from-env"] + small, environment: env)
        #expect(r.status == 0, "\(r.err)")
        let folder = out.appendingPathComponent("finance-small/env")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any]
        let shard = manifest?["shard"] as? [String: Any]
        #expect(shard?["index"] as? Int == 2 && shard?["count"] as? Int == 3 && shard?["first_replication"] as? Int == 4
                && shard?["replications"] as? Int == 3 && shard?["total_replications"] as? Int == 10, "\(String(describing: shard))")
        #expect(manifest?["first_replication"] as? Int == 4 && manifest?["replications"] as? Int == 3)
        // A partial folder: replications and the manifest only.
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["replications.csv", "manifest.json"])
    }

    @Test("merge of 1, 2, 3 and 7 shards (unequal blocks) writes every file of the single run byte for byte (finance, legacy-runoff pilot, cap), and its manifest but for the command, the times and the parts")
    func mergeEqualsSingleRun() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let single = try TestSupport.runTool(["run", finance, "--output", out.path, "--run-id", "single", "--keep-replications"] + small)
        #expect(single.status == 0, "\(single.err)")
        let whole = out.appendingPathComponent("finance-small/single")
        for n in [1, 2, 3, 7] {
            let parts = try shards(finance, n, out: out, name: "finance-small", prefix: "p\(n)", extra: small)
            let merged = try TestSupport.runTool(["merge"] + parts.reversed() + ["--output", out.path, "--run-id", "merged\(n)",
                                                                                 "--keep-replications", "--quiet"])
            #expect(merged.status == 0, "\(n) shards: \(merged.err)")
            let folder = out.appendingPathComponent("finance-small/merged\(n)")
            try expectSameFiles(whole, folder, "\(n) shards")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any]
            #expect((manifest?["merged_from"] as? [Any])?.count == n && manifest?["replications"] as? Int == 10)
            // The rest of the manifest is the single run's: hash, seed, parameters, ingroeipad weights, diagnostics, …
            let wholeManifest = try JSONSerialization.jsonObject(with: Data(contentsOf: whole.appendingPathComponent("manifest.json"))) as? [String: Any]
            let own: Set<String> = ["command", "started_at", "wall_time_seconds", "merged_from"]
            let mine = try #require(manifest).filter { !own.contains($0.key) }, theirs = try #require(wholeManifest).filter { !own.contains($0.key) }
            #expect(NSDictionary(dictionary: mine).isEqual(to: theirs), "\(n) shards: the manifests differ in more than the merge's own keys")
        }
    }

    @Test("merge writes the single run's files byte for byte without finance (the valid fixture) and with two regions (national ALL rows, `outside` units)",
          arguments: [("valid/scenario.yaml", "valid-small", ["--replications", "10", "--quiet"]),
                      ("../../../Scenarios/den-haag/variants/zoetermeer-own-region.yaml", "den-haag-zoetermeer-own-region",
                       ["--replications", "4", "--pilot-replications", "4", "--quiet"])])
    func mergeOtherScenarios(_ path: String, _ name: String, _ options: [String]) throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let scenario = URL(fileURLWithPath: TestSupport.fixture(path)).standardizedFileURL.path
        let single = try TestSupport.runTool(["run", scenario, "--output", out.path, "--run-id", "single", "--keep-replications"] + options)
        #expect(single.status == 0, "\(single.err)")
        let parts = try shards(scenario, 3, out: out, name: name, prefix: "p", extra: options)
        let merged = try TestSupport.runTool(["merge"] + parts + ["--output", out.path, "--run-id", "merged", "--keep-replications", "--quiet"])
        #expect(merged.status == 0, "\(merged.err)")
        try expectSameFiles(out.appendingPathComponent("\(name)/single"), out.appendingPathComponent("\(name)/merged"), name)
    }

    @Test("more shards than replications is refused (exit 2), as are --shard with --first-replication, --monthly or --metrics")
    func refusals() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let tooMany = try TestSupport.runTool(["run", finance, "--output", out.path, "--shard", "11/11"] + small)
        #expect(tooMany.status == 2 && tooMany.err.contains("use at most 10 shards"), "\(tooMany.err)")
        for extra in [["--first-replication", "2"], ["--monthly"], ["--metrics", "cost_total"], ["--shard-from-env"]] {
            let r = try TestSupport.runTool(["run", finance, "--output", out.path, "--shard", "1/2"] + extra + small)
            #expect(r.status == 2 && r.err.contains("--shard"), "\(extra): \(r.err)")
        }
        let bad = try TestSupport.runTool(["run", finance, "--output", out.path, "--shard", "3/2"] + small)
        #expect(bad.status == 2 && bad.err.contains("expected I/N"), "\(bad.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("merge refuses a missing, a duplicated and a foreign shard (another seed, another scenario) and a whole run, exit 2 naming the folder and the problem; --scenario must have the parts' SHA-256")
    func mergeRefusesParts() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let parts = try shards(finance, 3, out: out, name: "finance-small", prefix: "p", extra: small)
        let otherSeed = try shards(finance, 3, out: out, name: "finance-small", prefix: "seed8", extra: small + ["--seed", "8"])
        let valid = TestSupport.fixture("valid/scenario.yaml")
        let otherScenario = try shards(valid, 3, out: out, name: "valid-small", prefix: "v", extra: ["--replications", "10", "--quiet"])
        let whole = try TestSupport.runTool(["run", finance, "--output", out.path, "--run-id", "whole", "--keep-replications"] + small)
        #expect(whole.status == 0, "\(whole.err)")
        func merge(_ folders: [String]) throws -> (status: Int32, err: String) {
            let r = try TestSupport.runTool(["merge"] + folders + ["--output", out.path, "--run-id", "m", "--quiet"])
            return (r.status, r.err)
        }
        let missing = try merge([parts[0], parts[2]])
        #expect(missing.status == 2 && missing.err.contains("shard 2/3 (replications 4…6) is missing"), "\(missing.err)")
        let twice = try merge(parts + [parts[1]])
        #expect(twice.status == 2 && twice.err.contains("\(parts[1])/manifest.json") && twice.err.contains("shard 2/3 appears twice"), "\(twice.err)")
        let seed = try merge([parts[0], otherSeed[1], parts[2]])
        #expect(seed.status == 2 && seed.err.contains("\(otherSeed[1])/manifest.json") && seed.err.contains("seed 8, but"), "\(seed.err)")
        let scenario = try merge([parts[0], parts[1], otherScenario[2]])
        #expect(scenario.status == 2 && scenario.err.contains("\(otherScenario[2])/manifest.json")
                && scenario.err.contains("a foreign part: scenario `valid-small`"), "\(scenario.err)")
        let notPartial = try merge(parts + [out.appendingPathComponent("finance-small/whole").path])
        #expect(notPartial.status == 2 && notPartial.err.contains("not a partial run folder"), "\(notPartial.err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("finance-small/m").path))
        // --scenario must name the scenario the parts ran (its SHA-256).
        let changed = try TestSupport.runTool(["merge"] + parts + ["--scenario", valid, "--output", out.path, "--run-id", "m", "--quiet"])
        #expect(changed.status == 2 && changed.err.contains("the scenario or a file it includes changed since"), "\(changed.err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("finance-small/m").path))
        // The three true parts do merge, also with the scenario named again.
        let merged = try TestSupport.runTool(["merge"] + parts + ["--scenario", finance, "--output", out.path, "--run-id", "m", "--quiet"])
        #expect(merged.status == 0, "\(merged.err)")
    }

    @Test("merge refuses a part whose replications.csv was changed after the shard wrote it, and a manifest with fewer replications than shards, without trapping")
    func mergeRefusesEditedParts() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let parts = try shards(finance, 3, out: out, name: "finance-small", prefix: "p", extra: small)
        func merge(_ folders: [String], id: String) throws -> (status: Int32, err: String) {
            let r = try TestSupport.runTool(["merge"] + folders + ["--output", out.path, "--run-id", id, "--quiet"])
            return (r.status, r.err)
        }
        // A value changed by hand, the file still well-formed.
        let csv = URL(fileURLWithPath: parts[1]).appendingPathComponent("replications.csv")
        let original = try String(contentsOf: csv, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let last = cells.indices.last { Double(cells[$0]) != nil }!
        cells[last] = String((Double(cells[last]) ?? 0) + 1000)
        lines[1] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let edited = try merge(parts, id: "edited")
        #expect(edited.status == 2 && edited.err.contains("changed after the shard wrote it"), "\(edited.err)")
        try original.write(to: csv, atomically: true, encoding: .utf8)
        // total_replications below the shard count: refused, not a trap.
        let manifest = URL(fileURLWithPath: parts[2]).appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        let broken = text.replacing(#/"total_replications" : \d+/#, with: "\"total_replications\" : -5")
        #expect(broken != text)
        try broken.write(to: manifest, atomically: true, encoding: .utf8)
        let negative = try merge(parts, id: "negative")
        #expect(negative.status == 2, "\(negative.err)")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        #expect(try merge(parts, id: "restored").status == 0)
    }

    @Test("a scenario with uncertain parameters merges exactly: parameters.csv and sensitivity.csv too (4 shards of 6)")
    func uncertainMerges() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let file = out.appendingPathComponent("uncertain.yaml")
        try """
            base: \(finance)
            scenario: uncertain-small
            finance:
              ingroeipad: {profile: linear}
              tariff_per_day:
                intramural: {uncertain: {uniform: {min: 60, max: 240}}}
              deficit_threshold_share: {uncertain: {beta: {a: 2, b: 5}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let options = ["--replications", "6", "--quiet"]
        let single = try TestSupport.runTool(["run", file.path, "--output", out.path, "--run-id", "single", "--keep-replications"] + options)
        #expect(single.status == 0, "\(single.err)")
        let parts = try shards(file.path, 4, out: out, name: "uncertain-small", prefix: "p", extra: options)
        #expect(FileManager.default.fileExists(atPath: parts[0] + "/parameters.csv"))
        let merged = try TestSupport.runTool(["merge"] + parts + ["--output", out.path, "--run-id", "merged", "--keep-replications", "--quiet"])
        #expect(merged.status == 0, "\(merged.err)")
        let whole = out.appendingPathComponent("uncertain-small/single")
        try expectSameFiles(whole, out.appendingPathComponent("uncertain-small/merged"), "uncertain")
        #expect(FileManager.default.fileExists(atPath: whole.appendingPathComponent("sensitivity.csv").path))
    }
}
