import ArgumentParser
import DoorstroomCore
import Foundation

/// One run of `doorstroom batch`: claims the batch folder, finds or computes
/// each scenario in the batch's work folder, and assembles and commits the
/// batch folder. A failure or a signal leaves no batch folder and keeps the
/// finished scenarios in the work folder for the next run.
struct BatchSession {
    private let plan: BatchPlan
    private let batchID: String
    private let directory: RunDirectory
    private let interrupt: InterruptGuard
    private let work: BatchWorkFolder
    private let threads: Int
    private let keepReplications: Bool
    private let filter: OutputFilter
    private let dialect: CSVDialect
    /// Writes `report.html` (unless --no-report).
    private let reporting: OutputFilterOptions
    private let pilotReplications: Int
    private let strict: Bool
    private let quiet: Bool
    /// Per scenario, in batch order: its marker once finished, and whether an earlier run finished it.
    private var markers: [BatchMarker?]
    private var resumed: [Bool]
    /// The reference's results, once simulated in this run (the differences need them).
    private var referenceResults: RunResults?
    /// Where the results come from instead of a simulation (`merge` of partial batch folders).
    private let source: BatchResultSource?

    /// Claims `<output>/<batchID>/` and creates the work folder, or prints
    /// why not and exits: 1 when the batch folder exists, is being written
    /// by another process, or cannot be made.
    init(plan: BatchPlan, output: String, batchID: String, threads: Int, keepReplications: Bool,
         filter: OutputFilter = OutputFilter(), dialect: CSVDialect = .rfc4180, reporting: OutputFilterOptions,
         pilotReplications: Int = 100, strict: Bool, quiet: Bool, source: BatchResultSource? = nil) throws {
        self.source = source
        self.pilotReplications = pilotReplications
        self.filter = filter
        self.reporting = reporting
        self.dialect = dialect
        self.plan = plan
        self.batchID = batchID
        self.threads = threads
        self.keepReplications = keepReplications
        self.strict = strict
        self.quiet = quiet
        markers = Array(repeating: nil, count: plan.scenarios.count)
        resumed = Array(repeating: false, count: plan.scenarios.count)
        let root = URL(fileURLWithPath: output)
        do { directory = try RunDirectory(parent: root, name: batchID) } catch {
            printError("\(output): error: --batch-id: \(RunFolder.describe(error))")
            throw ExitCode(2)
        }
        let work = BatchWorkFolder(output: root, batchID: batchID)
        self.work = work
        interrupt = InterruptGuard(directory: directory, cleanup: { _ = rmdir(work.url.path) }) {  // rmdir: only if empty
            FileManager.default.fileExists(atPath: work.url.path)
                ? "interrupted: no batch folder was written; the scenarios finished so far are kept in \(work.url.path) "
                    + "(run the same command with --batch-id \(batchID) to resume)"
                : "interrupted: no results were written"
        }
        do {
            try interrupt.begin()
            try work.create()
        } catch {
            interrupt.discard()
            printError("\(output): error: \(Self.describe(error, batchID: batchID))")
            throw ExitCode(1)
        }
    }

    /// Finds or computes every scenario, the reference first; scenarios that
    /// differ only in money are computed together, over one client simulation.
    mutating func computeAll() throws {
        let order = plan.computeOrder
        let simulations = plan.clientSimulations()
        func position(_ i: Int) -> String { "[\(order.firstIndex(of: i)! + 1)/\(order.count)] \(plan.names[i])" }
        for i in order where markers[i] == nil {
            var members: [Int] = []
            for j in simulations.first(where: { $0.contains(i) })! where markers[j] == nil {
                if try !resume(j, position: position(j)) { members.append(j) }
            }
            guard !members.isEmpty else { continue }
            let started = Date()
            let results = simulate(members.map { plan.scenarios[$0] })
            let wall = Date().timeIntervalSince(started)
            for (j, result) in zip(members, results) {
                try write(j, result, started: started, wall: wall, position: position(j),
                          sharedWith: j == members[0] ? nil : plan.names[members[0]])
            }
        }
    }

