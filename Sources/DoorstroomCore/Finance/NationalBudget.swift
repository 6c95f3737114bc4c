/// The national macro budgets that a national distribution divides over the
/// regions and their municipalities (euro per year).
///
/// The historical distribution gives each centrumgemeente a share of the
/// macro budget, the objective one each municipality; the ingroeipad moves
/// from the first to the second, so money moves between regions (the
/// "oost"–"west" skew, 000 L3089–3097). See `docs/finance.md`.
public struct NationalBudget: Hashable, Sendable {
    /// The macro BW budget (integratie-uitkering beschermd wonen).
    public var bw: YearPath<Double>
    /// The macro MO budget (decentralisatie-uitkering maatschappelijke opvang).
    public var mo: YearPath<Double>
    /// Taken off the macro BW budget before distribution for the national
    /// specialist institutions (Fier, Fonteynenburg, Lister, De
    /// Parelhoenderhoeve, De Compound; 001 L143–149); nil = none.
    public var specialistInstitutions: YearPath<Double>?

    public init(bw: YearPath<Double>, mo: YearPath<Double> = YearPath(constant: 0),
                specialistInstitutions: YearPath<Double>? = nil) {
        self.bw = bw
        self.mo = mo
        self.specialistInstitutions = specialistInstitutions
    }

    /// The BW money distributed in `year`: the macro budget minus the specialist institutions.
    func distributedBW(in year: Int) -> Double {
        max(0, bw.value(in: year) - (specialistInstitutions?.value(in: year) ?? 0))
    }
}

/// A region's shares of the national macro budgets.
public struct NationalShares: Hashable, Sendable {
    /// The centrumgemeente's share of the BW macro budget under the historical distribution.
    public var historicalBW: Double
    /// The centrumgemeente's share of the MO macro budget (MO is on an
    /// objective distribution over the centrumgemeenten until it is
    /// decentralised, 000 L3301–3303).
    public var historicalMO: Double
    /// The region's municipalities' share of the BW macro budget under the
    /// objective distribution, spread within the region by their `objective_share`.
    public var objectiveBW: Double
    /// As `objectiveBW`, for MO (spread by `mo_objective_share`).
    public var objectiveMO: Double

    public init(historicalBW: Double, historicalMO: Double, objectiveBW: Double, objectiveMO: Double) {
        self.historicalBW = historicalBW
        self.historicalMO = historicalMO
        self.objectiveBW = objectiveBW
        self.objectiveMO = objectiveMO
    }
}

extension Region {
    /// The region's money in `year` before the ingroeipad moves any of it
    /// (BW before the Wlz deduction, and MO), and the field that sets it:
    /// its own `budget`, or its historical shares of the macro budgets.
    func historicalMoney(in year: Int, finance: FinanceSpec) -> (bw: Double, mo: Double, field: String)? {
        if let national = finance.national, let shares = nationalShares {
            return (national.distributedBW(in: year) * shares.historicalBW, national.mo.value(in: year) * shares.historicalMO,
                    "historical_share")
        }
        return budget.map { ($0.bw.value(in: year), $0.mo.value(in: year), "budget") }
    }
}
