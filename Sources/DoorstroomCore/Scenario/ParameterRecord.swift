/// One scenario parameter as read, with its source note, for the run manifest.
public struct ParameterRecord: Hashable, Sendable, Codable {
    /// The field path, e.g. `intake.bw.rate_per_10k`.
    public var path: String
    /// The value as written in the scenario.
    public var value: String
    /// The `source:` note that applies (the nearest enclosing one), if any.
    public var source: String?
}
