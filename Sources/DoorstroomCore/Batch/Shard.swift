/// One of `count` contiguous blocks of a run's replications (`run --shard
/// index/count`): block sizes differ by at most one, the first
/// `total mod count` blocks having one more.
public struct Shard: Hashable, Sendable {
    /// 1-based.
    public var index: Int
    public var count: Int

    /// At most this many shards.
    public static let maxCount = 10_000

    public init?(index: Int, count: Int) {
        guard (1...Self.maxCount).contains(count), (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `I/N`: nil unless 1 ≤ I ≤ N ≤ 10,000.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Self.number(parts[0]), let n = Self.number(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// The replications of this block, of `total` replications numbered from 0.
    public func block(of total: Int) -> Range<Int> {
        let base = total / count, extra = total % count
        let k = index - 1
        let start = k * base + min(k, extra)
        return start..<(start + base + (k < extra ? 1 : 0))
    }

    /// Plain decimal digits (no sign, at most 9), as environment variables and `--shard` write them.
    static func number<S: StringProtocol>(_ s: S) -> Int? {
        guard (1...9).contains(s.count), s.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return Int(s)
    }

    /// The shard an array job's environment names: Slurm's
    /// (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN`) / `SLURM_ARRAY_TASK_STEP`
    /// (1 if unset) + 1 of `SLURM_ARRAY_TASK_COUNT`, or Kubernetes' `JOB_COMPLETION_INDEX` (0-based)
    /// + 1 of `DOORSTROOM_SHARD_COUNT`. Fails with a message naming the
    /// variable that is missing or invalid.
    public static func fromEnvironment(_ environment: [String: String]) -> Result<Shard, ShardEnvironmentError> {
        func read(_ name: String) -> Result<Int, ShardEnvironmentError> {
            guard let text = environment[name] else { return .failure(ShardEnvironmentError("\(name) is not set")) }
            guard let n = number(text) else {
                return .failure(ShardEnvironmentError("\(name): expected a whole number, found `\(text)`"))
            }
            return .success(n)
        }
        let index: Int, count: Int, named: String
        do {
            if environment["SLURM_ARRAY_TASK_ID"] != nil || environment["JOB_COMPLETION_INDEX"] == nil {
                guard environment["SLURM_ARRAY_TASK_ID"] != nil else {
                    return .failure(ShardEnvironmentError("neither SLURM_ARRAY_TASK_ID (a Slurm array job) nor "
                                                          + "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set"))
                }
                let id = try read("SLURM_ARRAY_TASK_ID").get()
                let min = try read("SLURM_ARRAY_TASK_MIN").get()
                count = try read("SLURM_ARRAY_TASK_COUNT").get()
                // An array with a step (--array=0-20:5) numbers its tasks min, min + step, …
                let step = environment["SLURM_ARRAY_TASK_STEP"] == nil ? 1 : try read("SLURM_ARRAY_TASK_STEP").get()
                guard step >= 1, id >= min, (id - min) % step == 0 else {
                    return .failure(ShardEnvironmentError("SLURM_ARRAY_TASK_ID (\(id)) is not SLURM_ARRAY_TASK_MIN (\(min)) plus "
                                                          + "a multiple of SLURM_ARRAY_TASK_STEP (\(step)); use an array of "
                                                          + "consecutive task ids (--array=1-N)"))
                }
                index = (id - min) / step + 1
                named = "(SLURM_ARRAY_TASK_ID (\(id)) − SLURM_ARRAY_TASK_MIN (\(min))) / SLURM_ARRAY_TASK_STEP (\(step)) + 1 = \(index) "
                    + "of SLURM_ARRAY_TASK_COUNT (\(count))"
            } else {
                index = try read("JOB_COMPLETION_INDEX").get() + 1
                count = try read("DOORSTROOM_SHARD_COUNT").get()
                named = "JOB_COMPLETION_INDEX + 1 = \(index) of DOORSTROOM_SHARD_COUNT (\(count))"
            }
        } catch {
            return .failure(error)
        }
        guard let shard = Shard(index: index, count: count) else {
            return .failure(ShardEnvironmentError("\(named): expected 1 ≤ shard ≤ count ≤ \(maxCount)"))
        }
        return .success(shard)
    }
}

/// Why `--shard-from-env` found no shard.
public struct ShardEnvironmentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Manifest {
    /// `manifest.json`'s `shard`: which block of which run a partial run folder holds.
    public struct ShardInfo: Codable, Sendable, Equatable {
        /// 1-based.
        public var index: Int
        public var count: Int
        public var firstReplication: Int
        public var replications: Int
        /// The replications of the whole run, of which this is a block.
        public var totalReplications: Int
        /// The scenario file, as an absolute path, for `merge` to read the scenario again.
        public var scenarioPath: String
        /// The `--set` changes the run was made with, in order.
        public var settings: [String]
        /// SHA-256 of the part's `replications.csv` as written, checked by
        /// `merge` (absent in parts written before it was recorded).
        public var replicationsSha256: String?

        public init(shard: Shard, totalReplications: Int, scenarioPath: String, settings: [String]) {
            index = shard.index
            count = shard.count
            let block = shard.block(of: totalReplications)
            firstReplication = block.lowerBound
            replications = block.count
            self.totalReplications = totalReplications
            self.scenarioPath = scenarioPath
            self.settings = settings
        }
    }

    /// One part of a merged run, as `manifest.json`'s `merged_from` lists it.
    public struct MergedPart: Codable, Sendable {
        public var folder: String
        public var index: Int
        public var firstReplication: Int
        public var replications: Int
        public var replicationsSha256: String

        public init(folder: String, index: Int, firstReplication: Int, replications: Int, replicationsSha256: String) {
            self.folder = folder
            self.index = index
            self.firstReplication = firstReplication
            self.replications = replications
            self.replicationsSha256 = replicationsSha256
        }
    }
}

/// The blocks of the parts given to `merge`, run or batch alike: each part
/// must hold exactly its shard's block, no shard may come twice, and none of
/// the N may be missing.
struct ShardBlocks<Part> {
    /// The parts accepted so far, by shard index.
    private(set) var byIndex: [Int: Part] = [:]
    private var folders: [Int: String] = [:]

    /// Accepts `part` (shard `info`, whose header names `range`, starting at
    /// `firstReplication`) unless it holds another block than its shard's, or
    /// its shard of `count` came already; otherwise adds why to `problems`.
    mutating func add(_ part: Part, folder: String, index: Int, of shards: Int, total: Int, firstReplication: Int,
                      replications: Int, range: Range<Int>, count: Int, manifest: String, location: (line: Int, column: Int),
                      problems: inout [Diagnostic]) {
        // A block exists only of at least as many replications as shards (a hand-edited manifest may say otherwise).
        let expected = total >= shards ? Shard(index: index, count: shards).map { $0.block(of: total) } : nil
        if expected == nil || expected != range || firstReplication != range.lowerBound || replications != range.count {
            problems.append(Diagnostic(file: manifest, line: location.line, column: location.column, field: "shard",
                                       message: "shard \(index)/\(shards) of \(total) replications should hold "
                                       + (expected.map { PairedDifferences.describe($0) } ?? "nothing (no such shard)")
                                       + ", but the manifest names \(PairedDifferences.describe(range))"))
            return
        }
        if shards == count, let other = folders[index] {
            problems.append(Diagnostic(file: manifest, line: location.line, column: location.column, field: "shard",
                                       message: "shard \(index)/\(shards) appears twice: here and in \(other)"))
            return
        }
        byIndex[index] = part
        folders[index] = folder
    }

    /// Why each of the `count` shards of `total` replications no part holds is missing, named on `folder`.
    func missing(count: Int, total: Int, folder: String, given: Int) -> [Diagnostic] {
        (1...count).filter { byIndex[$0] == nil }.map { i in
            let block = Shard(index: i, count: count)!.block(of: total)
            return Diagnostic.folder(folder, field: "shard",
                                     message: "shard \(i)/\(count) (replications \(block.lowerBound)…\(block.upperBound - 1)) "
                                     + "is missing: none of the \(given) part(s) given holds it")
        }
    }
}
