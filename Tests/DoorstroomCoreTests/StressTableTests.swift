import Foundation
import Testing
@testable import DoorstroomCore

@Suite("The stress matrix (stress.csv)")
struct StressTableTests {
    func run(_ settings: [String] = [], replications: Int) throws -> RunResults {
        var s = try ScenarioLoader.load(path: TestSupport.fixture("finance/scenario.yaml"),
                                        settings: settings.compactMap(Setting.init)).scenario
        s.replications = replications
        return MonteCarloRunner(threads: 2, pilotReplications: 4).run(s)
    }

    func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test("each row agrees with the replications: P(deficit), its Wilson interval, the 5 % worst cumulative balance, the first year above 50 %")
    func rowsAgreeWithSamples() throws {
        let results = try run(replications: 60)
        let table = rows(StressTable.csv([results]))
        let region = results.scenario.regions[0]
        #expect(table.count == (region.municipalities.count + 1) * results.yearCount)
        for row in table {
            let u = results.unitNames[0].firstIndex(of: row["municipality"]!)!
            let y = results.scenario.years.firstIndex(of: Int(row["year"]!)!)!
            let deficits = results.sample(region: 0, year: y, unit: u, metric: Metric.deficit)
            let k = deficits.filter { $0 == 1 }.count
            #expect(Double(row["p_deficit"]!)! == Double(CSVFormat.statistic(Double(k) / 60))!)
            let w = WilsonInterval(successes: k, trials: 60)
            #expect(row["p_deficit_low"] == CSVFormat.statistic(w.lower) && row["p_deficit_high"] == CSVFormat.statistic(w.upper))
            let p05 = SampleSummary(results.sample(region: 0, year: y, unit: u, metric: Metric.balanceCumulative)).p05
            #expect(row["balance_cumulative_p05"] == CSVFormat.statistic(p05))
            let first = results.scenario.years.indices.first { year in
                results.sample(region: 0, year: year, unit: u, metric: Metric.deficit).filter { $0 == 1 }.count * 2 > 60
            }
            #expect(row["first_year_p_deficit_over_half"] == (first.map { String(results.scenario.years[$0]) } ?? ""))
            #expect(row["n"] == "60")
        }
    }

    @Test("a region with no money is in deficit in every replication: P = 1 with the interval [n/(n + z²), 1], not a point")
    func certainDeficit() throws {
        let results = try run(["region.budget={bw: 0, mo: 0}", "finance.wlz=~"], replications: 200)
        let all = rows(StressTable.csv([results])).filter { $0["municipality"] == "ALL" }
        #expect(!all.isEmpty)
        // z = 1.959964: 200 / (200 + 3.841459) = 0.981154.
        for row in all {
            #expect(row["p_deficit"] == "1" && row["p_deficit_high"] == "1")
            #expect(abs(Double(row["p_deficit_low"]!)! - 0.981154) < 1e-6)
            #expect(row["first_year_p_deficit_over_half"] == String(results.scenario.startYear))
        }
    }
}

@Suite("Ingroeipad diagnostics (ingroeipad.csv)")
struct IngroeipadTableTests {
    @Test("parts add up to the budget; the redistribution effect sums to 0 over the region; the cap adjustment is the budget's change")
    func partsAddUp() throws {
        var s = try ScenarioLoader.load(path: TestSupport.fixture("finance/scenario.yaml"),
                                        settings: [Setting("finance.cap_per_inhabitant=2")!]).scenario
        s.replications = 2
        let results = MonteCarloRunner(threads: 1, pilotReplications: 2).run(s)
        let lines = IngroeipadTable.csv(results).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines[0] == IngroeipadTable.header)
        var effectByYear: [String: Double] = [:]
        var capBound = false
        for row in lines.dropFirst() {
            let v = row[4...].map { Double($0)! }
            let (historical, objective, cap, budget, historicalBudget, effect) = (v[1], v[2], v[3], v[4], v[5], v[6])
            #expect(abs(historical + objective + cap - budget) < 0.02, "\(row)")
            #expect(abs(budget - historicalBudget - effect) < 0.02)
            effectByYear[row[3], default: 0] += effect
            if abs(cap) > 1 { capBound = true }
        }
        #expect(capBound, "a cap of €2 per inhabitant binds somewhere in this scenario")
        for (_, total) in effectByYear { #expect(abs(total) < 0.1) }  // money moves between municipalities, none is made
    }
}
