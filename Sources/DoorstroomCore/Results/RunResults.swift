/// The per-replication yearly metrics of a run: for each region, each
/// replication's flat array laid out [year][unit][metric]. Everything a
/// summary needs; runs on disjoint replications merge by concatenation.
///
/// A streamed run (``MonteCarloRunner/streamedSummary``) holds less: its
/// `summary.csv` (and `monthly.csv`) rows per region, made while it ran, and
/// of each replication only the cells of ``keptCells``.
public struct RunResults: Sendable {
    public let scenario: Scenario
    /// Units per region: its municipalities, then `unknown`, `outside` and `ALL` (``Region/unitNames``).
    public let unitNames: [[String]]
    /// values[region][replication] = that replication's metrics: every cell,
    /// or in a streamed run only those of ``keptCells``, in their order.
    public var values: [[[Double]]]
    /// Per region, the cells a streamed run kept of each replication; nil: every cell.
    public internal(set) var keptCells: [KeptCells]?
    /// The rows a streamed run summarised as it ran; nil: summarised from ``values``.
    public internal(set) var streamed: StreamedSummary?
    /// Month-end levels per region and replication, [month][unit][``Metric/monthly``]; empty unless asked for.
    public var monthly: [[[Double]]] = []
    /// The BW ingroeipad weight w per region and year (empty without finance).
    public let budgetWeights: [[Double]]
    /// Per region and year: whether `cap_per_inhabitant` changed any
    /// municipality's budget (empty without a cap or without finance).
    public var capBinding: [[Bool]] = []
    /// Per region: its budget plan (nil without finance), for `ingroeipad.csv`.
    var budgetPlans: [BudgetPlan?] = []
    /// The number of the first replication held (non-zero for a shard).
    public var firstReplication = 0
    /// Client-events the engine processed for these results (``RegionSimulation/clientEvents``);
    /// shared by the scenarios of one client simulation.
    public var clientEvents = 0
    /// The uncertain parameters each replication drew (nil when the scenario has none).
    public var uncertainty: UncertainParameters?

    public var replicationCount: Int { values.first?.count ?? 0 }
    /// The replications held, by number.
    public var replications: Range<Int> { firstReplication..<(firstReplication + replicationCount) }
    public var yearCount: Int { scenario.years.count }

    public init(scenario: Scenario, values: [[[Double]]], budgetWeights: [[Double]] = []) {
        self.scenario = scenario
        self.values = values
        self.budgetWeights = budgetWeights
        unitNames = scenario.regions.map(\.unitNames)
    }

    /// The value of one metric for one replication.
    public func value(region: Int, replication: Int, year: Int, unit: Int, metric: Int) -> Double {
        values[region][replication][index(region: region, year: year, unit: unit, metric: metric)]
    }

    /// The values of one metric across replications, in replication order.
    public func sample(region: Int, year: Int, unit: Int, metric: Int) -> [Double] {
        let offset = index(region: region, year: year, unit: unit, metric: metric)
        return values[region].map { $0[offset] }
    }

    /// Where a cell is in a replication's array of `values[region]`.
    private func index(region: Int, year: Int, unit: Int, metric: Int) -> Int {
        let offset = (year * unitNames[region].count + unit) * Metric.count + metric
        guard let keptCells else { return offset }
        guard let k = keptCells[region].index(of: offset) else {
            preconditionFailure("a streamed run did not keep \(scenario.regions[region].name) \(unitNames[region][unit]) "
                                + "\(scenario.years[year]) \(Metric.all[metric].name) of each replication")
        }
        return k
    }

    /// Whether every cell of every replication is held (not a streamed run).
    public var holdsEveryCell: Bool { keptCells == nil }

    /// The `ALL` unit of a region.
    public func allUnit(region: Int) -> Int { unitNames[region].count - 1 }

    /// Whether a metric is reported for this run (financial ones only with finance).
    public func reports(_ metric: MetricDefinition) -> Bool {
        (!metric.finance || scenario.finance != nil) && filter.metrics.map { $0.contains(metric.name) } != false
    }

    /// Which cells the outputs hold (all unless narrowed with `--metrics`, `--years`, `--regions-only`).
    public var filter = OutputFilter()

    /// The indices (into ``Scenario/years``) of the years the outputs hold.
    public var reportedYears: [Int] {
        scenario.years.indices.filter { filter.years?.contains(scenario.years[$0]) ?? true }
    }

    /// Whether a unit is worth reporting: `unknown` and `outside` only when
    /// the region can have such clients.
    public func reports(unit: Int, region: Int) -> Bool {
        if filter.regionsOnly && unit != allUnit(region: region) { return false }
        let r = scenario.regions[region]
        switch unit - r.municipalities.count {
        case 0: return r.unknownOriginShare > 0 || (r.initialUnknownOriginShare ?? 0) > 0
        case 1: return r.outsideRegionShare > 0
        default: return true
        }
    }
}

/// The cells of one region that a streamed run keeps of each replication
/// (for the national total, the after-run checks and `sensitivity.csv`),
/// by their offset in the full [year][unit][metric] array.
public struct KeptCells: Sendable {
    /// The kept offsets, ascending: a kept replication's array holds these cells in this order.
    public let offsets: [Int]
    /// Per offset of the full array, its place in the kept one, or −1.
    private let places: [Int32]

    init(offsets: [Int], cellCount: Int) {
        self.offsets = offsets.sorted()
        var places = [Int32](repeating: -1, count: cellCount)
        for (k, offset) in self.offsets.enumerated() { places[offset] = Int32(k) }
        self.places = places
    }

    /// The cells a streamed run of `scenario` keeps of region `region`: the
    /// region's `ALL` unit, every year and metric; with `sensitivity`, also
    /// the last year's cumulative balance and total cost of every unit.
    init(scenario: Scenario, region: Int, sensitivity: Bool) {
        let units = scenario.regions[region].unitNames.count
        let years = scenario.years.count
        var offsets = Set<Int>()
        for y in 0..<years {
            for m in 0..<Metric.count { offsets.insert(((y * units) + units - 1) * Metric.count + m) }
        }
        if sensitivity {
            for u in 0..<units {
                for m in [Metric.balanceCumulative, Metric.costTotal] { offsets.insert(((years - 1) * units + u) * Metric.count + m) }
            }
        }
        self.init(offsets: Array(offsets), cellCount: years * units * Metric.count)
    }

    /// The place of full-array `offset` in a kept array, or nil if not kept.
    func index(of offset: Int) -> Int? {
        let k = places[offset]
        return k >= 0 ? Int(k) : nil
    }

    /// The kept cells of a replication's full array.
    func pick(_ full: [Double]) -> [Double] { offsets.map { full[$0] } }
}

/// The rows of `summary.csv` and `monthly.csv` a streamed run made per
/// region as soon as the region's replications were done, for `filter`.
public struct StreamedSummary: Sendable {
    /// The filter the rows were made for: the results must be written with it.
    public let filter: OutputFilter
    /// Per region, its rows of `summary.csv` (without the header and the national rows).
    public let summary: [String]
    /// Per region, its rows of `monthly.csv`; nil without month-end levels.
    public let monthly: [String]?
}
