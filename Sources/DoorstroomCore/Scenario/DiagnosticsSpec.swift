/// What a scenario states about itself so that a run can be checked against
/// it (the `diagnostics` section; see docs/model.md, "Consistency diagnostics").
public struct DiagnosticsSpec: Hashable, Sendable {
    /// The scenario is meant to be in a steady state: the number of clients
    /// in care should not drift from the first year to the last.
    public var stationary: Bool
    /// The largest relative drift of the clients in care from the first to
    /// the last year that a stationary scenario tolerates.
    public var driftTolerance: Double

    /// The tolerance when the scenario gives none: 10 %.
    public static let defaultDriftTolerance = 0.1

    public init(stationary: Bool = false, driftTolerance: Double = DiagnosticsSpec.defaultDriftTolerance) {
        self.stationary = stationary
        self.driftTolerance = driftTolerance
    }
}
