/// Problems with files a command reads, each as
/// `FILE:LINE:COLUMN: error: FIELD: message`; the command exits with status 2.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem and nothing else, as every diagnostic is printed.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
