import CGSL

/// Estimates the expected run-off of the legacy cohort, for the
/// `legacy-runoff` ingroeipad: the budget steps "follow the estimated in- and
/// outflow" (000 L2158, L2170–2178). A pilot of replications with its own seed
/// is run without finance; r_t is the expected time-average number of legacy
/// clients in care in year t divided by the BW clients in care on the
/// decentralisation date (who became the legacy clients). The result is fixed before the main run, as an ex-ante
/// path would be, and is the same for every shard of a run.
public struct LegacyRunoffPilot: Sendable {
    public var replications: Int

    public init(replications: Int = 100) { self.replications = replications }

    /// r per region, as a function of the calendar year.
    public func runoff(for scenario: Scenario, threads: Int) -> [[Int: Double]] {
        let pilot = pilotScenario(for: scenario)
        let results = MonteCarloRunner(threads: threads).run(pilot)
        return scenario.regions.indices.map { r in
            let region = scenario.regions[r]
            // The legacy clients are those in care on the decentralisation date.
            let d = scenario.decentralisationYear - pilot.startYear
            let all = results.allUnit(region: r)
            let bwStates = CareState.allCases.filter { $0 != .shelter }
            let start = d == 0 ? Double(bwStates.map { region.initial.inCare[$0] ?? 0 }.reduce(0, +))
                : bwStates.map { SampleSummary(results.sample(region: r, year: d - 1, unit: all, metric: Metric.occupancyEnd + $0.rawValue)).mean }
                    .reduce(0, +)
            var byYear: [Int: Double] = [:]
            for (y, year) in pilot.years.enumerated() {
                let mean = SampleSummary(results.sample(region: r, year: y, unit: results.allUnit(region: r),
                                                        metric: Metric.legacyMean)).mean
                byYear[year] = start > 0 ? mean / start : 0
            }
            return byYear
        }
    }

    /// The scenario the pilot simulates: `scenario` without finance, with its
    /// own seed and replications, over the whole ingroeipad.
    func pilotScenario(for scenario: Scenario) -> Scenario {
        var pilot = scenario
        pilot.finance = nil
        pilot.replications = replications
        pilot.seed = cgsl_mix64(scenario.seed ^ 0x7069_6c6f_7400_0000)  // "pilot"
        if let path = scenario.finance?.ingroeipad {
            pilot.endYear = max(scenario.endYear, path.startYear + path.years - 1)
        }
        return pilot
    }
}
