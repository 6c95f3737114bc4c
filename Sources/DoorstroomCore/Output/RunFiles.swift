import Crypto
import Foundation

/// The files of one run folder, as `doorstroom run` writes them and as every
/// scenario of a `doorstroom batch` gets them: `summary.csv`, `metrics.csv`,
/// `ingroeipad.csv` (with finance), `monthly.csv` (with `monthly`), `replications.csv` (with
/// `keepReplications`), `parameters.csv` and `sensitivity.csv` (with uncertain
/// parameters) and `manifest.json`, written last.
public struct RunFiles {
    /// Every name a run folder may hold, in the order they are written.
    public static let names = ["summary.csv", "metrics.csv", "ingroeipad.csv", "monthly.csv", "replications.csv", "parameters.csv",
                                "sensitivity.csv", "manifest.json"]

    /// The run's results, from which the CSV files are made.
    public var results: RunResults
    /// Written as `manifest.json`.
    public var manifest: Manifest
    /// Write `monthly.csv` (the results must have recorded month-end levels).
    public var monthly: Bool
    /// Write `replications.csv`.
    public var keepReplications: Bool
    /// How the CSV files are written (the manifest's ``Manifest/csvDialect``).
    public var dialect: CSVDialect { manifest.csvDialect }

    /// The files of a run with `results`, described by `manifest`.
    public init(results: RunResults, manifest: Manifest, monthly: Bool = false, keepReplications: Bool = false) {
        self.results = results
        self.manifest = manifest
        self.monthly = monthly
        self.keepReplications = keepReplications
    }

    /// Makes each file in turn and hands it to `write` with its name, so
    /// that only one file's bytes are held at a time.
    public func write(using write: (_ name: String, _ data: Data) throws -> Void) throws {
        try write("summary.csv", dialect.render(SummaryTable.csv(results)))
        try write("metrics.csv", dialect.render(MetricsTable.csv(results)))
        if results.scenario.finance != nil {
            try write("ingroeipad.csv", dialect.render(IngroeipadTable.csv(results)))
        }
        if monthly {
            try write("monthly.csv", dialect.render(SummaryTable.monthlyCSV(results)))
        }
        if keepReplications {
            try write("replications.csv", dialect.render(ReplicationTable.csv(results, firstReplication: results.firstReplication)))
        }
        if results.uncertainty != nil {
            try write("parameters.csv", dialect.render(ParametersTable.csv(results)))
            try write("sensitivity.csv", dialect.render(SensitivityTable.csv(results)))
        }
        try write("manifest.json", manifest.json())
    }

    /// The files of a partial run folder (`run --shard`): `replications.csv`,
    /// `parameters.csv` (with uncertain parameters) and `manifest.json`,
    /// written last; `merge` makes the rest from them.
    public func writePartial(using write: (_ name: String, _ data: Data) throws -> Void) throws {
        let replications = dialect.render(ReplicationTable.csv(results, firstReplication: results.firstReplication))
        try write("replications.csv", replications)
        if results.uncertainty != nil {
            try write("parameters.csv", dialect.render(ParametersTable.csv(results)))
        }
        // The checksum lets `merge` refuse a part whose values were changed after the shard wrote them.
        var manifest = manifest
        manifest.shard?.replicationsSha256 = SHA256.hash(data: replications).map { String(format: "%02x", $0) }.joined()
        try write("manifest.json", manifest.json())
    }
}
