import Crypto
import Foundation
import Testing
@testable import DoorstroomCore

/// The shipped scenarios' `summary.csv` at a fixed seed and replication
/// count, against committed SHA-256 checksums: an optimisation must leave
/// every output byte as it was. A change that is meant to move numbers (a
/// rule, a scenario, a new use of random numbers) updates the file with
/// `DOORSTROOM_UPDATE_CHECKSUMS=1 swift test --filter OutputChecksumTests`,
/// and its commit says why.
@Suite("output checksums")
struct OutputChecksumTests {
    static let file = TestSupport.fixture("checksums/summary-sha256.txt")
    /// Scenario, replications (small: this checks bytes, not statistics).
    static let runs: [(path: String, replications: Int)] = [
        ("Scenarios/den-haag/baseline.yaml", 6),
        ("Scenarios/leidse-regio/baseline.yaml", 6),
        ("Scenarios/rotterdam/baseline.yaml", 6),
        ("Scenarios/den-haag/variants/national-evaluation.yaml", 6),
        ("Scenarios/den-haag/variants/uncertain-wlz.yaml", 6),
        ("Scenarios/den-haag/variants/zoetermeer-own-region.yaml", 6),
    ]

    static func checksum(_ path: String, replications: Int) throws -> String {
        let loaded = try ScenarioLoader.load(path: TestSupport.packageRoot.appendingPathComponent(path).path)
        var scenario = loaded.scenario
        scenario.replications = replications
        let results = MonteCarloRunner(threads: 2, pilotReplications: 4, parameters: loaded.uncertainty).run(scenario)
        return SHA256.hash(data: Data(SummaryTable.csv(results).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test("summary.csv of the shipped scenarios is byte for byte as committed")
    func checksums() throws {
        let lines = Self.runs.map { run in
            (try? Self.checksum(run.path, replications: run.replications)).map { "\($0)  \(run.path) replications=\(run.replications) pilot=4" }
                ?? "failed  \(run.path)"
        }
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["DOORSTROOM_UPDATE_CHECKSUMS"] == "1" {
            try text.write(toFile: Self.file, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.file, encoding: .utf8)
        for (line, expected) in zip(lines, committed.split(separator: "\n").map(String.init)) {
            #expect(line == expected)
        }
        #expect(committed.split(separator: "\n").count == lines.count)
    }
}
