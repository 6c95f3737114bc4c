/// After a run: `finance.cap_per_inhabitant` should not bind in most years
/// (more than half) from the start of the ingroeipad to the end of the period.
///
/// A cap that binds in most years sets the pace of the phase-in instead of
/// the ingroeipad profile: perhaps intended, but also what a cap or a
/// population written in thousands does. The cap binds in a year when it
/// moves any municipality's budget away from what the ingroeipad asks for.
struct CapBindingCheck {
    let loaded: LoadedScenario
    let results: RunResults

    var warnings: [Diagnostic] {
        guard let finance = loaded.scenario.finance, let cap = finance.capPerInhabitant else { return [] }
        let locator = WarningLocator(loaded: loaded)
        let s = loaded.scenario
        let from = max(finance.ingroeipad.startYear, s.startYear)
        guard from <= s.endYear else { return [] }
        let counted = (from - s.startYear)...(s.endYear - s.startYear)
        return results.capBinding.enumerated().compactMap { r, binds in
            guard binds.count == s.years.count else { return nil }
            let bound = counted.filter { binds[$0] }
            guard 2 * bound.count > counted.count else { return nil }
            return locator.warning(
                "finance.cap_per_inhabitant",
                "the cap of \(Amount.euro(cap)) per inhabitant binds in \(bound.count) of the \(counted.count) years "
                + "\(from)–\(s.endYear) in \(s.regions[r].name): the budgets follow the cap, not the ingroeipad profile; "
                + "intended, or is the cap (or a population) written in thousands?")
        }
    }
}
