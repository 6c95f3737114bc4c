import Dispatch
import Foundation

/// Runs a scenario's replications in parallel with
/// `DispatchQueue.concurrentPerform`.
///
/// The work items are (replication, region) pairs. Each item draws only from
/// streams keyed by its own replication and region, and writes only its own
/// result slot, so the results are the same, bit for bit, whatever the number
/// of threads.
///
/// By default every replication's values are held until the end (a batch
/// pairs them across scenarios, `replications.csv` and a shard write them).
/// With ``streamedSummary`` a run that can stream (``streams(_:parameters:)``)
/// works region by region instead and summarises each region as soon as its
/// last replication is done, keeping of each replication only a few cells
/// (``KeptCells``): the same files, byte for byte, in memory that grows with
/// the replications times one region's cells, not with the number of regions.
public struct MonteCarloRunner: Sendable {
    public var threads: Int
    /// Replications to run: a sub-range of 0..<scenario.replications for a shard.
    public var replications: Range<Int>?
    /// Also record month-end levels (``RunResults/monthly``).
    public var monthly: Bool
    /// Replications of the pilot that fixes a `legacy-runoff` ingroeipad before the run.
    public var pilotReplications: Int
    /// The scenario's uncertain parameters, if any: each replication then runs
    /// the scenario read with its own draws (``UncertainParameters``).
    public var parameters: UncertainParameters?
    /// Summarise each region as soon as its replications are done, for the
    /// outputs of this filter, if the scenario can stream
    /// (``streams(_:parameters:)``); nil: hold every value to the end.
    public var streamedSummary: OutputFilter?

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, replications: Range<Int>? = nil,
                monthly: Bool = false, pilotReplications: Int = 100, parameters: UncertainParameters? = nil,
                streamedSummary: OutputFilter? = nil) {
        self.threads = max(1, threads)
        self.replications = replications
        self.monthly = monthly
        self.pilotReplications = max(1, pilotReplications)
        self.parameters = parameters
        self.streamedSummary = streamedSummary
    }

    /// Runs `scenario`; `progress` is called (from any thread, serialised) with
    /// the number of work items done and the total.
    public func run(_ scenario: Scenario,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> RunResults {
        if let filter = streamedSummary, Self.streams(scenario, parameters: parameters) {
            return runStreamed(scenario, filter: filter, progress: progress)
        }
        return run(sharing: [scenario], progress: progress)[0]
    }

    /// Whether a run of `scenario` can be summarised region by region: not
    /// when a budget evaluation re-bases the budgets on every region's costs
    /// of a replication, nor with uncertain parameters and several regions
    /// (every region of a replication reads that replication's scenario,
    /// which would then be read once per region or held for the whole run).
    public static func streams(_ scenario: Scenario, parameters: UncertainParameters?) -> Bool {
        scenario.finance?.evaluation == nil && (parameters == nil || scenario.regions.count == 1)
    }

    /// Runs scenarios that differ only in money over one client simulation
    /// per replication and region, with a payment book per scenario: each
    /// result is the one ``run(_:progress:)`` gives for that scenario alone,
    /// byte for byte, at the cost of one client simulation.
    ///
    /// - Precondition: the scenarios have equal ``ClientFlows``, and there is
    ///   one scenario when it has uncertain parameters (``parameters``).
    public func run(sharing scenarios: [Scenario],
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [RunResults] {
        precondition(!scenarios.isEmpty && Set(scenarios.map(ClientFlows.init)).count == 1,
                     "scenarios sharing a client simulation must have the same client flows")
        precondition(parameters == nil || scenarios.count == 1, "a scenario with uncertain parameters runs alone")
        let flows = scenarios[0]
        let reps = replications ?? 0..<flows.replications
        let regionCount = flows.regions.count
        let plans = (0..<regionCount).map { RegionPlan(scenario: flows, regionIndex: $0) }
        let money = moneyPlans(scenarios)
        let drawn = parameters.map {
            ReplicationScenarios(parameters: $0, base: flows, users: regionCount + (money.isEmpty ? 0 : 1))
        }
        // Where a work item's plans come from: the shared ones, or with
        // uncertain parameters one per (replication, region) from that
        // replication's scenario.
        let plan: @Sendable (_ replication: Int, _ region: Int) -> (RegionPlan, [PaymentPlan])
        if let drawn {
            plan = { replication, r in
                let scenario = drawn.scenario(replication)
                return (RegionPlan(scenario: scenario, regionIndex: r),
                        scenario.finance.map { [PaymentPlan(scenario: scenario, finance: $0, regionIndex: r)] } ?? [])
            }
        } else {
            plan = { _, r in (plans[r], money.map { $0.payments[r] }) }
        }
        let total = reps.count * regionCount
        let store = ParallelSlots<WorkResult>(count: total, initial: ([], []))
        let counter = WorkCounter()
        let workers = min(threads, max(total, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let item = counter.next(below: total) {
                let replication = reps.lowerBound + item / regionCount
                let (regionPlan, paymentPlans) = plan(replication, item % regionCount)
                var simulation = RegionSimulation(plan: regionPlan, payments: paymentPlans,
                                                  replication: replication, monthly: monthly)
                store.set(item, (simulation.run(), simulation.recorder.monthly))
                counter.finished(total: total, events: simulation.clientEvents, report: progress)
            }
        }
        // The budgets and balances of each replication, all its regions
        // together (an evaluation re-bases them on the costs of every region).
        if !money.isEmpty {
            let settlements = SettlementCounter()
            DispatchQueue.concurrentPerform(iterations: min(threads, max(reps.count, 1))) { _ in
                while let i = settlements.next(below: reps.count) {
                    let replication = reps.lowerBound + i
                    let slots = (0..<regionCount).map { i * regionCount + $0 }
                    for (k, book) in money.enumerated() {
                        var scenario = book.scenario, budgets = book.budgets
                        if let drawn {
                            scenario = drawn.scenario(replication)
                            budgets = BudgetPlan.plans(scenario: scenario, finance: scenario.finance!, runoff: book.runoff)
                        }
                        store.settle(slots, book: k, scenario: scenario, budgets: budgets, runoff: book.runoff)
                    }
                }
            }
        }
        let flat = store.take()
        return scenarios.indices.map { k in
            let scenario = scenarios[k]
            // Without finance there are no books: every scenario has the client metrics.
            let book = money.isEmpty ? 0 : k
            let values = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].yearly[book] } }
            let budgets: [BudgetPlan?] = money.isEmpty ? Array(repeating: nil, count: regionCount) : money[k].budgets
            var results = Self.results(scenario: scenario, values: values, budgets: budgets, firstReplication: reps.lowerBound)
            results.clientEvents = counter.clientEvents
            results.uncertainty = parameters
            if monthly {
                results.monthly = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].monthly } }
            }
            return results
        }
    }

    /// A run in region-major work order (region 0's replications, then
    /// region 1's, …): each work item simulates and settles one (replication,
    /// region), which needs only its own values and the ex-ante budget plan
    /// (there is no evaluation), and the thread that finishes a region's last
    /// replication writes that region's rows and frees its values but the
    /// kept cells. The other threads go on with the next region meanwhile,
    /// so no core waits but at the very end.
    private func runStreamed(_ scenario: Scenario, filter: OutputFilter,
                             progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) -> RunResults {
        let reps = replications ?? 0..<scenario.replications
        let n = reps.count
        let regionCount = scenario.regions.count
        let plans = (0..<regionCount).map { RegionPlan(scenario: scenario, regionIndex: $0) }
        let money = moneyPlans([scenario]).first
        let parameters = self.parameters
        let kept = (0..<regionCount).map {
            KeptCells(scenario: scenario, region: $0, sensitivity: parameters != nil && scenario.finance != nil)
        }
        // The scenario and filter the rows are made for; it holds no values.
        var shape = RunResults(scenario: scenario, values: [])
        shape.filter = filter
        let rowsFor = shape
        let monthly = self.monthly
        let total = n * regionCount
        let store = ParallelSlots<WorkResult>(count: total, initial: ([], []))
        let keptValues = ParallelSlots<[Double]>(count: total, initial: [])
        let rows = ParallelSlots<(summary: String, monthly: String)>(count: regionCount, initial: ("", ""))
        let counter = WorkCounter()
        let regionsDone = RegionCounter(regions: regionCount, replications: n)
        DispatchQueue.concurrentPerform(iterations: min(threads, max(total, 1))) { _ in
            while let item = counter.next(below: total) {
                let r = item / n, replication = reps.lowerBound + item % n
                var s = scenario, regionPlan = plans[r], payments = money.map { [$0.payments[r]] } ?? [], budget = money?.budgets[r]
                if let parameters {
                    // One region only (``streams``): the replication's scenario is read once.
                    do { s = try parameters.scenario(replication: replication, base: scenario) } catch {
                        // `UncertainParameters.check` read every replication before the run.
                        fatalError("replication \(replication)'s drawn scenario is invalid:\n\(error)")
                    }
                    regionPlan = RegionPlan(scenario: s, regionIndex: r)
                    payments = s.finance.map { [PaymentPlan(scenario: s, finance: $0, regionIndex: r)] } ?? []
                    if money != nil, let finance = s.finance {
                        budget = BudgetPlan.plans(scenario: s, finance: finance, runoff: money?.runoff)[r]
                    }
                }
                var simulation = RegionSimulation(plan: regionPlan, payments: payments, replication: replication, monthly: monthly)
                var yearly = simulation.run()[0]
                if money != nil, let finance = s.finance, let budget {
                    BudgetSettlement(finance: finance, plan: budget, region: s.regions[r], years: s.years).settle(&yearly)
                }
                keptValues.set(item, kept[r].pick(yearly))
                store.set(item, ([yearly], simulation.recorder.monthly))
                counter.finished(total: total, events: simulation.clientEvents, report: progress)
                guard regionsDone.finished(region: r) else { continue }
                // The region's last replication: its rows, then its values go.
                let slots = (r * n)..<((r + 1) * n)
                let region = slots.map { store.read($0) }
                for slot in slots { store.set(slot, ([], [])) }
                let yearlyValues = region.map { $0.yearly[0] }
                let units = rowsFor.unitNames[r].count
                let summary = SummaryTable.summaryRows(rowsFor, region: r) { u, y, m in
                    let offset = (y * units + u) * Metric.count + m
                    return yearlyValues.map { $0[offset] }
                }
                var monthlyRows = ""
                if monthly {
                    let months = region.map(\.monthly)
                    monthlyRows = SummaryTable.monthlyRows(rowsFor, region: r) { u, month, m in
                        let offset = SummaryTable.monthlyOffset(rowsFor, region: r, month: month, unit: u, metric: m)
                        return months.map { $0[offset] }
                    }
                }
                rows.set(r, (summary, monthlyRows))
            }
        }
        let values = (0..<regionCount).map { r in (0..<n).map { keptValues.read(r * n + $0) } }
        let budgets: [BudgetPlan?] = money?.budgets ?? Array(repeating: nil, count: regionCount)
        var results = Self.results(scenario: scenario, values: values, budgets: budgets, firstReplication: reps.lowerBound)
        let made = rows.take()
        results.keptCells = kept
        results.streamed = StreamedSummary(filter: filter, summary: made.map(\.summary), monthly: monthly ? made.map(\.monthly) : nil)
        results.filter = filter
        results.clientEvents = counter.clientEvents
        results.uncertainty = parameters
        return results
    }

    /// The results of `scenario` from its replications' yearly `values`
    /// (values[region][replication], from `firstReplication` on), as
    /// ``run(_:progress:)`` would have made them: with the budget plans fixed
    /// ex ante (a run-off pilot of ``pilotReplications`` first, if the
    /// ingroeipad follows one) and ``parameters``. `merge` makes a run of
    /// shards with it.
    public func results(of scenario: Scenario, values: [[[Double]]], firstReplication: Int = 0) -> RunResults {
        let money = moneyPlans([scenario])
        let budgets: [BudgetPlan?] = money.first?.budgets ?? Array(repeating: nil, count: scenario.regions.count)
        var results = Self.results(scenario: scenario, values: values, budgets: budgets, firstReplication: firstReplication)
        results.uncertainty = parameters
        return results
    }

    private static func results(scenario: Scenario, values: [[[Double]]], budgets: [BudgetPlan?], firstReplication: Int) -> RunResults {
        var results = RunResults(scenario: scenario, values: values, budgetWeights: budgets.map { $0?.weight ?? [] })
        results.firstReplication = firstReplication
        results.budgetPlans = budgets
        if scenario.finance?.capPerInhabitant != nil {
            results.capBinding = budgets.map { $0?.capBinds ?? [] }
        }
        return results
    }

    /// The money of each scenario with finance (none without): its payment
    /// plans per region, its ex-ante budget plans and its run-off estimate (nil
    /// unless its ingroeipad follows one). A run-off pilot runs once per
    /// pilot: scenarios with the same client flows and pilot length share it.
    private func moneyPlans(_ scenarios: [Scenario]) -> [ScenarioMoney] {
        let pilot = LegacyRunoffPilot(replications: pilotReplications)
        var runoffs: [ClientFlows: RunoffEstimate] = [:]
        return scenarios.compactMap { scenario in
            guard let finance = scenario.finance else { return nil }
            var runoff: RunoffEstimate?
            if finance.ingroeipad.followsRunoff {
                let key = ClientFlows(pilot.pilotScenario(for: scenario))
                runoff = runoffs[key] ?? pilot.runoff(for: scenario, threads: threads)
                runoffs[key] = runoff
            }
            return ScenarioMoney(scenario: scenario, runoff: runoff,
                                 payments: scenario.regions.indices.map { PaymentPlan(scenario: scenario, finance: finance, regionIndex: $0) },
                                 budgets: BudgetPlan.plans(scenario: scenario, finance: finance, runoff: runoff))
        }
    }
}

