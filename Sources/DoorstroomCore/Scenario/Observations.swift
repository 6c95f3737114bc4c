/// An observed yearly series a history run is compared with (and calibrated to).
public struct ObservedSeries: Hashable, Sendable {
    /// The name in the scenario: a metric name, or `in_care_1_january`.
    public var name: String
    /// The metric compared; for `…_1_january`, the `_end` value of the year before.
    public var metric: Int
    /// True when the series is a stock on 1 January.
    public var firstOfJanuary: Bool
    /// Observed value per calendar year.
    public var values: [Int: Double]
    public var source: String?

    /// The simulated counterpart in one replication, summed over regions
    /// (`ALL`); nil outside the run's years or where it is undefined (NaN).
    public func simulated(_ results: RunResults, replication: Int, year: Int) -> Double? {
        let scenario = results.scenario
        var total = 0.0
        for r in scenario.regions.indices {
            if firstOfJanuary {
                if year == scenario.startYear {
                    total += Double(scenario.regions[r].initial.inCare.values.reduce(0, +))
                    continue
                }
                let y = year - 1 - scenario.startYear
                guard y >= 0 && y < results.yearCount else { return nil }
                total += results.value(region: r, replication: replication, year: y, unit: results.allUnit(region: r), metric: metric)
            } else {
                let y = year - scenario.startYear
                guard y >= 0 && y < results.yearCount else { return nil }
                total += results.value(region: r, replication: replication, year: y, unit: results.allUnit(region: r), metric: metric)
            }
        }
        // Undefined in this replication (e.g. a wait in a year nobody was admitted): no value to compare.
        return total.isNaN ? nil : total
    }
}

/// What `doorstroom calibrate` fits, and how.
public struct CalibrationSpec: Hashable, Sendable {
    public struct Parameter: Hashable, Sendable {
        /// The field path in the scenario, e.g. `intake.bw.rate_per_10k`.
        public var path: String
        public var lower: Double
        public var upper: Double
    }

    public var parameters: [Parameter]
    /// Replications per evaluation of the loss (common random numbers: the same seed every time).
    public var replications: Int
    public var maxIterations: Int
    /// Weight of each observed series in the loss (by series name; 1 when not given).
    public var weights: [String: Double]

    public init(parameters: [Parameter], replications: Int, maxIterations: Int, weights: [String: Double] = [:]) {
        self.parameters = parameters
        self.replications = replications
        self.maxIterations = maxIterations
        self.weights = weights
    }

    /// The weight of a series in the loss.
    public func weight(of series: String) -> Double { weights[series] ?? 1 }
}
