import ArgumentParser
import DoorstroomCore
import Foundation

/// `doorstroom batch … --shard I/N`: the I-th block of the replications of
/// every scenario of the batch, written as a partial batch folder
/// (``BatchShardMerge`` describes it) for `doorstroom merge`. Scenarios that
/// differ only in money share one client simulation, as in a whole batch.
/// The folder is staged and moved into place complete, or not at all (a
/// failure or a signal leaves nothing); unlike a whole batch it keeps no work
/// folder to resume from: a shard is run again whole.
struct BatchShardRun {
    let plan: BatchPlan
    let shard: Shard
    /// The inputs as given on the command line (recorded for the merge).
    let inputs: [String]
    let output: String
    let batchID: String
    let threads: Int
    let dialect: CSVDialect
    let pilotReplications: Int
    let quiet: Bool

    func run(started: Date) throws {
        let total = plan.replications.count
        let block = shard.block(of: total)
        var part = plan
        part.replications = block
        let info = BatchManifest.ShardInfo(shard: shard, plan: plan, inputs: inputs,
                                           directory: FileManager.default.currentDirectoryPath,
                                           pilotReplications: pilotReplications)
        let directory: RunDirectory
        do { directory = try RunDirectory(parent: URL(fileURLWithPath: output), name: batchID) } catch {
            printError("\(output): error: --batch-id: \(RunFolder.describe(error))")
            throw ExitCode(2)
        }
        let interrupt = InterruptGuard(directory: directory)
        do { try interrupt.begin() } catch {
            printError("\(output): error: \(BatchSession.describe(error, batchID: batchID))")
            throw ExitCode(1)
        }
        var entries = [BatchManifest.Entry?](repeating: nil, count: part.scenarios.count)
        let simulations = part.clientSimulations()
        let names = part.clientSimulationNames
        let order = part.computeOrder
        do {
            for group in simulations {
                let loaded = group.map { part.scenarios[$0] }
                let groupStarted = Date()
                let progress = ProgressReporter(enabled: !quiet && isatty(STDERR_FILENO) == 1)
                // A scenario with uncertain parameters is never shared (``BatchPlan/clientSimulations(maxBytes:)``).
                let runner = MonteCarloRunner(threads: threads, replications: block, pilotReplications: pilotReplications,
                                              parameters: loaded.count == 1 ? loaded[0].uncertainty : nil)
                let results = runner.run(sharing: loaded.map(\.scenario)) { done, total in progress.update(done: done, total: total) }
                progress.finish()
                let wall = Date().timeIntervalSince(groupStarted)
                for (i, result) in zip(group, results) {
                    let scenario = part.scenarios[i], entry = part.entries[i]
                    // A shard's few replications would make the after-run checks noise: `merge` makes them over all.
                    var manifest = Manifest(loaded: scenario, replications: block, threads: threads, startedAt: groupStarted,
                                            wallTimeSeconds: wall, command: CommandLine.arguments,
                                            budgetWeights: result.budgetWeights, diagnostics: ConsistencyCheck.atLoad(scenario))
                    manifest.shard = Manifest.ShardInfo(shard: shard, totalReplications: total,
                                                        scenarioPath: URL(fileURLWithPath: entry.file).standardizedFileURL.path,
                                                        settings: entry.settings.map(\.description))
                    manifest.csvDialect = dialect
                    manifest.pilotReplications = pilotReplications
                    let folder = directory.stagingURL.appendingPathComponent(scenario.scenario.name, isDirectory: true)
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
                    try RunFiles(results: result, manifest: manifest).writePartial { name, data in
                        try data.write(to: folder.appendingPathComponent(name))
                    }
                    entries[i] = BatchManifest.Entry(scenario: scenario, entry: entry, wallTimeSeconds: wall, resumed: false,
                                                     clientSimulation: names[i])
                    if !quiet {
                        let position = "[\(order.firstIndex(of: i)! + 1)/\(order.count)] \(scenario.scenario.name)"
                        print("\(position): " + (i == group[0]
                            ? "\(block.count) replications × \(scenario.scenario.regions.count) region(s) in "
                                + String(format: "%.2f", wall) + " s"
                            : "the client simulation of \(part.names[group[0]]), with its own money"))
                    }
                }
            }
            var manifest = BatchManifest(batchID: batchID, plan: part, threads: threads, keepReplications: false,
                                         startedAt: started, wallTimeSeconds: Date().timeIntervalSince(started),
                                         command: CommandLine.arguments, scenarios: entries.map { $0! })
            manifest.csvDialect = dialect
            manifest.shard = info
            try directory.write("manifest.json", manifest.json())
            try interrupt.commit()
        } catch {
            interrupt.discard()
            printError("\(directory.finalURL.path): error: writing the partial batch folder failed, nothing was kept: "
                       + RunFolder.describe(error))
            throw ExitCode(1)
        }
        if !quiet {
            print("shard \(shard.index)/\(shard.count): replications \(block.lowerBound)…\(block.upperBound - 1) of \(total)")
            print("results: \(directory.finalURL.path)")
        }
    }
}