    /// Assembles the batch folder from the work folder, moves it into place
    /// and removes the work folder.
    func commit(started: Date) throws {
        let markers = self.markers.map { $0! }
        let simulations = plan.clientSimulationNames
        let entries = plan.scenarios.indices.map { i in
            BatchManifest.Entry(scenario: plan.scenarios[i], entry: plan.entries[i],
                                wallTimeSeconds: markers[i].wallTimeSeconds, resumed: resumed[i],
                                clientSimulation: simulations[i])
        }
        var manifest = BatchManifest(batchID: batchID, plan: plan, threads: threads, keepReplications: keepReplications,
                                     startedAt: started, wallTimeSeconds: Date().timeIntervalSince(started),
                                     command: CommandLine.arguments, scenarios: entries)
        manifest.csvDialect = dialect
        manifest.mergedFrom = source?.batchMergedFrom
        do {
            try BatchAssembly.write(into: directory.stagingURL, plan: plan, work: work, markers: markers, manifest: manifest)
            _ = reporting.writeReport(of: directory.stagingURL, final: directory.finalURL) {
                try $0.write(to: directory.stagingURL.appendingPathComponent("report.html"))
            }
            try interrupt.commit()
        } catch {
            fail("\(directory.finalURL.path): error: writing the batch folder failed: \(RunFolder.describe(error))")
        }
        do { try work.remove() } catch {
            printError("\(work.url.path): warning: the batch is complete, but its work folder could not be removed: "
                       + "\(RunFolder.describe(error)); it may be deleted")
        }
        say("results: \(directory.finalURL.path)")
    }

    /// The key of scenario `i`'s files.
    private func key(_ i: Int) -> BatchMarker.Key {
        let reference = plan.reference.flatMap { $0 == i ? nil : plan.scenarios[$0] }
        var key = BatchMarker.Key(scenario: plan.scenarios[i], replications: plan.replications,
                                  keepReplications: keepReplications, reference: reference)
        key.filter = filter
        key.csvDialect = dialect
        key.pilotReplications = pilotReplications
        // A merge's scenarios are what their parts hold: a merge of other parts (or a batch) must not resume them.
        if let source {
            key.mergedParts = source.partsSHA256(plan.names[i])
            key.referenceMergedParts = reference.flatMap { source.partsSHA256($0.scenario.name) }
        }
        return key
    }

    /// Takes scenario `i` from the work folder if an earlier run finished it;
    /// otherwise removes what an earlier run left of it and returns false.
    private mutating func resume(_ i: Int, position: String) throws -> Bool {
        let name = plan.names[i]
        if let marker = work.finished(key(i)) {
            try reportRunWarnings(marker.warnings, of: name)
            markers[i] = marker
            resumed[i] = true
            say("\(position): skipped, finished by an earlier run of this batch (files and hashes verified)")
            return true
        }
        do { try work.discardFolder(of: name) } catch {
            fail("\(work.folder(of: name).path): error: cannot remove an unfinished or outdated scenario folder: "
                 + "\(RunFolder.describe(error))")
        }
        return false
    }

    /// Writes scenario `i`'s folder into the work folder from its results.
    private mutating func write(_ i: Int, _ results: RunResults, started: Date, wall: Double, position: String,
                                sharedWith: String?) throws {
        let loaded = plan.scenarios[i]
        let name = loaded.scenario.name
        let key = key(i)
        let warnings = ConsistencyCheck.afterRun(results, loaded: loaded)
        try reportRunWarnings(warnings, of: name)
        var differences: Data?
        if let r = plan.reference {
            if r == i {
                referenceResults = results
            } else {
                differences = try self.differences(of: results, against: r)
            }
        }
        var manifest = Manifest(loaded: loaded, replications: plan.replications, threads: threads, startedAt: started,
                                wallTimeSeconds: wall, command: CommandLine.arguments,
                                budgetWeights: results.budgetWeights,
                                diagnostics: ConsistencyCheck.atLoad(loaded) + warnings)
        manifest.csvDialect = dialect
        manifest.pilotReplications = pilotReplications
        manifest.outputFilter = filter.isEmpty ? nil : filter
        manifest.mergedFrom = source?.mergedFrom(name)
        let files = RunFiles(results: results, manifest: manifest, keepReplications: keepReplications)
        let staged: RunDirectory
        do {
            staged = try work.stage(name)
            try interrupt.begin(staged)
        } catch {
            fail("\(work.url.path): error: cannot stage \(name): \(RunFolder.describe(error))")
        }
        do {
            let stress = loaded.scenario.finance == nil ? nil : dialect.render(StressTable.csv([results]))
            markers[i] = try work.fill(staged, run: files, differences: differences, stress: stress, key: key, wallTimeSeconds: wall,
                                       warnings: warnings)
            try interrupt.commit(staged)
        } catch {
            interrupt.discard(staged)
            fail("\(work.folder(of: name).path): error: writing the scenario's results failed: \(RunFolder.describe(error))")
        }
        say("\(position): " + (sharedWith.map { "the client simulation of \($0), with its own money" }
            ?? "\(plan.replications.count) replications × \(loaded.scenario.regions.count) region(s) in "
                + String(format: "%.2f", wall) + " s"))
    }

