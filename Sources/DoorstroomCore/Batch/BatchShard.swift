import Crypto
import Foundation

/// A partial batch folder (`batch --shard I/N`, issue 14):
///
///     <batch-id>/
///       manifest.json     the batch's manifest with a `shard` object (``BatchManifest/ShardInfo``)
///       <scenario>/       a partial run folder of every scenario, as `run --shard I/N` writes it:
///                         replications.csv, parameters.csv (uncertain parameters) and
///                         manifest.json with its own `shard` object
///
/// `merge` joins the N parts into the batch folder one `batch` writes.
extension BatchManifest {
    /// `manifest.json`'s `shard` in a partial batch folder: its block, and
    /// what `merge` checks the parts against and reads the batch again from.
    public struct ShardInfo: Codable, Sendable, Equatable {
        /// 1-based.
        public var index: Int
        public var count: Int
        public var firstReplication: Int
        public var replications: Int
        /// The replications of the whole batch, of which this is a block.
        public var totalReplications: Int
        /// ``BatchPlan/sha256``: every scenario's name and SHA-256, in batch order, and the reference.
        public var batchSha256: String
        /// The inputs (scenario files, folders, sweep files) as given on the command line …
        public var inputs: [String]
        /// … in this working folder (an absolute path), so that `merge` reads the
        /// batch again as `batch` read it and writes the same `file` columns.
        public var directory: String
        /// Replications of the legacy-runoff pilot.
        public var pilotReplications: Int

        public init(shard: Shard, plan: BatchPlan, inputs: [String], directory: String, pilotReplications: Int) {
            index = shard.index
            count = shard.count
            let total = plan.replications.count
            let block = shard.block(of: total)
            firstReplication = block.lowerBound
            replications = block.count
            totalReplications = total
            batchSha256 = plan.sha256
            self.inputs = inputs
            self.directory = directory
            self.pilotReplications = pilotReplications
        }
    }

    /// One part of a merged batch, as `manifest.json`'s `merged_from` lists it.
    public struct MergedPart: Codable, Sendable {
        public var folder: String
        public var index: Int
        public var firstReplication: Int
        public var replications: Int

        public init(folder: String, index: Int, firstReplication: Int, replications: Int) {
            self.folder = folder
            self.index = index
            self.firstReplication = firstReplication
            self.replications = replications
        }
    }
}

