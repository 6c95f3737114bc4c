import Foundation

/// `report.html`: one self-contained page (inline SVG and CSS, no scripts,
/// no network fetches) about a run or a batch, in English or Dutch. Every
/// text that comes from a scenario file is escaped.
public struct ReportDocument: Sendable {
    public let folder: ReportFolder
    public let language: ReportLanguage
    /// The run id or batch id the charts name (the folder's name, which a
    /// report written into a staging folder does not have yet).
    public let name: String

    public init(folder: ReportFolder, language: ReportLanguage = .en, name: String? = nil) {
        self.folder = folder
        self.language = language
        self.name = name ?? URL(fileURLWithPath: folder.path).lastPathComponent
    }

    /// The headline numbers as lines of text (`run` prints them at its end).
    public var headlineLines: [String] {
        guard let scenario = folder.summary.scenarios.first else { return [] }
        return ReportHeadline(summary: folder.summary, scenario: scenario, language: language,
                              partialYears: folder.manifest["output_filter"]?["years"] != nil,
                              ingroeipad: folder.ingroeipad).items.map { "\($0.label): \($0.text)" }
    }

    /// The page.
    public func html() -> String {
        var page = HTMLPage(language: language)
        let title = folder.kind == .batch
            ? "\(t(.batchReport)): \(folder.string("batch_id") ?? "")"
            : "\(t(.report)): \(folder.string("scenario") ?? "")"
        page.open(title: title)
        page.paragraph(subtitle, cssClass: "subtitle")
        switch folder.kind {
        case .run: runSections(&page)
        case .batch: batchSections(&page)
        }
        page.close()
        return page.text
    }

    private func t(_ key: ReportText) -> String { language.text(key) }
    private var format: NumberFormat { language.numberFormat }

    private var subtitle: String {
        [folder.string("replications").map { "\($0) \(t(.replications))" },
         folder.string("seed").map { "\(t(.seed)) \($0)" },
         folder.string("doorstroom_version").map { "Doorstroom \($0)" + (folder.string("doorstroom_commit").map { " (\($0.prefix(12)))" } ?? "") },
         folder.string("started_at")].compactMap { $0 }.joined(separator: " · ")
    }

    // MARK: A run

    private func runSections(_ page: inout HTMLPage) {
        let scenario = folder.summary.scenarios.first ?? ""
        page.section(t(.headline), id: "headline")
        page.definitions(ReportHeadline(summary: folder.summary, scenario: scenario, language: language,
                                        partialYears: folder.manifest["output_filter"]?["years"] != nil,
                                        ingroeipad: folder.ingroeipad).items)
        diagnostics(&page)
        page.endSection()

        let regions = orderedRegions(scenario)
        page.section(t(.clients), id: "clients")
        for region in regions {
            let observed = folder.observedMetrics.filter { !Self.keyMetrics.contains($0) }
            for metric in Self.keyMetrics + observed {
                fan(&page, scenarios: [scenario], region: region, municipality: "ALL", metric: metric)
            }
        }
        page.endSection()

        if folder.summary.series.keys.contains(where: { $0.metric == "balance_cumulative" }) {
            page.section(t(.money), id: "balance")
            for region in regions {
                for municipality in municipalities(scenario, region) + ["ALL"] {
                    fan(&page, scenarios: [scenario], region: region, municipality: municipality, metric: "balance_cumulative")
                }
            }
            page.endSection()
        }
        if !folder.ingroeipad.isEmpty { ingroeipad(&page) }
        if let sensitivity = folder.sensitivityBars { self.sensitivity(&page, sensitivity) }
        manifest(&page)
    }

    static let keyMetrics = ["in_care_end", "occupancy_end_intramural", "waiting_end_intramural", "wait_days_mean"]

    // MARK: A batch

