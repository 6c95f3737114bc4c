import CGSL
import Foundation

/// `manifest.json`: what produced a run, so that it can be reproduced and
/// its parameters traced to their sources.
public struct Manifest: Codable, Sendable {
    public struct MetricInfo: Codable, Sendable {
        public var name: String
        public var unit: String
        public var description: String
    }

    public var doorstroomVersion = DoorstroomVersion.string
    /// The git commit of the source the tool was built from (`-dirty` with local changes; `unknown` outside git).
    public var doorstroomCommit = DoorstroomVersion.commit
    public var gslVersion = String(cString: cgsl_version())
    public var generator = "xoshiro256** as a GSL rng type; streams keyed by (seed, replication, region, purpose)"
    public var scenario: String
    public var scenarioFile: String
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replications: Int
    public var firstReplication: Int
    public var threads: Int
    public var startedAt: String
    public var wallTimeSeconds: Double
    public var command: [String]
    public var parameters: [ParameterRecord]
    /// The BW ingroeipad weights per region and year, as used (also for `legacy-runoff`).
    public var ingroeipadWeights: [String: [String: Double]]
    public var metrics: [MetricInfo]
    /// One uncertain parameter: its field path, distribution, where it was written and its source.
    public struct UncertainInfo: Codable, Sendable {
        public var path: String
        public var distribution: String
        public var writtenAs: String?
        public var location: String
        public var source: String?
    }
    /// The parameters each replication draws (see `parameters.csv`); absent without any.
    public var uncertainParameters: [UncertainInfo]?
    /// Consistency warnings found at load and after the run (see
    /// ``ConsistencyCheck``); empty when nothing looked implausible.
    public var diagnostics: [Diagnostic]
    /// How the CSV files of the folder are written.
    public var csvDialect: CSVDialect = .rfc4180
    /// Replications of the pilot that fixed a `legacy-runoff` ingroeipad (``LegacyRunoffPilot``).
    public var pilotReplications = 100
    /// What the CSV files hold when narrowed (`--metrics`, `--years`, `--regions-only`); absent when they hold everything.
    public var outputFilter: OutputFilter?
    /// The scenario's observed series (history), placed on the metric and
    /// year of `summary.csv` they compare with (region `ALL` of all regions);
    /// absent without any.
    public var observed: [ObservedPoints]?
    /// In a partial run folder (`run --shard`): which block of which run it holds; absent otherwise.
    public var shard: ShardInfo?
    /// In a folder written by `merge`: the partial run folders it was made of, in shard order; absent otherwise.
    public var mergedFrom: [MergedPart]?

    /// An observed series as charts draw it.
    public struct ObservedPoints: Codable, Sendable {
        /// The series' name in the scenario.
        public var name: String
        /// The metric of `summary.csv` it is compared with.
        public var metric: String
        /// Observed value by the year of that metric: a stock on 1 January is
        /// the `_end` value of the year before.
        public var values: [String: Double]
        public var source: String?
    }

    public init(loaded: LoadedScenario, replications: Range<Int>, threads: Int, startedAt: Date,
                wallTimeSeconds: Double, command: [String], budgetWeights: [[Double]] = [],
                diagnostics: [Diagnostic] = []) {
        scenario = loaded.scenario.name
        scenarioFile = loaded.file
        scenarioSHA256 = loaded.sha256
        seed = loaded.scenario.seed
        self.replications = replications.count
        firstReplication = replications.lowerBound
        self.threads = threads
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
        self.wallTimeSeconds = wallTimeSeconds
        self.command = command
        parameters = loaded.scenario.parameters
        var weights: [String: [String: Double]] = [:]
        for (region, w) in zip(loaded.scenario.regions, budgetWeights) where !w.isEmpty {
            weights[region.name] = Dictionary(uniqueKeysWithValues: zip(loaded.scenario.years.map(String.init), w))
        }
        ingroeipadWeights = weights
        self.diagnostics = diagnostics
        uncertainParameters = loaded.uncertainty?.parameters.map { p in
            let l = p.location
            return UncertainInfo(path: p.path, distribution: p.distribution.description, writtenAs: p.written,
                                 location: "\(l.file):\(l.line ?? 1):\(l.column ?? 1)", source: p.source)
        }
        let observedPoints = loaded.scenario.observed.map { series in
            ObservedPoints(name: series.name, metric: Metric.all[series.metric].name,
                           values: Dictionary(uniqueKeysWithValues: series.values.map {
                               (String($0.key - (series.firstOfJanuary ? 1 : 0)), $0.value)
                           }), source: series.source)
        }
        observed = observedPoints.isEmpty ? nil : observedPoints
        metrics = Metric.all.filter { !$0.finance || loaded.scenario.finance != nil }.map { MetricInfo(name: $0.name, unit: $0.unit, description: $0.description) }
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}

/// The version of Doorstroom.
public enum DoorstroomVersion {
    public static let string = "0.1.0"
    /// The git commit of the source this build was made from, recorded when the
    /// package is compiled (Plugins/GitCommit). A commit that changes no
    /// source is not compiled again, so the hash may name an earlier commit
    /// with the same sources, or that commit marked `-dirty` if the binary was
    /// built before the changes were committed; a clean checkout's build is exact.
    public static let commit = GitCommit.hash
}
