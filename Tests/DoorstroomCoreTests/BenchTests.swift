import Foundation
import Testing
@testable import DoorstroomCore

/// `doorstroom bench` is a benchmark, not a timed test: these check that it
/// runs and reports what it says, never how fast.
@Suite("doorstroom bench")
struct BenchTests {
    @Test("bench measures a workload with one and two threads, in processes of their own, and appends CSV rows")
    func benchRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("results.csv").path
        for _ in 0..<2 {
            let run = try TestSupport.runTool(["bench", "--workloads", "mmc", "--scale", "0.01", "--threads", "2",
                                               "--csv", csv, "--root", TestSupport.packageRoot.path])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("client-events/s") && run.out.contains("floor (mmc)"))
        }
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == Substring(BenchTable.header.joined(separator: ",")))
        #expect(lines.count == 1 + 4, "a header, then two rows per run")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = { (name: String) in BenchTable.header.firstIndex(of: name)! }
        // 20 replications of the queue; the engine's count of client-events
        // does not depend on the thread count.
        #expect(rows.allSatisfy { $0[column("replications")] == "20" })
        let events = Set(rows.map { $0[column("client_events")] })
        #expect(events.count == 1 && (Int(events.first!) ?? 0) > 20 * 2500)
        #expect(rows.allSatisfy { (Double($0[column("peak_resident_mib")]) ?? 0) > 0 })
        #expect(rows.filter { $0[column("threads")] == "1" }.allSatisfy { !$0[column("times_floor")].isEmpty })
    }

    @Test("bench refuses an unknown workload or a scale out of range with status 2")
    func benchRefuses() throws {
        #expect(try TestSupport.runTool(["bench", "--workloads", "rotterdam"]).status == 2)
        #expect(try TestSupport.runTool(["bench", "--scale", "0"]).status == 2)
    }
}
