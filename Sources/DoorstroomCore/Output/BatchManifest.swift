import CGSL
import Foundation

/// `manifest.json` of a batch folder: what produced the batch — the
/// command, the seed and replications every scenario ran on, the reference,
/// and per scenario its file, settings, hash, wall time and whether it was
/// finished by an earlier, interrupted run of the batch (`resumed`). It
/// holds clock times, so it differs between two runs of the same batch.
public struct BatchManifest: Codable, Sendable {
    /// One scenario of the batch.
    public struct Entry: Codable, Sendable {
        /// The name the scenario ran under.
        public var scenario: String
        /// The scenario file, as given.
        public var file: String
        /// The `--set`-style settings laid over the file (a sweep point's).
        public var settings: [String]
        /// SHA-256 of the scenario file, the files it includes and its settings.
        public var sha256: String
        /// Seconds the scenario took to simulate (in the run that did).
        public var wallTimeSeconds: Double
        /// True when an earlier run of the batch finished it and this one reused it.
        public var resumed: Bool
        /// The scenario whose client simulation it shares (its own name if none).
        public var clientSimulation: String

        /// The record of `scenario`, loaded from `entry`.
        public init(scenario: LoadedScenario, entry: BatchEntry, wallTimeSeconds: Double, resumed: Bool,
                    clientSimulation: String) {
            self.scenario = scenario.scenario.name
            file = scenario.file
            settings = entry.settings.map(\.description)
            sha256 = scenario.sha256
            self.wallTimeSeconds = wallTimeSeconds
            self.resumed = resumed
            self.clientSimulation = clientSimulation
        }
    }

    public var doorstroomVersion = DoorstroomVersion.string
    /// The git commit of the source the tool was built from.
    public var doorstroomCommit = DoorstroomVersion.commit
    public var gslVersion = String(cString: cgsl_version())
    public var generator = "xoshiro256** as a GSL rng type; streams keyed by (seed, replication, region, purpose)"
    public var batchId: String
    /// The seed every scenario ran on.
    public var seed: UInt64
    /// The replications every scenario ran: `first_replication` … + `replications` − 1.
    public var firstReplication: Int
    public var replications: Int
    public var threads: Int
    public var keepReplications: Bool
    /// The scenario the others are compared against in `differences.csv`.
    public var reference: String?
    /// When this run of the batch started (ISO 8601).
    public var startedAt: String
    /// Seconds this run of the batch took.
    public var wallTimeSeconds: Double
    /// The command line of this run of the batch.
    public var command: [String]
    /// The scenarios, in batch order.
    public var scenarios: [Entry]
    /// How the CSV files of the batch are written.
    public var csvDialect: CSVDialect = .rfc4180
    /// How many client simulations the batch needs: scenarios that differ
    /// only in money share one (``BatchPlan/clientSimulations(maxBytes:)``).
    public var clientSimulations: Int
    /// In a partial batch folder (`batch --shard I/N`): its block and what
    /// `merge` checks the parts against; absent otherwise.
    public var shard: ShardInfo?
    /// In a batch merged from partial batch folders (`merge`): the parts; absent otherwise.
    public var mergedFrom: [MergedPart]?

    /// The manifest of batch `batchID`, run as `plan`.
    public init(batchID: String, plan: BatchPlan, threads: Int, keepReplications: Bool, startedAt: Date,
                wallTimeSeconds: Double, command: [String], scenarios: [Entry]) {
        batchId = batchID
        seed = plan.seed
        firstReplication = plan.replications.lowerBound
        replications = plan.replications.count
        self.threads = threads
        self.keepReplications = keepReplications
        reference = plan.reference.map { plan.names[$0] }
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
        self.wallTimeSeconds = wallTimeSeconds
        self.command = command
        self.scenarios = scenarios
        clientSimulations = plan.clientSimulations().count
    }

    /// The manifest as pretty-printed JSON with sorted, snake-case keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}