    private func batchSections(_ page: inout HTMLPage) {
        page.section(t(.scenarios), id: "scenarios")
        // From the manifest, not index.csv: a file path may hold a line break, which the line-based reader refuses.
        page.table(header: ["scenario", t(.file), "client_simulation", "wall_seconds"],
                   rows: (folder.manifest["scenarios"]?.array ?? []).map { entry in
                       [entry["scenario"]?.string ?? "", entry["file"]?.string ?? "", entry["client_simulation"]?.string ?? "",
                        entry["wall_time_seconds"].flatMap(\.string).flatMap(Double.init).map { format.string($0, decimals: 1) } ?? ""]
                   }, numericFrom: 3)
        page.endSection()
        if let stress = folder.stressCells { stressMatrix(&page, stress) }
        if let differences = folder.differences, let reference = folder.string("reference") {
            page.section("\(t(.comparisons)): \(reference)", id: "differences")
            let scenarios = differences.scenarios
            let regions = Set(differences.series.keys.map(\.region)).sorted { ($0 == "ALL" ? 1 : 0, $0) < ($1 == "ALL" ? 1 : 0, $1) }
            for region in regions {
                for municipality in municipalities(in: differences, region) + ["ALL"] {
                    // At most six scenarios per chart, so each keeps its own colour and dash.
                    for start in stride(from: 0, to: scenarios.count, by: 6) {
                        fan(&page, table: differences, scenarios: Array(scenarios[start..<min(start + 6, scenarios.count)]),
                            region: region, municipality: municipality, metric: "balance_cumulative",
                            prefix: "\(t(.differenceAgainst)) \(reference): ")
                    }
                }
            }
            page.endSection()
        }
        manifest(&page)
    }

    /// The stress matrix as a table coloured by P(deficit), with each cell's Wilson interval.
    private func stressMatrix(_ page: inout HTMLPage, _ stress: StressTableReader) {
        page.section(t(.stressMatrix), id: "stress")
        var map = StressHeatMap(title: folder.string("batch_id") ?? "", subtitle: subtitle, cells: stress.cells, format: format)
        map.labels = language.heatMapLabels
        page.figure(map.svg())
        // The same cells as tables, each with its Wilson interval.
        var tables = HTMLPage(language: language)
        for scenario in stress.scenarios {
            let cells = stress.cells.filter { $0.scenario == scenario }
            let years = Array(Set(cells.map(\.year))).sorted()
            var units: [String] = []
            for cell in cells where !units.contains(cell.municipality) { units.append(cell.municipality) }
            let byPlace = Dictionary(cells.map { ("\($0.municipality)\u{0}\($0.year)", $0) }, uniquingKeysWith: { first, _ in first })
            tables.heading(scenario, level: 3)
            var html = "<table class=\"stress\"><thead><tr><th>\(XMLText.escape(t(.municipality)))</th>"
            html += years.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
            for unit in units {
                html += "<tr><th>\(XMLText.escape(unit))</th>"
                for year in years {
                    guard let cell = byPlace["\(unit)\u{0}\(year)"], let p = cell.probability else { html += "<td></td>"; continue }
                    let bound = { (x: Double?) in x.map { format.string($0, decimals: 3) } ?? "" }
                    let tip = "P \(format.string(p, decimals: 3)) [\(bound(cell.low)), \(bound(cell.high))], n = \(cell.n)"
                    html += "<td style=\"\(Self.riskStyle(p))\" title=\"\(XMLText.escape(tip))\">\(format.string(p, decimals: 2))</td>"
                }
                html += "</tr>"
            }
            tables.raw(html + "</tbody></table>")
        }
        page.details(summary: t(.table)) { $0.raw(tables.text) }
        page.endSection()
    }

    /// A cell's colour for P(deficit) p: lightness alone carries the value
    /// (white → dark blue), so it reads in grey print and for colour-blind readers.
    static func riskStyle(_ p: Double) -> String {
        let lightness = 97 - 72 * min(max(p, 0), 1)
        return "background:hsl(215,60%,\(Int(lightness.rounded()))%);color:\(lightness < 55 ? "#fff" : "#000")"
    }

