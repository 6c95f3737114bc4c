import CGSL

/// What a random stream is used for. Part of a ``StreamKey``, so that each
/// flow draws from its own stream and scenarios that share a seed share the
/// draws of every flow they have in common (common random numbers).
public enum StreamPurpose: Hashable, Sendable {
    /// Yearly arrival counts and times for one municipality of origin and one
    /// intake kind (0 = BW, 1 = MO).
    case arrivals(municipality: Int, kind: Int)
    /// Everything about one client: its attributes, stays and decisions.
    /// `serial` numbers the client within its origin and kind, so the k-th
    /// client of a municipality draws the same path in every scenario.
    case client(municipality: Int, kind: Int, serial: UInt64)
    /// The initial population at the start date.
    case initialPopulation
    /// Free use in tests and benchmarks.
    case custom(UInt64)
    /// The draw of one uncertain parameter, keyed by a stable hash of its
    /// field path (``StreamKey/pathHash(_:)``), so its value in a replication
    /// does not depend on which other parameters are uncertain.
    case parameter(pathHash: UInt64)

    var words: (UInt64, UInt64, UInt64, UInt64) {
        switch self {
        case let .arrivals(m, k): return (1, UInt64(bitPattern: Int64(m)), UInt64(k), 0)
        case let .client(m, k, s): return (2, UInt64(bitPattern: Int64(m)), UInt64(k), s)
        case .initialPopulation: return (3, 0, 0, 0)
        case let .custom(v): return (6, v, 0, 0)
        case let .parameter(h): return (7, h, 0, 0)
        }
    }
}

/// The identity of one random stream: master seed, replication, region and
/// purpose. ``seed`` hashes these into the 64-bit seed of the stream.
///
/// Each component passes through the SplitMix64 finaliser (a bijection) before
/// it is folded in, so keys that differ in any component give unrelated
/// seeds; with 64-bit seeds, the chance that any two of a million streams
/// share one is below 3 × 10⁻⁸.
public struct StreamKey: Hashable, Sendable {
    public var masterSeed: UInt64
    public var replication: Int
    public var region: Int
    public var purpose: StreamPurpose

    public init(masterSeed: UInt64, replication: Int, region: Int, purpose: StreamPurpose) {
        self.masterSeed = masterSeed
        self.replication = replication
        self.region = region
        self.purpose = purpose
    }

    /// The 64-bit seed of this stream.
    public var seed: UInt64 { Self.seed(partial: partialSeed, lastWord: purpose.words.3) }

    /// The seed folded over everything but the purpose's last word (a
    /// client's serial): ``seed(partial:lastWord:)`` finishes it, so the
    /// seeds of a municipality's clients cost two mixes each, not twelve.
    public var partialSeed: UInt64 {
        let p = purpose.words
        var h = cgsl_mix64(masterSeed ^ 0x446f_6f72_7374_726f)  // "Doorstro"
        h = Self.fold(h, UInt64(bitPattern: Int64(replication)), 0x9e37_79b9_7f4a_7c15)
        h = Self.fold(h, UInt64(bitPattern: Int64(region)), 0xc2b2_ae3d_27d4_eb4f)
        h = Self.fold(h, p.0, 0x1656_67b1_9e37_79f9)
        h = Self.fold(h, p.1, 0x27d4_eb2f_1656_67c5)
        return Self.fold(h, p.2, 0x85eb_ca77_c2b2_ae63)
    }

    /// The seed of the key whose ``partialSeed`` is `partial` and whose
    /// purpose ends in `lastWord`.
    @inline(__always)
    public static func seed(partial: UInt64, lastWord: UInt64) -> UInt64 {
        fold(partial, lastWord, 0xff51_afd7_ed55_8ccd)
    }

    /// A stable 64-bit hash of a field path (FNV-1a over its UTF-8 bytes),
    /// the same on every machine and in every version of Swift.
    public static func pathHash(_ path: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// Folds `word` into the hash `h`; `salt` keeps positions apart.
    @inline(__always)
    static func fold(_ h: UInt64, _ word: UInt64, _ salt: UInt64) -> UInt64 {
        cgsl_mix64(h &+ cgsl_mix64(word &+ salt))
    }

    /// The seed of substream `index` of a stream with seed `seed` (e.g. a
    /// client's n-th decision, or an arrival stream's n-th year).
    @inline(__always)
    public static func substream(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        fold(seed, index, 0xd6e8_feb8_6659_fd93)
    }
}
