/// One problem found in a scenario: where it is, which field, and what was
/// expected. Its ``description`` is the one format every error is printed in:
///
///     Scenarios/x/baseline.yaml:12:7: error: stay.intramural.independent.gamma.mean_years: expected a number ≥ 0, found -3
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
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

    public init(file: String, line: Int?, column: Int?, field: String, message: String) {
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
        return field.isEmpty ? "\(location): error: \(message)" : "\(location): error: \(field): \(message)"
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
