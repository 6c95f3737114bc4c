/// Closes the costs of one year of one replication inside the client
/// simulation: adds fixed costs and investments to the costs by payer, the
/// region's residents elsewhere, and the region's total (`ALL`).
///
/// Units are payers here: each municipality; `unknown` is the national safety
/// net and `outside` other regions' municipalities (neither has a budget
/// here); `ALL` is the region's own money: the sum of its municipalities.
/// Budgets and balances come after the simulation (``BudgetSettlement``),
/// because a re-based budget depends on the costs of every region.
struct CostLedger {
    let finance: FinanceSpec
    let region: Region
    let years: [Int]
    /// Each municipality's share of the region's BW applicants.
    private let originShares: [Double]

    init(finance: FinanceSpec, region: Region, years: [Int]) {
        self.finance = finance
        self.region = region
        self.years = years
        originShares = region.originShares(\.bwOriginShare)
    }

    func close(year y: Int, capacity: [Int?], values: inout [Double]) {
        let n = region.municipalities.count
        let unitCount = n + 3
        let outside = n + 1, all = n + 2
        let centre = region.centrumgemeenteIndex
        func at(_ u: Int, _ m: Int) -> Int { (y * unitCount + u) * Metric.count + m }
        let calendarYear = years[y]
        let index = finance.priceIndex.value(in: calendarYear)

        for u in 0..<unitCount { values[at(u, Metric.costFixed)] = 0 }
        for s in CareState.allCases {
            let fixed = Double(capacity[s.rawValue] ?? 0) * (finance.fixedCostPerPlacePerYear[s] ?? 0) * index
            guard fixed > 0 else { continue }
            let key = allocationKey { m in values[at(m, Metric.cost + s.rawValue)] }
            for m in 0..<n { values[at(m, Metric.costFixed)] += fixed * key[m] }
        }
        values[at(centre, Metric.costInvestment)] = finance.investments[calendarYear] ?? 0
        for u in 0..<unitCount where u != all {
            var total = values[at(u, Metric.costWaitingSupport)] + values[at(u, Metric.costFixed)] + values[at(u, Metric.costInvestment)]
            for s in CareState.allCases { total += values[at(u, Metric.cost + s.rawValue)] }
            values[at(u, Metric.costTotal)] = total
        }
        // The mirror of the clients from outside the region: the region's own
        // residents elsewhere, paid by their municipality of origin.
        let elsewhere = finance.residentsElsewhereRatio * values[at(outside, Metric.costTotal)]
        for m in 0..<n {
            values[at(m, Metric.costElsewhere)] = elsewhere * originShares[m]
            values[at(m, Metric.costTotal)] += elsewhere * originShares[m]
        }
        // `ALL` is the region's own money: its municipalities, not the safety
        // net (`unknown`) nor other regions' municipalities (`outside`).
        for m in Metric.cost...Metric.costTotal {
            values[at(all, m)] = (0..<n).reduce(0) { $0 + values[at($1, m)] }
        }
    }

    /// Each municipality's share of a regional cost of places, by the
    /// scenario's key; `use` gives a municipality's paid use of the places and
    /// falls back to population in a year nobody in the region used them.
    func allocationKey(use: (Int) -> Double) -> [Double] {
        let n = region.municipalities.count
        let population = region.populationShares
        switch finance.fixedCostAllocation {
        case .centrumgemeente: return (0..<n).map { $0 == region.centrumgemeenteIndex ? 1 : 0 }
        case .population: return population
        case .use: return (0..<n).map(use).normalisedShares ?? population
        }
    }
}
