/// `metrics.csv`: what each metric of `summary.csv` is, so a run folder
/// describes itself — its unit, whether it is a level or a flow, and what the
/// municipality column means for it.
public enum MetricsTable {
    public static let header = ["metric", "unit", "kind", "municipality", "description"]

    /// The metrics `results` reports, in output order.
    public static func csv(_ results: RunResults) -> String {
        var out = header.joined(separator: ",") + "\n"
        for m in Metric.all where results.reports(m) {
            out += [m.name, m.unit, kind(m), municipality(m), m.description].map(CSVFormat.field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Level (a count at a moment or a time average), flow (per year), or a
    /// statistic of the year's events.
    static func kind(_ m: MetricDefinition) -> String {
        if m.name == "balance_cumulative" { return "cumulative amount since the start year" }
        if m.name.hasPrefix("utilisation") { return "time average over the year" }
        if m.name.hasPrefix("capacity") || m.name == "budget_weight" || m.name == "centrumgemeente_cost_share" {
            return "value for the year"
        }
        switch m.unit {
        case "clients", "places", "fraction":
            return m.name.contains("_mean") ? "time average over the year" : "level on 31 December"
        case "euro": return "amount per year"
        case "days": return "statistic of the year's admissions"
        case "probability": return "0 or 1 per replication; its mean is a probability"
        default: return "flow per year"
        }
    }

    /// What the municipality column holds for this metric.
    static func municipality(_ m: MetricDefinition) -> String {
        if m.regionOnly { return "region only (ALL)" }
        if m.finance { return "the municipality whose money it is (payer or recipient); ALL: the region's own municipalities" }
        return "municipality of origin; ALL: the region"
    }
}
