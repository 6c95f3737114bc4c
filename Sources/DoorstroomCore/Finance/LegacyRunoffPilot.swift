import CGSL

/// Estimates the expected run-off of the legacy cohort, for the
/// `legacy-runoff` and `national-runoff` ingroeipad: the budget steps "follow the estimated in- and
/// outflow" (000 L2158, L2170–2178). A pilot of replications with its own seed
/// is run without finance; r_t is the expected time-average number of legacy
/// clients in care in year t divided by the BW clients in care on the
/// decentralisation date (who became the legacy clients). The result is fixed before the main run, as an ex-ante
/// path would be, and is the same for every shard of a run.
public struct LegacyRunoffPilot: Sendable {
    public var replications: Int

    public init(replications: Int = 100) { self.replications = replications }

    /// r per region and for the regions together, by calendar year.
    public func runoff(for scenario: Scenario, threads: Int) -> RunoffEstimate {
        let pilot = pilotScenario(for: scenario)
        let results = MonteCarloRunner(threads: threads).run(pilot)
        // The legacy clients are those in care on the decentralisation date.
        let d = scenario.decentralisationYear - pilot.startYear
        let bwStates = CareState.allCases.filter { $0 != .shelter }
        let start = scenario.regions.indices.map { r -> Double in
            let region = scenario.regions[r]
            return d == 0 ? Double(bwStates.map { region.initial.inCare[$0] ?? 0 }.reduce(0, +))
                : bwStates.map { SampleSummary(results.sample(region: r, year: d - 1, unit: results.allUnit(region: r),
                                                              metric: Metric.occupancyEnd + $0.rawValue)).mean }
                    .reduce(0, +)
        }
        let legacy = scenario.regions.indices.map { r in
            pilot.years.indices.map { y in
                SampleSummary(results.sample(region: r, year: y, unit: results.allUnit(region: r), metric: Metric.legacyMean)).mean
            }
        }
        let regions = scenario.regions.indices.map { r in
            Dictionary(uniqueKeysWithValues: pilot.years.enumerated().map { y, year in
                (year, start[r] > 0 ? legacy[r][y] / start[r] : 0)
            })
        }
        let started = start.reduce(0, +)
        let pooled = Dictionary(uniqueKeysWithValues: pilot.years.enumerated().map { y, year in
            (year, started > 0 ? legacy.map { $0[y] }.reduce(0, +) / started : 0)
        })
        return RunoffEstimate(regions: regions, pooled: pooled)
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
