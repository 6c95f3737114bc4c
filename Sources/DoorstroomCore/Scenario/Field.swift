import Foundation
import Yams

/// A node of a scenario document together with where it came from: its file,
/// its field path and the `source:` note in force. The readers on `Field`
/// report every problem to a ``DiagnosticLog`` and return `nil` for a value
/// they could not read, so reading goes on and all problems are collected.
struct Field {
    let node: Node
    let path: String
    let file: String
    /// The nearest enclosing `source:` note.
    let source: String?
    let context: ReadContext

    var line: Int? { node.mark?.line }
    var column: Int? { node.mark?.column }

    func error(_ message: String) {
        context.log.add(Diagnostic(file: file, line: line, column: column, field: path, message: message))
    }

    func child(_ key: String, _ node: Node, source: String? = nil) -> Field {
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        return Field(node: node, path: childPath, file: context.overlayFiles[childPath] ?? file,
                     source: source ?? self.source, context: context)
    }

    func element(_ index: Int, _ node: Node) -> Field {
        let field = Field(node: node, path: "\(path)[\(index)]", file: file, source: source, context: context)
        context.locate(field.path, SourceLocation(file: file, line: field.line, column: field.column))
        return field
    }

    /// A field of a mapping, remembered where its value is, as errors are
    /// located (in a variant, the key may still carry the base file's mark).
    private func entry(_ key: Node, _ value: Node, source: String?) -> Field {
        let field = child(key.scalar?.string ?? "", value, source: source)
        context.locate(field.path, SourceLocation(file: field.file, line: field.line, column: field.column))
        return field
    }

