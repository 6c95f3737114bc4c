/// `stress.csv`, the deficit-risk matrix of a sweep: for every point,
/// municipality and year, P(deficit) with its Wilson 95 % interval (never a
/// point at 0 or 1), the 5 % worst-case cumulative balance, and the first
/// year in which P(deficit) exceeds 50 %.
///
/// Rows are the municipalities (the payers) and the region (`ALL`); `unknown`
/// and `outside` hold no budget and are left out. A scenario without finance
/// has no rows.
public enum StressTable {
    public static let header = ["scenario", "region", "municipality", "year", "p_deficit", "p_deficit_low",
                                "p_deficit_high", "balance_cumulative_p05", "first_year_p_deficit_over_half", "n"]

    /// The rows of every point, in the order given.
    public static func csv(_ points: [RunResults]) -> String {
        header.joined(separator: ",") + "\n" + points.map(rows).joined()
    }

    /// The rows of one point.
    static func rows(_ results: RunResults) -> String {
        guard results.scenario.finance != nil else { return "" }
        var out = ""
        let scenario = CSVFormat.field(results.scenario.name)
        for (r, region) in results.scenario.regions.enumerated() {
            let units = Array(region.municipalities.indices) + [results.allUnit(region: r)]
            for u in units {
                let perYear = results.scenario.years.indices.map { y in
                    Cell(deficits: results.sample(region: r, year: y, unit: u, metric: Metric.deficit),
                         balances: results.sample(region: r, year: y, unit: u, metric: Metric.balanceCumulative))
                }
                let firstYear = perYear.firstIndex { $0.probability > 0.5 }.map { String(results.scenario.years[$0]) } ?? ""
                let prefix = "\(scenario),\(CSVFormat.field(region.name)),\(CSVFormat.field(results.unitNames[r][u])),"
                for (y, cell) in perYear.enumerated() {
                    let values = [cell.probability, cell.interval.lower, cell.interval.upper, cell.worstCase]
                    out += prefix + "\(results.scenario.years[y]),"
                        + values.map(CSVFormat.statistic).joined(separator: ",") + ",\(firstYear),\(cell.count)\n"
                }
            }
        }
        return out
    }

    /// One municipality-year: replications with a defined deficit indicator.
    struct Cell {
        let probability: Double
        let interval: WilsonInterval
        let worstCase: Double
        let count: Int

        init(deficits: [Double], balances: [Double]) {
            let defined = deficits.filter(\.isFinite)
            count = defined.count
            let successes = defined.filter { $0 > 0.5 }.count
            probability = count > 0 ? Double(successes) / Double(count) : .nan
            interval = count > 0 ? WilsonInterval(successes: successes, trials: count) : WilsonInterval.undefined
            let finite = balances.filter(\.isFinite)
            worstCase = finite.isEmpty ? .nan : SampleSummary(finite).p05
        }
    }
}

extension WilsonInterval {
    /// No trials: both ends undefined (written as empty fields).
    static var undefined: WilsonInterval {
        var w = WilsonInterval(successes: 0, trials: 1)
        (w.lower, w.upper) = (.nan, .nan)
        return w
    }
}
