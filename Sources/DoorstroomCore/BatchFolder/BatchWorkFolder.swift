import Crypto
import Foundation

/// `<output>/.<batch-id>.work/`, a batch's durable work folder (mode 0700):
/// one folder per finished scenario, kept until the batch folder is
/// committed, so that a batch interrupted in any way resumes where it stopped.
///
/// Each scenario folder is a ``RunDirectory`` of its own: staged privately
/// (`.<scenario>.<pid>.<random>.partial`) and moved into place with a
/// no-replace rename, so it is complete or absent. It holds the files `run`
/// writes, `differences-vs-reference.csv` (against the batch's reference,
/// if any) and, written last, ``BatchMarker/fileName``. Staging folders of
/// killed batches are removed by the next one (``RunDirectory/begin()``).
/// The caller holds the batch's claim, so one process at a time works here.
public struct BatchWorkFolder: Sendable {
    /// The differences of a scenario against the batch's reference.
    public static let differencesName = "differences-vs-reference.csv"
    /// A scenario's rows of the batch's `stress.csv` (with finance).
    public static let stressName = "stress-rows.csv"

    /// The folder: `<output>/.<batch-id>.work/`.
    public let url: URL

    /// The work folder of batch `batchID` in `output`. Touches no file.
    public init(output: URL, batchID: String) {
        url = output.appendingPathComponent(".\(batchID).work", isDirectory: true).standardizedFileURL
    }

    /// Creates the folder, private to its owner, unless it exists.
    public func create() throws {
        if mkdir(url.path, 0o700) != 0 && errno != EEXIST {
            throw RunDirectoryError.system(operation: "create", path: url.path, errno: errno)
        }
    }

    /// The folder of the finished scenario `name`.
    public func folder(of name: String) -> URL {
        url.appendingPathComponent(name, isDirectory: true)
    }

    /// A new staged folder for scenario `name`, to be begun, filled with
    /// ``fill(_:run:differences:key:wallTimeSeconds:warnings:)`` and committed by the caller.
    public func stage(_ name: String) throws -> RunDirectory {
        try RunDirectory(parent: url, name: name)
    }

    /// The marker of scenario `name` if its folder is finished, was computed
    /// from `key`, holds exactly the files its marker lists, and each still
    /// has its recorded SHA-256; nil otherwise.
    public func finished(_ key: BatchMarker.Key) -> BatchMarker? {
        let folder = folder(of: key.scenario)
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(BatchMarker.fileName).path),
              let marker = BatchMarker(json: data), marker.key == key,
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path),
              Set(names) == Set(marker.files.keys).union([BatchMarker.fileName]) else { return nil }
        for (name, hash) in marker.files {
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                  Self.sha256(bytes) == hash else { return nil }
        }
        return marker
    }

    /// Removes the folder of scenario `name`, if any (one that cannot be
    /// reused). It is first renamed to a staging name of this process, so it
    /// is never found half-removed under its own name; if this process dies
    /// meanwhile, the next batch removes it as a killed run's staging folder.
    public func discardFolder(of name: String) throws {
        let folder = folder(of: name)
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        let aside = url.appendingPathComponent(StagingName(runID: name, pid: getpid()).text)
        guard rename(folder.path, aside.path) == 0 else {
            throw RunDirectoryError.system(operation: "move aside", path: folder.path, errno: errno)
        }
        try FileManager.default.removeItem(at: aside)
    }

    /// Writes a scenario's run files and differences into its staged
    /// folder, then the marker with their hashes; returns the marker.
    public func fill(_ staged: RunDirectory, run: RunFiles, differences: Data?, stress: Data?, key: BatchMarker.Key,
                     wallTimeSeconds: Double, warnings: [Diagnostic]) throws -> BatchMarker {
        var hashes: [String: String] = [:]
        func write(_ name: String, _ data: Data) throws {
            try staged.write(name, data)
            hashes[name] = Self.sha256(data)
        }
        try run.write(using: write)
        if let differences { try write(Self.differencesName, differences) }
        if let stress { try write(Self.stressName, stress) }
        let marker = BatchMarker(key: key, files: hashes, wallTimeSeconds: wallTimeSeconds, warnings: warnings)
        try staged.write(BatchMarker.fileName, marker.json())
        return marker
    }

    /// Removes the whole work folder (once the batch folder is committed).
    public func remove() throws {
        try FileManager.default.removeItem(at: url)
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