    // MARK: Sections shared by runs and batches

    private func diagnostics(_ page: inout HTMLPage) {
        page.heading(t(.diagnostics), level: 3)
        let list = folder.manifest["diagnostics"]?.array ?? []
        if list.isEmpty { page.paragraph(t(.noDiagnostics)) }
        page.list(list.map { d in
            "\(d["severity"]?.string ?? "warning"): \(d["field"]?.string ?? ""): \(d["message"]?.string ?? "")"
        })
    }

    private func ingroeipad(_ page: inout HTMLPage) {
        page.section(t(.ingroeipad), id: "ingroeipad")
        let years = Array(Set(folder.ingroeipad.compactMap { Int($0["year"] ?? "") })).sorted()
        let shown = [years.first, years.count > 1 ? years.last : nil].compactMap { $0 }
        let rows = folder.ingroeipad.filter { row in shown.contains { String($0) == row["year"] } }
        page.table(header: [t(.municipality), t(.year), "w", t(.historicalPart), t(.objectivePart), t(.budget), t(.historicalBudget),
                            t(.redistribution), t(.capAdjustment)],
                   rows: rows.map { r in
                       [r["municipality"] ?? "", r["year"] ?? "", number(r["weight"], decimals: 3),
                        money(r["historical_part"]), money(r["objective_part"]),
                        money(r["budget"]), money(r["historical_budget"]), money(r["redistribution_effect"]), money(r["cap_adjustment"])]
                   }, numericFrom: 2)
        let binding = folder.ingroeipad.filter { (Double($0["cap_adjustment"] ?? "") ?? 0) != 0 }
        page.paragraph(binding.isEmpty ? t(.capNeverBinds)
                       : t(.capBinds) + " " + binding.map { "\($0["municipality"] ?? "") \($0["year"] ?? "")" }.joined(separator: ", "))
        page.endSection()
    }

    private func sensitivity(_ page: inout HTMLPage, _ sensitivity: SensitivityTableReader) {
        page.section(t(.sensitivity), id: "sensitivity")
        // A tornado per outcome: the balance of each municipality and of the region, the region's cost and waiting list.
        let shown = sensitivity.keys.filter { $0.municipality == "ALL" || $0.outcome == "balance_cumulative" }
        for key in shown {
            let place = key.municipality == "ALL" ? key.region : "\(key.municipality), \(key.region)"
            var chart = TornadoChart(title: "\(key.outcome) — \(place)\(sensitivity.years[key].map { ", \($0)" } ?? "")",
                                     subtitle: t(.sensitivity), bars: sensitivity.bars[key] ?? [], format: format)
            chart.labels = language.tornadoLabels
            page.figure(chart.svg())
        }
        var table = HTMLPage(language: language)
        let decimals = { (x: Double?) in x.map { self.format.string($0, decimals: 2) } ?? "" }
        table.table(header: ["outcome", t(.municipality), t(.year), "parameter", "PRCC", "95 %"],
                    rows: shown.flatMap { key in
                        (sensitivity.bars[key] ?? []).map { bar in
                            [key.outcome, key.municipality, sensitivity.years[key].map(String.init) ?? "", bar.parameter,
                             decimals(bar.prcc), bar.low == nil ? "" : "[\(decimals(bar.low)), \(decimals(bar.high))]"]
                        }
                    }, numericFrom: 4)
        page.details(summary: t(.table)) { $0.raw(table.text) }
        page.endSection()
    }

