/// Intake rates must be at most ``highestRate`` applicants per 10,000
/// inhabitants a year, and trends at most ``highestTrend`` a year.
struct IntakeRateCheck {
    /// Per 10,000 inhabitants a year, i.e. 1 % of the population every year.
    /// The shipped regions have 1–13 (MO in Den Haag the highest); a value
    /// above 100 is most likely a count of applicants or a rate per 100,000.
    static let highestRate = 100.0
    /// A relative change a year: +25 % a year is ten times the rate in a
    /// decade. `trend_per_year: 2` meant as 2 % is the mistake this catches.
    static let highestTrend = 0.25

    let loaded: LoadedScenario

    var warnings: [Diagnostic] {
        let s = loaded.scenario
        let locator = WarningLocator(loaded: loaded)
        var found: [Diagnostic] = []
        for (key, spec) in [("bw", s.bwIntake), ("mo", s.moIntake), ("mo_family", s.moFamilyIntake)] {
            guard let spec else { continue }
            if let rate = spec.ratePer10k.values.max(), rate > Self.highestRate {
                found.append(locator.warning(
                    "intake.\(key).rate_per_10k",
                    "\(Amount.plain(rate)) applicants per 10,000 inhabitants a year is above \(Amount.plain(Self.highestRate)) "
                    + "(1 % of the population every year): a count of applicants, or a rate per 100,000?"))
            }
            if spec.trendPerYear > Self.highestTrend {
                found.append(locator.warning(
                    "intake.\(key).trend_per_year",
                    "a trend of \(Amount.plain(spec.trendPerYear)) is \(Amount.percentChange(spec.trendPerYear)) a year, above "
                    + "\(Amount.percentChange(Self.highestTrend)): a relative change (0.02 = 2 %) written as a percentage?"))
            }
        }
        return found
    }
}
