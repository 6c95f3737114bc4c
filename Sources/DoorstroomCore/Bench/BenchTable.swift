import Foundation

/// The benchmark's results: a table for the terminal and rows for a CSV
/// kept over time (one row per workload and thread count).
public struct BenchTable {
    public var measurements: [BenchMeasurement]
    /// Floor seconds per workload (``BenchFloor``), for the same replications.
    public var floors: [String: Double]
    public var date: String
    public var commit: String
    public var cores: Int

    public init(measurements: [BenchMeasurement], floors: [String: Double], date: String, commit: String, cores: Int) {
        self.measurements = measurements
        self.floors = floors
        self.date = date
        self.commit = commit
        self.cores = cores
    }

    public static let header = ["date", "commit", "cores", "workload", "replications", "threads", "wall_seconds",
                                "replications_per_second", "client_events", "client_events_per_second",
                                "client_events_per_second_per_thread", "speedup", "peak_resident_mib",
                                "floor_seconds_one_thread", "times_floor"]

    /// Wall time with one thread over wall time with `m.threads`, for the same workload.
    func speedup(_ m: BenchMeasurement) -> Double? {
        guard let one = measurements.first(where: { $0.workload == m.workload && $0.threads == 1 }) else { return nil }
        return one.wallSeconds / m.wallSeconds
    }

    /// One-thread wall time over the floor (only for the one-thread row of a workload with a floor).
    func timesFloor(_ m: BenchMeasurement) -> Double? {
        guard m.threads == 1, let floor = floors[m.workload], floor > 0 else { return nil }
        return m.wallSeconds / floor
    }

    func fields(_ m: BenchMeasurement) -> [String] {
        func number(_ x: Double?, _ digits: Int) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "" }
        return [date, commit, "\(cores)", m.workload, "\(m.replications)", "\(m.threads)", number(m.wallSeconds, 3),
                number(m.replicationsPerSecond, 2), "\(m.clientEvents)", number(m.clientEventsPerSecond, 0),
                number(m.clientEventsPerSecond / Double(m.threads), 0), number(speedup(m), 2),
                number(m.peakResidentBytes.map { Double($0) / 1_048_576 }, 1),
                number(m.threads == 1 ? floors[m.workload] : nil, 3), number(timesFloor(m), 2)]
    }

    /// The rows, without a header, in CSV.
    public var csvRows: String { measurements.map { fields($0).map(CSVFormat.field).joined(separator: ",") + "\n" }.joined() }

    /// An aligned table for the terminal.
    public var text: String {
        let head = ["workload", "reps", "threads", "wall s", "reps/s", "client-events/s", "per thread", "speed-up",
                    "peak MiB", "× floor"]
        let rows = measurements.map { m -> [String] in
            let f = fields(m)
            return [m.workload, f[4], f[5], f[6], f[7], NumberFormat.english.string(m.clientEventsPerSecond, decimals: 0),
                    NumberFormat.english.string(m.clientEventsPerSecond / Double(m.threads), decimals: 0), f[11], f[12], f[14]]
        }
        let widths = head.indices.map { c in ([head[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return ([line(head)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
