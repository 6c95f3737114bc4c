import Foundation
import Testing
@testable import DoorstroomCore

@Suite("Engine invariants")
struct EngineInvariantTests {
    /// The valid fixture uses every flow: capacity, waiting and reneging,
    /// housing, re-entry, MO, transfers, legacy, the Wlz transfer.
    static func fixture(replications: Int = 30, years: Int = 2024) throws -> Scenario {
        var s = try ScenarioLoader.load(path: TestSupport.fixture("valid/scenario.yaml")).scenario
        s.replications = replications
        s.endYear = years
        return s
    }

    @Test("conservation: stock(t+1) = stock(t) + inflow − outflow, exactly, per replication, unit and state")
    func conservation() throws {
        let scenario = try Self.fixture(years: 2027)
        let r = MonteCarloRunner(threads: 2).run(scenario)
        let region = scenario.regions[0]
        let initial = Double(region.initial.inCare.values.reduce(0, +))
        var checked = 0
        for rep in 0..<r.replicationCount {
            for u in 0..<r.unitNames[0].count {
                for y in 0..<r.yearCount {
                    func v(_ m: Int, _ year: Int = y) -> Double { r.value(region: 0, replication: rep, year: year, unit: u, metric: m) }
                    if y > 0 {
                        #expect(v(Metric.inCareEnd) == v(Metric.inCareEnd, y - 1) + v(Metric.careInflow) - v(Metric.careOutflow))
                        for s in CareState.allCases {
                            let k = s.rawValue
                            #expect(v(Metric.occupancyEnd + k) == v(Metric.occupancyEnd + k, y - 1)
                                    + v(Metric.admissions + k) - v(Metric.departures + k))
                        }
                        checked += 1
                    } else if u == r.allUnit(region: 0) {
                        #expect(v(Metric.inCareEnd) == initial + v(Metric.careInflow) - v(Metric.careOutflow))
                    }
                    // Exits from care are the exits that leave a place.
                    let exits = [Exit.independent, .wlz, .died, .movedOut].map { v(Metric.outflow + $0.rawValue) }.reduce(0, +)
                    #expect(v(Metric.careOutflow) <= exits)
                }
            }
            // Municipalities and `unknown` add up to ALL: counts exactly, time averages to rounding.
            for y in 0..<r.yearCount {
                for m in 0..<Metric.count where !Metric.all[m].regionOnly && !Metric.all[m].finance && Metric.all[m].unit != "fraction"
                    && ![Metric.waitDaysMean, Metric.waitDaysP90].contains(m) {
                    let parts = (0..<r.allUnit(region: 0)).map { r.value(region: 0, replication: rep, year: y, unit: $0, metric: m) }
                    let whole = r.value(region: 0, replication: rep, year: y, unit: r.allUnit(region: 0), metric: m)
                    let isAverage = Metric.all[m].name.contains("_mean")
                    #expect(abs(parts.reduce(0, +) - whole) <= (isAverage ? 1e-9 * max(1, whole) : 0), "\(Metric.all[m].name)")
                }
            }
        }
        #expect(checked > 0)
    }

    @Test("capacity is never exceeded by admissions, and the flows are all exercised")
    func capacityAndCoverage() throws {
        let scenario = try Self.fixture(replications: 20)
        let r = MonteCarloRunner(threads: 2).run(scenario)
        let all = r.allUnit(region: 0)
        func total(_ m: Int) -> Double {
            (0..<r.replicationCount).flatMap { rep in (0..<r.yearCount).map { r.value(region: 0, replication: rep, year: $0, unit: all, metric: m) } }
                .reduce(0, +)
        }
        for rep in 0..<r.replicationCount {
            for y in 1..<r.yearCount {
                let cap = r.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.capacity)
                let occ = r.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.occupancyEnd)
                #expect(occ <= max(cap, 30))  // the start-date stock may exceed places; admissions never do
            }
        }
        for m in [Metric.outflow + Exit.reneged.rawValue, Metric.outflow + Exit.diverted.rawValue,
                  Metric.outflow + Exit.wlz.rawValue, Metric.reentries, Metric.blockedMean, Metric.intakeMO, Metric.intakeMOFamily,
                  Metric.admissions + CareState.tussenvorm.rawValue, Metric.waitingMean] {
            #expect(total(m) > 0, "\(Metric.all[m].name) never happened")
        }
    }

    @Test("the same seed gives byte-identical summaries with 1 and 2 threads")
    func threadCountInvariance() throws {
        let scenario = try Self.fixture(replications: 24)
        let one = SummaryTable.csv(MonteCarloRunner(threads: 1).run(scenario))
        let two = SummaryTable.csv(MonteCarloRunner(threads: 2).run(scenario))
        let again = SummaryTable.csv(MonteCarloRunner(threads: 2).run(scenario))
        #expect(one == two)
        #expect(two == again)
        var other = scenario
        other.seed += 1
        #expect(SummaryTable.csv(MonteCarloRunner(threads: 2).run(other)) != one)
    }

    @Test("shards merge exactly: replications 0..<10 and 10..<24 equal one run of 24")
    func shardsMerge() throws {
        let scenario = try Self.fixture(replications: 24)
        let whole = MonteCarloRunner(threads: 2).run(scenario)
        let a = MonteCarloRunner(threads: 1, replications: 0..<10).run(scenario)
        let b = MonteCarloRunner(threads: 2, replications: 10..<24).run(scenario)
        var merged = a
        merged.values = zip(a.values, b.values).map { $0 + $1 }
        #expect(SummaryTable.csv(merged) == SummaryTable.csv(whole))
        let full = ReplicationTable.csv(whole)
        let parts = ReplicationTable.csv(a) + ReplicationTable.csv(b, firstReplication: 10).split(separator: "\n", maxSplits: 1)[1]
        #expect(parts == full)
    }

    @Test("common random numbers: a policy change leaves the intake draws of every replication unchanged")
    func commonRandomNumbers() throws {
        let base = try Self.fixture(replications: 10)
        var variant = base
        variant.regions[0].capacity[.intramural] = YearPath(constant: 60)
        variant.access = YearPath(constant: AccessShares(intramural: 0.3, tussenvorm: 0.3, ambulant: 0.4))
        let a = MonteCarloRunner(threads: 2).run(base), b = MonteCarloRunner(threads: 2).run(variant)
        for rep in 0..<10 {
            for y in 0..<a.yearCount {
                for u in 0..<a.unitNames[0].count {
                    for m in [Metric.intakeBW, Metric.intakeMO] {
                        #expect(a.value(region: 0, replication: rep, year: y, unit: u, metric: m)
                                == b.value(region: 0, replication: rep, year: y, unit: u, metric: m))
                    }
                }
            }
        }
        #expect(SummaryTable.csv(a) != SummaryTable.csv(b))
    }

    @Test("intake: Poisson counts with the configured rate and trend")
    func intakeRate() {
        var scenario = TestSupport.singleServerScenario(arrivalsPerYear: 50, stay: [], replications: 400)
        scenario.bwIntake = IntakeSpec(ratePer10k: 50, trendPerYear: 0.1)
        let r = MonteCarloRunner(threads: 2).run(scenario)
        for y in [0, 9] {
            let x = r.sample(region: 0, year: y, unit: r.allUnit(region: 0), metric: Metric.intakeBW)
            let expected = 50 * pow(1.1, Double(y))
            let s = SampleSummary(x)
            // Poisson: sd of the mean √(λ/n).
            #expect(abs(s.mean - expected) < 4 * (expected / Double(x.count)).squareRoot(), "year \(y): \(s.mean) vs \(expected)")
        }
    }

    @Test("over-dispersion: gamma-mixed yearly rates give negative-binomial counts, variance λ + λ²/k")
    func overDispersion() {
        var scenario = TestSupport.singleServerScenario(arrivalsPerYear: 40, stay: [], years: 2022...2022, replications: 2000)
        scenario.bwIntake = IntakeSpec(ratePer10k: 40, dispersionShape: 4)
        let r = MonteCarloRunner(threads: 2).run(scenario)
        let x = r.sample(region: 0, year: 0, unit: r.allUnit(region: 0), metric: Metric.intakeBW)
        let s = SampleSummary(x)
        let n = Double(x.count)
        let variance = 40 + 40.0 * 40 / 4
        let m4 = x.reduce(0) { $0 + pow($1 - s.mean, 4) } / n
        #expect(abs(s.mean - 40) < 4 * (variance / n).squareRoot())
        #expect(abs(s.sd * s.sd - variance) < 4 * ((m4 - pow(s.sd, 4)) / n).squareRoot(), "variance \(s.sd * s.sd) vs \(variance)")
    }

    @Test("the cohort is the clients in care on 1 January of the cohort year")
    func cohort() {
        var scenario = TestSupport.singleServerScenario(
            arrivalsPerYear: 20, stay: [Route(destination: .exit(.independent), distribution: .exponential(mean: 3 * 365.25))],
            initialInCare: 50, replications: 5)
        scenario.cohortYear = 2025
        let r = MonteCarloRunner(threads: 1).run(scenario)
        let all = r.allUnit(region: 0)
        for rep in 0..<5 {
            func v(_ y: Int, _ m: Int) -> Double { r.value(region: 0, replication: rep, year: y, unit: all, metric: m) }
            // 2024: not yet marked, so undefined (NaN: an empty field), not 0.
            #expect(v(2, Metric.cohortInCareEnd).isNaN && v(2, Metric.cohortIntramuralEnd).isNaN && v(2, Metric.cohortIntramuralShare).isNaN)
            // Marked on 1 January 2025: everyone in care at the end of 2024.
            let marked = v(2, Metric.inCareEnd)
            #expect(v(3, Metric.cohortInCareEnd) <= marked && v(3, Metric.cohortInCareEnd) > 0)
            #expect(abs(v(3, Metric.cohortIntramuralShare) - v(3, Metric.cohortIntramuralEnd) / marked) < 1e-12)
            let shares = (3..<10).map { v($0, Metric.cohortIntramuralShare) }
            #expect(zip(shares, shares.dropFirst()).allSatisfy { $0 >= $1 })  // a cohort only shrinks
        }
    }
}

