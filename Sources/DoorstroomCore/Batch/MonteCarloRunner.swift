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
        let reps = replications ?? 0..<scenario.replications
        let regionCount = scenario.regions.count
        var runoff: [[Int: Double]]?
        if case .legacyRunoff? = scenario.finance?.ingroeipad.profile {
            runoff = LegacyRunoffPilot(replications: pilotReplications).runoff(for: scenario, threads: threads)
        }
        let plans = (0..<regionCount).map { r in
            RegionPlan(scenario: scenario, regionIndex: r, runoff: runoff.map { table in { table[r][$0] ?? 0 } })
        }
        let total = reps.count * regionCount
        let store = ResultSlots(count: total)
        let counter = WorkCounter()
        let workers = min(threads, max(total, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let item = counter.next(below: total) {
                let replication = reps.lowerBound + item / regionCount
                var simulation = RegionSimulation(plan: plans[item % regionCount], replication: replication, monthly: monthly)
                store.set(item, (simulation.run(), simulation.recorder.monthly))
                if let progress { counter.finished(total: total, report: progress) }
            }
        }
        let flat = store.take()
        let values = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].yearly } }
        var results = RunResults(scenario: scenario, values: values, budgetWeights: plans.map { $0.budgets?.weight ?? [] })
        results.firstReplication = reps.lowerBound
        results.budgetPlans = plans.map(\.budgets)
        if scenario.finance?.capPerInhabitant != nil {
            results.capBinding = plans.map { $0.budgets?.capBinds ?? [] }
        }
        if monthly {
            results.monthly = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].monthly } }
        }
        return results
    }
}

/// One result slot per work item, written once by the thread that ran it.
private final class ResultSlots: @unchecked Sendable {
    // Invariant: slot i is written by exactly one work item, and read only
    // after concurrentPerform has returned (which orders all writes before).
    private let base: UnsafeMutablePointer<(yearly: [Double], monthly: [Double])>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: ([], []), count: count)
    }

    func set(_ i: Int, _ value: (yearly: [Double], monthly: [Double])) { base[i] = value }

    func take() -> [(yearly: [Double], monthly: [Double])] { Array(UnsafeBufferPointer(start: base, count: count)) }

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
