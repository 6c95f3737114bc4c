/// `finance.tariff_per_day` for a state that has clients must lie between
/// ``lowest`` and ``highest`` euro: outside, it is most likely a tariff per
/// month or year, in thousands, or missing.
struct TariffCheck {
    /// Euro a day. The shipped regions pay EUR 70–270 a day; no form of BW or
    /// MO care costs more than about EUR 500.
    static let highest = 1_000.0
    /// Euro a day: below this a day of care is effectively free.
    static let lowest = 1.0

    let loaded: LoadedScenario

    var warnings: [Diagnostic] {
        guard let finance = loaded.scenario.finance else { return [] }
        let locator = WarningLocator(loaded: loaded)
        let occupied = OccupiedStates(loaded.scenario)
        return CareState.allCases.filter(occupied.contains).compactMap { state in
            let field = "finance.tariff_per_day.\(state.key)"
            guard let tariff = finance.tariffPerDay[state] else {
                return locator.warning(field, "no tariff for `\(state.key)`, which has clients: their days cost nothing; "
                                       + "expected EUR \(Amount.plain(Self.lowest))–\(Amount.grouped(Self.highest)) a day")
            }
            if tariff > Self.highest {
                return locator.warning(field, "\(Amount.euro(tariff)) a day is above \(Amount.euro(Self.highest)) "
                                       + "(\(Amount.euro(tariff * 365)) a year per client): a tariff per month or per year?")
            }
            if tariff < Self.lowest {
                return locator.warning(field, "\(Amount.euro(tariff)) a day for a state with clients is below "
                                       + "\(Amount.euro(Self.lowest)): written in thousands, or missing?")
            }
            return nil
        }
    }
}
