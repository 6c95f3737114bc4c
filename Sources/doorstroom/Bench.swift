import ArgumentParser
import DoorstroomCore
import Foundation

/// `doorstroom bench`: the engine's speed and memory on fixed workloads.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed and memory on fixed workloads (a benchmark, not a test: nothing fails on speed).",
        discussion: """
        Runs the Den Haag baseline, the national scenario and a single M/M/c queue, each with one thread and \
        with all threads, every run in a process of its own so that its peak resident memory (VmHWM) is its \
        own. Prints client-events per second (an arrival, an entry into a care state, an exit), replications \
        per second, wall time, the speed-up from one thread, peak memory, and for the M/M/c queue the time \
        over the floor: what GSL needs merely to draw its random numbers. Appends the rows to a CSV for \
        comparison over time. Build in release mode (make bench) for meaningful figures.
        """
    )

    @Option(help: "Workloads, comma-separated: den-haag, national, mmc.")
    var workloads = "den-haag,national,mmc"

    @Option(help: "Multiplies every workload's replications (0.01–100; 1 = den-haag 200, national 40, mmc 2,000).")
    var scale = 1.0

    @Option(help: "Most threads to measure with (default: all cores); a workload also runs with one.")
    var threads: Int?

    @Option(help: "The folder holding Scenarios/ (default: the current folder).")
    var root = "."

    @Option(help: "CSV file the rows are appended to (created with a header if new).")
    var csv = "Output/bench/results.csv"

    @Flag(help: "Do not write the CSV.")
    var noCSV = false

    @Option(help: .hidden)
    var child: String?

    @Option(help: .hidden)
    var childThreads = 1

    func validate() throws {
        guard (0.01...100).contains(scale) else { throw ValidationError("--scale must be in 0.01…100, found \(scale)") }
        try checkSimulationBounds(threads: threads)
        let known = ["den-haag", "national", "mmc"]
        for name in names where !known.contains(name) {
            throw ValidationError("--workloads: expected some of \(known.joined(separator: ", ")), found `\(name)`")
        }
    }

    var names: [String] { workloads.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func run() throws {
        let all: [BenchWorkload]
        do {
            all = try BenchWorkload.standard(root: URL(fileURLWithPath: root), scale: scale)
        } catch let error as ScenarioError {
            printError(error.description)
            throw ExitCode(2)
        }
        if let child {
            guard let workload = all.first(where: { $0.name == child }) else { throw ExitCode(2) }
            print(BenchMeasurement.run(workload, threads: childThreads).line)
            return
        }
        let most = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var measurements: [BenchMeasurement] = []
        var floors: [String: Double] = [:]
        for workload in all where names.contains(workload.name) {
            for t in Array(Set([1, most])).sorted() {
                FileHandle.standardError.write(Data("bench: \(workload.name), \(workload.replications) replications, \(t) thread(s)…\n".utf8))
                measurements.append(try measureInChild(workload.name, threads: t))
            }
            if let floor = workload.floorDraws { floors[workload.name] = floor.seconds(replications: workload.replications) }
        }
        let date = ISO8601DateFormatter().string(from: Date())
        let table = BenchTable(measurements: measurements, floors: floors, date: date, commit: DoorstroomVersion.commit,
                               cores: ProcessInfo.processInfo.activeProcessorCount)
        print(table.text, terminator: "")
        for (name, seconds) in floors.sorted(by: { $0.key < $1.key }) {
            print("floor (\(name)): GSL draws alone take \(String(format: "%.3f", seconds)) s on one thread")
        }
        guard !noCSV else { return }
        var text = (try? String(contentsOfFile: csv, encoding: .utf8)) ?? ""
        if text.isEmpty { text = BenchTable.header.joined(separator: ",") + "\n" }
        try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: csv).deletingLastPathComponent().path,
                                                 withIntermediateDirectories: true)
        try writeOutputFile(Data((text + table.csvRows).utf8), to: csv, what: "benchmark CSV")
        print("rows appended to \(csv)")
    }

    /// Runs one measurement in a fresh process of this program, so its peak memory is its own.
    func measureInChild(_ name: String, threads: Int) throws -> BenchMeasurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bench", "--child", name, "--child-threads", "\(threads)", "--scale", "\(scale)", "--root", root]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(data: output, encoding: .utf8)?.split(separator: "\n").last,
              let measurement = BenchMeasurement(line: String(line)) else {
            printError("bench: error: the measurement of \(name) with \(threads) thread(s) failed (status \(process.terminationStatus))")
            throw ExitCode(1)
        }
        return measurement
    }
}
