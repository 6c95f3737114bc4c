import Foundation

/// A care state a client can occupy. The waiting list is not a state: a
/// client waits *for* a state (see ``Region/capacity``).
public enum CareState: Int, CaseIterable, Sendable, Hashable, BitwiseCopyable {
    /// Intramural BW: 24-hour sheltered housing.
    case intramural
    /// Tussenvorm: intermediate, small-scale housing (BW light, skaeve huse).
    case tussenvorm
    /// Ambulant: Beschermd Thuis, own home with support.
    case ambulant
    /// MO: shelter (maatschappelijke opvang, night shelter).
    case shelter

    /// The name used in scenario files and outputs.
    public var key: String {
        switch self {
        case .intramural: return "intramural"
        case .tussenvorm: return "tussenvorm"
        case .ambulant: return "ambulant"
        case .shelter: return "shelter"
        }
    }
}

/// An absorbing exit from care.
public enum Exit: Int, CaseIterable, Sendable, Hashable {
    case independent, wlz, died, movedOut
    /// Diverted to lighter support at the access decision.
    case diverted
    /// Left the waiting list after their patience ran out.
    case reneged

    public var key: String {
        switch self {
        case .independent: return "independent"
        case .wlz: return "wlz"
        case .died: return "died"
        case .movedOut: return "moved_out"
        case .diverted: return "diverted"
        case .reneged: return "reneged"
        }
    }
}

/// Where a stay ends: another care state, or an exit.
public enum Destination: Hashable, Sendable {
    case state(CareState)
    case exit(Exit)

    public var key: String {
        switch self {
        case let .state(s): return s.key
        case let .exit(e): return e.key
        }
    }

    /// The destinations a stay route may name.
    static let routeKeys: [String: Destination] = [
        "intramural": .state(.intramural), "tussenvorm": .state(.tussenvorm),
        "ambulant": .state(.ambulant), "shelter": .state(.shelter),
        "independent": .exit(.independent), "wlz": .exit(.wlz),
        "died": .exit(.died), "moved_out": .exit(.movedOut),
    ]
}

/// One competing risk out of a state: the time to it is drawn from
/// `distribution` at entry; the earliest route wins.
public struct Route: Hashable, Sendable {
    public var destination: Destination
    public var distribution: Distribution
    /// Only clients with a lasting need (for 24-hour supervision) take it.
    public var lastingNeedOnly: Bool

    public init(destination: Destination, distribution: Distribution, lastingNeedOnly: Bool = false) {
        self.destination = destination
        self.distribution = distribution
        self.lastingNeedOnly = lastingNeedOnly
    }
}

/// A client segment (e.g. GGZ/EPA, autism, LVB, addiction): a share of the
/// clients, with stays that may differ from the scenario's.
public struct Segment: Hashable, Sendable {
    public var name: String
    /// Share of new and start-date clients in this segment.
    public var share: Double
    /// Routes per state: the scenario's, with this segment's routes replacing
    /// those to the same destination.
    public var stays: [CareState: [Route]]

    public init(name: String, share: Double, stays: [CareState: [Route]]) {
        self.name = name
        self.share = share
        self.stays = stays
    }
}

/// Shares of new BW clients by outcome of the access decision at intake.
public struct AccessShares: Hashable, Sendable {
    public var intramural: Double
    public var tussenvorm: Double
    public var ambulant: Double
    public var diverted: Double

    public init(intramural: Double, tussenvorm: Double, ambulant: Double, diverted: Double = 0) {
        self.intramural = intramural
        self.tussenvorm = tussenvorm
        self.ambulant = ambulant
        self.diverted = diverted
    }

    /// (1 − w) × self + w × other.
    public func blended(with other: AccessShares, weight w: Double) -> AccessShares {
        AccessShares(intramural: intramural * (1 - w) + other.intramural * w,
                     tussenvorm: tussenvorm * (1 - w) + other.tussenvorm * w,
                     ambulant: ambulant * (1 - w) + other.ambulant * w,
                     diverted: diverted * (1 - w) + other.diverted * w)
    }
}

