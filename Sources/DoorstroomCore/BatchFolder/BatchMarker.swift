import Foundation

/// `finished.json`, the marker written last into each finished scenario of a
/// batch's work folder: what the scenario's files were computed from (its
/// ``Key``), the SHA-256 of every file beside it, the wall time and the
/// consistency warnings of the run. A batch started again skips the
/// scenario only when the key is the one it would compute from and every
/// file still has its recorded hash.
public struct BatchMarker: Codable, Equatable, Sendable {
    /// Everything a finished scenario's files depend on. Not the thread
    /// count (results do not depend on it) nor the scenario file's path.
    public struct Key: Codable, Hashable, Sendable {
        /// The name the scenario ran under (its folder's name).
        public var scenario: String
        /// SHA-256 of the scenario file, every file it includes, and its settings.
        public var scenarioSHA256: String
        public var seed: UInt64
        /// The replications run: `firstReplication` … + `replications` − 1.
        public var firstReplication: Int
        public var replications: Int
        /// Whether `replications.csv` is among the files.
        public var keepReplications: Bool
        /// The scenario the folder's differences are against (nil: none kept).
        public var reference: String?
        /// The reference's SHA-256, as ``scenarioSHA256``.
        public var referenceSHA256: String?
        /// The version that computed the files.
        public var doorstroomVersion = DoorstroomVersion.string
        /// What the files hold (`--metrics`, `--years`, `--regions-only`).
        public var filter = OutputFilter()
        /// How the CSV files are written.
        public var csvDialect = CSVDialect.rfc4180
        /// Replications of the legacy-runoff pilot.
        public var pilotReplications = 100
        /// Of a batch `merge` writes: the `replications_sha256` of every part
        /// of the scenario, in block order; nil in a batch that simulates.
        /// So a merge resumes only what it merged from the same parts, a
        /// merge nothing a batch left, and a batch nothing a merge left.
        public var mergedParts: [String]?
        /// The same of the reference (its differences depend on its values too).
        public var referenceMergedParts: [String]?

        enum CodingKeys: String, CodingKey {
            case scenario, seed, replications, reference
            case scenarioSHA256 = "scenario_sha256", firstReplication = "first_replication"
            case keepReplications = "keep_replications", referenceSHA256 = "reference_sha256"
            case doorstroomVersion = "doorstroom_version", filter, csvDialect = "csv_dialect", pilotReplications = "pilot_replications"
            case mergedParts = "merged_parts", referenceMergedParts = "reference_merged_parts"
        }

        /// The key of `scenario` run over `replications`, compared against `reference` (if any).
        public init(scenario: LoadedScenario, replications: Range<Int>, keepReplications: Bool,
                    reference: LoadedScenario? = nil) {
            self.scenario = scenario.scenario.name
            scenarioSHA256 = scenario.sha256
            seed = scenario.scenario.seed
            firstReplication = replications.lowerBound
            self.replications = replications.count
            self.keepReplications = keepReplications
            self.reference = reference?.scenario.name
            referenceSHA256 = reference?.sha256
        }
    }

    /// The file name of the marker.
    public static let fileName = "finished.json"

    /// What the files were computed from.
    public var key: Key
    /// SHA-256 (hex) of every other file of the folder, by name.
    public var files: [String: String]
    /// How long the scenario took to simulate, in seconds.
    public var wallTimeSeconds: Double
    /// The consistency warnings found after the run, to report again when it is skipped.
    public var warnings: [Diagnostic]

    enum CodingKeys: String, CodingKey {
        case key, files, warnings
        case wallTimeSeconds = "wall_time_seconds"
    }

    /// A marker for files computed from `key`.
    public init(key: Key, files: [String: String], wallTimeSeconds: Double, warnings: [Diagnostic]) {
        self.key = key
        self.files = files
        self.wallTimeSeconds = wallTimeSeconds
        self.warnings = warnings
    }

    /// The marker as pretty-printed JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a marker written by ``json()``; nil for anything else.
    public init?(json data: Data) {
        guard let marker = try? JSONDecoder().decode(Self.self, from: data) else { return nil }
        self = marker
    }
}
