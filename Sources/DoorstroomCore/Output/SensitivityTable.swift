import Foundation

/// `parameters.csv`: the values every replication drew for the uncertain
/// parameters, one row per replication and one column per field path (in
/// the order of the scenario document). Written only when the scenario has
/// uncertain parameters.
public enum ParametersTable {
    public static func csv(_ results: RunResults) -> String {
        guard let u = results.uncertainty else { return "" }
        var out = (["replication"] + u.paths).map(CSVFormat.field).joined(separator: ",") + "\n"
        for r in results.replications {
            out += "\(r)," + u.values(replication: r, seed: results.scenario.seed).map(CSVFormat.exact).joined(separator: ",") + "\n"
        }
        return out
    }
}

/// `sensitivity.csv`: the partial rank correlation (PRCC) of each drawn
/// parameter with each key outcome in the last year, with a 95 % Fisher-z
/// interval (``PartialRankCorrelation``), ordered for a tornado chart: per
/// outcome, by |PRCC| descending (undefined ones last), `rank` 1 the largest.
///
/// The outcomes: `balance_cumulative` and `cost_total` per municipality and
/// for the region (with finance), and `waiting_end`, everyone waiting for
/// any care state on 31 December, for the region.
public enum SensitivityTable {
    public static let header = ["outcome", "region", "municipality", "year", "parameter", "prcc", "ci_low", "ci_high", "n", "rank"]

    /// The outcomes: name, and the value of one replication.
    static func outcomes(_ results: RunResults) -> [(name: String, region: Int, unit: Int, sample: [Double])] {
        let y = results.yearCount - 1
        var list: [(String, Int, Int, [Double])] = []
        for r in results.scenario.regions.indices {
            let all = results.allUnit(region: r)
            if results.scenario.finance != nil {
                for (name, metric) in [("balance_cumulative", Metric.balanceCumulative), ("cost_total", Metric.costTotal)] {
                    for u in results.unitNames[r].indices where results.reports(unit: u, region: r) {
                        list.append((name, r, u, results.sample(region: r, year: y, unit: u, metric: metric)))
                    }
                }
            }
            var waiting = [Double](repeating: 0, count: results.replicationCount)
            for s in 0..<Metric.stateCount {
                for (i, v) in results.sample(region: r, year: y, unit: all, metric: Metric.waitingEnd + s).enumerated() {
                    waiting[i] += v
                }
            }
            list.append(("waiting_end", r, all, waiting))
        }
        return list
    }

    public static func csv(_ results: RunResults) -> String {
        var out = header.joined(separator: ",") + "\n"
        guard let u = results.uncertainty else { return out }
        let draws = results.replications.map { u.values(replication: $0, seed: results.scenario.seed) }
        let inputs = u.parameters.indices.map { j in draws.map { $0[j] } }
        let prcc = PartialRankCorrelation(inputs: inputs)
        let year = results.scenario.endYear
        for o in outcomes(results) {
            let estimates = prcc.estimates(o.sample)
            // By |PRCC| descending, undefined last, ties in parameter order.
            let order = estimates.indices.sorted { a, b in
                let x = estimates[a].prcc.map(abs) ?? -1, y = estimates[b].prcc.map(abs) ?? -1
                return x != y ? x > y : a < b
            }
            let prefix = [o.name, results.scenario.regions[o.region].name, results.unitNames[o.region][o.unit]]
                .map(CSVFormat.field).joined(separator: ",")
            for (rank, j) in order.enumerated() {
                let e = estimates[j]
                let number = { (x: Double?) in x.map(CSVFormat.statistic) ?? "" }
                out += "\(prefix),\(year),\(CSVFormat.field(u.paths[j])),\(number(e.prcc)),\(number(e.low)),\(number(e.high)),"
                    + "\(e.n),\(rank + 1)\n"
            }
        }
        return out
    }
}
