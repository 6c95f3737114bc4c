/// A one-off change to a scenario, given on the command line as
/// `--set PATH=VALUE`: the YAML value at a field path, laid over the
/// scenario as a variant would (a mapping merges key by key, a value
/// replaces, `~` removes). The path is a field path as in diagnostics
/// (`finance.ingroeipad.years`, `regions[0].dwellings_per_year`).
public struct Setting: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    /// The value as YAML text (`15`, `linear`, `{exponential: {mean_years: 10}}`).
    public var value: String
    /// Where the setting was written, if in a file (a sweep point): its
    /// problems are reported there rather than at `--set`.
    public var origin: SourceLocation?

    public init(path: String, value: String, origin: SourceLocation? = nil) {
        self.path = path
        self.value = value
        self.origin = origin
    }

    /// Reads `PATH=VALUE`; nil without `=` or with an empty path.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { return nil }
        path = String(text[..<eq])
        value = String(text[text.index(after: eq)...])
    }

    public var description: String { "\(path)=\(value)" }

    /// How a setting is named as the file of its diagnostics.
    var fileName: String { "--set \(path)" }
}