/// One finance variant's money in a run.
private struct ScenarioMoney: Sendable {
    let scenario: Scenario
    /// The run-off the ingroeipad follows (nil unless it follows one): fixed
    /// before the run, at the central values of any uncertain parameter.
    let runoff: RunoffEstimate?
    /// Per region.
    let payments: [PaymentPlan]
    /// Per region, as fixed before the run.
    let budgets: [BudgetPlan]
}

/// The scenario of each replication, read once and shared by its regions'
/// work items and its settlement (two may both read it; the result is the
/// same), dropped when the last of its `users` has taken it.
private final class ReplicationScenarios: @unchecked Sendable {
    // Invariant: `cache` and `uses` are only touched under `lock`; reading happens outside it.
    private let lock = NSLock()
    private var cache: [Int: Scenario] = [:]
    /// Users of a replication that have asked so far (removed with the last).
    private var uses: [Int: Int] = [:]
    let parameters: UncertainParameters
    let base: Scenario
    /// How many times each replication's scenario is asked for.
    let users: Int

    init(parameters: UncertainParameters, base: Scenario, users: Int) {
        self.parameters = parameters
        self.base = base
        self.users = users
    }

    func scenario(_ replication: Int) -> Scenario {
        lock.lock()
        let n = (uses[replication] ?? 0) + 1
        let last = n >= users
        uses[replication] = last ? nil : n
        let cached = cache[replication]
        if last { cache[replication] = nil }
        lock.unlock()
        if let cached { return cached }
        let s: Scenario
        do { s = try parameters.scenario(replication: replication, base: base) } catch {
            // `UncertainParameters.check` read every replication before the run.
            fatalError("replication \(replication)'s drawn scenario is invalid:\n\(error)")
        }
        lock.lock()
        if !last, uses[replication] != nil, cache[replication] == nil { cache[replication] = s }
        lock.unlock()
        return s
    }
}

