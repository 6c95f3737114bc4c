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

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, replications: Range<Int>? = nil,
                monthly: Bool = false, pilotReplications: Int = 100) {
        self.threads = max(1, threads)
        self.replications = replications
        self.monthly = monthly
        self.pilotReplications = max(1, pilotReplications)
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
    /// - Precondition: the scenarios have equal ``ClientFlows``.
    public func run(sharing scenarios: [Scenario],
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [RunResults] {
        precondition(!scenarios.isEmpty && Set(scenarios.map(ClientFlows.init)).count == 1,
                     "scenarios sharing a client simulation must have the same client flows")
        let flows = scenarios[0]
        let reps = replications ?? 0..<flows.replications
        let regionCount = flows.regions.count
        let plans = (0..<regionCount).map { RegionPlan(scenario: flows, regionIndex: $0) }
        let payments = paymentPlans(scenarios)
        let total = reps.count * regionCount
        let store = ResultSlots(count: total)
        let counter = WorkCounter()
        let workers = min(threads, max(total, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let item = counter.next(below: total) {
                let replication = reps.lowerBound + item / regionCount
                let r = item % regionCount
                var simulation = RegionSimulation(plan: plans[r], payments: payments.map { $0[r] },
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

    /// The payment plans per scenario and region (none without finance). A
    /// `legacy-runoff` ingroeipad's pilot runs once per pilot: scenarios with
    /// the same client flows and pilot length share it.
    private func paymentPlans(_ scenarios: [Scenario]) -> [[PaymentPlan]] {
        let pilot = LegacyRunoffPilot(replications: pilotReplications)
        var runoffs: [ClientFlows: [[Int: Double]]] = [:]
        return scenarios.compactMap { scenario in
            guard let finance = scenario.finance else { return nil }
            var runoff: [[Int: Double]]?
            if case .legacyRunoff = finance.ingroeipad.profile {
                let key = ClientFlows(pilot.pilotScenario(for: scenario))
                runoff = runoffs[key] ?? pilot.runoff(for: scenario, threads: threads)
                runoffs[key] = runoff
            }
            return scenario.regions.indices.map { r in
                PaymentPlan(scenario: scenario, finance: finance, regionIndex: r,
                            runoff: runoff.map { table in { table[r][$0] ?? 0 } })
            }
        }
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
