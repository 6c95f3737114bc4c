/// The national total of a scenario with several regions (`region = ALL`,
/// `municipality = ALL` in `summary.csv`): each replication's sum over the
/// regions' own totals, for the metrics where a sum means something.
///
/// Counts, flows, places and euro add up. Utilisation is the summed
/// time-average occupancy over the summed places, and is undefined (no
/// row) when a region has no limit. P(deficit) and P(deficit > x × budget) are
/// those of the national balance. Averages, percentiles and shares of
/// regions (waits, weights, cohort shares) have no national total and get no
/// national row.
enum NationalTotal {
    /// The national values of `metric` in `year` (an index into the years),
    /// one per replication; nil if the metric has no national total.
    static func sample(_ results: RunResults, year: Int, metric: Int) -> [Double]? {
        let regions = results.scenario.regions.indices
        func regional(_ m: Int) -> [[Double]] {
            regions.map { r in results.sample(region: r, year: year, unit: results.allUnit(region: r), metric: m) }
        }
        func summed(_ m: Int) -> [Double] {
            regional(m).reduce(into: Array(repeating: 0.0, count: results.replicationCount)) { total, region in
                for i in total.indices { total[i] += region[i] }
            }
        }
        let definition = Metric.all[metric]
        let name = definition.name
        if name.hasPrefix("utilisation_") {
            let state = String(name.dropFirst("utilisation_".count))
            guard let occupancy = Metric.index(of: "occupancy_mean_\(state)"),
                  let capacity = Metric.index(of: "capacity_\(state)") else { return nil }
            let places = regional(capacity)
            let total = summed(capacity), occupied = summed(occupancy)
            return total.indices.map { i in places.contains { $0[i] == 0 } ? .nan : occupied[i] / total[i] }
        }
        if name.hasPrefix("capacity_") {
            // 0 places means no limit: a country where one region has none has no total.
            let places = regional(metric)
            let total = summed(metric)
            return total.indices.map { i in places.contains { $0[i] == 0 } ? .nan : total[i] }
        }
        if metric == Metric.deficit || metric == Metric.deficitOverThreshold {
            guard let finance = results.scenario.finance else { return nil }
            let balance = summed(Metric.balance), budget = summed(Metric.budget)
            let share = metric == Metric.deficit ? 0 : finance.deficitThresholdShare
            return balance.indices.map { balance[$0] < -share * budget[$0] ? 1 : 0 }
        }
        guard ["clients", "clients/year", "households/year", "euro"].contains(definition.unit) else { return nil }
        return summed(metric)
    }
}
