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

    @Option(help: "The metric, as named in metrics.csv.")
    var metric: String

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

    func run() throws {
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
        var chart = FanChart(title: "\(metric) — \(place)", subtitle: "\(folder) · summary.csv", unit: unit,
                             series: series, format: lang.numberFormat)
        chart.labels = lang.chartLabels
        let target = output ?? "\(metric)-\(municipality).svg"
        do { try Data(chart.svg().utf8).write(to: URL(fileURLWithPath: target), options: .atomic) } catch {
            printError("\(target): error: cannot write the chart: \((error as NSError).localizedDescription)")
            throw ExitCode(1)
        }
        print(target)
    }
}

extension ReportLanguage: ExpressibleByArgument {}
