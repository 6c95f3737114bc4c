/// Euro per paid day in one year, by what is paid for: the care states in
/// their order, then support while waiting. Tariff × price index of the year.
struct CostRates: Sendable {
    var perDay: [Double]

    init(finance: FinanceSpec, year: Int) {
        let index = finance.priceIndex.value(in: year)
        perDay = CareState.allCases.map { (finance.tariffPerDay[$0] ?? 0) * index }
            + [finance.waitingSupportPerDay * index]
    }
}
