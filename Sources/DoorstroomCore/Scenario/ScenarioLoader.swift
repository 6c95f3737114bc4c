import Crypto
import Foundation
import Yams

/// A scenario as loaded from its files, with what the manifest needs.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// The scenario file as named to the loader.
    public var file: String
    /// SHA-256 of the scenario file and every file it includes, in reading order.
    public var sha256: String
    /// Where each field was written, by field path as in diagnostics
    /// (`region.budget.bw`, `regions[1].initial.shelter`).
    public var locations: [String: SourceLocation] = [:]
    /// The numbers given as distributions (`{uncertain: …}`), if any; the
    /// scenario holds their medians.
    public var uncertainty: UncertainParameters?

    /// Where the field at `path` was written: its file, line and column if
    /// known, else the scenario file itself.
    public func location(of path: String) -> SourceLocation {
        locations[path] ?? SourceLocation(file: file, line: nil, column: nil)
    }
}

/// Reads and validates scenario files (YAML, with CSV tables and YAML
/// sections included by relative path). Every problem is collected; an
/// invalid scenario throws one ``ScenarioError`` that lists them all.
public enum ScenarioLoader {
    /// Loads the scenario file at `path`, with `settings` (`--set`) laid over
    /// it; `overrides` replaces numbers by field path (for calibration).
    public static func load(path: String, settings: [Setting] = [],
                            overrides: [String: Double] = [:]) throws(ScenarioError) -> LoadedScenario {
        let url = URL(fileURLWithPath: path)
        // Nothing refers to the scenario file but the command line: its problems are at 1:1.
        let data: Data
        switch InputFile.read(path) {
        case let .success(d): data = d
        case let .failure(problem):
            throw ScenarioError([Diagnostic(file: path, line: 1, column: 1, field: "",
                                            message: "the scenario file \(problem.reason)")])
        }
        let text: String
        switch InputFile.decode(data) {
        case let .success(t): text = t
        case let .failure(position):
            throw ScenarioError([Diagnostic(file: path, line: position.line, column: position.column, field: "",
                                            message: "not UTF-8 text: the first byte that is not UTF-8 is here")])
        }
        return try load(text: text, file: path, baseDirectory: url.deletingLastPathComponent(), bytes: data,
                        settings: settings, overrides: overrides)
    }

    /// Loads a scenario from YAML text; relative paths resolve against `baseDirectory`.
    public static func load(text: String, file: String = "<scenario>", baseDirectory: URL,
                            bytes: Data? = nil, settings: [Setting] = [],
                            overrides: [String: Double] = [:]) throws(ScenarioError) -> LoadedScenario {
        let context = ReadContext(baseDirectory: baseDirectory)
        context.addFile(file, bytes ?? Data(text.utf8))
        context.register(file, directory: baseDirectory)
        // Problems in a setting written in a file (a sweep point) are reported where it was written.
        let origins = Dictionary(settings.compactMap { s in s.origin.map { (s.fileName, $0) } }, uniquingKeysWith: { a, _ in a })
        func failure() -> ScenarioError {
            ScenarioError(context.log.sorted.map { d in
                guard let o = origins[d.file] else { return d }
                var moved = d
                (moved.file, moved.line, moved.column) = (o.file, o.line, o.column)
                return moved
            })
        }
        guard let node = composeYAML(text, file: file, log: context.log),
              let (merged, rootFile) = resolveBase(node, file: file, context: context, depth: 0) else {
            throw failure()
        }
        var document = merged
        for setting in settings {
            guard let patched = apply(setting, to: document, context: context) else { continue }
            document = patched
        }
        for (path, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let patched = NodePatch.setting(document, path: path, to: value) else {
                throw ScenarioError([Diagnostic(file: file, line: nil, column: nil, field: path,
                                                message: "no number at this path to set (check the calibration parameter)")])
            }
            document = patched
        }
        // Numbers given as distributions are read at their medians here; each
        // replication reads the document again with its own draws.
        let problemsBefore = context.log.diagnostics.count
        let uncertain = collectUncertain(document, rootFile: rootFile, context: context)
        // A distribution that cannot be read is reported once, at its place, not again by the reader.
        context.uncertainReported = context.log.diagnostics.count > problemsBefore
        var uncertainty: UncertainParameters?
        if !uncertain.isEmpty && context.log.isEmpty {
            let u = UncertainParameters(parameters: uncertain, document: NodeBox(document), rootFile: rootFile,
                                        baseDirectory: baseDirectory, overlayFiles: context.overlayFiles,
                                        directories: context.directories, files: context.fileCache)
            document = UncertainParameters.substitute(u.centralValues, of: uncertain, in: document)
            uncertainty = u
        }
        guard var scenario = read(document, rootFile: rootFile, context: context), context.log.isEmpty else { throw failure() }
        if let uncertainty {
            // Reported as the reader's problems are (a sweep point's at its line in the sweep file).
            let ends = uncertainty.checkEnds()
            ends.forEach(context.log.add)
            guard ends.isEmpty else { throw failure() }
        }
        scenario.parameters = context.parameters
        var hasher = SHA256()
        for f in context.files { hasher.update(data: f.bytes) }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return LoadedScenario(scenario: scenario, file: file, sha256: hex, locations: context.locations,
                              uncertainty: uncertainty)
    }

