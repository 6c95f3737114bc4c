import ArgumentParser
import DoorstroomCore
import Foundation

/// `doorstroom chart`: a fan chart (SVG) of one metric from a finished run
/// or batch folder's `summary.csv`.
struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a fan chart (SVG) of a metric from a run or batch folder.",
        discussion: """
            The median over the years with shaded P5–P95, P10–P90 and P25–P75 bands, one fan per scenario \
            (every scenario of a batch unless --scenario is given), from the folder's summary.csv. \
            Example: doorstroom chart Output/batches/ingroeipad --metric balance_cumulative --municipality Zoetermeer
            """)

    @Argument(help: "A run folder or a batch folder (one with a summary.csv).")
    var folder: String

    @Option(help: "The metric, as named in metrics.csv (for a fan chart).")
    var metric: String?

    @Flag(help: "Draw the deficit-risk heat map of the folder's stress.csv (a batch with finance) instead of a fan chart.")
    var stress = false

    @Option(help: "The region (default: the only one, or the national total ALL).")
    var region: String?

    @Option(help: "The municipality, or ALL for the region.")
    var municipality = "ALL"

    @Option(help: "A scenario to draw (repeatable; default: every scenario in the folder, at most 6).")
    var scenario: [String] = []

    @Option(help: "The SVG file to write (default: <metric>-<municipality>.svg in the current folder).")
    var output: String?

    @Option(help: "Language of the labels and numbers: en or nl.")
    var lang: ReportLanguage = .en

    func validate() throws {
        if stress == (metric != nil) { throw ValidationError("give either --metric (a fan chart) or --stress (the heat map)") }
    }

    func run() throws {
        if stress { return try heatMap() }
        let metric = metric!
        let file = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/summary.csv"
        let table: PercentileTable
        do { table = try PercentileTable(file: file) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let chosen = scenario.isEmpty ? Array(table.scenarios.prefix(6)) : scenario
        let keys = table.series.keys.filter { $0.metric == metric && $0.municipality == municipality && chosen.contains($0.scenario) }
        let regions = Set(keys.map(\.region))
        let regionName = region ?? (regions.count == 1 ? regions.first! : "ALL")
        var series: [FanChart.Series] = []
        var unit = ""
        for name in chosen {
            guard let found = table.series[.init(scenario: name, region: regionName, municipality: municipality, metric: metric)] else {
                printError("\(file):1:1: error: no rows for scenario `\(name)`, region `\(regionName)`, municipality "
                           + "`\(municipality)` and metric `\(metric)` (scenarios: \(table.scenarios.joined(separator: ", ")))")
                throw ExitCode(2)
            }
            unit = found.unit
            series.append(FanChart.Series(name: name, years: found.years))
        }
        let place = municipality == "ALL" ? regionName : "\(municipality), \(regionName)"
        // Observed points (a history run's, recorded in its manifest) are totals of all regions.
        let regionCount = Set(table.series.keys.map(\.region)).subtracting(["ALL"]).count
        let observed = municipality == "ALL" && (regionCount == 1 || regionName == "ALL")
            ? ReportFolder.observed(metric, inRunFolder: folder) : []
        var chart = FanChart(title: "\(metric) — \(place)", subtitle: "\(name) · summary.csv", unit: unit,
                             series: series, observed: observed, format: lang.numberFormat)
        chart.labels = lang.chartLabels
        try write(chart.svg(), to: output ?? "\(metric)-\(municipality).svg")
    }

    /// The heat map of P(deficit) per sweep point, municipality and year.
    private func heatMap() throws {
        let file = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/stress.csv"
        let table: StressTableReader
        do { table = try StressTableReader(file: file) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let cells = scenario.isEmpty ? table.cells : table.cells.filter { scenario.contains($0.scenario) }
        var map = StressHeatMap(title: "P(deficit) — \(name)", cells: cells, format: lang.numberFormat)
        map.labels = lang.heatMapLabels
        try write(map.svg(), to: output ?? "stress.svg")
    }

    /// The folder's name (a run id or batch id), for titles.
    private var name: String { URL(fileURLWithPath: folder).lastPathComponent }

    private func write(_ svg: String, to target: String) throws {
        try writeOutputFile(Data(svg.utf8), to: target, what: "chart")
        print(target)
    }
}

extension ReportLanguage: ExpressibleByArgument {}
