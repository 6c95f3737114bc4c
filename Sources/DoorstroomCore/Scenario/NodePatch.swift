import Yams

/// Replaces values in a scenario document by field path (as in diagnostics
/// and the manifest, e.g. `regions[0].capacity.intramural.2022`): numbers
/// for calibration, any value for `--set`.
enum NodePatch {
    /// One step of a field path: a key, and an index into a list under it.
    typealias Segment = (key: String, index: Int?)

    /// The most segments a path may have: far deeper than any scenario
    /// (about 6), and shallow enough that the nested document a setting
    /// builds never exhausts the stack.
    static let maximumSegments = 64

    /// The segments of `path`, or nil if one is malformed (`a..b`, `a[x]`)
    /// or there are more than ``maximumSegments``.
    static func segments(_ path: String) -> [Segment]? {
        guard path.utf8.count <= 4_096,
              path.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count < maximumSegments else { return nil }
        var result: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            if let open = part.firstIndex(of: "[") {
                guard part.hasSuffix("]"), open != part.startIndex,
                      let i = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]), i >= 0 else { return nil }
                result.append((String(part[..<open]), i))
            } else {
                guard !part.isEmpty else { return nil }
                result.append((String(part), nil))
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The document with `value` at `path`, or nil if the path does not lead to a number.
    /// A `{value: x, source: …}` number keeps its source.
    static func setting(_ node: Node, path: String, to value: Double) -> Node? {
        guard let segments = segments(path) else { return nil }
        return replacing(node, segments[...]) { old in
            switch old {
            case let .scalar(s)? where Double(s.string) != nil:
                return .scalar(Node.Scalar("\(value)", s.tag, .plain, s.mark))
            case let .mapping(m)? where m["value"] != nil:
                var m = m
                guard case let .scalar(s)? = m["value"], Double(s.string) != nil else { return nil }
                m["value"] = .scalar(Node.Scalar("\(value)", s.tag, .plain, s.mark))
                return .mapping(m)
            default:
                return nil
            }
        }
    }

    /// The document with the value at `path` replaced by `new(old)`; missing
    /// mapping keys are created when `new` accepts nil. Nil if the path runs
    /// through a value that is not a mapping (or a list, for an index), or
    /// `new` refuses.
    static func replacing(_ node: Node, _ path: ArraySlice<Segment>, _ new: (Node?) -> Node?) -> Node? {
        guard let (key, index) = path.first else { return new(node) }
        guard case var .mapping(m) = node else { return nil }
        var child: Node
        if let index {
            guard case var .sequence(seq)? = m[key], seq.indices.contains(index),
                  let replaced = replacing(seq[index], path.dropFirst(), new) else { return nil }
            seq[index] = replaced
            child = .sequence(seq)
        } else if let existing = m[key] {
            guard let replaced = replacing(existing, path.dropFirst(), new) else { return nil }
            child = replaced
        } else {
            // A new key: build the mappings down to the value.
            guard var built = new(nil) else { return nil }
            for (k, i) in path.dropFirst().reversed() {
                guard i == nil else { return nil }
                built = .mapping(Node.Mapping([(newKey(k), built)]))
            }
            return .mapping(adding(key, built, to: m))
        }
        m[key] = child
        return .mapping(m)
    }

    /// A key made by a patch, placed at 1:1 of the patch's text for diagnostics.
    static func newKey(_ key: String) -> Node {
        .scalar(Node.Scalar(key, Tag(.str), .plain, firstMark))
    }

    /// Line 1, column 1 (Yams makes marks only while parsing).
    private static let firstMark = (try? Yams.compose(yaml: "k"))??.mark

    /// `mapping` with a new entry: a year among years in its place (year
    /// paths must increase), anything else at the end.
    static func adding(_ key: String, _ value: Node, to mapping: Node.Mapping) -> Node.Mapping {
        var pairs = Array(mapping)
        var at = pairs.endIndex
        if let year = Int(key) {
            at = pairs.firstIndex { k, _ in (k.scalar?.string).flatMap { Int($0) }.map { $0 > year } ?? false } ?? at
        }
        pairs.insert((newKey(key), value), at: at)
        return Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)
    }
}
