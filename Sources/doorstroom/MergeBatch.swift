import ArgumentParser
import DoorstroomCore
import Foundation

extension Merge {
    /// `merge` of partial batch folders (`batch --shard I/N`): checks that
    /// they belong together, reads the batch again from the inputs they
    /// recorded, and writes the batch folder one `batch` writes through the
    /// same ``BatchSession``, with each scenario's results read from its parts
    /// instead of simulated.
    func mergeBatch(started: Date) throws {
        if scenario != nil {
            printError("--scenario: error: the parts are partial batch folders, which read their inputs again from the "
                       + "paths they recorded (manifest.json's shard.inputs and shard.directory); leave --scenario out")
            throw ExitCode(2)
        }
        if folder.runID != nil {
            printError("--run-id: error: the parts are partial batch folders (`batch --shard`); name the merged batch with --batch-id")
            throw ExitCode(2)
        }
        let merge: BatchShardMerge
        do { merge = try BatchShardMerge(folders: parts) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let shard = merge.shard, header = merge.header, total = shard.totalReplications
        let commits = Set(merge.parts.map { $0.header.doorstroomCommit ?? "unknown" })
        if commits != [DoorstroomVersion.commit] {
            let (line, column) = merge.parts[0].location(of: "doorstroomCommit")
            printError("\(merge.parts[0].path("manifest.json")):\(line):\(column): warning: doorstroom_commit: the parts were run by doorstroom "
                       + "built from \(commits.sorted().joined(separator: ", ")), this merge by \(DoorstroomVersion.commit): "
                       + "the merged files equal a single batch only if these builds simulate alike")
        }
        // The batch is read again as `batch` read it: the same inputs from the same folder, so that
        // the scenario files' paths (index.csv, the manifests) are written as the single batch writes them.
        let here = FileManager.default.currentDirectoryPath
        let output = URL(fileURLWithPath: folder.output).standardizedFileURL.path
        let partFolders = merge.parts.map { URL(fileURLWithPath: $0.folder).standardizedFileURL.path }
        guard FileManager.default.changeCurrentDirectoryPath(shard.directory) else {
            let (line, column) = merge.parts[0].location(of: "shard")
            printError("\(merge.parts[0].path("manifest.json")):\(line):\(column): error: shard: the parts were run in the folder "
                       + "\(shard.directory), which cannot be entered here; merge where the inputs (\(shard.inputs.joined(separator: " "))) "
                       + "are at the same paths")
            throw ExitCode(2)
        }
        let read: Result<BatchPlan, InputError>
        do {
            let inputs = try BatchInputs.read(shard.inputs)
            read = .success(try BatchPlan(entries: inputs.entries, seed: header.seed, replications: total, reference: header.reference))
        } catch {
            read = .failure(error)
        }
        _ = FileManager.default.changeCurrentDirectoryPath(here)
        let plan: BatchPlan
        switch read {
        case let .success(p): plan = p
        case let .failure(error):
            printError(error.description)
            let (line, column) = merge.parts[0].location(of: "shard")
            printError("\(merge.parts[0].path("manifest.json")):\(line):\(column): error: shard: the batch's inputs, read again in "
                       + "\(shard.directory), have the problems above")
            throw ExitCode(2)
        }
        let changed = merge.check(plan)
        guard changed.isEmpty else {
            printDiagnostics(changed)
            throw ExitCode(2)
        }
        try report(plan.scenarios.flatMap(ConsistencyCheck.atLoad), strict: strict)
        for loaded in plan.scenarios { try outputs.check(loaded) }
        // Every scenario's parts are checked before anything is written; their values are read one simulation at a time.
        var problems: [Diagnostic] = []
        let box = MergedScenarios()
        for (loaded, entry) in zip(plan.scenarios, merge.header.scenarios) {
            let name = loaded.scenario.name
            do {
                let parts = try ShardMerge(folders: partFolders.map { $0 + "/" + name })
                let h = parts.header, s = parts.shard
                // Each field that differs is named with both values (a hand-edited or foreign scenario folder).
                var differences: [String] = [], keys: [String] = []
                if h.scenario != name { differences.append("scenario `\(h.scenario)` here, `\(name)` there"); keys.append("scenario") }
                if h.scenarioSha256 != entry.sha256 {
                    differences.append("scenario_sha256 \(h.scenarioSha256) here, \(entry.sha256) there"); keys.append("scenarioSha256")
                }
                if h.seed != plan.seed { differences.append("seed \(h.seed) here, \(plan.seed) there"); keys.append("seed") }
                if s.totalReplications != total {
                    differences.append("shard.total_replications \(s.totalReplications) here, \(total) there"); keys.append("shard")
                }
                if s.count != shard.count { differences.append("shard.count \(s.count) here, \(shard.count) there"); keys.append("shard") }
                if parts.pilotReplications != shard.pilotReplications {
                    differences.append("pilot_replications \(parts.pilotReplications) here, \(shard.pilotReplications) there")
                    keys.append("pilotReplications")
                }
                if !differences.isEmpty {
                    let (line, column) = parts.parts[0].location(of: keys.first ?? "shard")
                    problems.append(Diagnostic(file: parts.parts[0].path("manifest.json"), line: line, column: column,
                                               field: FinishedRun.snakeCase(keys.first ?? "shard"),
                                               message: "a foreign part: this manifest.json differs from its batch's manifest.json for scenario "
                                               + "`\(name)`: " + differences.joined(separator: "; ")))
                }
                box.merges[name] = parts
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else {
            printDiagnostics(problems)
            throw ExitCode(2)
        }
        let threads = folder.threadCount, pilot = shard.pilotReplications
        let source = BatchResultSource(
            results: { loaded in
                try loaded.map { scenario in
                    let name = scenario.scenario.name
                    var parts = box.merges[name]!
                    let samples = try parts.readReplications()
                    let runner = MonteCarloRunner(threads: threads, replications: 0..<total, pilotReplications: pilot,
                                                  parameters: scenario.uncertainty)
                    let results = runner.results(of: scenario.scenario, values: try parts.values(of: scenario.scenario, from: samples))
                    box.mergedFrom[name] = parts.parts.map { part in
                        Manifest.MergedPart(folder: part.folder, index: part.header.shard!.index,
                                            firstReplication: part.header.replicationRange.lowerBound,
                                            replications: part.header.replications, replicationsSha256: part.replicationsSHA256)
                    }
                    return results
                }
            },
            mergedFrom: { box.mergedFrom[$0] },
            batchMergedFrom: merge.parts.map { part in
                BatchManifest.MergedPart(folder: part.folder, index: part.header.shard!.index,
                                         firstReplication: part.header.firstReplication, replications: part.header.replications)
            },
            // Checked present by ShardMerge; replications.csv is checked against it when it is read.
            partsSHA256: { name in box.merges[name]!.parts.map { $0.header.shard?.replicationsSha256 ?? "" } })
        let id = batchID ?? Run.defaultRunID(started, seed: plan.seed)
        var session = try BatchSession(plan: plan, output: output, batchID: id, threads: threads, keepReplications: keepReplications,
                                       filter: try outputs.filter(), dialect: outputs.csvDialect, reporting: outputs,
                                       pilotReplications: pilot, strict: strict, quiet: quiet, source: source)
        try session.computeAll()
        if !quiet { print("\(shard.count) shard(s) of \(plan.scenarios.count) scenario(s), \(total) replications merged") }
        try session.commit(started: started)
    }
}

/// The scenarios' parts of a batch merge, and what each merged from, shared
/// by the closures of its ``BatchResultSource``.
private final class MergedScenarios {
    var merges: [String: ShardMerge] = [:]
    var mergedFrom: [String: [Manifest.MergedPart]] = [:]
}
