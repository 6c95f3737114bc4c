/// A yearly metric: its name in `summary.csv`, its unit, and whether it is
/// reported per municipality or only for the region as a whole.
public struct MetricDefinition: Hashable, Sendable {
    public var name: String
    public var unit: String
    /// Reported only in the region's `ALL` rows (e.g. capacity, utilisation).
    public var regionOnly: Bool
    /// A financial metric: reported only when the scenario has a `finance` section.
    public var finance: Bool
    public var description: String
}

/// The catalogue of yearly metrics, in output order. Index constants place
/// each metric in a replication's flat result array.
///
/// A value that is undefined in a replication (a wait in a year nobody was
/// admitted, a share of an empty base, utilisation without a limit, the
/// cohort before its year) is NaN there, never 0: an empty field in
/// `replications.csv`, left out of `summary.csv`'s statistics and of paired
/// differences.
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
    static let cohortIntramuralShare = cohortIntramuralEnd + 1
    static let intakeBWExtra = cohortIntramuralShare + 1
    static let intakeMOFamily = intakeBWExtra + 1
    static let legacyMean = intakeMOFamily + 1
    static let stuckExits = legacyMean + 1
    static let cost = stuckExits + 1
    static let costWaitingSupport = cost + stateCount
    static let costFixed = costWaitingSupport + 1
    static let costInvestment = costFixed + 1
    static let costElsewhere = costInvestment + 1
    static let costTotal = costElsewhere + 1
    static let budget = costTotal + 1
    static let capAdjustment = budget + 1
    static let wlzSettlement = capAdjustment + 1
    static let riskPoolNet = wlzSettlement + 1
    static let balance = riskPoolNet + 1
    static let balanceCumulative = balance + 1
    static let deficit = balanceCumulative + 1
    static let deficitOverThreshold = deficit + 1
    static let budgetWeight = deficitOverThreshold + 1
    static let centrumgemeenteCostShare = budgetWeight + 1
    /// Number of yearly metrics.
    public static let count = centrumgemeenteCostShare + 1

    /// Every metric, indexed as in a replication's result.
    public static let all: [MetricDefinition] = {
        var list: [MetricDefinition] = []
        func add(_ name: String, _ unit: String, _ description: String, regionOnly: Bool = false, finance: Bool = false) {
            list.append(MetricDefinition(name: name, unit: unit, regionOnly: regionOnly, finance: finance, description: description))
        }
        for s in CareState.allCases { add("occupancy_mean_\(s.key)", "clients", "time-average number of clients in \(s.key) care") }
        for s in CareState.allCases { add("occupancy_end_\(s.key)", "clients", "clients in \(s.key) care on 31 December") }
        for s in CareState.allCases { add("waiting_mean_\(s.key)", "clients", "time-average number waiting for a \(s.key) place") }
        for s in CareState.allCases { add("waiting_end_\(s.key)", "clients", "clients waiting for a \(s.key) place on 31 December") }
        for s in CareState.allCases { add("admissions_\(s.key)", "clients/year", "admissions to \(s.key) care, from intake or another state") }
        for s in CareState.allCases { add("departures_\(s.key)", "clients/year", "departures from \(s.key) care, to another state or an exit") }
        for s in CareState.allCases { add("capacity_\(s.key)", "places", "\(s.key) places (0 = no limit)", regionOnly: true) }
        for s in CareState.allCases { add("utilisation_\(s.key)", "fraction", "mean occupancy / places (empty when there is no limit)", regionOnly: true) }
        for e in Exit.allCases { add("outflow_\(e.key)", "clients/year", "clients leaving to \(e.key)") }
        add("intake_bw", "clients/year", "new BW applicants (before the access decision)")
        add("intake_mo", "clients/year", "new MO (shelter) applicants")
        add("reentries", "clients/year", "clients returning after leaving to independence")
        add("care_inflow", "clients/year", "clients entering care from outside care")
        add("care_outflow", "clients/year", "clients leaving care to an exit")
        add("in_care_end", "clients", "clients in any care state on 31 December")
        add("wait_days_mean", "days", "mean wait of clients admitted from outside care this year (0 = admitted at once; empty when nobody was admitted)")
        add("wait_days_p90", "days", "90th percentile of those waits (empty when nobody was admitted)")
        add("blocked_mean", "clients", "time-average number ready to leave but without a dwelling")
        add("blocked_end", "clients", "clients blocked on 31 December")
        add("legacy_end", "clients", "legacy-regime clients in care on 31 December")
        add("cohort_in_care_end", "clients", "clients of the cohort (in care on 1 January of the cohort year) still in care on 31 December (empty before the cohort year)")
        add("cohort_intramural_end", "clients", "clients of the cohort in intramural care on 31 December (empty before the cohort year)")
        add("cohort_intramural_share", "fraction", "share of the cohort's intramural clients still in intramural care on 31 December (empty when the cohort had none)")
        add("intake_bw_extra", "clients/year", "extra BW applicants outside the recorded inflow (intake.bw_extra)")
        add("intake_mo_family", "households/year", "new MO family applicants (intake.mo_family)")
        add("legacy_mean", "clients", "time-average number of legacy-regime clients in care")
        add("stuck_exits", "clients/year", "clients who died or moved to the Wlz (or away) while blocked or waiting for a transfer")
        for s in CareState.allCases {
            add("cost_\(s.key)", "euro", "cost of \(s.key) client-days, by payer", finance: true)
        }
        add("cost_waiting_support", "euro", "cost of ambulant support for new-regime applicants waiting for a BW place, by payer", finance: true)
        add("cost_fixed", "euro", "fixed cost of places, used or not, shared by `fixed_cost_allocation`", finance: true)
        add("cost_investment", "euro", "one-off investments (paid by the centrumgemeente)", finance: true)
        add("cost_elsewhere", "euro", "cost of the region's own residents in other regions' facilities (finance.residents_elsewhere_ratio), by municipality of origin", finance: true)
        add("cost_total", "euro", "all costs of the payer", finance: true)
        add("budget", "euro", "BW and MO budget: (1 − w) × historical + w × objective, after the Wlz deduction and the cap", finance: true)
        add("cap_adjustment", "euro", "budget after the cap minus the budget the distribution alone would give (0 where the cap does not bind)", finance: true)
        add("wlz_settlement", "euro", "ex-post Wlz settlement: (expected − simulated Wlz outflow since the start) × cost per client (to the centrumgemeente by default)", finance: true)
        add("risk_pool_net", "euro", "received from minus paid into the regional risk pool", finance: true)
        add("balance", "euro", "budget + settlement + pool − cost", finance: true)
        add("balance_cumulative", "euro", "balance summed from the start year", finance: true)
        add("deficit", "probability", "1 if the balance is negative; its mean is P(deficit)", finance: true)
        add("deficit_over_threshold", "probability", "1 if the deficit exceeds the threshold share of the budget; its mean is P(deficit > x × budget)", finance: true)
        add("budget_weight", "fraction", "w, the weight of the objective distribution in the BW budget", regionOnly: true, finance: true)
        add("centrumgemeente_cost_share", "fraction", "share of the region's cost paid by the centrumgemeente (empty when the region has no cost)", regionOnly: true, finance: true)
        precondition(list.count == count)
        return list
    }()

    /// The metrics reported per month with `--monthly`: levels on the last day
    /// of each month (indices into ``all``).
    public static let monthly: [Int] = (0..<stateCount).map { occupancyEnd + $0 } + (0..<stateCount).map { waitingEnd + $0 }
        + [blockedEnd, inCareEnd]

    /// The index of the metric called `name`.
    public static func index(of name: String) -> Int? { all.firstIndex { $0.name == name } }
}
