import Foundation

/// A fixed workload of `doorstroom bench`: a scenario and a number of
/// replications, the same in every run of the benchmark so that its figures
/// compare over time.
public struct BenchWorkload: Sendable {
    /// The workload's name in the table and the CSV.
    public let name: String
    public let summary: String
    public let replications: Int
    /// The scenario, as run (the legacy-runoff pilot left out: a linear
    /// ingroeipad, so the figures are the engine's alone).
    public let scenario: Scenario
    /// GSL draws per replication that make the floor of this workload
    /// (``BenchFloor``), if it has one.
    public let floorDraws: BenchFloor?

    /// The shipped workloads: the Den Haag baseline, the national scenario,
    /// and a single M/M/c queue with its random-number floor.
    /// - Parameters:
    ///   - root: the package folder (where `Scenarios/` is).
    ///   - scale: multiplies every workload's replications (1 = the standard sizes).
    public static func standard(root: URL, scale: Double = 1) throws -> [BenchWorkload] {
        func replications(_ n: Int) -> Int { max(1, Int((Double(n) * scale).rounded())) }
        func shipped(_ path: String) throws -> Scenario {
            var scenario = try ScenarioLoader.load(path: root.appendingPathComponent(path).path).scenario
            scenario.finance?.ingroeipad.profile = .linear
            return scenario
        }
        return [
            BenchWorkload(name: "den-haag", summary: "Scenarios/den-haag/baseline.yaml", replications: replications(200),
                          scenario: try shipped("Scenarios/den-haag/baseline.yaml"), floorDraws: nil),
            BenchWorkload(name: "national", summary: "Scenarios/national/baseline.yaml", replications: replications(40),
                          scenario: try shipped("Scenarios/national/baseline.yaml"), floorDraws: nil),
            BenchWorkload(name: "mmc", summary: MMC.summary, replications: replications(2000),
                          scenario: try MMC.scenario(), floorDraws: MMC.floor),
        ]
    }

    /// The micro-benchmark: one capacitated state, λ = 250 a year, 1,000
    /// places, three competing exponential exits (mean stay 5 years, so the
    /// places fill and a queue forms), 10 years, no finance.
    enum MMC {
        static let summary = "M/M/c: λ = 250/year, c = 1,000, three exponential exits (mean stay 5 years), 10 years"
        /// Per client: two uniforms (origin, lasting need) and four
        /// exponentials (the arrival gap and three competing exits); 2,500
        /// clients a replication.
        static let floor = BenchFloor(uniforms: 2 * 2500, exponentials: 4 * 2500)

        static func scenario() throws -> Scenario {
            let yaml = """
                scenario: bench-mmc
                period: {start_year: 2022, end_year: 2031}
                region:
                  name: Queue
                  centrumgemeente: Q
                  municipalities: [{name: Q, population: 10000}]
                  capacity: {intramural: 1000}
                intake:
                  bw: {rate_per_10k: 250}
                stay:
                  intramural:
                    independent: {exponential: {mean_years: 8}}
                    wlz: {exponential: {mean_years: 20}}
                    died: {exponential: {mean_years: 40}}
                """
            return try ScenarioLoader.load(text: yaml, file: "bench-mmc.yaml", baseDirectory: URL(fileURLWithPath: "/")).scenario
        }
    }
}

/// The time GSL needs merely to draw a workload's random numbers, on the
/// engine's generator: the floor an engine cannot go below.
public struct BenchFloor: Sendable {
    public let uniforms: Int
    public let exponentials: Int

    /// Seconds to draw `replications` replications' numbers, best of three.
    public func seconds(replications: Int) -> Double {
        let stream = RandomStream(seed: 1)
        var sink = 0.0
        let best = (0..<3).map { _ in
            BenchClock.seconds {
                for _ in 0..<replications {
                    for _ in 0..<uniforms { sink += stream.uniform() }
                    for _ in 0..<exponentials { sink += stream.exponential(mean: 1) }
                }
            }
        }.min()!
        if sink == -1 { print("") }  // keeps the loops from being optimised away
        return best
    }
}

/// Wall-clock time of a piece of work (also for `doorstroom-bench`).
public enum BenchClock {
    public static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
