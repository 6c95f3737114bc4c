import ArgumentParser
import Dispatch
import DoorstroomCore
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a scenario and write its percentile trajectories.",
        discussion: """
        Runs the scenario's replications in parallel and writes, into OUTPUT/<scenario>/<run-id>/:
          summary.csv        one row per region × municipality × year × metric, with mean, sd,
                             percentiles (p05 … p95) and Monte Carlo standard error
          metrics.csv        what each metric is: unit, level or flow, what the municipality column means
          ingroeipad.csv     with finance: per municipality and year, the historical and objective parts
                             of the budget, the cap adjustment and the redistribution effect
          manifest.json      version, scenario hash, seed, replications, threads, wall time,
                             every parameter with its source
          replications.csv   every replication's own values (with --keep-replications)
          parameters.csv     with uncertain parameters (`{uncertain: …}`, docs/uncertainty.md): the
                             values each replication drew, one column per field path
          sensitivity.csv    with uncertain parameters: partial rank correlations of each parameter
                             with the key outcomes in the last year, with 95 % intervals, by |PRCC|
          monthly.csv        month-end levels, in the form of summary.csv (with --monthly)
        Memory: the replications run region by region, and each region is summarised as soon as its \
        last replication is done; of each replication only its regions' `ALL` rows are kept (for the \
        national total, the after-run checks and sensitivity.csv), so memory grows with the \
        replications times one region's cells, not with the regions. Every value is held to the end \
        instead with --keep-replications or --shard (they write every value), with a budget evaluation \
        (`finance.evaluation` re-bases each replication's budgets on all its regions' costs), and with \
        uncertain parameters in more than one region. The files are the same either way, byte for byte.
        With --shard I/N (or --shard-from-env) only the I-th of N blocks of the replications runs, into a \
        partial folder: replications.csv, parameters.csv (uncertain parameters) and manifest.json with a \
        `shard` object; `doorstroom merge` joins the N parts into the folder one run writes. The merge \
        writes the files by its own options: a shard refuses --keep-replications, --csv-dialect, --lang, \
        --no-report, --metrics, --years and --regions-only (give them to `merge`); --strict checks the \
        scenario at load (a shard makes no after-run checks: the merge makes them over all replications).
        The folder appears complete or not at all, also when the run is interrupted (SIGINT, SIGTERM, \
        SIGHUP: exit status 128 + the signal) or another run of the same --run-id starts at the same \
        time (one of them fails at once, before simulating).

        Consistency warnings (implausible values, e.g. a budget written in millions) go to standard \
        error, also with --quiet, at load and after the run, and into manifest.json (`diagnostics`); \
        with --strict they are errors: exit status 2 and nothing written.

        Example:
          doorstroom run Scenarios/den-haag/baseline.yaml --replications 500 --threads 2
        """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Number of replications, 1…10,000,000 (default: the scenario's).")
    var replications: Int?

    @Option(help: "First replication to run: with --replications M, runs replications N…N+M−1 only (a shard); N + M ≤ 2⁴⁰.")
    var firstReplication: Int?

    @Option(help: ArgumentHelp(
        "Run only the I-th of N contiguous blocks of the replications (1 ≤ I ≤ N ≤ 10,000, N at most the replications) and write a partial run folder for `doorstroom merge`.",
        valueName: "I/N"))
    var shard: String?

    @Flag(help: "As --shard, with I and N from the environment: (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP + 1 of SLURM_ARRAY_TASK_COUNT (a Slurm array job), or JOB_COMPLETION_INDEX + 1 of DOORSTROOM_SHARD_COUNT (a Kubernetes Indexed Job).")
    var shardFromEnv = false

    @Option(help: "Master seed, 0…2⁶³−1 (default: the scenario's).")
    var seed: UInt64?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Change the scenario for this run: PATH=VALUE, a field path and a YAML value, laid over the scenario as a variant would (repeatable).",
        valueName: "path=value"))
    var settings: [String] = []

    @Flag(help: "Run even if the estimate says the run needs more memory than this machine has, or more than 30 days.")
    var force = false

    @OptionGroup var folder: RunFolderOptions

    @OptionGroup var outputs: OutputFilterOptions

    @OptionGroup var pilot: PilotOptions

    @Flag(help: "Also write every replication's values (replications.csv).")
    var keepReplications = false

    @Flag(help: "Also write month-end occupancy, waiting lists and blocked clients (monthly.csv).")
    var monthly = false

    @Flag(name: .shortAndLong, help: "No progress and no closing message (warnings are still printed).")
    var quiet = false

    @Flag(help: "Treat consistency warnings as errors: exit with status 2 and write nothing. With --shard: the warnings at load only (the merge checks the results).")
    var strict = false

    func validate() throws {
        try checkSimulationBounds(replications: replications, seed: seed)
        if let firstReplication, !(0..<ScenarioLimits.replicationIndex).contains(firstReplication) {
            throw ValidationError("--first-replication must be in 0…2⁴⁰−1, found \(firstReplication)")
        }
        let request = ShardRequest(text: shard, fromEnvironment: shardFromEnv)
        if let option = try request.validatedOption() {
            if firstReplication != nil {
                throw ValidationError("\(option) and --first-replication exclude each other: a shard's block follows from I/N")
            }
            if monthly {
                throw ValidationError("\(option) and --monthly exclude each other: month-end levels cannot be merged yet")
            }
            // The merge writes the run's files by its own options: these would do nothing on a shard.
            let refused = (keepReplications ? ["--keep-replications"] : []) + outputs.givenForFinishedFiles
            try request.refuse(refused, option: option, kind: "run")
        }
        for s in settings where Setting(s) == nil {
            throw ValidationError("--set: expected PATH=VALUE, e.g. finance.ingroeipad.years=15, found `\(s)`")
        }
    }

    /// The shard asked for, or nil; exits 2 when --shard-from-env finds none.
    func requestedShard() throws -> Shard? { try ShardRequest(text: shard, fromEnvironment: shardFromEnv).shard() }

    func run() throws {
        let shardAsked = try requestedShard()
        var loaded = try loadScenario(scenario, settings: settings.compactMap(Setting.init))
        if let replications { loaded.scenario.replications = replications }
        if let seed { loaded.scenario.seed = seed }
        let loadWarnings = ConsistencyCheck.atLoad(loaded)
        try report(loadWarnings, strict: strict)
        let threadCount = folder.threadCount
        try outputs.check(loaded)
        let total = loaded.scenario.replications
        var shardInfo: Manifest.ShardInfo?
        if let shardAsked {
            guard shardAsked.count <= total else {
                printError("\(scenario):1:1: error: --shard: \(shardAsked.index)/\(shardAsked.count) asks for \(shardAsked.count) "
                           + "shards of \(total) replications; use at most \(total) shards")
                throw ExitCode(2)
            }
            shardInfo = Manifest.ShardInfo(shard: shardAsked, totalReplications: total,
                                           scenarioPath: URL(fileURLWithPath: scenario).standardizedFileURL.path, settings: settings)
        }
        let block = shardAsked?.block(of: total) ?? (firstReplication ?? 0)..<((firstReplication ?? 0) + total)
        let firstReplication = block.lowerBound
        loaded.scenario.replications = block.count
        guard firstReplication + loaded.scenario.replications <= ScenarioLimits.replicationIndex else {
            printError("--first-replication: error: --first-replication + replications must be at most 2⁴⁰, found "
                       + "\(firstReplication) + \(loaded.scenario.replications)")
            throw ExitCode(2)
        }
        if let uncertainty = loaded.uncertainty {
            // Every replication's draws are read before anything is written, so the run cannot stop half-way.
            let problems = uncertainty.check(base: loaded.scenario, replications: firstReplication..<(firstReplication + loaded.scenario.replications),
                                             threads: threadCount)
            if !problems.isEmpty {
                printDiagnostics(problems)
                throw ExitCode(2)
            }
        }
        // Without replications.csv (which --keep-replications and a shard write)
        // each region is summarised as soon as its replications are done.
        let filter = try outputs.filter()
        let streamed = !keepReplications && shardAsked == nil
            && MonteCarloRunner.streams(loaded.scenario, parameters: loaded.uncertainty)
        let estimate = RunEstimate(scenario: loaded.scenario, replications: loaded.scenario.replications,
                                   threads: threadCount, monthly: monthly, streamed: streamed,
                                   sensitivity: loaded.uncertainty != nil)
        if let refusal = estimate.refusal(), !force {
            printError("\(scenario):1:1: error: replications: \(refusal); use fewer --replications (or split the run with "
                       + "--shard), or --force to run anyway")
            throw ExitCode(2)
        }
        let started = Date()
        let id = folder.runID ?? Self.defaultRunID(started, seed: loaded.scenario.seed)
            + (shardAsked.map { "-shard\($0.index)of\($0.count)" } ?? "")

        let runFolder = try RunFolder(output: folder.output, scenario: loaded.scenario.name, runID: id, unique: folder.runID == nil)
        let progress = ProgressReporter(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let shard = firstReplication..<(firstReplication + loaded.scenario.replications)
        let runner = MonteCarloRunner(threads: threadCount, replications: shard, monthly: monthly,
                                      pilotReplications: pilot.pilotReplications,
                                      parameters: loaded.uncertainty, streamedSummary: streamed ? filter : nil)
        // The results live on in `files` alone, let go once the CSV files are
        // written: the report is made from those files and needs no values.
        var files: RunFiles?
        let wall: Double
        do {
            var results = runner.run(loaded.scenario) { done, total in
                progress.update(done: done, total: total)
            }
            progress.finish()
            wall = Date().timeIntervalSince(started)
            // A shard's few replications would make the after-run checks noise: `merge` makes them over all.
            let runWarnings = shardInfo == nil ? ConsistencyCheck.afterRun(results, loaded: loaded) : []
            do { try report(runWarnings, strict: strict) } catch {
                runFolder.discard()
                throw error
            }
            var manifest = Manifest(loaded: loaded, replications: shard, threads: threadCount,
                                    startedAt: started, wallTimeSeconds: wall, command: CommandLine.arguments,
                                    budgetWeights: results.budgetWeights, diagnostics: loadWarnings + runWarnings)
            manifest.shard = shardInfo
            manifest.csvDialect = outputs.csvDialect
            manifest.pilotReplications = pilot.pilotReplications
            manifest.outputFilter = filter.isEmpty ? nil : filter
            results.filter = filter
            files = RunFiles(results: results, manifest: manifest, monthly: monthly, keepReplications: keepReplications)
        }
        var headline: [String] = []
        try runFolder.finish { directory in
            if shardInfo != nil {
                try files?.writePartial(using: directory.write)
            } else {
                try files?.write(using: directory.write)
                files = nil
                headline = outputs.writeReport(of: directory.stagingURL, final: directory.finalURL) { try directory.write("report.html", $0) }
            }
        }
        if !quiet {
            if let shardAsked { print("shard \(shardAsked.index)/\(shardAsked.count): replications \(block.lowerBound)…\(block.upperBound - 1) of \(total)") }
            print("\(loaded.scenario.replications) replications × \(loaded.scenario.regions.count) region(s) in "
                  + String(format: "%.2f", wall) + " s on \(threadCount) thread(s)")
            for line in headline { print(line) }
            print("results: \(runFolder.directory.finalURL.path)")
        }
    }

    static func defaultRunID(_ date: Date, seed: UInt64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(f.string(from: date))-s\(seed)"
    }
}
