/// Problems with files a command reads, each as
/// `FILE:LINE:COLUMN: error: FIELD: message`; the command exits with status 2.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        let n = diagnostics.count
        return diagnostics.map(\.description).joined(separator: "\n") + "\n\(n) problem\(n == 1 ? "" : "s") found"
    }
}
