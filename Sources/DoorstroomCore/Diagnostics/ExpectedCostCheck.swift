/// A region's first-year cost estimated from the start stock must lie within
/// a factor ``factor`` of its first-year budget.
///
/// The estimate holds the start stock for the whole year: Σ clients in care
/// in s × tariff_per_day_s × days of the year × price index, plus the fixed
/// costs of the year's places and the year's investments. It ignores the
/// year's inflow, outflow and waiting support, and a region may plan a
/// deficit or a surplus, hence the wide factor; every mistake of units
/// (thousands, millions, tariffs per month or year) is far outside it. The
/// simulated cost is checked tightly after the run (``FirstYearCostCheck``).
struct ExpectedCostCheck {
    static let factor = 3.0

    let loaded: LoadedScenario

    var warnings: [Diagnostic] {
        guard let finance = loaded.scenario.finance else { return [] }
        let locator = WarningLocator(loaded: loaded)
        let year = loaded.scenario.startYear
        let days = Double(CivilDate(year: year + 1, month: 1, day: 1).daysSinceEpoch
                          - CivilDate(year: year, month: 1, day: 1).daysSinceEpoch)
        let index = finance.priceIndex.value(in: year)
        var found: [Diagnostic] = []
        for (r, region) in loaded.scenario.regions.enumerated() {
            guard let money = region.historicalMoney(in: year, finance: finance) else { continue }
            let care = CareState.allCases.map { s in
                Double(region.initial.inCare[s] ?? 0) * (finance.tariffPerDay[s] ?? 0) * days
            }.reduce(0, +)
            let fixed = CareState.allCases.map { s in
                (region.capacity[s]?.value(in: year).rounded() ?? 0) * (finance.fixedCostPerPlacePerYear[s] ?? 0)
            }.reduce(0, +)
            let cost = (care + fixed) * index + (finance.investments[year] ?? 0)
            let budget = money.bw - (finance.wlz?.deductionPerYear.value(in: year) ?? 0) + money.mo
            guard cost > 0 else { continue }  // an empty start: nothing to estimate from
            let ratio = budget > 0 ? cost / budget : .infinity
            guard ratio > Self.factor || ratio < 1 / Self.factor else { continue }
            let comparison = ratio.isInfinite ? "while the budget is \(Amount.euro(budget))"
                : ratio >= 1 ? "\(Amount.ratio(ratio)) times the budget of \(Amount.euro(budget))"
                : "\(Amount.percent(ratio)) of the budget of \(Amount.euro(budget))"
            let mistake = ratio > Self.factor ? "budget written in thousands or millions, or tariffs per month or year?"
                : "tariffs written in thousands, or the budget in cents?"
            found.append(locator.warning(
                "\(locator.regionPath(r)).\(money.field)",
                "the cost of the start stock for \(year) (clients × tariff × \(Int(days)) days × price index "
                + "\(Amount.plain(index)), plus fixed costs and investments) is \(Amount.euro(cost)), \(comparison) "
                + "(bw − Wlz deduction + mo; expected within a factor \(Amount.plain(Self.factor))): \(mistake)"))
        }
        return found
    }
}