    /// `differences.csv` of `results` against the reference, simulated again
    /// in memory when an earlier run of the batch finished it.
    private mutating func differences(of results: RunResults, against r: Int) throws -> Data {
        if referenceResults == nil {
            say("  (simulating the reference \(plan.names[r]) again in memory for the differences; its files are kept)")
            referenceResults = simulate([plan.scenarios[r]])[0]
        }
        do {
            let rows = try PairedDifferences.compare(reference: referenceResults!, variant: results)
            return dialect.render(DifferencesTable.csv(rows, scenario: results.scenario.name, reference: plan.names[r]))
        } catch {
            fail("\(results.scenario.name): error: cannot compare with the reference \(plan.names[r]): \(error)")
        }
    }

    /// Simulates scenarios with equal client flows over one client simulation.
    private func simulate(_ loaded: [LoadedScenario]) -> [RunResults] {
        if let source {
            do {
                var results = try source.results(loaded)
                for k in results.indices { results[k].filter = filter }
                return results
            } catch {
                interrupt.discard()
                _ = rmdir(work.url.path)  // only if nothing was finished
                printError((error as? InputError)?.description ?? "\(error)")
                Foundation.exit(2)
            }
        }
        let progress = ProgressReporter(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        // A scenario with uncertain parameters is never shared (``BatchPlan/clientSimulations(maxBytes:)``).
        let runner = MonteCarloRunner(threads: threads, replications: plan.replications, pilotReplications: pilotReplications,
                                      parameters: loaded.count == 1 ? loaded[0].uncertainty : nil)
        var results = runner.run(sharing: loaded.map(\.scenario)) { done, total in progress.update(done: done, total: total) }
        progress.finish()
        for k in results.indices { results[k].filter = filter }
        return results
    }

    /// Prints a scenario's after-run warnings; with --strict they stop the batch (exit status 2).
    private func reportRunWarnings(_ warnings: [Diagnostic], of name: String) throws {
        for w in warnings { printError(w.description) }
        guard strict, !warnings.isEmpty else { return }
        let n = warnings.count
        interrupt.discard()
        printError("\(n) warning\(n == 1 ? "" : "s") of \(name) treated as error\(n == 1 ? "" : "s") (--strict): "
                   + "no batch folder was written" + (hasFinished ? "; the finished scenarios are kept in \(work.url.path)" : ""))
        _ = rmdir(work.url.path)
        throw ExitCode(2)
    }

    /// Discards the batch folder (keeping the finished scenarios), prints `message` and exits with status 1.
    private func fail(_ message: String) -> Never {
        interrupt.discard()
        _ = rmdir(work.url.path)  // only if nothing was finished
        printError(message + (hasFinished ? "; the finished scenarios are kept in \(work.url.path)" : ""))
        Foundation.exit(1)
    }

    private var hasFinished: Bool { markers.contains { $0 != nil } }

    private func say(_ line: String) {
        if !quiet { print(line) }
    }

    /// A claim or creation failure in words, naming --batch-id where it helps.
    static func describe(_ error: Error, batchID: String) -> String {
        switch error as? RunDirectoryError {
        case let .exists(path)?:
            return "the batch folder \(path) exists already; choose another --batch-id"
        case let .taken(path, pid)?:
            return "the batch folder \(path) is being written by another batch\(pid.map { " (pid \($0))" } ?? ""); "
                + "choose another --batch-id"
        default:
            return "cannot create the batch folder: \(RunFolder.describe(error))"
        }
    }
}

/// The results of a batch's scenarios from elsewhere than a simulation:
/// `merge` of partial batch folders reads them from the parts.
struct BatchResultSource {
    /// The results of scenarios with equal client flows, as
    /// ``MonteCarloRunner/run(sharing:progress:)`` makes them; an
    /// ``InputError`` stops the batch (exit status 2, no batch folder).
    var results: ([LoadedScenario]) throws -> [RunResults]
    /// `merged_from` of a scenario's `manifest.json`, by the scenario's name.
    var mergedFrom: (String) -> [Manifest.MergedPart]?
    /// `merged_from` of the batch's `manifest.json`.
    var batchMergedFrom: [BatchManifest.MergedPart]
    /// The `replications_sha256` every part of a scenario recorded, in block
    /// order, by the scenario's name: part of the work folder's key, so that
    /// only what was merged from these very parts is resumed.
    var partsSHA256: (String) -> [String]
}