@Suite("Client segments")
struct SegmentTests {
    @Test("each segment follows its own stays, in proportion to its share")
    func segmentsFollowTheirStays() throws {
        let yaml = """
            scenario: segments
            period: {start_year: 2022, end_year: 2031}
            replications: 200
            region: {name: R, centrumgemeente: A, municipalities: [{name: A, population: 10000}]}
            intake: {bw: {rate_per_10k: 100}}
            stay: {intramural: {independent: {fixed: {years: 0.01}}}}
            segments:
              quick: {share: 0.7}
              staying: {share: 0.3, stay: {intramural: {independent: {fixed: {years: 1000}}}}}

            """
        let s = try ScenarioLoader.load(text: yaml, baseDirectory: URL(fileURLWithPath: "/")).scenario
        #expect(s.segments.map(\.name) == ["quick", "staying"])
        #expect(s.segments[1].stays[.intramural]?.count == 1)  // the route to `independent` is replaced, not added
        let r = MonteCarloRunner(threads: 2).run(s)
        let x = r.sample(region: 0, year: 9, unit: r.allUnit(region: 0), metric: Metric.inCareEnd)
        let summary = SampleSummary(x)
        // Staying clients: Poisson(0.3 × 1,000); quick ones in care on 31 December: 0.7 × 100 × 0.01.
        #expect(abs(summary.mean - 300.7) < 4 * summary.mcse, "\(summary.mean) ± \(summary.mcse)")
    }

