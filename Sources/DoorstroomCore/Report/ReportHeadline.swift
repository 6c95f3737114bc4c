import Foundation

/// The few numbers that matter, from a run's `summary.csv`: the balance in
/// the last year, the municipalities most at risk and when, the waiting
/// list's trend, and the first year's cost against its budget.
struct ReportHeadline {
    /// Label and text of each headline number, in order.
    var items: [(label: String, text: String)] = []

    /// - Parameters:
    ///   - partialYears: the files hold only some years (`--years`): no
    ///     "since" and no trend, which would start at the first year written.
    ///   - ingroeipad: the rows of `ingroeipad.csv`; under a national
    ///     distribution the first item is what each region gains or loses.
    init(summary: PercentileTable, scenario: String, language: ReportLanguage, partialYears: Bool = false,
         ingroeipad: [[String: String]] = []) {
        let format = language.numberFormat
        let keys = summary.series.keys.filter { $0.scenario == scenario }
        // The national total where there is one, else the (only or first) region.
        let regions = Set(keys.map(\.region))
        guard let region = regions.contains("ALL") ? "ALL" : regions.sorted().first else { return }
        func key(_ metric: String, _ municipality: String = "ALL") -> PercentileTable.Key {
            .init(scenario: scenario, region: region, municipality: municipality, metric: metric)
        }
        let money = { (x: Double) in Self.money(x, language) }
        if let item = Self.redistribution(ingroeipad.filter { $0["scenario"] == scenario }, summary: summary,
                                          scenario: scenario, language: language) {
            items.append(item)
        }

        if let balance = summary.series[key("balance")]?.years.last {
            // The three amounts in one unit (that of the largest), so they read as one range.
            let q = balance.quantiles
            let inMillions = max(abs(q.p05), abs(q.p50), abs(q.p95)) >= 1_000_000
            let amount = { (x: Double) in Self.money(x, language, millions: inMillions) }
            var text = "\(language == .nl ? "mediaan" : "median") \(amount(q.p50)) (P5–P95 \(amount(q.p05)) … \(amount(q.p95)))"
            if let p = summary.means[key("deficit")]?[balance.year] {
                text += ", P(\(language == .nl ? "tekort" : "deficit")) \(format.string(p, decimals: 2))"
            }
            // "All regions", not "national": a scenario of some regions is no nation.
            let place = region == "ALL" ? (language == .nl ? "alle regio's" : "all regions") : region
            items.append(("\(language.text(.regionBalance)) \(balance.year) (\(place))", text))
        }
        let municipalities = Set(keys.filter { $0.metric == "deficit" }.map(\.municipality))
            .subtracting(["ALL", "unknown", "outside"])
        // Without finance there is no deficit to rank.
        if (region != "ALL" || regions.count == 1) && !municipalities.isEmpty {
            // Ranked by P(deficit) in the last year; "since" is the first year of the run of years with P ≥ 0.5 up to then.
            let risks = municipalities.compactMap { m -> (name: String, last: Double, lastYear: Int, since: Int?)? in
                guard let p = summary.means[key("deficit", m)], let lastYear = p.keys.max(), let last = p[lastYear] else { return nil }
                var since: Int?
                for year in p.keys.sorted().reversed() {
                    guard let q = p[year], q >= 0.5 else { break }
                    since = year
                }
                return (m, last, lastYear, partialYears ? nil : since)
            }
            .filter { $0.last > 0 }
            .sorted { (-$0.last, $0.name) < (-$1.last, $1.name) }
            let at = language == .nl ? "in" : "in", since = language == .nl ? "≥ 0,5 sinds" : "≥ 0.5 since"
            let text = risks.isEmpty ? language.text(.noneAtRisk) : risks.prefix(3).map { r in
                "\(r.name): P \(format.string(r.last, decimals: 2)) \(at) \(r.lastYear)"
                    + (r.since.map { " (\(since) \($0))" } ?? "")
            }.joined(separator: "; ")
            items.append((language.text(.mostAtRisk), text))
        }
        if !partialYears, let waiting = summary.series[key("waiting_end_intramural")]?.years, let first = waiting.first,
           let last = waiting.last {
            items.append((language.text(.waitingList),
                          "\(first.year): \(format.string(first.quantiles.p50, decimals: 0)) → \(last.year): "
                          + "\(format.string(last.quantiles.p50, decimals: 0)) (\(language == .nl ? "mediaan" : "median"); "
                          + "P5–P95 \(format.string(last.quantiles.p05, decimals: 0))–\(format.string(last.quantiles.p95, decimals: 0)))"))
        }
        if !partialYears, let cost = summary.means[key("cost_total")], let budget = summary.means[key("budget")],
           let year = cost.keys.min(), let c = cost[year], let b = budget[year], b != 0 {
            items.append(("\(language.text(.firstYearCost)) \(year)",
                          "\(money(c)) / \(money(b)) (\(c >= b ? "+" : "")\(format.string((c - b) / b * 100, decimals: 1)) %)"))
        }
    }

