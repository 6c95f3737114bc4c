import ArgumentParser
import DoorstroomCore
import Foundation

/// `doorstroom report`: `report.html` for a finished run or batch folder.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write report.html, a self-contained page about a run or batch folder.",
        discussion: """
            One HTML file with inline SVG and CSS, no scripts and no network fetches: the headline numbers and \
            consistency diagnostics, fan charts of the key client metrics and of the balance per municipality, \
            the ingroeipad's budgets, and the manifest; for a batch the deficit-risk matrix and the paired \
            differences against the reference. `run` and `batch` write it themselves unless given --no-report.
            """)

    @Argument(help: "A run folder or a batch folder.")
    var folder: String

    @Option(help: "Language of the report: en or nl.")
    var lang: ReportLanguage = .en

    @Option(help: "The file to write (default: report.html in the folder).")
    var output: String?

    func run() throws {
        let input: ReportFolder
        do { input = try ReportFolder(path: folder) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let target = output ?? input.path + "/report.html"
        try writeOutputFile(Data(ReportDocument(folder: input, language: lang).html().utf8), to: target, what: "report")
        print(target)
    }
}
