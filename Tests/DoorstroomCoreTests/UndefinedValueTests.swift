import Foundation
import Testing
@testable import DoorstroomCore

/// Undefined cells are empty, not 0 (issue #10 item 9): a value undefined in
/// a replication is NaN, an empty field in `replications.csv`; `summary.csv`
/// summarises over the replications that define it (empty fields when none
/// does); paired differences use the replications where both sides do; and
/// `replications.csv` reads back with the same NaNs.
@Suite("Undefined values")
struct UndefinedValueTests {
    /// One municipality, few arrivals, 2 intramural places taken by long stays: some
    /// years admit nobody from outside care, others admit after a wait.
    static func sparseScenario() -> Scenario {
        TestSupport.singleServerScenario(
            arrivalsPerYear: 1.2, stay: [Route(destination: .exit(.independent), distribution: .exponential(mean: 365.25))],
            capacity: 2, initialInCare: 2, years: 2022...2026, replications: 30, seed: 7)
    }

    /// The fields of the `summary.csv` row of `unit`, `year` and `metric`.
    static func summaryRow(_ csv: String, unit: String, year: Int, metric: String) -> [String]? {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .first { $0.count == SummaryTable.header.count && $0[2] == unit && $0[3] == String(year) && $0[4] == metric }
    }

    @Test("a year without admissions from outside care has an undefined wait: empty in replications.csv, left out of summary.csv")
    func noAdmissionsNoWait() throws {
        let results = MonteCarloRunner(threads: 2).run(Self.sparseScenario())
        let unit = 0, all = results.allUnit(region: 0)
        var undefined = 0, defined = 0
        for rep in 0..<results.replicationCount {
            for y in 0..<results.yearCount {
                for u in [unit, all] {
                    let admitted = results.value(region: 0, replication: rep, year: y, unit: u, metric: Metric.careInflow)
                    let mean = results.value(region: 0, replication: rep, year: y, unit: u, metric: Metric.waitDaysMean)
                    let p90 = results.value(region: 0, replication: rep, year: y, unit: u, metric: Metric.waitDaysP90)
                    #expect(mean.isNaN == (admitted == 0) && p90.isNaN == (admitted == 0), "rep \(rep) year \(y) unit \(u)")
                    if admitted == 0 { undefined += 1 } else { defined += 1; #expect(mean >= 0 && p90 >= 0) }
                }
                // Places without a limit have no utilisation.
                let unlimited = results.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.utilisation + CareState.ambulant.rawValue)
                #expect(unlimited.isNaN)
                #expect(!results.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.utilisation).isNaN)
            }
        }
        #expect(undefined > 0 && defined > 0, "the fixture should have years with and without admissions")

        // replications.csv: an empty field exactly where the value is undefined.
        let replications = ReplicationTable.csv(results)
        let lines = replications.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(lines[0].firstIndex(of: "wait_days_mean"))
        let inflow = try #require(lines[0].firstIndex(of: "care_inflow"))
        var empty = 0
        for fields in lines.dropFirst() {
            #expect((fields[column] == "") == (fields[inflow] == "0"), "\(fields)")
            if fields[column] == "" { empty += 1 }
            #expect(!fields.contains { $0.lowercased().hasSuffix("nan") })
        }
        #expect(empty > 0)

        // summary.csv: statistics over the defined replications only; empty where none defines it.
        let summary = SummaryTable.csv(results)
        #expect(!summary.split(whereSeparator: { $0 == "," || $0 == "\n" }).contains { $0.lowercased().hasSuffix("nan") })
        for y in 0..<results.yearCount {
            let sample = results.sample(region: 0, year: y, unit: all, metric: Metric.waitDaysMean)
            let kept = sample.filter { !$0.isNaN }
            let row = try #require(Self.summaryRow(summary, unit: "ALL", year: 2022 + y, metric: "wait_days_mean"))
            if kept.isEmpty {
                #expect(row[6...].allSatisfy { $0.isEmpty })
            } else {
                let s = SampleSummary(kept)
                #expect(row[6] == CSVFormat.statistic(s.mean) && row[11] == CSVFormat.statistic(s.p50), "\(row)")
                #expect(row[15] == CSVFormat.statistic(s.mcse))
            }
        }
        let unlimited = try #require(Self.summaryRow(summary, unit: "ALL", year: 2022, metric: "utilisation_ambulant"))
        #expect(unlimited[6...].allSatisfy { $0.isEmpty }, "\(unlimited)")
    }