    /// What the node is, for "found …" in messages: a value escaped and cut
    /// to 60 characters (``Swift/String/escapedForDiagnostic(limit:)``).
    var found: String {
        switch node {
        case let .scalar(s): return s.string.isEmpty ? "an empty value" : "`\(s.string.escapedForDiagnostic())`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Structure

    /// The entries of a mapping, checking that every key is one of `allowed`
    /// (plus `source`, which sets the source note for the entries) and that
    /// each `required` key is present. Returns nil if the node is no mapping.
    func mapping(allowed: [String], required: [String] = []) -> Mapping? {
        guard case let .mapping(m) = node else {
            error("expected a mapping with keys \(allowed.map { "`\($0)`" }.joined(separator: ", ")), found \(found)")
            return nil
        }
        var source = self.source
        var entries: [(Node, Node)] = []
        var seen = Set<String>()
        for (k, v) in m {
            let key = k.scalar?.string ?? ""
            let keyFile = child(key, v).file
            if seen.contains(key) {
                context.log.add(Diagnostic(file: keyFile, line: k.mark?.line, column: k.mark?.column,
                                           field: path.isEmpty ? key : "\(path).\(key)",
                                           message: "duplicate key `\(key)`"))
                continue
            }
            seen.insert(key)
            if key == "source" {
                if let s = v.scalar?.string, !s.isEmpty { source = s } else {
                    child("source", v).error("expected a text note (a document and line, or `assumption: …`)")
                }
                continue
            }
            guard allowed.contains(key) else {
                let hint = closestKey(to: key, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
                context.log.add(Diagnostic(file: keyFile, line: k.mark?.line, column: k.mark?.column,
                                           field: path.isEmpty ? key : "\(path).\(key)",
                                           message: "unknown key `\(key)`\(hint); expected one of "
                                               + allowed.map { "`\($0)`" }.joined(separator: ", ")))
                continue
            }
            entries.append((k, v))
        }
        for key in required where !seen.contains(key) {
            error("missing required field `\(key)`")
        }
        var fields: [String: Field] = [:]
        var order: [String] = []
        for (k, v) in entries {
            let key = k.scalar?.string ?? ""
            fields[key] = entry(k, v, source: source)
            order.append(key)
        }
        return Mapping(owner: self, source: source, fields: fields, order: order)
    }

    /// The entries of a mapping whose keys are free (years, municipality
    /// names), in document order; `source` keys set the note.
    func freeMapping() -> [(key: String, field: Field)]? {
        guard case let .mapping(m) = node else {
            error("expected a mapping, found \(found)")
            return nil
        }
        var source = self.source
        if let s = m["source"]?.scalar?.string { source = s }
        var result: [(String, Field)] = []
        var seen = Set<String>()
        for (k, v) in m {
            let key = k.scalar?.string ?? ""
            if key == "source" { continue }
            if !seen.insert(key).inserted {
                context.log.add(Diagnostic(file: file, line: k.mark?.line, column: k.mark?.column,
                                           field: "\(path).\(key)", message: "duplicate key `\(key)`"))
                continue
            }
            result.append((key, entry(k, v, source: source)))
        }
        return result
    }

    func sequence() -> [Field]? {
        guard case let .sequence(s) = node else {
            error("expected a list, found \(found)")
            return nil
        }
        return s.enumerated().map { element($0.offset, $0.element) }
    }

    // MARK: Scalars

    func string() -> String? {
        guard case let .scalar(s) = node, !s.string.isEmpty else {
            error("expected text, found \(found)")
            return nil
        }
        return s.string
    }

    /// A number, written bare or as `{value: x, source: "…"}`; recorded for the manifest.
    func number(in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                expected: String = "a finite number") -> Double? {
        if isUncertain { return nil }
        if case .mapping = node {
            guard let m = mapping(allowed: ["value"], required: ["value"]), let v = m["value"] else { return nil }
            return v.number(in: range, expected: expected)
        }
        guard case let .scalar(s) = node, let x = Double(s.string.replacingOccurrences(of: "_", with: "")) else {
            error("expected \(expected), found \(found)")
            return nil
        }
        guard x.isFinite, range.contains(x) else {
            error("expected \(expected), found \(s.string)")
            return nil
        }
        context.record(ParameterRecord(path: path, value: s.string, source: source))
        return x
    }

    /// An `{uncertain: …}` number the loader could not replace (it is in an
    /// included file or table): reported, since only the scenario file, its
    /// bases and settings are patched per replication.
    var isUncertain: Bool {
        guard case let .mapping(m) = node, m["uncertain"] != nil else { return false }
        guard !context.uncertainReported else { return true }
        error("an uncertain parameter (`uncertain:`) must be written in the scenario file, its base or a variant, "
              + "not in an included file; move the section into the scenario file")
        return true
    }

    func probability() -> Double? { number(in: 0...1, expected: "a probability in [0, 1]") }

    func nonNegative() -> Double? { number(in: 0...Double.greatestFiniteMagnitude, expected: "a number ≥ 0") }

    func positive() -> Double? {
        guard let x = nonNegative() else { return nil }
        if x == 0 { error("expected a number > 0, found 0"); return nil }
        return x
    }

    /// A whole number in `range`, written bare or as `{value: n, source: "…"}`.
    func integer(in range: ClosedRange<Int>, expected: String? = nil) -> Int? {
        let what = expected ?? "a whole number in \(range.lowerBound)…\(range.upperBound)"
        if isUncertain { return nil }
        if case .mapping = node {
            guard let m = mapping(allowed: ["value"], required: ["value"]), let v = m["value"] else { return nil }
            return v.integer(in: range, expected: what)
        }
        // Read exactly: through a Double, a seed of 2⁵³ + 1 would become 2⁵³.
        if case let .scalar(s) = node, let i = Int(s.string.replacingOccurrences(of: "_", with: "")) {
            guard range.contains(i) else {
                error("expected \(what), found \(s.string)")
                return nil
            }
            context.record(ParameterRecord(path: path, value: s.string, source: source))
            return i
        }
        guard let x = number(expected: what) else { return nil }
        guard x == x.rounded(), let i = Int(exactly: x), range.contains(i) else {
            error("expected \(what), found \(node.scalar?.string ?? String(x))")
            return nil
        }
        return i
    }

    /// A euro amount ≥ 0 and at most ``ScenarioLimits/euro``.
    func euro(_ unit: String) -> Double? { number(in: 0...ScenarioLimits.euro, expected: "\(unit) in 0…10¹²") }

    /// A gamma or Weibull shape within ``ScenarioLimits/shape``.
    func shape() -> Double? {
        let r = ScenarioLimits.shape
        return number(in: r, expected: "a shape in \(r.lowerBound)…\(Int(r.upperBound))")
    }

    /// A duration in years, at most ``ScenarioLimits/longestYears`` and at
    /// least `shortest` (> 0 unless `zeroAllowed`).
    func duration(_ what: String = "a duration", shortest: Double, zeroAllowed: Bool = false) -> Double? {
        let longest = ScenarioLimits.longestYears
        if shortest > 0 || zeroAllowed {
            return number(in: shortest...longest, expected: "\(what) in years in \(shortest)…\(Int(longest))")
        }
        return number(in: Double.leastNonzeroMagnitude...longest, expected: "\(what) in years in (0, \(Int(longest))]")
    }

    func bool() -> Bool? {
        guard case let .scalar(s) = node else { error("expected true or false, found \(found)"); return nil }
        switch s.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: error("expected true or false, found \(found)"); return nil
        }
    }
}

/// The checked entries of a mapping node.
struct Mapping {
    let owner: Field
    let source: String?
    let fields: [String: Field]
    /// Keys in document order.
    let order: [String]

    subscript(key: String) -> Field? { fields[key] }
}

/// Shared state while one scenario (and the files it includes) is read.
final class ReadContext {
    let log = DiagnosticLog()
    private(set) var parameters: [ParameterRecord] = []
    /// Where each field path was written, for diagnostics found after reading.
    private(set) var locations: [String: SourceLocation] = [:]
    /// Files read, for the scenario hash, in reading order.
    private(set) var files: [(path: String, bytes: Data)] = []
    let baseDirectory: URL
    /// For a scenario built from a base file and variants: the file each
    /// overridden field path comes from (descendants inherit it).
    var overlayFiles: [String: String] = [:]
    /// The folder of each file read, for resolving the relative paths it names.
    var directories: [String: URL] = [:]
    /// Included files already read, by absolute path: a scenario read again
    /// for each replication of a run with uncertain parameters reads the
    /// bytes hashed at load, not the disk again.
    var fileCache = FileCache()
    /// Set when an `uncertain:` mapping could not be read (and was reported).
    var uncertainReported = false

    init(baseDirectory: URL) { self.baseDirectory = baseDirectory }

    /// Registers where a file lives, so paths inside it resolve relative to it.
    func register(_ name: String, directory: URL) { directories[name] = directory }

    func directory(of file: String) -> URL { directories[file] ?? baseDirectory }

    func record(_ p: ParameterRecord) { parameters.append(p) }

    /// Remembers where the field at `path` was written; the first sighting wins.
    func locate(_ path: String, _ location: SourceLocation) {
        if locations[path] == nil { locations[path] = location }
    }

    func url(for relative: String, from file: String) -> URL {
        relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
            : directory(of: file).appendingPathComponent(relative)
    }

    /// The text of a referenced file, or nil with a diagnostic at `field`.
    func readText(_ relative: String, from field: Field) -> (name: String, text: String)? {
        let url = url(for: relative, from: field.file)
        // Name the file as the scenario was named: relative to the same place.
        let directory = (field.file as NSString).deletingLastPathComponent
        let name = relative.hasPrefix("/") || directory.isEmpty ? relative : "\(directory)/\(relative)"
        let data: Data
        switch fileCache.data(url.path) ?? InputFile.read(url.path) {
        case let .success(d):
            data = d
            fileCache.store(url.path, d)
        case .failure(.notFound):
            field.error("file `\(relative)` not found (looked for \(url.path))")
            return nil
        case let .failure(problem):
            field.error("file `\(relative)` \(problem.reason)")
            return nil
        }
        guard totalBytes + data.count <= InputFile.maximumTotalBytes else {
            field.error("file `\(relative)` is one too many: the scenario's files together would exceed "
                        + "\(InputFile.maximumTotalBytes) bytes (64 MiB)")
            return nil
        }
        addFile(name, data)
        switch InputFile.decode(data) {
        case let .success(text):
            register(name, directory: url.deletingLastPathComponent())
            return (name, text)
        case let .failure(position):
            log.add(Diagnostic(file: name, line: position.line, column: position.column, field: "",
                               message: "not UTF-8 text: the first byte that is not UTF-8 is here"))
            return nil
        }
    }

    /// Bytes read so far in all files, held to ``InputFile/maximumTotalBytes``.
    private(set) var totalBytes = 0

    func addFile(_ name: String, _ data: Data) {
        files.append((name, data))
        totalBytes += data.count
    }
}

/// The files a scenario read, shared by the reads of its replications.
final class FileCache: @unchecked Sendable {
    // Invariant: `files` is only touched under `lock`.
    private let lock = NSLock()
    private var files: [String: Data] = [:]

    func data(_ path: String) -> Result<Data, InputFile.Failure>? {
        lock.lock()
        defer { lock.unlock() }
        return files[path].map { .success($0) }
    }

    func store(_ path: String, _ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        if files[path] == nil { files[path] = data }
    }
}

/// The allowed key nearest to a mistyped one, if it is close (edit distance ≤ 2).
func closestKey(to key: String, in allowed: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : prev[b.count])
    }
    let k = Array(key)
    let best = allowed.map { ($0, distance(k, Array($0))) }.min { $0.1 < $1.1 }
    return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
}

/// Parses YAML text into a node, or reports every problem found with its
/// line and column (see ``YAMLComposer``). `path` is the field path of the
/// root: empty for a scenario file, the including field's for an included one.
func composeYAML(_ text: String, file: String, log: DiagnosticLog, path: String = "") -> Node? {
    YAMLComposer(text: text, file: file, log: log).compose(path: path)
}
