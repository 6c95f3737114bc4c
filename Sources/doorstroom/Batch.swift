import ArgumentParser
import DoorstroomCore
import Foundation

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run several scenarios on common random numbers into one batch folder.",
        discussion: """
        Inputs are scenario files, folders (every *.yaml in them and their sub-folders, sorted), or sweep \
        files (a base scenario and a grid of settings, each point named; its base point is the default \
        --reference; see docs/sweeps.md). Every \
        scenario is loaded first; any problem, two scenarios of one name, or a --reference that is not one \
        of them exits with status 2 and writes nothing. All scenarios run on one seed and one range of \
        replications (--seed and --replications, else the first scenario's), so replication r meets the \
        same luck in every scenario wherever they agree. Writes OUTPUT/<batch-id>/:
          <scenario>/      the files `run` writes (summary.csv, metrics.csv,
                           manifest.json; replications.csv with --keep-replications)
          summary.csv      every scenario's summary.csv under one header
          index.csv        scenario, file, sha256, seed, first_replication,
                           replications, wall_seconds
          differences.csv  with --reference: every other scenario against it
          stress.csv       with finance: P(deficit) with its Wilson interval, the 5 % worst
                           cumulative balance and the first year above 50 %, per scenario,
                           municipality and year (docs/sweeps.md)
          manifest.json    the command, seed, replications, reference; per
                           scenario its file, hash and wall time
        The folder appears complete or not at all. Finished scenarios are kept meanwhile in \
        OUTPUT/.<batch-id>.work/; an interrupted batch (a signal: exit status 128 + the signal; or a kill) \
        started again with the same inputs, seed and --batch-id skips the scenarios it finished (checked \
        by hash) and computes the rest. The result is byte for byte that of an uninterrupted batch except \
        the manifests and index.csv's wall_seconds.

        With --shard I/N (or --shard-from-env) only the I-th of N blocks of the replications of every \
        scenario runs (the block rule of `run --shard`; scenarios that differ only in money still share \
        one client simulation), into a partial batch folder OUTPUT/<batch-id>/: per scenario a partial \
        run folder (replications.csv, parameters.csv with uncertain parameters, manifest.json with a \
        `shard` object) and manifest.json with a `shard` object (the batch's SHA-256, the inputs and the \
        folder they were given in, the block). `doorstroom merge` joins the N parts into the batch folder \
        one batch writes (docs/cluster.md). The merge writes the files by its own options: a shard \
        refuses --keep-replications, --csv-dialect, --lang, --no-report, --metrics, --years and \
        --regions-only (give them to `merge`); --strict checks the scenarios at load (a shard makes no \
        after-run checks: the merge makes them over all replications).

        Example:
          doorstroom batch Scenarios/den-haag/baseline.yaml \\
            Scenarios/den-haag/variants/ingroeipad-15y.yaml \\
            --reference den-haag-baseline --replications 500 \\
            --output Output/batches --batch-id ingroeipad
        """
    )

    @Argument(help: "Scenario files (YAML), or folders of them.")
    var inputs: [String]

    @Option(help: "Folder that receives <batch-id>/.")
    var output: String

    @Option(help: "Name of the batch folder: 1 to 100 of A–Z a–z 0–9 . _ -, not starting with `.` (default: made from the UTC time and the seed; give it to be able to resume).")
    var batchID: String?

    @Option(help: "The scenario every other one is compared against (differences.csv).")
    var reference: String?

    @Option(help: "Number of replications of every scenario, 1…10,000,000 (default: the first scenario's).")
    var replications: Int?

    @Option(help: "Master seed of every scenario, 0…2⁶³−1 (default: the first scenario's).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(help: ArgumentHelp(
        "Run only the I-th of N contiguous blocks of the replications of every scenario (1 ≤ I ≤ N ≤ 10,000, N at most the replications) and write a partial batch folder for `doorstroom merge`.",
        valueName: "I/N"))
    var shard: String?

    @Flag(help: "As --shard, with I and N from the environment: (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP + 1 of SLURM_ARRAY_TASK_COUNT (a Slurm array job), or JOB_COMPLETION_INDEX + 1 of DOORSTROOM_SHARD_COUNT (a Kubernetes Indexed Job).")
    var shardFromEnv = false

    @OptionGroup var outputs: OutputFilterOptions

    @OptionGroup var pilot: PilotOptions

    @Flag(help: "Also write every replication's values (replications.csv) of each scenario.")
    var keepReplications = false

    @Flag(name: .shortAndLong, help: "No progress and no messages on standard output (warnings are still printed).")
    var quiet = false

    @Flag(help: "Treat consistency warnings as errors: exit with status 2, no batch folder. With --shard: the warnings at load only (the merge checks the results).")
    var strict = false

    @Flag(help: "Run even if the estimate says a scenario needs more memory than this machine has, or more than 30 days.")
    var force = false

    func validate() throws {
        try checkSimulationBounds(replications: replications, seed: seed, threads: threads)
        if let batchID, let problem = RunID.problem(batchID) { throw ValidationError("--batch-id: \(problem)") }
        let request = ShardRequest(text: shard, fromEnvironment: shardFromEnv)
        if let option = try request.validatedOption() {
            // The merge writes the batch's files by its own options: these would do nothing on a shard.
            let refused = (keepReplications ? ["--keep-replications"] : []) + outputs.givenForFinishedFiles
            try request.refuse(refused, option: option, kind: "batch")
        }
    }

    /// The shard asked for, or nil; exits 2 when --shard-from-env finds none.
    func requestedShard() throws -> Shard? { try ShardRequest(text: shard, fromEnvironment: shardFromEnv).shard() }

    func run() throws {
        let started = Date()
        let shardAsked = try requestedShard()
        let plan = try self.plan()
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if let shardAsked {
            let total = plan.replications.count
            guard shardAsked.count <= total else {
                printError("\(inputs[0]):1:1: error: --shard: \(shardAsked.index)/\(shardAsked.count) asks for \(shardAsked.count) "
                           + "shards of \(total) replications; use at most \(total) shards")
                throw ExitCode(2)
            }
            try checkEstimates(plan, threads: threadCount, replications: shardAsked.block(of: total).count)
            let part = BatchShardRun(plan: plan, shard: shardAsked, inputs: inputs, output: output,
                                     batchID: batchID ?? Run.defaultRunID(started, seed: plan.seed)
                                         + "-shard\(shardAsked.index)of\(shardAsked.count)",
                                     threads: threadCount, dialect: outputs.csvDialect,
                                     pilotReplications: pilot.pilotReplications, quiet: quiet)
            try part.run(started: started)
            return
        }
        try checkEstimates(plan, threads: threadCount)
        for loaded in plan.scenarios { try outputs.check(loaded) }
        let id = batchID ?? Run.defaultRunID(started, seed: plan.seed)
        var session = try BatchSession(plan: plan, output: output, batchID: id, threads: threadCount,
                                       keepReplications: keepReplications, filter: try outputs.filter(),
                                       dialect: outputs.csvDialect, reporting: outputs, pilotReplications: pilot.pilotReplications, strict: strict, quiet: quiet)
        try session.computeAll()
        try session.commit(started: started)
    }

    /// The entries of the inputs, loaded and checked; every problem printed, exit status 2.
    private func plan() throws -> BatchPlan {
        do {
            let inputs = try BatchInputs.read(self.inputs)
            let plan = try BatchPlan(entries: inputs.entries, seed: seed, replications: replications,
                                     reference: reference ?? inputs.reference)
            try report(plan.scenarios.flatMap(ConsistencyCheck.atLoad), strict: strict)
            return plan
        } catch let error as InputError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// Refuses (exit status 2) scenarios beyond the machine, unless --force.
    private func checkEstimates(_ plan: BatchPlan, threads: Int, replications: Int? = nil) throws {
        guard !force else { return }
        var refused = false
        for loaded in plan.scenarios {
            let estimate = RunEstimate(scenario: loaded.scenario, replications: replications ?? plan.replications.count,
                                       threads: threads, monthly: false)
            if let refusal = estimate.refusal() {
                printError("\(loaded.file):1:1: error: replications: \(refusal); use fewer --replications, or --force to run anyway")
                refused = true
            }
        }
        if refused { throw ExitCode(2) }
    }
}
