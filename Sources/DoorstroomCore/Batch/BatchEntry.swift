/// One scenario of a batch: a scenario file, the settings laid over it (a
/// sweep point's overrides, or none), and the name it runs under.
public struct BatchEntry: Hashable, Sendable {
    /// The scenario file.
    public var file: String
    /// Laid over the file as `--set` would be.
    public var settings: [Setting]
    /// The name the entry runs under; nil: the scenario's own (`scenario:`,
    /// or the name derived for a variant without one).
    public var name: String?

    public init(file: String, settings: [Setting] = [], name: String? = nil) {
        self.file = file
        self.settings = settings
        self.name = name
    }
}
