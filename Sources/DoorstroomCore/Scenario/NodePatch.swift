import Yams

/// Replaces numbers in a scenario document by field path (as in diagnostics
/// and the manifest, e.g. `regions[0].capacity.intramural.2022`), for
/// calibration. A `{value: x, source: …}` number keeps its source.
enum NodePatch {
    /// The document with `value` at `path`, or nil if the path does not lead to a number.
    static func setting(_ node: Node, path: String, to value: Double) -> Node? {
        var segments: [(key: String, index: Int?)] = []
        for part in path.split(separator: ".") {
            if let open = part.firstIndex(of: "["), part.hasSuffix("]"),
               let i = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]) {
                segments.append((String(part[..<open]), i))
            } else {
                segments.append((String(part), nil))
            }
        }
        return set(node, segments[...], value)
    }

    private static func set(_ node: Node, _ path: ArraySlice<(key: String, index: Int?)>, _ value: Double) -> Node? {
        guard let (key, index) = path.first else {
            switch node {
            case let .scalar(s) where Double(s.string) != nil:
                return .scalar(Node.Scalar("\(value)", s.tag, .plain, s.mark))
            case let .mapping(m) where m["value"] != nil:
                return set(node, [("value", nil)], value)
            default:
                return nil
            }
        }
        guard case var .mapping(m) = node, var child = m[key] else { return nil }
        if let index {
            guard case var .sequence(seq) = child, seq.indices.contains(index),
                  let replaced = set(seq[index], path.dropFirst(), value) else { return nil }
            seq[index] = replaced
            child = .sequence(seq)
        } else {
            guard let replaced = set(child, path.dropFirst(), value) else { return nil }
            child = replaced
        }
        m[key] = child
        return .mapping(m)
    }
}