    /// Reads a composed document (bases and settings applied) into a scenario;
    /// nil, with problems in the context's log, if it is invalid.
    static func read(_ document: Node, rootFile: String, context: ReadContext) -> Scenario? {
        let root = Field(node: document, path: "", file: rootFile, source: nil, context: context)
        guard var scenario = ScenarioReader(context: context).read(root), context.log.isEmpty else { return nil }
        scenario.parameters = context.parameters
        return scenario
    }
}

extension ScenarioLoader {
    /// Lays a variant over its `base:` file (recursively). Returns the merged
    /// document and the file of its root (the deepest base).
    static func resolveBase(_ node: Node, file: String, context: ReadContext, depth: Int) -> (Node, String)? {
        guard case let .mapping(m) = node, let baseNode = m["base"] else { return (node, file) }
        let field = Field(node: baseNode, path: "base", file: file, source: nil, context: context)
        guard depth < 8 else {
            field.error("too many nested `base:` files (more than 8); is there a cycle?")
            return nil
        }
        guard let path = field.string() else { return nil }
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            field.error("expected the path of the base scenario (a YAML file), found `\(path)`")
            return nil
        }
        guard let (name, text) = context.readText(path, from: field),
              let baseRoot = composeYAML(text, file: name, log: context.log),
              let (base, rootFile) = resolveBase(baseRoot, file: name, context: context, depth: depth + 1) else { return nil }
        var top = m
        top["base"] = nil
        // A variant never runs under its base's name (it would write into the
        // base's output folder): without its own `scenario:`, it is named
        // after its base and its file.
        if top["scenario"] == nil, case let .mapping(b) = base, let baseName = b["scenario"]?.scalar?.string {
            top["scenario"] = Node(derivedName(base: baseName, file: file), Tag(.str), .plain)
        }
        var origins = context.overlayFiles
        var unmatched: [ScenarioOverlay.UnmatchedRemoval] = []
        let merged = ScenarioOverlay.merge(base: base, over: .mapping(top), path: "", topFile: file, origins: &origins,
                                           unmatched: &unmatched)
        context.overlayFiles = origins
        for u in unmatched {
            let key = u.key.scalar?.string ?? ""
            var hint = closestKey(to: key, in: u.baseKeys).map { " (did you mean `\($0)`?)" } ?? ""
            if !key.isEmpty, key.allSatisfy(\.isNumber) { hint = " (a comma inside a number, as in `1,000`? write 1000)" }
            context.log.add(Diagnostic(file: file, line: u.key.mark?.line, column: u.key.mark?.column, field: u.path,
                                       message: "`~` removes a field of the base, but the base has no `\(key)` here\(hint)"))
        }
        return (merged, rootFile)
    }

    /// The name of a variant without `scenario:`: its base's name, `-`, and
    /// its file name without extension, in the characters a name allows
    /// (`den-haag` + `variants/wlz-low.yaml` → `den-haag-wlz-low`). A file
    /// name that starts with the base's name is used alone.
    static func derivedName(base: String, file: String) -> String {
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        let clean = String(stem.map { allowed.contains($0) ? $0 : "-" })
        let name = clean.hasPrefix(base + "-") ? clean : base + "-" + clean
        return String(name.prefix(ScenarioLimits.nameLength))
    }
}