    /// Under a national distribution (money moves between regions, so a
    /// region's redistribution effect is not 0): per region, its budget in
    /// the last year against the historical distribution and, for one region,
    /// P(deficit) of the region each year; for several, the largest gains and losses.
    static func redistribution(_ rows: [[String: String]], summary: PercentileTable, scenario: String,
                               language: ReportLanguage) -> (label: String, text: String)? {
        let format = language.numberFormat
        let totals = rows.filter { $0["municipality"] == "ALL" }
        guard let last = totals.compactMap({ Int($0["year"] ?? "") }).max(),
              totals.contains(where: { abs(Double($0["redistribution_effect"] ?? "") ?? 0) >= 1 }) else { return nil }
        let effects = totals.filter { $0["year"] == String(last) }.compactMap { row -> (region: String, budget: Double, effect: Double)? in
            guard let region = row["region"], let budget = Double(row["budget"] ?? ""),
                  let effect = Double(row["redistribution_effect"] ?? "") else { return nil }
            return (region, budget, effect)
        }
        func describe(_ e: (region: String, budget: Double, effect: Double)) -> String {
            let historical = e.budget - e.effect
            let percent = historical != 0 ? " (\(e.effect >= 0 ? "+" : "")\(format.string(e.effect / historical * 100, decimals: 1)) %)" : ""
            let effect = money(e.effect, language)
            return "\(e.region) \(money(e.budget, language)), \(e.effect >= 0 ? effect.replacingOccurrences(of: "€ ", with: "€ +") : effect)\(percent)"
        }
        let label = "\(language.text(.objectiveDistribution)) \(last)"
        guard effects.count == 1, let only = effects.first else {
            // The largest relative gains and losses, each region in one list at most.
            func relative(_ e: (region: String, budget: Double, effect: Double)) -> Double { e.effect / max(1, e.budget - e.effect) }
            let gainers = effects.filter { $0.effect > 0 }.sorted { (relative($0), $1.region) > (relative($1), $0.region) }
            let losers = effects.filter { $0.effect < 0 }.sorted { (relative($0), $0.region) < (relative($1), $1.region) }
            let gain = language == .nl ? "meeste winst" : "gain most", lose = language == .nl ? "meeste verlies" : "lose most"
            let parts = [(gain, gainers), (lose, losers)].filter { !$0.1.isEmpty }
                .map { "\($0.0): " + $0.1.prefix(3).map(describe).joined(separator: "; ") }
            return (label, parts.joined(separator: "; "))
        }
        var text = describe(only)
        let key = PercentileTable.Key(scenario: scenario, region: only.region, municipality: "ALL", metric: "deficit")
        if let p = summary.means[key], !p.isEmpty {
            text += "; P(\(language == .nl ? "tekort" : "deficit")) " + p.keys.sorted().map { "\($0) \(format.string(p[$0]!, decimals: 2))" }
                .joined(separator: ", ")
        }
        return (label, text)
    }

    /// An amount of euro: in millions from a million on (or when `millions` says so).
    static func money(_ x: Double, _ language: ReportLanguage, millions: Bool? = nil) -> String {
        let format = language.numberFormat
        if millions ?? (abs(x) >= 1_000_000) {
            return "€ \(format.string(x / 1_000_000, decimals: 1)) \(language == .nl ? "mln" : "million")"
        }
        return "€ \(format.string(x, decimals: 0))"
    }
}
