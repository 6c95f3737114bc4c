import Yams

/// Variant files: a scenario that names a `base:` file and gives only what
/// differs. The variant's fields are laid over the base's:
///
/// - mappings merge key by key (`stay`, `capacity`, `finance`, …);
/// - a value replaces the base's whole: a distribution (`{gamma: …}`), a
///   number with its source (`{value: …}`), a year path (`{2022: …, 2031: …}`)
///   and a set of access shares — so a variant never mixes two paths, two
///   distributions or two sets of shares;
/// - lists replace the base's list;
/// - `~` (null) removes the field from the base.
///
/// Every path taken from the variant is remembered with its file, so errors
/// point into the file the value came from. A `~` for a field the base does
/// not have removes nothing and is returned as an unmatched removal: it is a
/// misspelt key (`capacty: ~`) or a stray comma (`{years: 1,000}` reads as
/// `years: 1` and `000: ~`).
enum ScenarioOverlay {
    /// A `~` in a variant whose key is not in the base.
    struct UnmatchedRemoval {
        let key: Node
        let path: String
        /// The base's keys at that level, for a hint.
        let baseKeys: [String]
    }

    static let distributionKeys: Set<String> = ["exponential", "gamma", "weibull", "lognormal", "empirical", "fixed"]

    static func merge(base: Node, over top: Node, path: String, topFile: String, origins: inout [String: String],
                      unmatched: inout [UnmatchedRemoval]) -> Node {
        guard case let .mapping(b) = base, case let .mapping(t) = top, !replacesWhole(t, path: path) else {
            origins[path] = topFile
            return top
        }
        let baseKeys = Array(b.keys.map { $0.scalar?.string ?? "" })
        var pairs: [(Node, Node)] = []
        var used = Set<String>()
        for (k, v) in b {
            let key = k.scalar?.string ?? ""
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let replacement = t[key] {
                used.insert(key)
                if isNull(replacement) { continue }
                pairs.append((k, merge(base: v, over: replacement, path: childPath, topFile: topFile, origins: &origins,
                                       unmatched: &unmatched)))
            } else {
                pairs.append((k, v))
            }
        }
        for (k, v) in t {
            let key = k.scalar?.string ?? ""
            guard !used.contains(key) else { continue }
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if isNull(v) {
                unmatched.append(UnmatchedRemoval(key: k, path: childPath, baseKeys: baseKeys))
                continue
            }
            origins[childPath] = topFile
            pairs.append((k, v))
        }
        return .mapping(Node.Mapping(pairs, b.tag, b.style, b.mark))
    }

    /// A value, replaced rather than merged.
    static func replacesWhole(_ m: Node.Mapping, path: String) -> Bool {
        let keys = m.keys.map { $0.scalar?.string ?? "" }.filter { $0 != "source" }
        // An uncertain number (`{uncertain: …}`) replaces the base's number or year path.
        if keys.contains(where: { distributionKeys.contains($0) || $0 == "value" || $0 == "uncertain" }) { return true }
        let scalars = m.values.allSatisfy { if case .scalar = $0 { return true } else { return false } }
        // A year path, its numbers bare or as `{value: …, source: …}`.
        let numbers = m.values.allSatisfy { node in
            switch node {
            case .scalar: return true
            case let .mapping(v): return v["value"] != nil
            default: return false
            }
        }
        if numbers && !keys.isEmpty && keys.allSatisfy({ Int($0) != nil }) { return true }
        let parts = path.split(separator: ".")
        return parts.first == "access" && (parts.count == 1 || (parts.count == 2 && Int(parts[1]) != nil)) && scalars
    }

    static func isNull(_ n: Node) -> Bool {
        guard case let .scalar(s) = n else { return false }
        return s.style == .plain && ["~", "null", "Null", "NULL", ""].contains(s.string)
    }
}
