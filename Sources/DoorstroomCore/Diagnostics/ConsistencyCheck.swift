/// Consistency diagnostics: values that are valid but implausible, such as a
/// budget written in millions or a share written as a percentage, which
/// would otherwise give a clean run with nonsense results.
///
/// Every finding is a ``Diagnostic`` with severity `warning`, located at the
/// field it is about, saying what was found and the likely mistake. The
/// command line prints them and lists them in `manifest.json`; `--strict`
/// makes them errors. Each check, its threshold and why is documented in
/// docs/model.md, "Consistency diagnostics".
public enum ConsistencyCheck {
    /// The checks that need no simulation: tariffs, budget per client, the
    /// first-year cost of the start stock against the budget, intake rates
    /// and trends, and shares or indices written as percentages. In file order.
    public static func atLoad(_ loaded: LoadedScenario) -> [Diagnostic] {
        let found = TariffCheck(loaded: loaded).warnings
            + BudgetPerClientCheck(loaded: loaded).warnings
            + ExpectedCostCheck(loaded: loaded).warnings
            + IntakeRateCheck(loaded: loaded).warnings
            + PercentageCheck(loaded: loaded).warnings
        return inFileOrder(found)
    }

    /// The checks on a run's results: the simulated first-year cost against
    /// the budget, the drift of a scenario declared stationary, and a cap
    /// that binds in most years.
    public static func afterRun(_ results: RunResults, loaded: LoadedScenario) -> [Diagnostic] {
        FirstYearCostCheck(loaded: loaded, results: results).warnings
            + StationarityCheck(loaded: loaded, results: results).warnings
            + CapBindingCheck(loaded: loaded, results: results).warnings
    }

    static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let log = DiagnosticLog()
        diagnostics.forEach(log.add)
        return log.sorted
    }
}
