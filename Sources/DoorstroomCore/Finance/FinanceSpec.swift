/// The financial rules of a scenario: tariffs, payers, budgets and the
/// ingroeipad. See `docs/finance.md` for every rule with its formula and source.
public struct FinanceSpec: Hashable, Sendable {
    /// Price index per year (1 in the year of the tariffs); multiplies every tariff and fixed cost.
    public var priceIndex: YearPath<Double>
    /// Euro per client-day in each care state, at index 1.
    public var tariffPerDay: [CareState: Double]
    /// Euro per day of ambulant support for a new-regime applicant waiting for a
    /// BW place (not for transfers, who are in care already).
    public var waitingSupportPerDay: Double
    /// Euro per place per year, paid whether the place is used or not.
    public var fixedCostPerPlacePerYear: [CareState: Double]
    /// One-off investments per year (euro), paid by the centrumgemeente.
    public var investments: [Int: Double]
    /// Woonplaatsbeginsel: new clients are paid for by their municipality of
    /// origin. When false, by the municipality where they are housed.
    public var woonplaatsbeginsel: Bool
    /// With the woonplaatsbeginsel: years after admission during which the
    /// origin pays; then the municipality where the client is housed. nil = the whole stay.
    public var originPaysYears: Double?
    /// First year in which MO is paid by the municipality of origin and its
    /// budget follows the objective distribution; nil = never (the centrumgemeente keeps MO).
    public var moDecentralisedFrom: Int?
    public var ingroeipad: Ingroeipad
    /// Cap on the year-on-year redistribution effect per inhabitant (euro); nil = no cap.
    public var capPerInhabitant: Double?
    public var wlz: WlzSettlement?
    public var riskPool: RiskPool?
    /// x in P(deficit > x × budget).
    public var deficitThresholdShare: Double
    /// The first year of the new system (1 January): before it the
    /// centrumgemeente pays for every client and holds all money; on it the
    /// clients then in care become legacy clients (overgangsrecht) and from
    /// it the payer rules apply. nil = the ingroeipad's start year.
    public var decentralisationYear: Int?
    /// How the MO money moves to the objective distribution over all
    /// municipalities in the MO decentralisation year.
    public var moMoneyPath: MOMoneyPath = .atOnce
    /// Who receives (or pays) the ex-post Wlz settlement.
    public var wlzSettlementTo: WlzSettlementTarget = .centrumgemeente
    /// How fixed costs of places are shared over the municipalities.
    public var fixedCostAllocation: CostAllocation = .use
    /// Which new clients the woonplaatsbeginsel covers.
    public var woonplaatsbeginselScope: WoonplaatsbeginselScope = .facilities
    /// The national macro budgets: when given, each region's money is its
    /// share of them (``Region/nationalShares``) and moves between regions
    /// along the ingroeipad. nil = each region's own budget (``Region/budget``).
    public var national: NationalBudget?
    /// What the cap compares in a national distribution.
    public var capScope: CapScope = .region
    /// Evaluation moments that re-base the money on simulated spending; nil = none.
    public var evaluation: BudgetEvaluationRule?

    /// What the cap on the redistribution effect compares, in a national
    /// distribution (000 L3394–3396 does not say).
    public enum CapScope: String, Hashable, Sendable, CaseIterable {
        /// A region's money against last year's share of the macro budget, per
        /// inhabitant of the region: the BW money was the centrumgemeente's for
        /// the whole region, so moving it to the region's other municipalities
        /// with their new task is no redistribution effect. The region's capped
        /// money is spread over its municipalities as the ingroeipad spreads it.
        case region
        /// Each municipality's money against last year's share, per
        /// inhabitant: the move within a region counts too.
        case municipality
    }

    /// Which new clients the woonplaatsbeginsel covers.
    public enum WoonplaatsbeginselScope: String, Hashable, Sendable, CaseIterable {
        /// Clients in a BW facility (intramural and tussenvorm): "Deze regeling
        /// is beperkt tot intramurale voorzieningen voor beschermd wonen"
        /// (000 L3443). Ambulant support and support while waiting are paid
        /// by the municipality where the client lives.
        case facilities
        /// Every new BW client, also at home (the first version).
        case bw
    }
    /// The region's own residents in other regions' facilities, as a multiple
    /// of the cost of the clients from outside the region here (national
    /// accessibility works both ways); paid by their municipality of origin.
    /// 0 = not modelled.
    public var residentsElsewhereRatio: Double = 0

    /// How MO money moves in the MO decentralisation year.
    public enum MOMoneyPath: String, Hashable, Sendable, CaseIterable {
        /// At once, with the MO payer: the money is already on an objective
        /// distribution (over the centrumgemeenten, 000 L3301–3303), so money
        /// and responsibility move together.
        case atOnce = "at-once"
        /// With the BW ingroeipad profile over its number of years, while the
        /// payer moves at once (the first version; money lags responsibility).
        case ingroeipad
    }

    /// Who receives (or pays) the ex-post Wlz settlement.
    public enum WlzSettlementTarget: String, Hashable, Sendable, CaseIterable {
        /// The centrumgemeente, which is responsible for the current
        /// (historical) clients who move to the Wlz (000 L3398–3406).
        case centrumgemeente
        /// Every municipality by its budget share (the first version).
        case budgetShare = "budget-share"
    }