/// A work item's results: its yearly values per payment book, and its month-end levels.
private typealias WorkResult = (yearly: [[Double]], monthly: [Double])

extension ParallelSlots where Element == WorkResult {
    /// Settles book `book` of the regions of one replication (its `slots`, in
    /// region order), re-basing its budgets first if the scenario evaluates.
    /// Each replication's slots are settled by one thread only.
    fileprivate func settle(_ slots: [Int], book: Int, scenario: Scenario, budgets: [BudgetPlan], runoff: RunoffEstimate?) {
        guard let finance = scenario.finance else { return }
        var budgets = budgets
        if let rule = finance.evaluation {
            let evaluation = BudgetEvaluation(scenario: scenario, finance: finance, rule: rule, runoff: runoff)
            budgets = evaluation.plans(exAnte: budgets, values: slots.map { read($0).yearly[book] })
        }
        for (r, slot) in slots.enumerated() {
            let settlement = BudgetSettlement(finance: finance, plan: budgets[r], region: scenario.regions[r], years: scenario.years)
            update(slot) { settlement.settle(&$0.yearly[book]) }
        }
    }
}

/// Hands out replications to settle, under a lock.
private typealias SettlementCounter = WorkCounter

/// Counts the finished replications of each region of a streamed run, under
/// a lock, which also orders every write of a region's work items before
/// the thread that finishes its last one reads them.
private final class RegionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [Int]

    init(regions: Int, replications: Int) {
        remaining = Array(repeating: replications, count: regions)
    }

    /// Counts one finished replication of `region`; true for its last.
    func finished(region: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        remaining[region] -= 1
        return remaining[region] == 0
    }
}

/// Hands out work items and counts finished ones, under a lock (a few
/// operations per replication, never per event).
private final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var nextItem = 0
    private var done = 0
    private var events = 0

    /// Client-events of the finished work items.
    var clientEvents: Int {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    func next(below total: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextItem < total else { return nil }
        nextItem += 1
        return nextItem - 1
    }

    func finished(total: Int, events: Int = 0, report: ((Int, Int) -> Void)?) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        self.events += events
        report?(done, total)
    }
}
