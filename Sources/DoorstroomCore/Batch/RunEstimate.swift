import Foundation

/// What a run will need, estimated before it starts from the scenario's size,
/// so that a run far beyond the machine is refused at once rather than
/// aborting in allocation hours later.
///
/// Memory: every replication keeps one value per year, unit and metric (and
/// per month with `--monthly`) until the summary is written; each worker
/// thread holds one replication's clients. A streamed run
/// (``MonteCarloRunner/streamedSummary``) holds every value of two
/// neighbouring regions at most (the one being summarised and the next,
/// being filled), and of every region only the kept cells (``KeptCells``)
/// of each replication. Then the summary's text, and `report.html`, which
/// reads `summary.csv` back. Checked against measured peaks (release build,
/// national scenario, 1,000 replications, 2 threads): held, 3.58 GB
/// (estimate 3.62 GB); streamed, 0.87 GB (estimate 0.91 GB), of which the
/// report takes about 0.35 GB whatever the replications.
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
    /// Client-events per second per core, on the safe side: the release build
    /// does 8–11 M (`doorstroom bench`), the debug build about a tenth of that.
    static let eventsPerSecond = 1.0e6
    /// Bytes per live client (its columns in the client table and its events).
    static let bytesPerClient = 200.0

    /// Bytes of `summary.csv` (and `monthly.csv`) text per cell (rows of
    /// about 130 bytes, fewer rows than cells), held up to three times
    /// while the file is written: the rows, the joined text and its bytes.
    static let textBytesPerCell = 3 * 100.0
    /// Bytes per cell of reading `summary.csv` back for `report.html`, row by
    /// row (measured: about 310 on the national scenario, 89 MB above the
    /// process's own for 285,000 cells).
    static let reportBytesPerCell = 400.0
    /// What the allocator takes beyond the values themselves (measured: 3.5 %).
    static let allocationOverhead = 1.05

    /// - Parameters:
    ///   - streamed: whether the run is summarised region by region (``MonteCarloRunner/streams(_:parameters:)``).
    ///   - sensitivity: whether the scenario has uncertain parameters (a streamed run then keeps more cells).
    public init(scenario: Scenario, replications: Int, threads: Int, monthly: Bool, streamed: Bool = false, sensitivity: Bool = false) {
        let years = Double(scenario.years.count)
        var cells = 0.0, largest = 0.0, total = 0.0
        // Per replication: the cells a streamed run keeps, and each region's cells.
        var keptCells = 0.0, regionCells: [Double] = []
        for region in scenario.regions {
            let units = Double(region.unitNames.count)
            var own = years * units * Double(Metric.count)
            if monthly { own += years * 12 * units * Double(Metric.monthly.count) }
            cells += own
            regionCells.append(own)
            keptCells += years * Double(Metric.count) + (sensitivity ? 2 * units : 0)
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
        let clients = workers * largest * Self.bytesPerClient
        // What stays to the end, and what is held only while simulating.
        let kept: Double, simulating: Double
        if streamed {
            // An array per kept replication and region: its header besides the values.
            kept = reps * (keptCells * 8 + Double(scenario.regions.count) * 64) * Self.allocationOverhead
            let neighbours = zip(regionCells, regionCells.dropFirst() + [0]).map { $0 + $1 }.max() ?? 0
            simulating = reps * neighbours * 8 * Self.allocationOverhead + clients
        } else {
            kept = reps * cells * 8 * Self.allocationOverhead
            simulating = clients
        }
        // The regions in flight are gone before the files are written.
        memoryBytes = kept + max(simulating, cells * (Self.textBytesPerCell + Self.reportBytesPerCell)) + 64 * 1_048_576
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