/// Arrivals per municipality of origin: Poisson with a yearly rate, optionally
/// gamma-mixed per year (negative binomial counts).
public struct IntakeSpec: Hashable, Sendable {
    /// Arrivals per 10,000 inhabitants per year (a path over the years).
    public var ratePer10k: YearPath<Double>
    /// Relative change of the rate per year: rate × (1 + trend)^(year − start).
    public var trendPerYear: Double
    /// Shape k of the gamma mixing of each year's rate (mean 1, variance 1/k);
    /// nil for pure Poisson.
    public var dispersionShape: Double?

    public init(ratePer10k: YearPath<Double>, trendPerYear: Double = 0, dispersionShape: Double? = nil) {
        self.ratePer10k = ratePer10k
        self.trendPerYear = trendPerYear
        self.dispersionShape = dispersionShape
    }
}

extension IntakeSpec {
    /// Expected applicants in `year` from `population` inhabitants, before
    /// dispersion: rate × population / 10,000 × (1 + trend)^(year − start).
    public func expectedArrivals(population: Double, year: Int, startYear: Int) -> Double {
        ratePer10k.value(in: year) * population / 10_000 * pow(1 + trendPerYear, Double(year - startYear))
    }

    /// Expected applicants in `year` of all `streams` together, plus
    /// `extraPerYear` (`bw_extra`), from `population` inhabitants.
    static func expectedArrivals(of streams: [IntakeSpec?], extraPerYear: Double, population: Double,
                                 year: Int, startYear: Int) -> Double {
        extraPerYear + streams.compactMap { $0 }.map {
            $0.expectedArrivals(population: population, year: year, startYear: startYear)
        }.reduce(0, +)
    }

    /// The same rate every year.
    public init(ratePer10k: Double, trendPerYear: Double = 0, dispersionShape: Double? = nil) {
        self.init(ratePer10k: YearPath(constant: ratePer10k), trendPerYear: trendPerYear, dispersionShape: dispersionShape)
    }
}

/// A municipality of a region.
public struct Municipality: Hashable, Sendable {
    public var name: String
    public var population: Int
    /// Share of the region's objective budget (finance); nil if not given.
    public var objectiveShare: Double?
    /// Share of the region's BW facility places located here; nil if not given
    /// (then all places are in the centrumgemeente).
    public var placesShare: Double?
    /// Share of the region's BW applicants who come from here; nil = by population.
    public var bwOriginShare: Double?
    /// Share of the region's MO applicants who come from here; nil = by population.
    public var moOriginShare: Double?
    /// Share of the region's objective MO money; nil = `objectiveShare`.
    public var moObjectiveShare: Double?

    /// The share columns of a municipality table, by column name.
    static var shareColumns: [(name: String, keyPath: WritableKeyPath<Municipality, Double?>)] {
        [("objective_share", \.objectiveShare), ("places_share", \.placesShare),
         ("bw_origin_share", \.bwOriginShare), ("mo_origin_share", \.moOriginShare),
         ("mo_objective_share", \.moObjectiveShare)]
    }

    public init(name: String, population: Int, objectiveShare: Double? = nil, placesShare: Double? = nil) {
        self.name = name
        self.population = population
        self.objectiveShare = objectiveShare
        self.placesShare = placesShare
    }
}

/// The stock at the start date.
public struct InitialStock: Hashable, Sendable {
    /// Clients in each care state.
    public var inCare: [CareState: Int]
    /// Clients on the waiting list for each care state.
    public var waiting: [CareState: Int]

    public init(inCare: [CareState: Int] = [:], waiting: [CareState: Int] = [:]) {
        self.inCare = inCare
        self.waiting = waiting
    }
}

/// A centrumgemeente region: its municipalities, stock, capacity and housing.
public struct Region: Hashable, Sendable {
    public var name: String
    /// The central city that held the BW/MO money until 2022.
    public var centrumgemeente: String
    public var municipalities: [Municipality]
    /// Share of new clients whose municipality of origin is unknown.
    public var unknownOriginShare: Double
    /// Share of new BW applicants who come from outside the region (national
    /// accessibility, 003 Table 11: 27 of 263 on the Den Haag waiting list).
    /// Under the woonplaatsbeginsel their municipality of origin, outside
    /// the region, pays: they are reported as the unit `outside`.
    public var outsideRegionShare: Double = 0
    /// Share of the start-date stock whose origin is unknown; nil = `unknownOriginShare`.
    public var initialUnknownOriginShare: Double?
    public var initial: InitialStock
    /// Places per care state per year; a state not listed has no limit.
    public var capacity: [CareState: YearPath<Double>]
    /// Dwellings per year for clients leaving intramural or tussenvorm care
    /// for an own home; nil means housing is no constraint.
    public var dwellingsPerYear: YearPath<Double>?
    /// The region's BW and MO money per year (finance).
    public var budget: RegionBudget?
    /// The region's shares of the national macro budgets, in a scenario with
    /// a national distribution (``FinanceSpec/national``) instead of ``budget``.
    public var nationalShares: NationalShares?

