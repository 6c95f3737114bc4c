/// One problem found in a scenario: where it is, which field, and what was
/// expected. Its ``description`` is the one format every problem is printed in:
///
///     Scenarios/x/baseline.yaml:12:7: error: stay.intramural.independent.gamma.mean_years: expected a number ≥ 0, found -3
///     Scenarios/x/baseline.yaml:30:9: warning: region.budget.bw: … written in millions?
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The scenario cannot be run.
        case error
        /// The scenario runs, but a value looks implausible (see
        /// docs/model.md, "Consistency diagnostics"); `--strict` makes it an error.
        case warning
    }

    public var severity: Severity
    /// The file, as it was named to the loader.
    public var file: String
    /// 1-based line, if known.
    public var line: Int?
    /// 1-based column, counted in characters (Unicode scalars) of the line, if known.
    public var column: Int?
    /// The field path, e.g. `regions[0].capacity.intramural`; empty for the file itself.
    public var field: String
    /// What is wrong and what was expected.
    public var message: String
    /// A problem of a whole folder (`file` is the folder): printed as
    /// `FOLDER: error: …`, without a line and column it has none of.
    public var isFolder = false

    enum CodingKeys: String, CodingKey {
        case severity, file, line, column, field, message
    }

    /// A problem of the folder `path` as a whole (one that does not exist, or lacks a file).
    public static func folder(_ path: String, field: String, message: String) -> Diagnostic {
        var d = Diagnostic(file: path, line: nil, column: nil, field: field, message: message)
        d.isFolder = true
        return d
    }

    public init(file: String, line: Int?, column: Int?, field: String, message: String,
                severity: Severity = .error) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// The diagnostic on one line, always as `FILE:LINE:COLUMN: error: FIELD: message`
    /// (without `FIELD: ` for a problem of the file itself). An unknown line
    /// or column is written as 1, the start of the file or line. Control
    /// characters are escaped and echoed values (between backticks) shortened,
    /// so the line cannot break or forge another. A problem of a whole folder
    /// is written `FOLDER: error: FIELD: message`.
    public var description: String {
        let location = isFolder ? file.escapedForDiagnostic(limit: 500)
            : "\(file.escapedForDiagnostic(limit: 500)):\(line ?? 1):\(column ?? 1)"
        let kind = severity.rawValue
        let text = Self.oneLine(message)
        return field.isEmpty ? "\(location): \(kind): \(text)"
            : "\(location): \(kind): \(field.escapedForDiagnostic(limit: 200)): \(text)"
    }

    /// A message on one line: each `quoted` value escaped and cut to 60
    /// characters, the rest escaped and cut to 1,000.
    static func oneLine(_ message: String) -> String {
        message.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { i, part in
            String(part).escapedForDiagnostic(limit: i % 2 == 1 ? 60 : 1_000)
        }.joined(separator: "`")
    }

    // Unknown lines and columns are written as null, so every entry of
    // `manifest.json`'s `diagnostics` has the same keys.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(severity, forKey: .severity)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(field, forKey: .field)
        try c.encode(message, forKey: .message)
    }
}

/// Thrown when a scenario is invalid: every problem found, in file order.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem, nothing else: every line of the output is in
    /// the diagnostic form, so tools can read it (the count is not repeated
    /// on a line of its own).
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Collects diagnostics while a scenario is read, so that all problems are
/// reported at once rather than the first only.
final class DiagnosticLog {
    private(set) var diagnostics: [Diagnostic] = []

    func add(_ d: Diagnostic) { diagnostics.append(d) }

    var isEmpty: Bool { diagnostics.isEmpty }

    /// The diagnostics ordered by file, then line, then column.
    var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.file != y.file { return a.offset < b.offset }
            if (x.line ?? 0) != (y.line ?? 0) { return (x.line ?? 0) < (y.line ?? 0) }
            if (x.column ?? 0) != (y.column ?? 0) { return (x.column ?? 0) < (y.column ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
    }
}
