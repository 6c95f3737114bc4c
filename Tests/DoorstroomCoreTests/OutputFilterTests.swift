import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Output filters (--metrics, --years, --regions-only)", .serialized)
struct OutputFilterTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-filter-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    func column(_ csv: String, _ index: Int) -> Set<String> {
        Set(csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[index]) })
    }

    @Test("a filtered run writes exactly the chosen metrics, years and ALL rows, with the same numbers as an unfiltered run")
    func filteredRun() throws {
        let out = tempDir()
        let fixture = TestSupport.fixture("finance/scenario.yaml")
        let common = ["run", fixture, "--output", out.path, "--replications", "6", "--keep-replications", "--quiet"]
        #expect(try TestSupport.runTool(common + ["--run-id", "all"]).status == 0)
        let r = try TestSupport.runTool(common + ["--run-id", "some", "--metrics", "balance,occupancy_end_intramural",
                                                   "--years", "2024-2025", "--regions-only"])
        #expect(r.status == 0, "\(r.err)")
        let folder = out.appendingPathComponent("finance-small")
        let some = try String(contentsOf: folder.appendingPathComponent("some/summary.csv"), encoding: .utf8)
        #expect(column(some, 4) == ["balance", "occupancy_end_intramural"])
        #expect(column(some, 3) == ["2024", "2025"] && column(some, 2) == ["ALL"])
        // Every filtered row is the unfiltered run's row, byte for byte.
        let all = Set(try String(contentsOf: folder.appendingPathComponent("all/summary.csv"), encoding: .utf8).split(separator: "\n"))
        #expect(some.split(separator: "\n").allSatisfy(all.contains))
        #expect(some.split(separator: "\n").count == 1 + 2 * 2)
        let reps = try String(contentsOf: folder.appendingPathComponent("some/replications.csv"), encoding: .utf8)
        #expect(reps.hasPrefix("replication,region,municipality,year,occupancy_end_intramural,balance\n"))
        #expect(reps.split(separator: "\n").count == 1 + 6 * 2)
        let metrics = try String(contentsOf: folder.appendingPathComponent("some/metrics.csv"), encoding: .utf8)
        #expect(column(metrics, 0) == ["balance", "occupancy_end_intramural"])
    }

    @Test("an unknown metric or years outside the period exit 2 and write nothing")
    func badFilters() throws {
        let out = tempDir().appendingPathComponent("out")
        let fixture = TestSupport.fixture("finance/scenario.yaml")
        let unknown = try TestSupport.runTool(["run", fixture, "--output", out.path, "--metrics", "balanse"])
        #expect(unknown.status == 2 && unknown.err.contains("did you mean `balance`"))
        let years = try TestSupport.runTool(["run", fixture, "--output", out.path, "--years", "2030"])
        #expect(years.status == 2 && years.err.contains("--years: expected years within the period 2022–2026"))
        let noFinance = try TestSupport.runTool(["run", TestSupport.fixture("valid/scenario.yaml"), "--output", out.path,
                                                 "--metrics", "deficit,in_care_end"])
        #expect(noFinance.status == 2 && noFinance.err.contains("--metrics: deficit need a `finance` section"))
        let malformed = try TestSupport.runTool(["batch", fixture, "--output", out.path, "--years", "2025-2024"])
        #expect(malformed.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite("The national total (region ALL)")
struct NationalTotalTests {
    @Test("with several regions, region ALL sums each replication's regional totals; none where there is no total")
    func nationalRows() throws {
        let loaded = try ScenarioLoader.load(text: """
            scenario: two
            period: {start_year: 2022, end_year: 2023}
            regions:
              - {name: R1, centrumgemeente: A, municipalities: [{name: A, population: 100000}], initial: {intramural: 30},
                 capacity: {intramural: 40}}
              - {name: R2, centrumgemeente: B, municipalities: [{name: B, population: 50000}], initial: {intramural: 10}}
            intake: {bw: {rate_per_10k: 3}}
            stay: {intramural: {independent: {exponential: {mean_years: 2}}}}
            """, baseDirectory: FileManager.default.temporaryDirectory)
        var scenario = loaded.scenario
        scenario.replications = 30
        let results = MonteCarloRunner(threads: 2).run(scenario)
        let rows = SummaryTable.csv(results).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func row(_ region: String, _ year: String, _ metric: String) -> [Substring]? {
            rows.first { $0[1] == Substring(region) && $0[2] == "ALL" && $0[3] == Substring(year) && $0[4] == Substring(metric) }
        }
        let y = 1, metric = Metric.index(of: "in_care_end")!
        let national = NationalTotal.sample(results, year: y, metric: metric)!
        for i in 0..<30 {
            let sum = (0..<2).map { r in results.value(region: r, replication: i, year: y, unit: results.allUnit(region: r), metric: metric) }
            #expect(national[i] == sum[0] + sum[1])
        }
        #expect(row("ALL", "2023", "in_care_end")?[6] == Substring(CSVFormat.statistic(SampleSummary(national).mean)))
        // R2 has no limit: no national capacity or utilisation.
        let capacity = try #require(NationalTotal.sample(results, year: y, metric: Metric.index(of: "capacity_intramural")!))
        #expect(capacity.allSatisfy { $0.isNaN })
        #expect(row("ALL", "2023", "utilisation_intramural") == nil && row("ALL", "2023", "capacity_intramural") == nil)
        #expect(row("R1", "2023", "capacity_intramural") != nil)
        // Averages of regions have no national row.
        #expect(row("ALL", "2023", "wait_days_mean") == nil)
        #expect(row("R1", "2023", "wait_days_mean") != nil)
    }
}
