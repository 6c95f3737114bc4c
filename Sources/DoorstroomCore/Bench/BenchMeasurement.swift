import Foundation

/// One workload run once with a number of threads: what `doorstroom bench` reports.
public struct BenchMeasurement: Sendable {
    public var workload: String
    public var replications: Int
    public var threads: Int
    public var wallSeconds: Double
    /// Arrivals, entries into a care state and exits (``RegionSimulation/clientEvents``).
    public var clientEvents: Int
    /// The process's peak resident memory (VmHWM), in bytes; nil where the OS does not say.
    public var peakResidentBytes: Int?

    public var replicationsPerSecond: Double { Double(replications) / wallSeconds }
    public var clientEventsPerSecond: Double { Double(clientEvents) / wallSeconds }

    /// Runs `workload` with `threads` threads in this process (the peak
    /// memory is the process's: run one workload per process to read it).
    public static func run(_ workload: BenchWorkload, threads: Int) -> BenchMeasurement {
        var results: RunResults?
        let wall = BenchClock.seconds { results = MonteCarloRunner(threads: threads).run(replicating(workload)) }
        return BenchMeasurement(workload: workload.name, replications: workload.replications, threads: threads,
                                wallSeconds: wall, clientEvents: results?.clientEvents ?? 0,
                                peakResidentBytes: peakResidentBytes())
    }

    private static func replicating(_ workload: BenchWorkload) -> Scenario {
        var scenario = workload.scenario
        scenario.replications = workload.replications
        return scenario
    }

    /// VmHWM of /proc/self/status.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else { return nil }
        return kB * 1024
    }

    /// The measurement as one line for the parent process, and back.
    public var line: String {
        "\(workload) \(replications) \(threads) \(wallSeconds) \(clientEvents) \(peakResidentBytes ?? -1)"
    }

    public init?(line: String) {
        let f = line.split(separator: " ")
        guard f.count == 6, let r = Int(f[1]), let t = Int(f[2]), let w = Double(f[3]), let e = Int(f[4]), let p = Int(f[5]) else { return nil }
        self.init(workload: String(f[0]), replications: r, threads: t, wallSeconds: w, clientEvents: e,
                  peakResidentBytes: p < 0 ? nil : p)
    }

    public init(workload: String, replications: Int, threads: Int, wallSeconds: Double, clientEvents: Int,
                peakResidentBytes: Int?) {
        self.workload = workload
        self.replications = replications
        self.threads = threads
        self.wallSeconds = wallSeconds
        self.clientEvents = clientEvents
        self.peakResidentBytes = peakResidentBytes
    }
}