    /// A key for sharing regional costs over the municipalities.
    public enum CostAllocation: String, Hashable, Sendable, CaseIterable {
        /// In proportion to each municipality's paid client-days in the state
        /// (joint financing of regional facilities: 002 L386–389; 003 L446–453, L934–938).
        case use
        /// In proportion to population.
        case population
        /// All on the centrumgemeente.
        case centrumgemeente
    }

    public init(priceIndex: YearPath<Double> = YearPath(constant: 1), tariffPerDay: [CareState: Double],
                waitingSupportPerDay: Double = 0, fixedCostPerPlacePerYear: [CareState: Double] = [:],
                investments: [Int: Double] = [:], woonplaatsbeginsel: Bool = true, originPaysYears: Double? = nil,
                moDecentralisedFrom: Int? = nil, ingroeipad: Ingroeipad, capPerInhabitant: Double? = nil,
                wlz: WlzSettlement? = nil, riskPool: RiskPool? = nil, deficitThresholdShare: Double = 0.05) {
        self.priceIndex = priceIndex
        self.tariffPerDay = tariffPerDay
        self.waitingSupportPerDay = waitingSupportPerDay
        self.fixedCostPerPlacePerYear = fixedCostPerPlacePerYear
        self.investments = investments
        self.woonplaatsbeginsel = woonplaatsbeginsel
        self.originPaysYears = originPaysYears
        self.moDecentralisedFrom = moDecentralisedFrom
        self.ingroeipad = ingroeipad
        self.capPerInhabitant = capPerInhabitant
        self.wlz = wlz
        self.riskPool = riskPool
        self.deficitThresholdShare = deficitThresholdShare
    }
}

/// The phase-in of the objective distribution: budget_t = (1 − w_t) × historical + w_t × objective.
public struct Ingroeipad: Hashable, Sendable {
    public enum Profile: Hashable, Sendable {
        /// w = k / n in the k-th year (k = 1 … n).
        case linear
        /// w = 1 − (1 − k/n)²: large steps first.
        case frontLoaded
        /// w = (k/n)²: small steps first.
        case backLoaded
        /// The weights of the n years as given.
        case explicit([Double])
        /// w follows the expected run-off of the legacy cohort, estimated from
        /// pilot replications and then fixed: w_t = (1 − r_t) / (1 − r_last),
        /// with r_t the expected share of the start-date legacy clients still in care in year t.
        case legacyRunoff
        /// As `legacyRunoff`, with r_t of the scenario's regions together:
        /// the steps follow the run-off of the total population (000
        /// L3295–3299: "op landelijk niveau"). One path for every region.
        case nationalRunoff
    }

    public var startYear: Int
    public var years: Int
    public var profile: Profile

    /// The profile follows an estimated run-off, fixed by a pilot before the run.
    public var followsRunoff: Bool {
        switch profile {
        case .legacyRunoff, .nationalRunoff: return true
        default: return false
        }
    }

    public init(startYear: Int, years: Int, profile: Profile) {
        self.startYear = startYear
        self.years = years
        self.profile = profile
    }

    /// The weight of the objective distribution in `year`, for the fixed profiles.
    /// `runoff` gives r_t for `legacyRunoff` and `nationalRunoff`.
    public func weight(in year: Int, runoff: ((Int) -> Double)? = nil) -> Double {
        let k = year - startYear + 1
        if k <= 0 { return 0 }
        if k >= years { return 1 }
        let x = Double(k) / Double(years)
        switch profile {
        case .linear: return x
        case .frontLoaded: return 1 - (1 - x) * (1 - x)
        case .backLoaded: return x * x
        case let .explicit(w): return w[k - 1]
        case .legacyRunoff, .nationalRunoff:
            guard let r = runoff else { return x }
            let last = 1 - r(startYear + years - 1)
            guard last > 1e-9 else { return x }  // no run-off to follow: linear
            return min(1, max(0, (1 - r(year)) / last))
        }
    }
}

/// Wlz money: taken out ex ante, settled ex post against the simulated outflow.
public struct WlzSettlement: Hashable, Sendable {
    /// Euro per year deducted from the region's BW budget before distribution.
    public var deductionPerYear: YearPath<Double>
    /// Expected clients moving to the Wlz per year (the basis of the deduction).
    public var expectedOutflowPerYear: YearPath<Double>
    /// Euro per Wlz client per year, for the settlement.
    public var costPerClientPerYear: Double

    public init(deductionPerYear: YearPath<Double>, expectedOutflowPerYear: YearPath<Double>, costPerClientPerYear: Double) {
        self.deductionPerYear = deductionPerYear
        self.expectedOutflowPerYear = expectedOutflowPerYear
        self.costPerClientPerYear = costPerClientPerYear
    }
}

/// A regional risk pool: deficits above a share of the budget are covered
/// (in part), paid for by all municipalities in proportion to their budgets.
public struct RiskPool: Hashable, Sendable {
    public var thresholdShare: Double
    public var coverage: Double

    public init(thresholdShare: Double, coverage: Double) {
        self.thresholdShare = thresholdShare
        self.coverage = coverage
    }
}

/// A region's money per year (euro), before it is distributed.
public struct RegionBudget: Hashable, Sendable {
    public var bw: YearPath<Double>
    public var mo: YearPath<Double>

    public init(bw: YearPath<Double>, mo: YearPath<Double> = YearPath(constant: 0)) {
        self.bw = bw
        self.mo = mo
    }
}
