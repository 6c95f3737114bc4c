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
        let reps = replications ?? 0..<scenario.replications
        let regionCount = scenario.regions.count
        var runoff: [[Int: Double]]?
        if case .legacyRunoff? = scenario.finance?.ingroeipad.profile {
            runoff = LegacyRunoffPilot(replications: pilotReplications).runoff(for: scenario, threads: threads)
        }
        let plans = (0..<regionCount).map { r in
            RegionPlan(scenario: scenario, regionIndex: r, runoff: runoff.map { table in { table[r][$0] ?? 0 } })
        }
        // Where a work item's plan comes from: the shared plans, or with
        // uncertain parameters one per (replication, region) from that
        // replication's scenario (the legacy-runoff pilot stays at the
        // central values: the budget path is fixed before the years happen).
        let plan: @Sendable (_ replication: Int, _ region: Int) -> RegionPlan
        if let parameters {
            let scenarios = ReplicationScenarios(parameters: parameters, base: scenario, regions: regionCount)
            let table = runoff
            plan = { replication, r in
                RegionPlan(scenario: scenarios.scenario(replication), regionIndex: r,
                           runoff: table.map { table in { table[r][$0] ?? 0 } })
            }
        } else {
            plan = { plans[$1] }
        }
        let total = reps.count * regionCount
        let store = ResultSlots(count: total)
        let counter = WorkCounter()
        let workers = min(threads, max(total, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let item = counter.next(below: total) {
                let replication = reps.lowerBound + item / regionCount
                var simulation = RegionSimulation(plan: plan(replication, item % regionCount), replication: replication, monthly: monthly)
                store.set(item, (simulation.run(), simulation.recorder.monthly))
                if let progress { counter.finished(total: total, report: progress) }
            }
        }
        let flat = store.take()
        let values = (0..<regionCount).map { r in (0..<reps.count).map { flat[$0 * regionCount + r].yearly } }
        var results = RunResults(scenario: scenario, values: values, budgetWeights: plans.map { $0.budgets?.weight ?? [] })
        results.firstReplication = reps.lowerBound
        results.uncertainty = parameters
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
