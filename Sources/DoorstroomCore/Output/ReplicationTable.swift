/// `replications.csv` (with `--keep-replications`): every replication's own
/// yearly values, one row per replication × region × municipality × year and
/// one column per metric, written exactly (shortest round-trip decimals).
/// Runs over disjoint replication ranges of the same scenario and seed merge
/// exactly by concatenating their rows (without the repeated header).
public enum ReplicationTable {
    /// The header: key columns, then the metrics the run reports.
    public static func header(_ results: RunResults) -> String {
        (["replication", "region", "municipality", "year"] + Metric.all.filter(results.reports).map(\.name))
            .joined(separator: ",")
    }

    public static func csv(_ results: RunResults, firstReplication: Int = 0) -> String {
        let metrics = Metric.all.indices.filter { results.reports(Metric.all[$0]) }
        var out = header(results) + "\n"
        for rep in 0..<results.replicationCount {
            for (r, region) in results.scenario.regions.enumerated() {
                let units = results.unitNames[r]
                for u in units.indices {
                    if !results.reports(unit: u, region: r) { continue }
                    for y in results.reportedYears {
                        let year = results.scenario.years[y]
                        out += "\(firstReplication + rep),\(CSVFormat.field(region.name)),\(CSVFormat.field(units[u])),\(year)"
                        for m in metrics {
                            out += "," + CSVFormat.exact(results.value(region: r, replication: rep, year: y, unit: u, metric: m))
                        }
                        out += "\n"
                    }
                }
            }
        }
        return out
    }
}
