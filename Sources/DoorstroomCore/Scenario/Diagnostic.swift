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
    /// 1-based column, if known.
    public var column: Int?
    /// The field path, e.g. `regions[0].capacity.intramural`; empty for the file itself.
    public var field: String
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, line: Int?, column: Int?, field: String, message: String,
                severity: Severity = .error) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let kind = severity.rawValue
        return field.isEmpty ? "\(location): \(kind): \(message)" : "\(location): \(kind): \(field): \(message)"
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

    public var description: String {
        let n = diagnostics.count
        return diagnostics.map(\.description).joined(separator: "\n")
            + "\n\(n) problem\(n == 1 ? "" : "s") found"
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