    private func manifest(_ page: inout HTMLPage) {
        page.section(t(.manifest), id: "manifest")
        let keys = ["scenario", "scenario_file", "scenario_sha256", "batch_id", "reference", "seed", "first_replication",
                    "replications", "threads", "doorstroom_version", "doorstroom_commit", "gsl_version", "generator", "started_at",
                    "wall_time_seconds", "csv_dialect", "client_simulations"]
        page.definitions(keys.compactMap { key in folder.string(key).map { (key, $0) } })
        if let command = folder.manifest["command"]?.array, !command.isEmpty {
            page.definitions([("command", command.compactMap(\.string).joined(separator: " "))])
        }
        let uncertain = folder.manifest["uncertain_parameters"]?.array ?? []
        if !uncertain.isEmpty {
            page.heading(t(.uncertainParameters), level: 3)
            page.table(header: [t(.path), t(.distribution), t(.source)],
                       rows: uncertain.map { [$0["path"]?.string ?? "", $0["distribution"]?.string ?? "", $0["source"]?.string ?? ""] })
        }
        let parameters = folder.manifest["parameters"]?.array ?? []
        if !parameters.isEmpty {
            page.details(summary: "\(t(.parameters)) (\(parameters.count))") { page in
                page.table(header: [t(.path), t(.value), t(.source)],
                           rows: parameters.map { [$0["path"]?.string ?? "", $0["value"]?.string ?? "", $0["source"]?.string ?? ""] })
            }
        }
        page.endSection()
    }

    // MARK: Helpers

    private func fan(_ page: inout HTMLPage, table: PercentileTable? = nil, scenarios: [String], region: String,
                     municipality: String, metric: String, prefix: String = "") {
        let table = table ?? folder.summary
        var unit = ""
        let series = scenarios.compactMap { s -> FanChart.Series? in
            guard let found = table.series[.init(scenario: s, region: region, municipality: municipality, metric: metric)] else { return nil }
            unit = found.unit
            return FanChart.Series(name: s, years: found.years)
        }
        // A metric that is zero throughout (no waiting list without a limit on places) is no chart; a
        // difference of zero throughout is a finding (the region's total under another ingroeipad) and is drawn.
        guard !series.isEmpty, prefix != "" || series.contains(where: { $0.years.contains { $0.quantiles.all.contains { $0 != 0 } } })
        else { return }
        let place = municipality == "ALL" ? region : "\(municipality), \(region)"
        let description = Metric.all.first { $0.name == metric }?.description ?? ""
        // Observed series are totals of all the run's regions: drawn on the region's ALL row when there is one region.
        let regionCount = table.regions.subtracting(["ALL"]).count
        let points = municipality != "ALL" || prefix != "" || (regionCount > 1 && region != "ALL") ? [] : folder.observed(metric)
        // The title names the metric and the place, the legend the scenarios, the subtitle the run.
        var chart = FanChart(title: "\(prefix)\(metric) — \(place)", subtitle: "\(description) · \(name)", unit: unit, series: series,
                             observed: points, format: format)
        chart.labels = language.chartLabels
        page.figure(chart.svg())
    }

    private func orderedRegions(_ scenario: String) -> [String] {
        Set(folder.summary.series.keys.filter { $0.scenario == scenario }.map(\.region))
            .sorted { ($0 == "ALL" ? 0 : 1, $0) < ($1 == "ALL" ? 0 : 1, $1) }
    }

    private func municipalities(_ scenario: String, _ region: String) -> [String] {
        municipalities(in: folder.summary, region, scenario: scenario)
    }

    private func municipalities(in table: PercentileTable, _ region: String, scenario: String? = nil) -> [String] {
        Set(table.series.keys.filter { $0.region == region && (scenario == nil || $0.scenario == scenario) }.map(\.municipality))
            .subtracting(["ALL", "unknown", "outside"]).sorted()
    }

    private func number(_ text: String?, decimals: Int) -> String {
        guard let text, let x = Double(text) else { return "" }
        return format.string(x, decimals: decimals)
    }

    private func money(_ text: String?) -> String {
        guard let text, let x = Double(text) else { return "" }
        return ReportHeadline.money(x, language)
    }
}
