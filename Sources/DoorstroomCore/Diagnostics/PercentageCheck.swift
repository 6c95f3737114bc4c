/// Shares and indices that look written as percentages (or with base 100):
/// `deficit_threshold_share` and `risk_pool.threshold_share` above
/// ``highestShare``, and a `price_index` above ``highestPriceIndex``.
/// (Objective, places, access and segment shares need no warning: they must
/// sum to 1, so percentages are errors already.)
struct PercentageCheck {
    /// A deficit (or pool threshold) of more than the whole budget.
    static let highestShare = 1.0
    /// The index is 1 in the year of the tariffs; 10 would be a thousand
    /// years of 2 % inflation, and 100 is an index with base 100.
    static let highestPriceIndex = 10.0

    let loaded: LoadedScenario

    var warnings: [Diagnostic] {
        guard let finance = loaded.scenario.finance else { return [] }
        let locator = WarningLocator(loaded: loaded)
        var found: [Diagnostic] = []
        let shares = [("finance.deficit_threshold_share", finance.deficitThresholdShare),
                      ("finance.risk_pool.threshold_share", finance.riskPool?.thresholdShare)]
        for case let (field, share?) in shares where share > Self.highestShare {
            found.append(locator.warning(field, "a share of \(Amount.plain(share)) is \(Amount.percent(share)) of the budget: "
                                         + "a share (0.05 = 5 %) written as a percentage?"))
        }
        if let index = finance.priceIndex.values.max(), index > Self.highestPriceIndex {
            found.append(locator.warning("finance.price_index",
                                         "a price index of \(Amount.plain(index)) multiplies every tariff by as much; "
                                         + "the index is 1 in the year of the tariffs: written with base 100?"))
        }
        return found
    }
}
