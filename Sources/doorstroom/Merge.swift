import ArgumentParser
import DoorstroomCore
import Foundation

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the partial run folders of `run --shard`, or the partial batch folders of `batch --shard`, into the folder one run or batch would have written.",
        discussion: """
        PARTIAL… are the folders of `doorstroom run … --shard I/N` (or --shard-from-env), one for each \
        I in 1…N. They must belong together: the same scenario (name and SHA-256 of its files), seed, \
        replications, shard count, --set changes and --pilot-replications, every shard exactly once. \
        A missing, duplicated or foreign part, or a malformed file, exits with status 2, names the \
        folder and the problem, and writes nothing.

        The scenario is read again from the path the parts recorded (or --scenario) and must have the \
        SHA-256 they recorded; budget plans fixed before the run (a legacy-runoff pilot) are made again \
        from it. Writes OUTPUT/<scenario>/<run-id>/ with the files a single `run` of the same seed and \
        replications writes — summary.csv, metrics.csv, ingroeipad.csv, replications.csv (with \
        --keep-replications), parameters.csv and sensitivity.csv, report.html — byte for byte the same, \
        but for manifest.json, which lists the parts (`merged_from`) and the merge's own time.

        Partial batch folders (`doorstroom batch … --shard I/N`) merge the same way into \
        OUTPUT/<batch-id>/ (--batch-id): they must have the same scenarios (names and SHA-256), seed, \
        replications, reference, shard count and --pilot-replications, every shard exactly once. The \
        inputs are read again as the parts recorded them (the same paths, from the same folder) and \
        must still have the same SHA-256. The batch folder is the one a single `batch` of the same seed \
        and replications writes — every scenario's folder, summary.csv, index.csv, differences.csv, \
        stress.csv, report.html — byte for byte, but for the manifests (the command, threads, clock times, \
        the parts in `merged_from`), index.csv's wall_seconds and the report's manifest section, which \
        hold the merge's own. Run and batch parts cannot be merged together.

        Every part must have the SHA-256 of its replications.csv in its manifest (shard.replications_sha256, \
        which every shard writes) and match it; a part without it is refused. A batch merge keeps its \
        finished scenarios in OUTPUT/.<batch-id>.work/ as `batch` does, and a merge started again with \
        the same --batch-id resumes a scenario only when it was merged from the very same parts (the \
        SHA-256 of every part's replications.csv, its own and the reference's); anything else, and \
        anything a `batch` left there, is merged afresh.

        Example:
          doorstroom run Scenarios/den-haag/baseline.yaml --shard 1/2 --run-id part1
          doorstroom run Scenarios/den-haag/baseline.yaml --shard 2/2 --run-id part2
          doorstroom merge Output/den-haag-baseline/part? --run-id whole
          doorstroom batch Sweeps/den-haag-stress.yaml --replications 100 --shard 1/2 --output Out --batch-id s1
          doorstroom batch Sweeps/den-haag-stress.yaml --replications 100 --shard 2/2 --output Out --batch-id s2
          doorstroom merge Out/s1 Out/s2 --output Out --batch-id sweep
        """
    )

    @Argument(help: "The partial run folders (or partial batch folders), in any order.")
    var parts: [String]

    @Option(help: "With partial batch folders: name of the merged batch folder in OUTPUT, as `batch --batch-id` (default: made from the UTC time and the seed).")
    var batchID: String?

    @Option(help: "Read the scenario from this file instead of the path the parts recorded (it must have the same SHA-256).")
    var scenario: String?

    @OptionGroup var folder: RunFolderOptions

    @OptionGroup var outputs: OutputFilterOptions

    @Flag(help: "Also write every replication's values (replications.csv), as run does.")
    var keepReplications = false

    @Flag(name: .shortAndLong, help: "No closing message (warnings are still printed).")
    var quiet = false

    @Flag(help: "Treat consistency warnings as errors: exit with status 2 and write nothing.")
    var strict = false

    func validate() throws {
        if parts.isEmpty { throw ValidationError("expected at least one partial run folder") }
        if let batchID, let problem = RunID.problem(batchID) { throw ValidationError("--batch-id: \(problem)") }
    }

    func run() throws {
        let started = Date()
        if let mixing = BatchShardMerge.mixing(parts) {
            printError(mixing.description)
            throw ExitCode(2)
        }
        // Folders that are neither kind (none exists, or none has a manifest: unfinished parts) are said to be so,
        // rather than taken for run parts.
        // (A manifest that is there but malformed is described by the run merge, unless --batch-id says batch parts were meant.)
        let anyManifest = parts.contains { FileManager.default.fileExists(atPath: URL(fileURLWithPath: $0).appendingPathComponent("manifest.json").path) }
        if parts.allSatisfy({ BatchShardMerge.kind(of: $0) == nil }), !anyManifest || batchID != nil,
           let problems = BatchShardMerge.unreadable(parts) {
            printError(problems.description)
            throw ExitCode(2)
        }
        if parts.contains(where: { BatchShardMerge.kind(of: $0) == .batch }) {
            try mergeBatch(started: started)
            return
        }
        if batchID != nil {
            printError("--batch-id: error: the parts are partial run folders (`run --shard`); name the merged run with --run-id")
            throw ExitCode(2)
        }
        var merge: ShardMerge
        do { merge = try ShardMerge(folders: parts) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let header = merge.header, shard = merge.shard
        // The parts' values are merged as they are; only the budget plans fixed ex ante are made again here.
        let commits = Set(merge.parts.map { $0.header.doorstroomCommit ?? "unknown" })
        if commits != [DoorstroomVersion.commit] {
            let (line, column) = merge.parts[0].location(of: "doorstroomCommit")
            printError("\(merge.parts[0].path("manifest.json")):\(line):\(column): warning: doorstroom_commit: the parts were run by doorstroom "
                       + "built from \(commits.sorted().joined(separator: ", ")), this merge by \(DoorstroomVersion.commit): "
                       + "the merged files equal a single run only if these builds simulate alike")
        }
        let path = scenario ?? shard.scenarioPath
        var loaded = try loadScenario(path, settings: shard.settings.compactMap(Setting.init))
        loaded.scenario.replications = shard.totalReplications
        loaded.scenario.seed = header.seed
        if loaded.sha256 == header.scenarioSha256, loaded.scenario.name != header.scenario {
            // The same files and settings under another name: a sweep point's folder of a partial batch folder.
            printError("\(path):1:1: error: scenario: the parts were run as the scenario `\(header.scenario)`, but this file "
                       + "(with the parts' --set changes) is the scenario `\(loaded.scenario.name)`: the names differ, the "
                       + "SHA-256 (\(loaded.sha256)) is the same; if the parts are scenario folders of partial batch "
                       + "folders (`batch --shard`, e.g. a sweep point), merge those batch folders with --batch-id instead")
            throw ExitCode(2)
        }
        guard loaded.sha256 == header.scenarioSha256, loaded.scenario.name == header.scenario else {
            printError("\(path):1:1: error: scenario: the parts were run with `\(header.scenario)` of SHA-256 "
                       + "\(header.scenarioSha256), but this file is `\(loaded.scenario.name)` of SHA-256 \(loaded.sha256) "
                       + "(the scenario or a file it includes changed since)")
            throw ExitCode(2)
        }
        let loadWarnings = ConsistencyCheck.atLoad(loaded)
        try report(loadWarnings, strict: strict)
        try outputs.check(loaded)
        let threadCount = folder.threadCount
        let runner = MonteCarloRunner(threads: threadCount, replications: 0..<shard.totalReplications,
                                      pilotReplications: merge.pilotReplications, parameters: loaded.uncertainty)
        // Claimed before the long work (reading the parts, a run-off pilot), as `run` claims it before simulating.
        let id = folder.runID ?? Run.defaultRunID(started, seed: header.seed)
        let runFolder = try RunFolder(output: folder.output, scenario: loaded.scenario.name, runID: id, unique: folder.runID == nil)
        let results: RunResults
        do {
            let samples = try merge.readReplications()
            results = runner.results(of: loaded.scenario, values: try merge.values(of: loaded.scenario, from: samples))
        } catch {
            runFolder.discard()
            printError(error.description)
            throw ExitCode(2)
        }
        let runWarnings = ConsistencyCheck.afterRun(results, loaded: loaded)
        do { try report(runWarnings, strict: strict) } catch {
            runFolder.discard()
            throw error
        }
        var manifest = Manifest(loaded: loaded, replications: 0..<shard.totalReplications, threads: threadCount,
                                startedAt: started, wallTimeSeconds: Date().timeIntervalSince(started),
                                command: CommandLine.arguments, budgetWeights: results.budgetWeights,
                                diagnostics: loadWarnings + runWarnings)
        manifest.csvDialect = outputs.csvDialect
        manifest.pilotReplications = merge.pilotReplications
        manifest.mergedFrom = merge.parts.map { part in
            Manifest.MergedPart(folder: part.folder, index: part.header.shard!.index, firstReplication: part.header.replicationRange.lowerBound,
                                replications: part.header.replications, replicationsSha256: part.replicationsSHA256)
        }
        let filter = try outputs.filter()
        manifest.outputFilter = filter.isEmpty ? nil : filter
        var filtered = results
        filtered.filter = filter
        let files = RunFiles(results: filtered, manifest: manifest, keepReplications: keepReplications)
        var headline: [String] = []
        try runFolder.finish { directory in
            try files.write(using: directory.write)
            headline = outputs.writeReport(of: directory.stagingURL, final: directory.finalURL) { try directory.write("report.html", $0) }
        }
        if !quiet {
            print("\(shard.count) shard(s), \(shard.totalReplications) replications merged")
            for line in headline { print(line) }
            print("results: \(runFolder.directory.finalURL.path)")
        }
    }
}