extension BatchPlan {
    /// SHA-256 (hex) of the batch: each scenario's name and SHA-256 (its
    /// file, the files it includes and its settings), in batch order, and the
    /// reference's name. The seed and the replications are recorded apart.
    public var sha256: String {
        var text = ""
        for s in scenarios { text += s.scenario.name + "\t" + s.sha256 + "\n" }
        text += "reference\t" + (reference.map { names[$0] } ?? "") + "\n"
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The partial batch folders of one batch (`batch --shard I/N`), checked to
/// belong together — the same scenarios (names and SHA-256, ``BatchPlan/sha256``),
/// seed, replications, shard count and pilot, every shard 1…N exactly once.
/// Each scenario's folders are then partial run folders, merged by ``ShardMerge``.
public struct BatchShardMerge: Sendable {
    /// The fields of a partial batch folder's `manifest.json` the merge needs.
    public struct Header: Decodable, Sendable {
        public struct Entry: Decodable, Sendable {
            public var scenario: String
            public var sha256: String
        }
        public var batchId: String
        public var seed: UInt64
        public var firstReplication: Int
        public var replications: Int
        public var reference: String?
        public var scenarios: [Entry]
        public var shard: BatchManifest.ShardInfo?
        public var doorstroomCommit: String?

        public var replicationRange: Range<Int> { firstReplication..<(firstReplication + replications) }
    }

    /// One partial batch folder.
    public struct Part: Sendable {
        /// The folder, as named on the command line.
        public let folder: String
        public let header: Header
        let manifestText: String

        /// `folder/name`, as errors name it.
        public func path(_ name: String) -> String {
            (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/" + name
        }

        /// The line and column of a top-level key of `manifest.json`, or 1:1.
        public func location(of key: String) -> (line: Int, column: Int) {
            let snake = FinishedRun.snakeCase(key)
            for (i, line) in manifestText.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.hasPrefix("  \"\(snake)\"") {
                return (i + 1, 3)
            }
            return (1, 1)
        }
    }

    /// What a folder given to `merge` holds, by its manifest.
    public enum Kind: Sendable, Equatable {
        /// A run folder (`run`, `run --shard`): a manifest with `scenario`.
        case run
        /// A batch folder (`batch`, `batch --shard`): a manifest with `batch_id`.
        case batch
    }

    /// The kind of `folder`, or nil when it has no readable manifest (the merge then says why).
    public static func kind(of folder: String) -> Kind? {
        let path = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if object["batch_id"] != nil { return .batch }
        if object["scenario"] != nil { return .run }
        return nil
    }

    /// An error when `folders` mix partial run folders and partial batch folders; nil otherwise.
    public static func mixing(_ folders: [String]) -> InputError? {
        let kinds = folders.map { (folder: $0, kind: kind(of: $0)) }
        guard let batch = kinds.first(where: { $0.kind == .batch }), let run = kinds.first(where: { $0.kind == .run }) else {
            return nil
        }
        let first = kinds.first { $0.kind != nil }!
        let odd = first.kind == .batch ? run : batch
        let path = (odd.folder.hasSuffix("/") ? String(odd.folder.dropLast()) : odd.folder) + "/manifest.json"
        return InputError([Diagnostic(file: path, line: 1, column: 1, field: "shard",
                                      message: "mixing run and batch parts: this is a \(odd.kind == .batch ? "batch" : "run") folder, "
                                      + "but \(first.folder) is a \(first.kind == .batch ? "batch" : "run") folder; merge the parts "
                                      + "of one `run --shard` or of one `batch --shard` at a time")])
    }

    /// Why `folders`, none of which has a readable manifest, are not parts:
    /// each that does not exist, is not a folder, or has no manifest.json (a
    /// part that has not finished); nil when every one has a manifest.
    public static func unreadable(_ folders: [String]) -> InputError? {
        var problems: [Diagnostic] = []
        for folder in folders where kind(of: folder) == nil {
            let manifest = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/manifest.json"
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                problems.append(Diagnostic.folder(folder, field: "folder", message: "expected a partial run or batch folder "
                                                  + "(`run --shard` or `batch --shard`), found no such folder"))
            } else if !isFolder.boolValue {
                problems.append(Diagnostic.folder(folder, field: "folder", message: "expected a partial run or batch folder "
                                                  + "(`run --shard` or `batch --shard`), found a file"))
            } else if !FileManager.default.fileExists(atPath: manifest) {
                problems.append(Diagnostic.folder(folder, field: "folder", message: "expected a partial run or batch folder, "
                                                  + "found no manifest.json in it (a part that has not finished, or not a part); "
                                                  + "run that shard again"))
            } else {
                problems.append(Diagnostic(file: manifest, line: 1, column: 1, field: "manifest",
                                           message: "expected the manifest.json of a partial run or batch folder, found a file "
                                           + "that is not a JSON object with `scenario` or `batch_id`"))
            }
        }
        return problems.isEmpty ? nil : InputError(problems)
    }

    /// The parts, in shard order.
    public let parts: [Part]
    /// The shard object every part shares, but for its own block (that of the first part given).
    public let shard: BatchManifest.ShardInfo
    /// The first part's manifest: seed, reference, scenarios.
    public var header: Header { parts[0].header }

    /// Reads the manifests of `folders` and checks that they are the shards
    /// of one batch; throws every problem found, each naming its folder.
    public init(folders: [String]) throws(InputError) {
        var problems: [Diagnostic] = []
        var read: [Part] = []
        for folder in folders {
            let manifest = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/manifest.json"
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                problems.append(Diagnostic.folder(folder, field: "folder",
                                           message: "expected a partial batch folder written by `doorstroom batch --shard`, found no such folder"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: manifest) else {
                problems.append(Diagnostic.folder(folder, field: "folder",
                                           message: "expected a partial batch folder written by `doorstroom batch --shard`, found no "
                                           + "readable manifest.json in it (not a batch folder, or one that has not finished)"))
                continue
            }
            let header: Header
            do {
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                header = try decoder.decode(Header.self, from: data)
            } catch {
                problems.append(Diagnostic(file: manifest, line: 1, column: 1, field: "manifest",
                                           message: "expected the manifest.json of a partial batch folder, found "
                                           + FinishedRun.describe(decoding: error)))
                continue
            }
            let part = Part(folder: folder, header: header, manifestText: String(decoding: data, as: UTF8.self))
            guard header.shard != nil else {
                let (line, column) = part.location(of: "batchId")
                problems.append(Diagnostic(file: manifest, line: line, column: column, field: "shard",
                                           message: "not a partial batch folder: its manifest has no `shard` (write the parts "
                                           + "with `doorstroom batch --shard I/N`)"))
                continue
            }
            read.append(part)
        }
        guard let reference = read.first, let shard = reference.header.shard else { throw InputError(problems) }
        let ref = reference.header
        var blocks = ShardBlocks<Part>()
        for part in read {
            let h = part.header, s = h.shard!
            let manifest = part.path("manifest.json")
            func foreign(_ key: String, _ what: String, _ mine: String, _ theirs: String) {
                let (line, column) = part.location(of: key)
                problems.append(Diagnostic(file: manifest, line: line, column: column, field: FinishedRun.snakeCase(key),
                                           message: "a foreign part: \(what) \(mine), but \(reference.folder) has \(theirs)"))
            }
            if s.batchSha256 != shard.batchSha256 {
                let mine = h.scenarios.map(\.scenario), theirs = ref.scenarios.map(\.scenario)
                if mine != theirs {
                    foreign("scenarios", "its scenarios are", mine.joined(separator: ", "), theirs.joined(separator: ", "))
                } else if let k = h.scenarios.indices.first(where: { h.scenarios[$0].sha256 != ref.scenarios[$0].sha256 }) {
                    foreign("scenarios", "scenario `\(mine[k])` has SHA-256", h.scenarios[k].sha256,
                            ref.scenarios[k].sha256 + " (the scenario changed between the shards)")
                } else if h.reference != ref.reference {
                    foreign("reference", "the reference is", h.reference ?? "none", ref.reference ?? "none")
                } else {
                    foreign("shard", "the batch's SHA-256 is", s.batchSha256, shard.batchSha256)
                }
            }
            if h.seed != ref.seed { foreign("seed", "seed", "\(h.seed)", "\(ref.seed)") }
            if s.totalReplications != shard.totalReplications {
                foreign("shard", "a batch of", "\(s.totalReplications) replications", "\(shard.totalReplications)")
            }
            if s.count != shard.count { foreign("shard", "one of", "\(s.count) shards", "\(shard.count)") }
            if s.pilotReplications != shard.pilotReplications {
                foreign("shard", "--pilot-replications", "\(s.pilotReplications)", "\(shard.pilotReplications)")
            }
            blocks.add(part, folder: part.folder, index: s.index, of: s.count, total: s.totalReplications,
                       firstReplication: s.firstReplication, replications: s.replications, range: h.replicationRange,
                       count: shard.count, manifest: manifest, location: part.location(of: "shard"), problems: &problems)
        }
        if problems.isEmpty {
            problems += blocks.missing(count: shard.count, total: shard.totalReplications, folder: reference.folder, given: folders.count)
        }
        guard problems.isEmpty else { throw InputError(problems) }
        parts = (1...shard.count).map { blocks.byIndex[$0]! }
        self.shard = shard
    }

    /// The partial run folders of scenario `name`, one in each part, in shard order.
    public func scenarioFolders(_ name: String) -> [String] {
        parts.map { $0.path(name) }
    }

    /// Problems of `plan`, the batch read again from the recorded inputs:
    /// it must have the scenarios (names and SHA-256), seed and reference the parts recorded.
    public func check(_ plan: BatchPlan) -> [Diagnostic] {
        let inputs = shard.inputs.joined(separator: " ")
        let names = plan.names, recorded = header.scenarios.map(\.scenario)
        let at = "\(shard.directory)/\(shard.inputs.first ?? "")"
        if names != recorded {
            return [Diagnostic(file: at, line: 1, column: 1, field: "scenario",
                               message: "the batch's inputs (\(inputs)) now hold the scenarios \(names.joined(separator: ", ")), "
                               + "but the parts were run with \(recorded.joined(separator: ", ")) (the inputs changed since)")]
        }
        var problems: [Diagnostic] = []
        for (loaded, entry) in zip(plan.scenarios, header.scenarios) where loaded.sha256 != entry.sha256 {
            problems.append(Diagnostic(file: loaded.file, line: 1, column: 1, field: "scenario",
                                       message: "the parts ran `\(entry.scenario)` with SHA-256 \(entry.sha256), but it now has "
                                       + "SHA-256 \(loaded.sha256) (the scenario or a file it includes changed since)"))
        }
        if problems.isEmpty && plan.sha256 != shard.batchSha256 {
            problems.append(Diagnostic(file: at, line: 1, column: 1, field: "reference",
                                       message: "the batch read again has SHA-256 \(plan.sha256), the parts recorded \(shard.batchSha256)"))
        }
        return problems
    }
}