    public init(name: String, centrumgemeente: String, municipalities: [Municipality],
                unknownOriginShare: Double = 0, initial: InitialStock = InitialStock(),
                capacity: [CareState: YearPath<Double>] = [:], dwellingsPerYear: YearPath<Double>? = nil,
                budget: RegionBudget? = nil) {
        self.name = name
        self.centrumgemeente = centrumgemeente
        self.municipalities = municipalities
        self.unknownOriginShare = unknownOriginShare
        self.initial = initial
        self.capacity = capacity
        self.dwellingsPerYear = dwellingsPerYear
        self.budget = budget
    }

    /// The index of the centrumgemeente in ``municipalities``.
    public var centrumgemeenteIndex: Int {
        municipalities.firstIndex { $0.name == centrumgemeente } ?? 0
    }

    /// The reporting units of the region, in result order: its
    /// municipalities, `unknown` (the national safety net), `outside` (other
    /// regions' municipalities), then `ALL`.
    public var unitNames: [String] { municipalities.map(\.name) + ["unknown", "outside", "ALL"] }

    /// Inhabitants of the region: its municipalities together.
    public var population: Double { Double(municipalities.map(\.population).reduce(0, +)) }

    /// Each municipality's share of the region's applicants: the documented
    /// origin shares (`bw_origin_share`, `mo_origin_share`) where the table
    /// gives them, else population.
    func originShares(_ keyPath: KeyPath<Municipality, Double?>) -> [Double] {
        municipalities.map { $0[keyPath: keyPath] ?? Double($0.population) / population }
    }
}

/// Re-entry after leaving a care state to independence (the revolving door).
/// A client comes back to the kind of care it left: a shelter (MO) leaver
/// asks for a shelter place again, a BW leaver goes through the BW access
/// decision (see ``Scenario/reentry``).
public struct ReentrySpec: Hashable, Sendable {
    /// Probability that a client who left to independence comes back.
    public var probability: Double
    /// Time from leaving to coming back.
    public var delay: Distribution

    public init(probability: Double, delay: Distribution) {
        self.probability = probability
        self.delay = delay
    }
}

/// A one-off transfer of part of the stock to the Wlz at a date.
public struct WlzTransfer: Hashable, Sendable {
    /// Day of the transfer, counted from the start of the period (day 0 = 1 January of the start year).
    public var day: Double
    /// Probability that an eligible client transfers.
    public var share: Double
    /// Only clients with a lasting need are eligible.
    public var lastingNeedOnly: Bool
    /// The states whose clients are eligible.
    public var from: [CareState]

    public init(day: Double, share: Double, lastingNeedOnly: Bool = true, from: [CareState] = [.intramural]) {
        self.day = day
        self.share = share
        self.lastingNeedOnly = lastingNeedOnly
        self.from = from
    }
}

