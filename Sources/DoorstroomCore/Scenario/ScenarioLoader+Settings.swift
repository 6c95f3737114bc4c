import Foundation
import Yams

extension ScenarioLoader {
    /// The document with `setting` laid over it, as a one-line variant would
    /// be; nil, with a diagnostic, if the setting cannot apply. Its text joins
    /// the scenario hash, so runs with different settings never share one.
    static func apply(_ setting: Setting, to document: Node, context: ReadContext) -> Node? {
        let file = setting.fileName
        context.addFile(file, Data(setting.description.utf8))
        func fail(_ message: String) -> Node? {
            context.log.add(Diagnostic(file: file, line: 1, column: 1, field: setting.path, message: message))
            return nil
        }
        guard let segments = NodePatch.segments(setting.path) else {
            return fail("expected a field path such as `finance.ingroeipad.years` or `regions[0].dwellings_per_year` "
                        + "(at most \(NodePatch.maximumSegments) parts)")
        }
        guard segments[0].key != "base" else { return fail("`base` cannot be set; name the base in a variant file") }
        guard !setting.value.trimmingCharacters(in: .whitespaces).isEmpty else {
            return fail("expected a value after `=` (use `~` to remove the field)")
        }
        guard let value = composeYAML(setting.value, file: file, log: context.log) else { return nil }
        let remove = ScenarioOverlay.isNull(value)
        var origins = context.overlayFiles
        var unmatched: [ScenarioOverlay.UnmatchedRemoval] = []
        var missing = false
        let last = segments[segments.count - 1]
        // The first level the scenario lacks comes from the setting, and so does everything under it.
        var node: Node? = document
        for (i, segment) in segments.enumerated() {
            guard case let .mapping(m)? = node, let child = m[segment.key] else {
                if case .mapping? = node { origins[path(segments.prefix(i + 1))] = file }
                break
            }
            node = segment.index.flatMap { index in
                if case let .sequence(list) = child, list.indices.contains(index) { return list[index] } else { return nil }
            } ?? (segment.index == nil ? child : nil)
        }
        // Reach the parent mapping (creating missing levels), then set, merge
        // into or remove its entry, as a variant would at that place.
        let patched = NodePatch.replacing(document, segments.dropLast()) { parent in
            guard case var .mapping(m) = parent ?? .mapping(Node.Mapping([])) else { return nil }
            let old = m[last.key]
            if let index = last.index {
                guard !remove, case var .sequence(list)? = old, list.indices.contains(index) else { return nil }
                list[index] = ScenarioOverlay.merge(base: list[index], over: value, path: setting.path, topFile: file,
                                                    origins: &origins, unmatched: &unmatched)
                m[last.key] = .sequence(list)
            } else if remove {
                if old == nil { missing = true }
                m[last.key] = nil
            } else if let old {
                m[last.key] = ScenarioOverlay.merge(base: old, over: value, path: setting.path, topFile: file,
                                                    origins: &origins, unmatched: &unmatched)
            } else {
                origins[setting.path] = file
                m = NodePatch.adding(last.key, value, to: m)
            }
            return .mapping(m)
        }
        context.overlayFiles = origins
        for u in unmatched {
            context.log.add(Diagnostic(file: file, line: 1, column: 1, field: u.path,
                                       message: "`~` removes a field, but the scenario has no `\(u.key.scalar?.string ?? "")` here"))
        }
        if missing { return fail("`~` removes a field, but the scenario has no such field") }
        return patched ?? fail("no field at this path to set: a list index past its end, a `~` on a list element, "
                               + "or a path through a value or an included file (set the whole section instead)")
    }

    /// The field path of `segments`, as in diagnostics.
    private static func path(_ segments: ArraySlice<NodePatch.Segment>) -> String {
        segments.map { s in s.index.map { "\(s.key)[\($0)]" } ?? s.key }.joined(separator: ".")
    }
}
