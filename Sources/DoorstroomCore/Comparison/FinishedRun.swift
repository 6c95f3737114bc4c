import Crypto
import Foundation

/// A run folder written by `doorstroom run --keep-replications`, read back
/// for a comparison: what its `manifest.json` says about the run, and, once
/// ``readReplications()`` is called, its `replications.csv`.
public struct FinishedRun: Sendable {
    /// The fields of `manifest.json` a comparison needs.
    public struct Header: Decodable, Sendable {
        public var scenario: String
        public var scenarioFile: String
        public var scenarioSha256: String
        public var seed: UInt64
        public var replications: Int
        /// Absent in manifests written before shards existed: those runs started at 0.
        public var firstReplication: Int?
        /// In a partial run folder (`run --shard`): its block; absent otherwise.
        public var shard: Manifest.ShardInfo?
        /// Absent in manifests written before the pilot's size was an option: 100.
        public var pilotReplications: Int?
        /// The commit of the source the run's binary was built from.
        public var doorstroomCommit: String?

        public var replicationRange: Range<Int> { (firstReplication ?? 0)..<((firstReplication ?? 0) + replications) }
    }

    /// The folder, as named on the command line.
    public let folder: String
    public let header: Header
    /// The text of `manifest.json`, to point errors at its lines.
    let manifestText: String
    /// Problems that do not stop a comparison from checking the rest (a
    /// scenario name unfit for a folder, no `replications.csv`), to be
    /// reported with the others.
    public private(set) var problems: [Diagnostic] = []
    /// The replications, after ``readReplications()``.
    public private(set) var table: ReplicationTableReader.Table?
    /// SHA-256 of `replications.csv`, after ``readReplications()``.
    public private(set) var replicationsSHA256 = ""

    /// `folder/name`, as errors name it.
    public func path(_ name: String) -> String {
        (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/" + name
    }

    /// Reads `manifest.json` and checks that `replications.csv` exists;
    /// throws when the manifest cannot be read, and keeps the other problems
    /// in ``problems``.
    public init(folder: String) throws(InputError) {
        self.folder = folder
        let manifestPath = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/manifest.json"
        let csvPath = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/replications.csv"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError([Diagnostic.folder(folder, field: "folder",
                                         message: "expected a run folder written by `doorstroom run`, found no such folder")])
        }
        // A folder without manifest.json is not a finished run (or a run not yet
        // moved into place): said of the folder, not at a line of a file that does not exist.
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            throw InputError([Diagnostic.folder(folder, field: "folder",
                                         message: "expected a finished run folder written by `doorstroom run`, found no "
                                         + "manifest.json in it (not a run folder, or a run that has not finished)")])
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: manifestPath)) } catch {
            throw InputError([Diagnostic(file: manifestPath, line: 1, column: 1, field: "manifest",
                                         message: "cannot read it (\(Self.describe(error))); is \(folder) a run folder written by `doorstroom run`?")])
        }
        manifestText = String(decoding: data, as: UTF8.self)
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw InputError([Diagnostic(file: manifestPath, line: 1, column: 1, field: "manifest",
                                         message: "expected the manifest.json of a run, found \(Self.describe(decoding: error))")])
        }
        if !ScenarioLimits.isValidName(header.scenario) {
            let (line, column) = location(of: "scenario")
            problems.append(Diagnostic(file: manifestPath, line: line, column: column, field: "scenario",
                                       message: "expected a scenario name of at most \(ScenarioLimits.nameLength) lower-case letters, "
                                       + "digits, `-` and `_` (it names the output folder), found `\(header.scenario)`"))
        }
        let first = header.firstReplication ?? 0
        // As `run` allows them; anything else would also make the range overflow.
        guard (1...ScenarioLimits.replications).contains(header.replications),
              (0..<ScenarioLimits.replicationIndex).contains(first),
              first + header.replications <= ScenarioLimits.replicationIndex else {
            let (line, column) = location(of: "replications")
            throw InputError([Diagnostic(file: manifestPath, line: line, column: column, field: "replications",
                                         message: "expected 1…\(ScenarioLimits.replications) replications from a first replication "
                                         + "in 0…2⁴⁰ − 1, found \(header.replications) from \(first)")])
        }
        if !FileManager.default.fileExists(atPath: csvPath) {
            // A part always writes replications.csv: without it, the part is incomplete (not a run without --keep-replications).
            let advice = header.shard.map { "the part is incomplete (every shard writes replications.csv; no such file); "
                + "run shard \($0.index)/\($0.count) again" }
                ?? "the run kept no replications (no such file); run it again with --keep-replications"
            problems.append(Diagnostic(file: csvPath, line: 1, column: 1, field: "replications", message: advice))
        }
    }

    /// Reads and parses `replications.csv` and checks that it holds the
    /// replications the manifest names.
    public mutating func readReplications() throws(InputError) {
        let csvPath = path("replications.csv")
        let bytes: [UInt8]
        do { bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: csvPath))) } catch {
            throw InputError([Diagnostic(file: csvPath, line: 1, column: 1, field: "replications",
                                         message: "cannot read it (\(Self.describe(error)))")])
        }
        // A run written with --csv-dialect excel-nl is read as the RFC 4180 text it was made from.
        let rfc = bytes.starts(with: CSVDialect.byteOrderMark)
            ? Array((CSVDialect.rfc4180Text(of: Data(bytes)) ?? "").utf8) : bytes
        let table = try ReplicationTableReader.read(rfc, file: csvPath)
        let held = table.samples.replications
        if held != header.replicationRange {
            let (line, column) = location(of: "replications")
            throw InputError([Diagnostic(file: path("manifest.json"), line: line, column: column, field: "replications",
                                         message: "the manifest names replications \(PairedDifferences.describe(header.replicationRange)), "
                                         + "but replications.csv holds \(PairedDifferences.describe(held))")])
        }
        self.table = table
        replicationsSHA256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Frees the replications once they have been compared.
    mutating func dropTable() { table = nil }

    /// The line and column of a top-level key in `manifest.json` (written
    /// pretty-printed, two spaces deep), or 1:1 if it is not found.
    public func location(of key: String) -> (line: Int, column: Int) {
        let snake = Self.snakeCase(key)
        for (i, line) in manifestText.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("  \"\(snake)\"") {
            return (i + 1, 3)
        }
        return (1, 1)
    }

    /// `scenarioSha256` as the manifest writes it: `scenario_sha256`.
    public static func snakeCase(_ key: String) -> String {
        key.replacing(/[A-Z]/) { "_" + $0.output.lowercased() }
    }

    static func describe(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }

    /// A decoding error in words: the missing or mistyped key.
    static func describe(decoding error: Error) -> String {
        switch error as? DecodingError {
        case let .keyNotFound(key, _)?: return "no `\(snakeCase(key.stringValue))`"
        case let .typeMismatch(_, context)?, let .valueNotFound(_, context)?:
            return "a wrong value at `\(context.codingPath.map { snakeCase($0.stringValue) }.joined(separator: "."))`"
        case .dataCorrupted?: return "text that is not valid JSON"
        default: return describe(error)
        }
    }
}