    @Test("segment shares must add up to 1")
    func sharesAddUp() {
        let yaml = """
            scenario: bad
            period: {start_year: 2022, end_year: 2023}
            region: {name: R, centrumgemeente: A, municipalities: [{name: A, population: 1000}]}
            segments: {a: {share: 0.5}, b: {share: 0.4}}

            """
        var found: [Diagnostic] = []
        do { _ = try ScenarioLoader.load(text: yaml, baseDirectory: URL(fileURLWithPath: "/")) } catch { found = error.diagnostics }
        #expect(found.contains { $0.field == "segments" && $0.message.contains("summing to 1") })
    }
}

@Suite("Monthly levels")
struct MonthlyTests {
    @Test("December's month-end levels are the year-end levels, and monthly recording changes nothing else")
    func decemberIsYearEnd() throws {
        var s = try EngineInvariantTests.fixture(replications: 6)
        s.endYear = 2023
        let plain = MonteCarloRunner(threads: 2).run(s)
        let r = MonteCarloRunner(threads: 2, monthly: true).run(s)
        #expect(SummaryTable.csv(plain) == SummaryTable.csv(r))
        let k = Metric.monthly.count
        for rep in 0..<6 {
            for u in 0..<r.unitNames[0].count {
                for y in 0..<r.yearCount {
                    for (i, m) in Metric.monthly.enumerated() {
                        let december = r.monthly[0][rep][((y * 12 + 11) * r.unitNames[0].count + u) * k + i]
                        #expect(december == r.value(region: 0, replication: rep, year: y, unit: u, metric: m))
                    }
                }
            }
        }
        let csv = SummaryTable.monthlyCSV(r)
        #expect(csv.hasPrefix("scenario,region,municipality,month,metric,"))
        #expect(csv.contains(",ALL,2023-06,occupancy_end_intramural,clients,"))
    }
}
