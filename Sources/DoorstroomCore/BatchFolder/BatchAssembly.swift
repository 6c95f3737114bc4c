import Foundation

/// Assembles a batch folder from the finished scenarios of its work folder:
///
///     <batch-id>/
///       summary.csv        every scenario's summary.csv, in batch order, under one header
///       index.csv          scenario, file, sha256, seed, first_replication, replications, wall_seconds
///       differences.csv    with a reference: every other scenario against it, under one header
///       stress.csv         with finance: P(deficit) per scenario, municipality and year (``StressTable``)
///       manifest.json      the batch's manifest
///       <scenario>/        the files `run` writes (summary.csv, metrics.csv, manifest.json,
///                          replications.csv with --keep-replications)
///
/// Every file is made from the work folder's files alone, never from what is
/// in memory, so a batch assembled after a resumed run is byte for byte the
/// batch of an uninterrupted run (except the timings and clock times of
/// `index.csv`'s `wall_seconds` and the manifests).
public enum BatchAssembly {
    /// Fills `folder` (the batch's private staging folder). `markers` are
    /// the finished scenarios' markers, in the order of `plan.scenarios`.
    public static func write(into folder: URL, plan: BatchPlan, work: BatchWorkFolder, markers: [BatchMarker],
                             manifest: BatchManifest) throws {
        var summary = Data(), differences = Data(), stress = Data()
        var index: [BatchIndexTable.Row] = []
        let simulations = plan.clientSimulationNames
        for (n, (scenario, marker)) in zip(plan.scenarios, markers).enumerated() {
            let name = scenario.scenario.name
            let source = work.folder(of: name)
            let target = folder.appendingPathComponent(name, isDirectory: true)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            for file in RunFiles.names where marker.files[file] != nil {
                try place(source.appendingPathComponent(file), at: target.appendingPathComponent(file))
            }
            try append(source.appendingPathComponent("summary.csv"), to: &summary)
            if marker.files[BatchWorkFolder.differencesName] != nil {
                try append(source.appendingPathComponent(BatchWorkFolder.differencesName), to: &differences)
            }
            if marker.files[BatchWorkFolder.stressName] != nil {
                try append(source.appendingPathComponent(BatchWorkFolder.stressName), to: &stress)
            }
            index.append(BatchIndexTable.Row(scenario: name, file: scenario.file, sha256: scenario.sha256, seed: plan.seed,
                                             replications: plan.replications, clientSimulation: simulations[n],
                                             wallSeconds: marker.wallTimeSeconds))
        }
        try summary.write(to: folder.appendingPathComponent("summary.csv"))
        let dialect = manifest.csvDialect
        try dialect.render(BatchIndexTable.csv(index)).write(to: folder.appendingPathComponent("index.csv"))
        if plan.reference != nil {
            if differences.isEmpty { differences = dialect.render(DifferencesTable.header.joined(separator: ",") + "\n") }
            try differences.write(to: folder.appendingPathComponent("differences.csv"))
        }
        if !stress.isEmpty { try stress.write(to: folder.appendingPathComponent("stress.csv")) }
        try manifest.json().write(to: folder.appendingPathComponent("manifest.json"))
    }

    /// Hard-links `source` at `target` (the work folder is removed once the
    /// batch is committed), or copies it where links are not possible.
    static func place(_ source: URL, at target: URL) throws {
        if link(source.path, target.path) == 0 { return }
        try FileManager.default.copyItem(at: source, to: target)
    }

    /// Appends a CSV file to `table`: whole if `table` is empty, else without its header line.
    static func append(_ file: URL, to table: inout Data) throws {
        let data = try Data(contentsOf: file)
        guard !table.isEmpty else {
            table = data
            return
        }
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")) else { return }
        table.append(data[data.index(after: newline)...])
    }
}
