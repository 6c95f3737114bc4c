/// The per-replication yearly metrics of a run: for each region, each
/// replication's flat array laid out [year][unit][metric]. Everything a
/// summary needs; runs on disjoint replications merge by concatenation.
public struct RunResults: Sendable {
    public let scenario: Scenario
    /// Units per region: its municipalities, then `unknown`, `outside` and `ALL` (``Region/unitNames``).
    public let unitNames: [[String]]
    /// values[region][replication] = that replication's metrics.
    public var values: [[[Double]]]
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
        values[region][replication][(year * unitNames[region].count + unit) * Metric.count + metric]
    }

    /// The values of one metric across replications, in replication order.
    public func sample(region: Int, year: Int, unit: Int, metric: Int) -> [Double] {
        let offset = (year * unitNames[region].count + unit) * Metric.count + metric
        return values[region].map { $0[offset] }
    }

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
