import Foundation
import Testing
@testable import DoorstroomCore

/// `batch --shard I/N` and `merge` of partial batch folders (issue 14): the
/// parts of a sweep merge into the batch folder a single batch writes, byte
/// for byte.
@Suite("Batch shards and merge", .serialized)
struct BatchShardMergeTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-batch-shard-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A small sweep over the finance fixture (legacy-runoff pilot, cap, stress rows): two ingroeipad
    /// lengths that differ only in money (one client simulation with the base) and a point with other
    /// client flows; the base is the reference of differences.csv.
    func writeSweep(in dir: URL, years: [Int] = [5, 15]) throws {
        try """
            sweep: tiny
            base: \(TestSupport.fixture("finance/scenario.yaml"))
            grid:
              finance.ingroeipad.years: [\(years.map(String.init).joined(separator: ", "))]
            points:
              - {name: wlz-high, set: {stay.intramural.wlz.exponential.mean_years: 10}}
            """.write(to: dir.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
    }

    let small = ["--replications", "7", "--pilot-replications", "5", "--quiet"]

    /// Runs `batch sweep.yaml --shard I/N` in `dir` for every I, into `dir`/parts/`prefix`-I; returns the folders.
    func shards(_ n: Int, in dir: URL, prefix: String, extra: [String] = []) throws -> [String] {
        try (1...n).map { i in
            let r = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "parts", "--batch-id", "\(prefix)-\(i)",
                                             "--shard", "\(i)/\(n)"] + small + extra, in: dir)
            #expect(r.status == 0, "shard \(i)/\(n): \(r.err)")
            return dir.appendingPathComponent("parts/\(prefix)-\(i)").path
        }
    }

    /// Every file under `folder`, by its path relative to it.
    func files(_ folder: URL) throws -> [String] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        return names.filter { name in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    /// A manifest without the keys that are the merge's own: its command, clock times, threads and parts.
    func manifest(_ url: URL) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        for key in ["command", "started_at", "wall_time_seconds", "merged_from"] { object[key] = nil }
        if let scenarios = object["scenarios"] as? [[String: Any]] {
            object["scenarios"] = scenarios.map { entry in entry.filter { $0.key != "wall_time_seconds" } }
        }
        return NSDictionary(dictionary: object)
    }

    /// report.html without what holds the clock: started_at, wall times and the command line.
    func report(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
            .replacing(#/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/#, with: "TIME")
            .replacing(#/<dt>(wall_time_seconds|command)</dt><dd>[^<]*</dd>/#, with: "CLOCK")
            .replacing(#/(scenario\.yaml</td><td>[a-z0-9-]+</td>)<td class="n">[0-9.]+</td>/#) { $0.output.1 + "WALL" }
    }

    /// The batch folders `a` and `b` hold the same files; every CSV file byte for byte (index.csv but
    /// for wall_seconds), the manifests but for the merge's own keys, report.html but for the clock.
    func expectSameBatch(_ a: URL, _ b: URL, _ label: String) throws {
        let names = try files(a), other = try files(b)
        #expect(names == other, "\(label): files differ: \(names) vs \(other)")
        for name in ["differences.csv", "stress.csv", "index.csv", "summary.csv", "report.html", "tiny-years-5/replications.csv",
                     "tiny-wlz-high/ingroeipad.csv"] {
            #expect(names.contains(name), "\(label): no \(name)")
        }
        for name in names where other.contains(name) {
            let x = a.appendingPathComponent(name), y = b.appendingPathComponent(name)
            if name.hasSuffix("manifest.json") {
                #expect(try manifest(x).isEqual(to: manifest(y) as! [AnyHashable: Any]), "\(label): \(name) differs in more than the merge's own keys")
            } else if name == "report.html" {
                #expect(try report(x) == report(y), "\(label): report.html differs in more than the clock")
            } else if name == "index.csv" {
                func withoutTimings(_ url: URL) throws -> String {
                    try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
                        .map { $0.split(separator: ",").dropLast().joined(separator: ",") }.joined(separator: "\n")
                }
                #expect(try withoutTimings(x) == withoutTimings(y), "\(label): index.csv differs but for wall_seconds")
            } else {
                let dx = try Data(contentsOf: x), dy = try Data(contentsOf: y)
                #expect(dx == dy && !dx.isEmpty, "\(label): \(name) differs from the single batch's")
            }
        }
    }

    @Test("a sweep merged from 1, 2, 3 and 7 batch shards (unequal blocks; money-only variants sharing a client simulation; differences and stress) writes the single batch's folder byte for byte, but for the clock")
    func mergeEqualsSingleBatch() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeSweep(in: dir)
        let single = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "single", "--batch-id", "b", "--keep-replications"] + small,
                                             in: dir)
        #expect(single.status == 0, "\(single.err)")
        let whole = dir.appendingPathComponent("single/b")
        let elsewhere = tempDir()  // merged from another folder: the inputs are read where the shards read them
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        for n in [1, 2, 3, 7] {
            let parts = try shards(n, in: dir, prefix: "p\(n)")
            let part = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parts[0] + "/manifest.json"))) as? [String: Any]
            let shard = part?["shard"] as? [String: Any]
            #expect(shard?["count"] as? Int == n && shard?["replications"] as? Int == (7 + n - 1) / n
                    && shard?["total_replications"] as? Int == 7 && part?["client_simulations"] as? Int == 2, "\(String(describing: shard))")
            #expect(try Set(FileManager.default.contentsOfDirectory(atPath: parts[0] + "/tiny-years-15")) == ["replications.csv", "manifest.json"])
            let out = dir.appendingPathComponent("merged\(n)")
            let merged = try TestSupport.runTool(["merge"] + parts.reversed() + ["--output", out.path, "--batch-id", "b",
                                                                                 "--keep-replications", "--quiet"], in: elsewhere)
            #expect(merged.status == 0, "\(n) shards: \(merged.err)")
            try expectSameBatch(whole, out.appendingPathComponent("b"), "\(n) shards")
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("b/manifest.json"))) as? [String: Any]
            #expect((manifest?["merged_from"] as? [Any])?.count == n)
        }
    }

    @Test("merge refuses a missing, a duplicated and a foreign batch part (another seed, another sweep), a whole batch, run and batch parts mixed, and inputs changed since the shards, exit 2 naming the folder and the problem")
    func mergeRefusesBatchParts() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeSweep(in: dir)
        let parts = try shards(3, in: dir, prefix: "p")
        let otherSeed = try shards(3, in: dir, prefix: "seed8", extra: ["--seed", "8"])
        let whole = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "parts", "--batch-id", "whole"] + small, in: dir)
        #expect(whole.status == 0, "\(whole.err)")
        let run = try TestSupport.runTool(["run", TestSupport.fixture("finance/scenario.yaml"), "--output", "runs", "--run-id", "r2",
                                           "--shard", "2/3"] + small, in: dir)
        #expect(run.status == 0, "\(run.err)")
        let runPart = dir.appendingPathComponent("runs/finance-small/r2").path
        let other = dir.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try writeSweep(in: other, years: [5, 14])
        let otherSweep = try shards(3, in: other, prefix: "o")
        let out = dir.appendingPathComponent("merged")
        func merge(_ folders: [String]) throws -> (status: Int32, err: String) {
            let r = try TestSupport.runTool(["merge"] + folders + ["--output", out.path, "--batch-id", "m", "--quiet"])
            return (r.status, r.err)
        }
        let missing = try merge([parts[0], parts[2]])
        #expect(missing.status == 2 && missing.err.contains("shard 2/3 (replications 3…4) is missing"), "\(missing.err)")
        let twice = try merge(parts + [parts[1]])
        #expect(twice.status == 2 && twice.err.contains("\(parts[1])/manifest.json") && twice.err.contains("shard 2/3 appears twice"),
                "\(twice.err)")
        let seed = try merge([parts[0], otherSeed[1], parts[2]])
        #expect(seed.status == 2 && seed.err.contains("\(otherSeed[1])/manifest.json") && seed.err.contains("a foreign part: seed 8, but"),
                "\(seed.err)")
        let sweep = try merge([parts[0], parts[1], otherSweep[2]])
        #expect(sweep.status == 2 && sweep.err.contains("\(otherSweep[2])/manifest.json")
                && sweep.err.contains("a foreign part: its scenarios are tiny-base, tiny-years-5, tiny-years-14"), "\(sweep.err)")
        let notPartial = try merge(parts + [dir.appendingPathComponent("parts/whole").path])
        #expect(notPartial.status == 2 && notPartial.err.contains("not a partial batch folder"), "\(notPartial.err)")
        let mixed = try merge([parts[0], runPart, parts[2]])
        #expect(mixed.status == 2 && mixed.err.contains("\(runPart)/manifest.json") && mixed.err.contains("mixing run and batch parts"),
                "\(mixed.err)")
        let runFirst = try merge([runPart, parts[0]])
        #expect(runFirst.status == 2 && runFirst.err.contains("mixing run and batch parts"), "\(runFirst.err)")
        // The sweep changed after the shards ran: its points' SHA-256 differ from those the parts recorded.
        try writeSweep(in: dir, years: [5, 16])
        let changed = try merge(parts)
        #expect(changed.status == 2 && changed.err.contains("the inputs changed since"), "\(changed.err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("m").path))
        try writeSweep(in: dir)
        let merged = try merge(parts)
        #expect(merged.status == 0, "\(merged.err)")
    }

    @Test("batch --shard: more shards than replications, --keep-replications or --metrics refused (exit 2); --shard-from-env reads Slurm's variables")
    func batchShardOptions() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeSweep(in: dir)
        let tooMany = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "o", "--shard", "8/8"] + small, in: dir)
        #expect(tooMany.status == 2 && tooMany.err.contains("use at most 7 shards"), "\(tooMany.err)")
        for extra in [["--keep-replications"], ["--metrics", "cost_total"], ["--shard-from-env"]] {
            let r = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "o", "--shard", "1/2"] + extra + small, in: dir)
            #expect(r.status == 2 && r.err.contains("--shard"), "\(extra): \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
        var env = ProcessInfo.processInfo.environment
        env["SLURM_ARRAY_TASK_ID"] = "3"
        env["SLURM_ARRAY_TASK_MIN"] = "1"
        env["SLURM_ARRAY_TASK_COUNT"] = "3"
        let r = try TestSupport.runTool(["batch", "sweep.yaml", "--output", "o", "--batch-id", "env", "--shard-from-env"] + small,
                                        in: dir, environment: env)
        #expect(r.status == 0, "\(r.err)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("o/env/manifest.json"))) as? [String: Any]
        let shard = manifest?["shard"] as? [String: Any]
        #expect(shard?["index"] as? Int == 3 && shard?["first_replication"] as? Int == 5 && shard?["replications"] as? Int == 2
                && shard?["inputs"] as? [String] == ["sweep.yaml"], "\(String(describing: shard))")
    }
}
