import Foundation
import Testing
@testable import DoorstroomCore

/// Defects of `batch --shard`, `run --shard` and `merge` found by an
/// adversarial test of issue 14: a resumed merge mixing two sets of parts, a
/// part without its checksum, shard options that did nothing, and unclear
/// messages.
@Suite("Shard and merge repairs", .serialized)
struct ShardMergeRepairTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-shard-repair-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// The sweep of ``BatchShardMergeTests``: tiny-base (the reference), tiny-years-5 and tiny-years-15
    /// (money only: one client simulation with the base), and tiny-wlz-high (its own).
    func writeSweep(in dir: URL) throws {
        try """
            sweep: tiny
            base: \(TestSupport.fixture("finance/scenario.yaml"))
            grid:
              finance.ingroeipad.years: [5, 15]
            points:
              - {name: wlz-high, set: {stay.intramural.wlz.exponential.mean_years: 10}}
            """.write(to: dir.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
    }

    let small = ["--replications", "7", "--pilot-replications", "5", "--quiet"]

    /// Runs `batch sweep.yaml --shard I/2` in `dir` for I = 1, 2 into `dir`/parts/`prefix`-I; returns the folders.
    func shards(in dir: URL, prefix: String) throws -> [String] {
        try (1...2).map { i in
            let r = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "parts", "--batch-id", "\(prefix)-\(i)",
                                             "--shard", "\(i)/2"] + small, in: dir)
            #expect(r.status == 0, "shard \(i)/2: \(r.err)")
            return dir.appendingPathComponent("parts/\(prefix)-\(i)").path
        }
    }

    /// Changes `manifest.json` of `folder` with `change` (written back sorted and pretty-printed).
    func editManifest(_ folder: String, _ change: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        change(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    /// Sets the first metric (occupancy_mean_intramural) of the first data row of `folder`/replications.csv to 12345; with `updateHash`
    /// the manifest records the new SHA-256 (a consistent other part), else not (a tampered one).
    func changeValue(_ folder: String, updateHash: Bool) throws {
        let url = URL(fileURLWithPath: folder).appendingPathComponent("replications.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields[4] != "12345")
        fields[4] = "12345"
        lines[1] = fields.joined(separator: ",")
        let data = Data(lines.joined(separator: "\n").utf8)
        try data.write(to: url)
        if updateHash {
            try editManifest(folder) { object in
                var shard = object["shard"] as! [String: Any]
                shard["replications_sha256"] = BatchWorkFolder.sha256(data)
                object["shard"] = shard
            }
        }
    }

    @Test("a merge started again with the same --batch-id resumes only what it merged from the same parts: other parts (same seed) are merged afresh, not mixed with the interrupted merge's; a batch resumes nothing a merge left")
    func resumedMergeDoesNotMixParts() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeSweep(in: dir)
        let parts = try shards(in: dir, prefix: "p")
        // Other parts of the same batch and seed: the reference's values changed (and their checksum with them),
        // and tiny-wlz-high's replications.csv of the second part tampered with, so that a merge of them stops
        // after the reference's client simulation, leaving it finished in the work folder.
        let fm = FileManager.default
        let copies = try parts.enumerated().map { i, part in
            let copy = dir.appendingPathComponent("parts/c-\(i + 1)").path
            try fm.copyItem(atPath: part, toPath: copy)
            return copy
        }
        try changeValue(copies[0] + "/tiny-base", updateHash: true)
        try changeValue(copies[1] + "/tiny-wlz-high", updateHash: false)
        let out = dir.appendingPathComponent("merged")
        for id in ["whole", "w2"] {
            let stopped = try TestSupport.runTool(["merge"] + copies + ["--output", out.path, "--batch-id", id, "--quiet"])
            #expect(stopped.status == 2 && stopped.err.contains("changed after the shard wrote it"), "\(stopped.err)")
            #expect(fm.fileExists(atPath: out.appendingPathComponent(".\(id).work/tiny-base/finished.json").path),
                    "the stopped merge kept no finished reference to resume")
        }
        // The original parts, merged under the same --batch-id, and merged afresh.
        let resumed = try TestSupport.runTool(["merge"] + parts + ["--output", out.path, "--batch-id", "whole"])
        #expect(resumed.status == 0, "\(resumed.err)")
        #expect(!resumed.out.contains("skipped"), "\(resumed.out)")
        let fresh = try TestSupport.runTool(["merge"] + parts + ["--output", out.path, "--batch-id", "fresh", "--quiet"])
        #expect(fresh.status == 0, "\(fresh.err)")
        for name in ["summary.csv", "differences.csv", "stress.csv", "tiny-base/summary.csv", "tiny-years-5/summary.csv"] {
            let a = try Data(contentsOf: out.appendingPathComponent("whole/\(name)"))
            let b = try Data(contentsOf: out.appendingPathComponent("fresh/\(name)"))
            #expect(a == b, "\(name): the merge started again mixed the two sets of parts")
        }
        // A batch of the same inputs, seed and replications under the merge's --batch-id simulates, resuming nothing.
        let batch = try TestSupport.runTool(["batch", "sweep.yaml", "--output", out.path, "--batch-id", "w2",
                                             "--replications", "7", "--pilot-replications", "5"], in: dir)
        #expect(batch.status == 0, "\(batch.err)")
        #expect(!batch.out.contains("skipped"), "\(batch.out)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("w2/tiny-base/manifest.json")))
        #expect((manifest as? [String: Any])?["merged_from"] == nil, "the batch took the merge's reference")
        // Keys: a merge's scenario matches only its own parts; a batch's never a merge's.
        let loaded = try ScenarioLoader.load(path: TestSupport.fixture("finance/scenario.yaml"))
        let batchKey = BatchMarker.Key(scenario: loaded, replications: 0..<7, keepReplications: false)
        var mergeKey = batchKey
        mergeKey.mergedParts = ["a", "b"]
        var otherParts = mergeKey
        otherParts.mergedParts = ["a", "c"]
        #expect(batchKey != mergeKey && mergeKey != otherParts)
        let decoded = try JSONDecoder().decode(BatchMarker.Key.self, from: JSONEncoder().encode(mergeKey))
        #expect(decoded == mergeKey)
    }

    @Test("a part whose manifest lacks shard.replications_sha256 is refused (exit 2, naming the file and the field), of a run and of a batch")
    func missingChecksumRefused() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeSweep(in: dir)
        let parts = try shards(in: dir, prefix: "p")
        let edited = parts[1] + "/tiny-years-5"
        try editManifest(edited) { object in
            var shard = object["shard"] as! [String: Any]
            shard["replications_sha256"] = nil
            object["shard"] = shard
        }
        try changeValue(edited, updateHash: false)
        let out = dir.appendingPathComponent("merged")
        let batch = try TestSupport.runTool(["merge"] + parts + ["--output", out.path, "--batch-id", "m", "--quiet"])
        #expect(batch.status == 2 && batch.err.contains("\(edited)/manifest.json:") && batch.err.contains("shard.replications_sha256"),
                "\(batch.err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("m").path))
        // A run's parts.
        let finance = TestSupport.fixture("finance/scenario.yaml")
        let runParts = try (1...2).map { i in
            let r = try TestSupport.runTool(["run", finance, "--output", out.path, "--run-id", "r-\(i)", "--shard", "\(i)/2",
                                             "--replications", "6", "--pilot-replications", "5", "--quiet"])
            #expect(r.status == 0, "\(r.err)")
            return out.appendingPathComponent("finance-small/r-\(i)").path
        }
        try editManifest(runParts[0]) { object in
            var shard = object["shard"] as! [String: Any]
            shard["replications_sha256"] = nil
            object["shard"] = shard
        }
        try changeValue(runParts[0], updateHash: false)
        let run = try TestSupport.runTool(["merge"] + runParts + ["--output", out.path, "--run-id", "whole", "--quiet"])
        #expect(run.status == 2 && run.err.contains("\(runParts[0])/manifest.json:") && run.err.contains("shard.replications_sha256"),
                "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("finance-small/whole").path))
    }

    @Test("batch --shard and run --shard refuse the options only the merge's files use (--lang, --no-report, --csv-dialect; --keep-replications on a run), exit 2 pointing to `merge`; --strict is allowed")
    func shardRefusesMergeOptions() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeSweep(in: dir)
        let finance = TestSupport.fixture("finance/scenario.yaml")
        let refused: [[String]] = [["--lang", "nl"], ["--no-report"], ["--csv-dialect", "excel-nl"], ["--csv-dialect=rfc4180"],
                                   ["--lang", "en"]]
        for extra in refused {
            let batch = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "o", "--shard", "1/2"] + extra + small, in: dir)
            #expect(batch.status == 2 && batch.err.contains(extra[0].split(separator: "=")[0]) && batch.err.contains("doorstroom merge"),
                    "batch \(extra): \(batch.err)")
        }
        for extra in refused + [["--keep-replications"]] {
            let run = try TestSupport.runTool(["run", finance, "--output", "o", "--shard", "1/2"] + extra + small, in: dir)
            #expect(run.status == 2 && run.err.contains(extra[0].split(separator: "=")[0]) && run.err.contains("doorstroom merge"),
                    "run \(extra): \(run.err)")
        }
        // An empty argument (a scenario path or a value left blank in a script) is an input error, not a crash.
        let empty = try TestSupport.runTool(["run", "", "--output", "o", "--shard", "1/2"] + small, in: dir)
        #expect(empty.status == 2, "\(empty.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
        let strict = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "o", "--batch-id", "s", "--shard", "1/2", "--strict"] + small,
                                             in: dir)
        #expect(strict.status == 0, "\(strict.err)")
    }

    @Test("merge's messages: folders that do not exist, an incomplete batch part, a seed edited in a part, a missing shard (the folder without a line), a sweep point's folder merged as a run")
    func clearMessages() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("merged")
        // (a, e) Folders that do not exist, with --batch-id: said so, of each folder, without a line and column.
        let nope = [dir.appendingPathComponent("nope1").path, dir.appendingPathComponent("nope2").path]
        let none = try TestSupport.runTool(["merge"] + nope + ["--output", out.path, "--batch-id", "m"])
        for folder in nope {
            #expect(none.status == 2 && none.err.contains("\(folder): error: folder: ") && none.err.contains("found no such folder"),
                    "\(none.err)")
        }
        #expect(!none.err.contains("--run-id") && !none.err.contains(":1:1"), "\(none.err)")
        // … and a folder without a manifest (an unfinished part).
        let empty = dir.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let unfinished = try TestSupport.runTool(["merge", empty, "--output", out.path, "--batch-id", "m"])
        #expect(unfinished.status == 2 && unfinished.err.contains("\(empty): error: folder: ")
                && unfinished.err.contains("no manifest.json"), "\(unfinished.err)")

        try writeSweep(in: dir)
        let parts = try shards(in: dir, prefix: "p")
        func merge(_ folders: [String]) throws -> (status: Int32, err: String) {
            let r = try TestSupport.runTool(["merge"] + folders + ["--output", out.path, "--batch-id", "m", "--quiet"])
            return (r.status, r.err)
        }
        // (e) A missing shard: said of the folder, without a line and column.
        let missing = try merge([parts[0]])
        #expect(missing.status == 2 && missing.err.contains("\(parts[0]): error: shard: shard 2/2"), "\(missing.err)")
        // (f) A sweep point's scenario folders merged as a run: the names differ, not the SHA-256.
        let point = try TestSupport.runTool(["merge", parts[0] + "/tiny-years-5", parts[1] + "/tiny-years-5",
                                             "--output", out.path, "--run-id", "r", "--quiet"])
        #expect(point.status == 2 && point.err.contains("the names differ") && point.err.contains("`tiny-years-5`"), "\(point.err)")
        // (c) The seed edited in a scenario's parts: the field and both values named.
        for part in parts {
            try editManifest(part + "/tiny-years-15") { $0["seed"] = 11 }
        }
        let seed = try merge(parts)
        let batchSeed = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parts[0] + "/manifest.json")))
                                      as? [String: Any])?["seed"] as? Int)
        #expect(seed.status == 2 && seed.err.contains("\(parts[0])/tiny-years-15/manifest.json:")
                && seed.err.contains("seed 11 here, \(batchSeed) there"), "\(seed.err)")
        for part in parts {
            try editManifest(part + "/tiny-years-15") { $0["seed"] = batchSeed }
        }
        // (b) A batch part without a scenario's replications.csv: incomplete, run that shard again.
        try FileManager.default.removeItem(atPath: parts[1] + "/tiny-years-5/replications.csv")
        let incomplete = try merge(parts)
        #expect(incomplete.status == 2 && incomplete.err.contains("\(parts[1])/tiny-years-5/replications.csv")
                && incomplete.err.contains("run shard 2/2 again") && !incomplete.err.contains("--keep-replications"), "\(incomplete.err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("m").path))
    }
}
