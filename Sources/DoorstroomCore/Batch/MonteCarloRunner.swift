import Dispatch
import Foundation

/// Runs a scenario's replications in parallel with
/// `DispatchQueue.concurrentPerform`.
///
/// The work items are (replication, region) pairs. Each item draws only from
/// streams keyed by its own replication and region, and writes only its own
/// result slot, so the results are the same, bit for bit, whatever the number
/// of threads.
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

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, replications: Range<Int>? = nil,
                monthly: Bool = false, pilotReplications: Int = 100, parameters: UncertainParameters? = nil) {
        self.threads = max(1, threads)
        self.replications = replications
        self.monthly = monthly
        self.pilotReplications = max(1, pilotReplications)
        self.parameters = parameters
    }

    /// Runs `scenario`; `progress` is called (from any thread, serialised) with
    /// the number of work items done and the total.
    public func run(_ scenario: Scenario,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> RunResults {
        run(sharing: [scenario], progress: progress)[0]
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
        let (payments, runoffs) = paymentPlans(scenarios)
        // Where a work item's plans come from: the shared ones, or with
        // uncertain parameters one per (replication, region) from that
        // replication's scenario (the legacy-runoff pilot stays at the
        // central values: the budget path is fixed before the years happen).
        let plan: @Sendable (_ replication: Int, _ region: Int) -> (RegionPlan, [PaymentPlan])
        if let parameters {
            let drawn = ReplicationScenarios(parameters: parameters, base: flows, regions: regionCount)
            let runoff = runoffs.first ?? nil
            plan = { replication, r in
                let scenario = drawn.scenario(replication)
                return (RegionPlan(scenario: scenario, regionIndex: r),
                        scenario.finance.map { finance in
                            [PaymentPlan(scenario: scenario, finance: finance, regionIndex: r,
                                         runoff: runoff.map { table in { table[r][$0] ?? 0 } })]
                        } ?? [])
            }
        } else {
            plan = { _, r in (plans[r], payments.map { $0[r] }) }
        }
        let total = reps.count * regionCount
        let store = ResultSlots(count: total)
        let counter = WorkCounter()
        let workers = min(threads, max(total, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let item = counter.next(below: total) {
                let replication = reps.lowerBound + item / regionCount
                let (regionPlan, paymentPlans) = plan(replication, item % regionCount)
                var simulation = RegionSimulation(plan: regionPlan, payments: paymentPlans,
                                                  replication: replication, monthly: monthly)
                store.set(item, (simulation.run(), simulation.recorder.monthly))
                if let progress { counter.finished(total: total, report: progress) }
            }
        }
        let flat = store.take()
        return scenarios.indices.map { k in
            let scenario = scenarios[k]
            // Without finance there are no books: every scenario has the client metrics.
            let book = payments.isEmpty ? 0 : k
            let values = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].yearly[book] } }
            let budgets = payments.isEmpty ? Array(repeating: nil, count: regionCount) : payments[k].map(\.budgets)
            var results = RunResults(scenario: scenario, values: values, budgetWeights: budgets.map { $0?.weight ?? [] })
            results.firstReplication = reps.lowerBound
            results.uncertainty = parameters
            results.budgetPlans = budgets
            if scenario.finance?.capPerInhabitant != nil {
                results.capBinding = budgets.map { $0?.capBinds ?? [] }
            }
            if monthly {
                results.monthly = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].monthly } }
            }
            return results
        }
    }

    /// The payment plans per scenario and region (none without finance), and
    /// each scenario's legacy run-off (nil unless its ingroeipad follows it). A
    /// `legacy-runoff` ingroeipad's pilot runs once per pilot: scenarios with
    /// the same client flows and pilot length share it.
    private func paymentPlans(_ scenarios: [Scenario]) -> ([[PaymentPlan]], [[[Int: Double]]?]) {
        let pilot = LegacyRunoffPilot(replications: pilotReplications)
        var runoffs: [ClientFlows: [[Int: Double]]] = [:]
        var used: [[[Int: Double]]?] = []
        let plans: [[PaymentPlan]] = scenarios.compactMap { scenario in
            guard let finance = scenario.finance else { return nil }
            var runoff: [[Int: Double]]?
            if case .legacyRunoff = finance.ingroeipad.profile {
                let key = ClientFlows(pilot.pilotScenario(for: scenario))
                runoff = runoffs[key] ?? pilot.runoff(for: scenario, threads: threads)
                runoffs[key] = runoff
            }
            used.append(runoff)
            return scenario.regions.indices.map { r in
                PaymentPlan(scenario: scenario, finance: finance, regionIndex: r,
                            runoff: runoff.map { table in { table[r][$0] ?? 0 } })
            }
        }
        return (plans, used)
    }
}

/// The scenario of each replication, read once and shared by its regions'
/// work items (two items may both read it; the result is the same), dropped
/// when the last of them has taken it.
private final class ReplicationScenarios: @unchecked Sendable {
    // Invariant: `cache` and `uses` are only touched under `lock`; reading happens outside it.
    private let lock = NSLock()
    private var cache: [Int: Scenario] = [:]
    /// Work items of a replication that have asked so far (removed with the last).
    private var uses: [Int: Int] = [:]
    let parameters: UncertainParameters
    let base: Scenario
    let regions: Int

    init(parameters: UncertainParameters, base: Scenario, regions: Int) {
        self.parameters = parameters
        self.base = base
        self.regions = regions
    }

    func scenario(_ replication: Int) -> Scenario {
        lock.lock()
        let n = (uses[replication] ?? 0) + 1
        let last = n >= regions
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

/// One result slot per work item, written once by the thread that ran it.
private final class ResultSlots: @unchecked Sendable {
    // Invariant: slot i is written by exactly one work item, and read only
    // after concurrentPerform has returned (which orders all writes before).
    private let base: UnsafeMutablePointer<(yearly: [[Double]], monthly: [Double])>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: ([], []), count: count)
    }

    func set(_ i: Int, _ value: (yearly: [[Double]], monthly: [Double])) { base[i] = value }

    func take() -> [(yearly: [[Double]], monthly: [Double])] { Array(UnsafeBufferPointer(start: base, count: count)) }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Hands out work items and counts finished ones, under a lock (a few
/// operations per replication, never per event).
private final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var nextItem = 0
    private var done = 0

    func next(below total: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextItem < total else { return nil }
        nextItem += 1
        return nextItem - 1
    }

    func finished(total: Int, report: (Int, Int) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        report(done, total)
    }
}
