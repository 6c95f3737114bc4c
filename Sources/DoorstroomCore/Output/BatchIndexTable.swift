import Foundation

/// `index.csv` of a batch: one row per scenario, in batch order — its name,
/// its file, the SHA-256 of its inputs, the seed and replication range it ran
/// on (the batch's), the scenario whose client simulation it shares (its
/// own name when none; scenarios that differ only in money share one), and
/// the seconds it took to simulate (a shared simulation's time, for each of its scenarios). `wall_seconds` is
/// the one column that differs between two runs of the same batch; for a
/// scenario finished by an earlier, interrupted run of the batch it is that
/// run's time.
public enum BatchIndexTable {
    /// The columns.
    public static let header = ["scenario", "file", "sha256", "seed", "first_replication", "replications", "client_simulation",
                                "wall_seconds"]

    /// One scenario of the index.
    public struct Row: Sendable {
        /// The name the scenario ran under.
        public var scenario: String
        /// The scenario file, as given.
        public var file: String
        /// SHA-256 of the scenario file, the files it includes and its settings.
        public var sha256: String
        public var seed: UInt64
        /// The replications run (the batch's).
        public var replications: Range<Int>
        /// The scenario whose client simulation this one shares (its own name if none).
        public var clientSimulation: String
        /// Seconds the scenario took to simulate.
        public var wallSeconds: Double

        /// A row of the index.
        public init(scenario: String, file: String, sha256: String, seed: UInt64, replications: Range<Int>,
                    clientSimulation: String, wallSeconds: Double) {
            self.scenario = scenario
            self.file = file
            self.sha256 = sha256
            self.seed = seed
            self.replications = replications
            self.clientSimulation = clientSimulation
            self.wallSeconds = wallSeconds
        }
    }

    /// The table of `rows`, in their order; `wall_seconds` to the millisecond.
    public static func csv(_ rows: [Row]) -> String {
        var out = header.joined(separator: ",") + "\n"
        for r in rows {
            out += [CSVFormat.field(r.scenario), CSVFormat.field(r.file), r.sha256, String(r.seed),
                    String(r.replications.lowerBound), String(r.replications.count),
                    CSVFormat.field(r.clientSimulation),
                    String(format: "%.3f", r.wallSeconds)].joined(separator: ",") + "\n"
        }
        return out
    }
}
