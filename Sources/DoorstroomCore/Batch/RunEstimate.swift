import Foundation

/// What a run will need, estimated before it starts from the scenario's size,
/// so that a run far beyond the machine is refused at once rather than
/// aborting in allocation hours later.
///
/// Memory: every replication keeps one value per year, unit and metric (and
/// per month with `--monthly`) until the summary is written; each worker
/// thread holds one replication's clients. Checked against measured peaks:
/// the national scenario grows by 2.4 MB per replication (estimate 2.8 MB).
/// Time: client-events (start stock and expected applicants, times the
/// events a client passes through) at a conservative rate per core.
public struct RunEstimate: Sendable {
    /// Peak memory, in bytes.
    public let memoryBytes: Double
    /// Wall time on `threads` threads, in seconds.
    public let seconds: Double

    /// Events per client over its time in the model (arrival, access, stays,
    /// year-end bookkeeping), an upper bound measured on the baselines.
    static let eventsPerClient = 12.0
    /// Client-events per second per core; the release build does 2.4–3.4 M
    /// (issue #13), the debug build about a tenth of that.
    static let eventsPerSecond = 1.0e6
    /// Bytes per live client (its columns in the client table and its events).
    static let bytesPerClient = 200.0

    public init(scenario: Scenario, replications: Int, threads: Int, monthly: Bool) {
        let years = Double(scenario.years.count)
        var cells = 0.0, largest = 0.0, total = 0.0
        for region in scenario.regions {
            let units = Double(region.unitNames.count)
            cells += years * units * Double(Metric.count)
            if monthly { cells += years * 12 * units * Double(Metric.monthly.count) }
            var regionClients = Double(region.initial.inCare.values.reduce(0, +) + region.initial.waiting.values.reduce(0, +))
            for year in scenario.years {
                regionClients += IntakeSpec.expectedArrivals(
                    of: [scenario.bwIntake, scenario.moIntake, scenario.moFamilyIntake], extraPerYear: scenario.bwExtraPerYear,
                    population: region.population, year: year, startYear: scenario.startYear)
            }
            largest = max(largest, regionClients)  // one worker's client table at most
            total += regionClients
        }
        let reps = Double(replications)
        let workers = Double(max(1, min(threads, replications * scenario.regions.count)))
        memoryBytes = reps * cells * 8 + workers * largest * Self.bytesPerClient + 64 * 1_048_576
        // A client who returns with probability p comes 1 / (1 − p) times.
        let returns = 1 / (1 - (scenario.reentry.values.map(\.probability).max() ?? 0))
        seconds = reps * total * Self.eventsPerClient * returns / Self.eventsPerSecond / workers
    }

    /// Why the run is beyond a machine with `memory` bytes, or nil if it fits:
    /// more memory than the machine has, or more than 30 days.
    public func refusal(memory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> String? {
        if memoryBytes > Double(memory) {
            return "this run needs about \(Self.bytes(memoryBytes)) of memory; this machine has \(Self.bytes(Double(memory)))"
        }
        if seconds > 30 * 86_400 {
            return "this run would take about \(Int(seconds / 86_400)) days"
        }
        return nil
    }

    /// `12.3 GB`, `456 MB`.
    public static func bytes(_ b: Double) -> String {
        b >= 1e9 ? String(format: "%.1f GB", b / 1e9) : String(format: "%.0f MB", b / 1e6)
    }
}
