/// A yearly metric: its name in `summary.csv`, its unit, and whether it is
/// reported per municipality or only for the region as a whole.
public struct MetricDefinition: Hashable, Sendable {
    public var name: String
    public var unit: String
    /// Reported only in the region's `ALL` rows (e.g. capacity, utilisation).
    public var regionOnly: Bool
    public var description: String
}

/// The catalogue of yearly metrics, in output order. Index constants place
/// each metric in a replication's flat result array.
///
/// Municipality rows attribute a client to the municipality of origin
/// (woonplaatsbeginsel); `unknown` holds clients of unknown origin; `ALL` is
/// the region.
public enum Metric {
    static let stateCount = CareState.allCases.count
    static let exitCount = Exit.allCases.count

    static let occupancyMean = 0
    static let occupancyEnd = occupancyMean + stateCount
    static let waitingMean = occupancyEnd + stateCount
    static let waitingEnd = waitingMean + stateCount
    static let admissions = waitingEnd + stateCount
    static let departures = admissions + stateCount
    static let capacity = departures + stateCount
    static let utilisation = capacity + stateCount
    static let outflow = utilisation + stateCount
    static let intakeBW = outflow + exitCount
    static let intakeMO = intakeBW + 1
    static let reentries = intakeMO + 1
    static let careInflow = reentries + 1
    static let careOutflow = careInflow + 1
    static let inCareEnd = careOutflow + 1
    static let waitDaysMean = inCareEnd + 1
    static let waitDaysP90 = waitDaysMean + 1
    static let blockedMean = waitDaysP90 + 1
    static let blockedEnd = blockedMean + 1
    static let legacyEnd = blockedEnd + 1
    static let cohortInCareEnd = legacyEnd + 1
    static let cohortIntramuralEnd = cohortInCareEnd + 1
    /// Number of yearly metrics.
    public static let count = cohortIntramuralEnd + 1

    /// Every metric, indexed as in a replication's result.
    public static let all: [MetricDefinition] = {
        var list: [MetricDefinition] = []
        func add(_ name: String, _ unit: String, _ description: String, regionOnly: Bool = false) {
            list.append(MetricDefinition(name: name, unit: unit, regionOnly: regionOnly, description: description))
        }
        for s in CareState.allCases { add("occupancy_mean_\(s.key)", "clients", "time-average number of clients in \(s.key) care") }
        for s in CareState.allCases { add("occupancy_end_\(s.key)", "clients", "clients in \(s.key) care on 31 December") }
        for s in CareState.allCases { add("waiting_mean_\(s.key)", "clients", "time-average number waiting for a \(s.key) place") }
        for s in CareState.allCases { add("waiting_end_\(s.key)", "clients", "clients waiting for a \(s.key) place on 31 December") }
        for s in CareState.allCases { add("admissions_\(s.key)", "clients/year", "admissions to \(s.key) care, from intake or another state") }
        for s in CareState.allCases { add("departures_\(s.key)", "clients/year", "departures from \(s.key) care, to another state or an exit") }
        for s in CareState.allCases { add("capacity_\(s.key)", "places", "\(s.key) places (0 = no limit)", regionOnly: true) }
        for s in CareState.allCases { add("utilisation_\(s.key)", "fraction", "mean occupancy / places (0 when there is no limit)", regionOnly: true) }
        for e in Exit.allCases { add("outflow_\(e.key)", "clients/year", "clients leaving to \(e.key)") }
        add("intake_bw", "clients/year", "new BW applicants (before the access decision)")
        add("intake_mo", "clients/year", "new MO (shelter) applicants")
        add("reentries", "clients/year", "clients returning after leaving to independence")
        add("care_inflow", "clients/year", "clients entering care from outside care")
        add("care_outflow", "clients/year", "clients leaving care to an exit")
        add("in_care_end", "clients", "clients in any care state on 31 December")
        add("wait_days_mean", "days", "mean wait of clients admitted from outside care this year (0 = admitted at once)")
        add("wait_days_p90", "days", "90th percentile of those waits")
        add("blocked_mean", "clients", "time-average number ready to leave but without a dwelling")
        add("blocked_end", "clients", "clients blocked on 31 December")
        add("legacy_end", "clients", "legacy-regime clients in care on 31 December")
        add("cohort_in_care_end", "clients", "clients of the start-date stock still in care on 31 December")
        add("cohort_intramural_end", "clients", "clients of the start-date stock in intramural care on 31 December")
        precondition(list.count == count)
        return list
    }()

    /// The index of the metric called `name`.
    public static func index(of name: String) -> Int? { all.firstIndex { $0.name == name } }
}