    /// A one-year run of the sparse scenario whose `wait_days_mean` of unit `A` is `values` (one per replication).
    static func synthetic(_ values: [Double]) -> RunResults {
        var scenario = sparseScenario()
        scenario.endYear = 2022
        scenario.replications = values.count
        let units = scenario.regions[0].unitNames.count
        let rows = values.map { v -> [Double] in
            var row = [Double](repeating: 0, count: units * Metric.count)
            row[Metric.waitDaysMean] = v  // year 0, unit 0
            row[(units - 1) * Metric.count + Metric.waitDaysMean] = .nan  // ALL: undefined everywhere
            return row
        }
        return RunResults(scenario: scenario, values: [rows])
    }

    @Test("a metric defined in some replications only is summarised over those: mean 5, sd √13 of {2, 4, 9}")
    func summaryOverDefined() throws {
        let results = Self.synthetic([2, .nan, 4, .nan, 9])
        let summary = SummaryTable.csv(results)
        let row = try #require(Self.summaryRow(summary, unit: "A", year: 2022, metric: "wait_days_mean"))
        // By hand: mean (2 + 4 + 9)/3 = 5; sd √(((−3)² + (−1)² + 4²)/2) = √13 = 3.605551275;
        // type-7 percentiles of [2, 4, 9] at h = 2p: p05 2.2, p10 2.4, p25 3, p50 4, p75 6.5, p90 8, p95 8.5;
        // mcse √13/√3 = 2.081665999.
        #expect(Array(row[6...]) == ["5", "3.605551275", "2.2", "2.4", "3", "4", "6.5", "8", "8.5", "2.081665999"], "\(row)")
        let none = try #require(Self.summaryRow(summary, unit: "ALL", year: 2022, metric: "wait_days_mean"))
        #expect(none[6...].allSatisfy { $0.isEmpty } && none.count == SummaryTable.header.count)
        // One defined replication: a mean and percentiles, but no sd or mcse.
        let one = try #require(Self.summaryRow(SummaryTable.csv(Self.synthetic([.nan, 3, .nan])), unit: "A", year: 2022,
                                               metric: "wait_days_mean"))
        #expect(one[6] == "3" && one[7] == "" && one[11] == "3" && one[15] == "")
    }

    @Test("replications.csv reads undefined cells back as NaN: compare on read-back runs agrees with the in-memory comparison")
    func compareRoundTrip() throws {
        let reference = Self.synthetic([2, .nan, 4, .nan, 9]), variant = Self.synthetic([3, 5, .nan, .nan, 10])
        let a = try ReplicationTableReader.read(Array(ReplicationTable.csv(reference).utf8), file: "a.csv").samples
        let b = try ReplicationTableReader.read(Array(ReplicationTable.csv(variant).utf8), file: "b.csv").samples
        let column = try #require(a.metrics.firstIndex(of: Metric.waitDaysMean))
        let row = try #require(a.rows.firstIndex(of: ResultRow(region: "Test", municipality: "A", year: 2022)))
        let read = a.sample(row: row, column: column)
        #expect(read[0] == 2 && read[1].isNaN && read[2] == 4 && read[3].isNaN && read[4] == 9)

        let direct = try PairedDifferences.compare(reference: reference, variant: variant)
        let readBack = try PairedDifferences.compare(reference: a, variant: b)
        // (Not `direct == readBack`: an undefined statistic is NaN, which equals nothing; the file is the check.)
        #expect(direct.map(\.summary.count) == readBack.map(\.summary.count))
        #expect(DifferencesTable.csv(direct, scenario: "b", reference: "a") == DifferencesTable.csv(readBack, scenario: "b", reference: "a"))
        // Both sides defined in replications 0 and 4 only: d = 1 and 1.
        let wait = try #require(direct.first { $0.row.municipality == "A" && $0.metric == Metric.waitDaysMean })
        #expect(wait.summary.count == 2 && wait.summary.meanDifference == 1 && wait.summary.mcse == 0 && wait.summary.pPositive == 1)
        let none = try #require(direct.first { $0.row.municipality == "ALL" && $0.metric == Metric.waitDaysMean })
        #expect(none.summary.count == 0)
        let line = try #require(DifferencesTable.csv(direct, scenario: "b", reference: "a").split(separator: "\n")
            .first { $0.contains(",ALL,2022,wait_days_mean,") })
        // Every statistic empty (mean, mcse, seven percentiles, P and its interval), n = 0.
        #expect(line.hasSuffix("days" + String(repeating: ",", count: DifferencesTable.header.count - 7) + "0"), "\(line)")
    }
}