/// A complete scenario: everything a run needs, validated.
///
/// Scenario files are read by ``ScenarioLoader``; `docs/scenario-reference.md`
/// documents every field.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var description: String
    public var startYear: Int
    public var endYear: Int
    public var replications: Int
    public var seed: UInt64
    public var regions: [Region]
    /// BW intake (through the access decision).
    public var bwIntake: IntakeSpec?
    /// Extra BW applicants per year for the whole region, outside the recorded
    /// inflow (e.g. transfers, youth); spread over origins by population. A
    /// calibration term where stocks and recorded flows do not close.
    public var bwExtraPerYear: Double
    /// MO intake (straight to the shelter).
    public var moIntake: IntakeSpec?
    /// MO intake of families (households, straight to the shelter), counted apart.
    public var moFamilyIntake: IntakeSpec?
    /// Access decision shares per year for new BW clients.
    public var access: YearPath<AccessShares>
    /// Competing-risk routes out of each care state.
    public var stays: [CareState: [Route]]
    /// Client segments; empty when the scenario does not distinguish them.
    public var segments: [Segment] = []
    /// Share of new clients with a lasting need (eligible for Wlz routes).
    public var lastingNeedShare: Double
    /// Patience on the waiting list; nil means nobody leaves it.
    public var patience: Distribution?
    /// Re-entry per care state left to independence; a state not listed has none.
    public var reentry: [CareState: ReentrySpec]
    /// Clients who return within this many days keep their legacy regime.
    public var legacyReturnWindowDays: Double
    /// Remaining validity of the indications of the initial stock
    /// (overgangsrecht: legacy until reindication); nil keeps them legacy throughout.
    public var legacyIndicationRemaining: Distribution?
    /// Probability that a legacy client in care is not reindicated when the
    /// indication ends, and leaves care (to independence).
    public var legacyLeaveAtReindication: Double = 0
    /// For a period that starts before the decentralisation year: the
    /// remaining validity of the indications of the clients in care on
    /// 1 January of that year, who become legacy clients then; nil = as
    /// `legacyIndicationRemaining`.
    public var decentralisationIndicationRemaining: Distribution?
    /// As `legacyLeaveAtReindication`, for the indications of the
    /// decentralisation date; nil = the same.
    public var decentralisationLeaveAtReindication: Double?
    public var wlzTransfer: WlzTransfer?
    /// Costs, payers and budgets; nil for a scenario without finance.
    public var finance: FinanceSpec?
    /// The year on whose 1 January the clients in care form the cohort that the
    /// `cohort_…` metrics follow; nil = the start year.
    public var cohortYear: Int?
    /// Observed series for history runs and calibration.
    public var observed: [ObservedSeries] = []
    public var calibration: CalibrationSpec?
    /// What the scenario states about itself for the consistency checks
    /// (e.g. that it is stationary).
    public var diagnostics = DiagnosticsSpec()
    /// Every parameter as read, with its source note.
    public var parameters: [ParameterRecord]

    public init(name: String, description: String = "", startYear: Int, endYear: Int,
                replications: Int, seed: UInt64, regions: [Region],
                bwIntake: IntakeSpec? = nil, bwExtraPerYear: Double = 0, moIntake: IntakeSpec? = nil,
                access: YearPath<AccessShares> = YearPath(constant: AccessShares(intramural: 1, tussenvorm: 0, ambulant: 0)),
                stays: [CareState: [Route]] = [:], lastingNeedShare: Double = 0,
                patience: Distribution? = nil, reentry: [CareState: ReentrySpec] = [:],
                legacyReturnWindowDays: Double = 365, legacyIndicationRemaining: Distribution? = nil,
                wlzTransfer: WlzTransfer? = nil, finance: FinanceSpec? = nil, parameters: [ParameterRecord] = []) {
        self.name = name
        self.description = description
        self.startYear = startYear
        self.endYear = endYear
        self.replications = replications
        self.seed = seed
        self.regions = regions
        self.bwIntake = bwIntake
        self.bwExtraPerYear = bwExtraPerYear
        self.moIntake = moIntake
        self.access = access
        self.stays = stays
        self.lastingNeedShare = lastingNeedShare
        self.patience = patience
        self.reentry = reentry
        self.legacyReturnWindowDays = legacyReturnWindowDays
        self.legacyIndicationRemaining = legacyIndicationRemaining
        self.wlzTransfer = wlzTransfer
        self.finance = finance
        self.parameters = parameters
    }

    /// The simulated years, in order.
    public var years: [Int] { Array(startYear...endYear) }

    /// The first year of the new system, never before the start year: from
    /// `finance.decentralisation_year`, else the ingroeipad's start year, else
    /// the start year. Stored, so a run without finance (a calibration, the
    /// legacy-runoff pilot) keeps the same client history.
    public var decentralisationYear: Int {
        get { max(startYear, storedDecentralisationYear ?? startYear) }
        set { storedDecentralisationYear = newValue }
    }
    private var storedDecentralisationYear: Int?
}
