/// What decides the clients' histories in a scenario: everything but money,
/// names and documentation.
///
/// Two scenarios with equal client flows and the same seed give every client
/// the same history in every replication (common random numbers, and the
/// payment books never change what happens to clients), so one client
/// simulation serves both: ``MonteCarloRunner/run(sharing:progress:)``.
/// The key is conservative: a field left in it can only keep two scenarios
/// apart, never join scenarios whose clients differ.
public struct ClientFlows: Hashable, Sendable {
    private let scenario: Scenario
    /// With finance, the simulation keeps payment books; without, it does not.
    private let hasFinance: Bool

    public init(_ scenario: Scenario) {
        var flows = scenario
        flows.name = ""
        flows.description = ""
        // The decentralisation year, which makes the legacy clients, is kept:
        // it is stored apart from `finance` (``Scenario/decentralisationYear``).
        flows.finance = nil
        flows.observed = []
        flows.calibration = nil
        flows.diagnostics = DiagnosticsSpec()
        flows.parameters = []
        for r in flows.regions.indices {
            flows.regions[r].budget = nil
            flows.regions[r].nationalShares = nil
            for m in flows.regions[r].municipalities.indices {
                flows.regions[r].municipalities[m].objectiveShare = nil
                flows.regions[r].municipalities[m].moObjectiveShare = nil
            }
        }
        self.scenario = flows
        hasFinance = scenario.finance != nil
    }
}
