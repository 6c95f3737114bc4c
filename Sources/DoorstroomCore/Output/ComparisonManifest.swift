import CGSL
import Foundation

/// `manifest.json` of a comparison: which two runs were compared, so that
/// `differences.csv` can be traced to its inputs. It holds no clock time:
/// comparing the same runs again gives the same bytes.
public struct ComparisonManifest: Codable, Sendable {
    /// One compared run.
    public struct Input: Codable, Sendable {
        /// The run folder, as named on the command line.
        public var folder: String
        public var scenario: String
        public var scenarioFile: String
        /// SHA-256 of the scenario (from the run's manifest).
        public var scenarioSHA256: String
        /// SHA-256 of the run's `replications.csv`, the data compared.
        public var replicationsSHA256: String
    }

    public var doorstroomVersion = DoorstroomVersion.string
    public var gslVersion = String(cString: cgsl_version())
    /// A, the run compared against.
    public var reference: Input
    /// B: the differences are B − A.
    public var variant: Input
    public var seed: UInt64
    public var replications: Int
    public var firstReplication: Int
    public var command: [String]
    public var differences = "variant − reference per replication; mcse = sd of the paired differences / √n "
        + "(both runs on the same seed and replications: common random numbers)"

    public init(reference: FinishedRun, variant: FinishedRun, command: [String]) {
        func input(_ run: FinishedRun) -> Input {
            Input(folder: run.folder, scenario: run.header.scenario, scenarioFile: run.header.scenarioFile,
                  scenarioSHA256: run.header.scenarioSha256, replicationsSHA256: run.replicationsSHA256)
        }
        self.reference = input(reference)
        self.variant = input(variant)
        seed = reference.header.seed
        replications = reference.header.replications
        firstReplication = reference.header.firstReplication ?? 0
        self.command = command
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}
