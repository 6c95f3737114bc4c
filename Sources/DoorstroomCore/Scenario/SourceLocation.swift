/// Where something was written in a scenario's files.
public struct SourceLocation: Hashable, Sendable {
    /// The file, named as the loader named it (relative to the same place as the scenario file).
    public var file: String
    /// 1-based line, if known.
    public var line: Int?
    /// 1-based column, if known.
    public var column: Int?

    public init(file: String, line: Int?, column: Int?) {
        self.file = file
        self.line = line
        self.column = column
    }
}
