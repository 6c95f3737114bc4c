import ArgumentParser
import DoorstroomCore
import Foundation

/// Options shared by the commands that simulate and write a run folder.
struct RunFolderOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(help: "Folder that receives <scenario>/<run-id>/.")
    var output: String = "Output"

    @Option(help: "Name of the run folder: 1 to 100 of A–Z a–z 0–9 . _ -, not starting with `.` (default: made from the UTC time and the seed, e.g. 20260101T120000Z-s42; -2, -3, … added if a run of the same second has it).")
    var runID: String?

    func validate() throws {
        try checkSimulationBounds(threads: threads)
        if let runID, let problem = RunID.problem(runID) { throw ValidationError("--run-id: \(problem)") }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// `--pilot-replications`: the size of the pilot that fixes a `legacy-runoff`
/// ingroeipad before a run (``LegacyRunoffPilot``).
struct PilotOptions: ParsableArguments {
    @Option(help: "Replications of the pilot that fixes a legacy-runoff ingroeipad before the run, 1…10,000: more give a steadier ex-ante path, fewer a faster start. Recorded in the manifest.")
    var pilotReplications = 100

    func validate() throws {
        guard (1...10_000).contains(pilotReplications) else {
            throw ValidationError("--pilot-replications must be in 1…10,000, found \(pilotReplications)")
        }
    }
}

/// Checks the options `run` and `batch` share against their bounds
/// (docs/scenario-reference.md, "Limits").
func checkSimulationBounds(replications: Int? = nil, seed: UInt64? = nil, threads: Int? = nil) throws {
    if let replications, !(1...ScenarioLimits.replications).contains(replications) {
        throw ValidationError("--replications must be in 1…\(ScenarioLimits.replications), found \(replications)")
    }
    if let seed, seed > UInt64(ScenarioLimits.seed) {
        throw ValidationError("--seed must be in 0…2⁶³−1 (\(ScenarioLimits.seed)), found \(seed)")
    }
    if let threads, !(1...ScenarioLimits.threads).contains(threads) {
        throw ValidationError("--threads must be in 1…\(ScenarioLimits.threads), found \(threads)")
    }
}

/// Loads a scenario, or prints every problem and exits with status 2.
func loadScenario(_ path: String, settings: [Setting] = []) throws -> LoadedScenario {
    do { return try ScenarioLoader.load(path: path, settings: settings) } catch {
        printDiagnostics(error.diagnostics)
        throw ExitCode(2)
    }
}

/// Prints each diagnostic on a line of its own (``Diagnostic/description``:
/// `FILE:LINE:COLUMN: error: FIELD: message`, escaped), and nothing else, so
/// every line on standard error can be read by a tool.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    diagnostics.forEach { printError($0.description) }
}

/// The line that says `--strict` turned `warnings` into errors, in the same
/// form, at the first warning's place.
func strictLine(_ warnings: [Diagnostic], then: String = "") -> String {
    let n = warnings.count
    let line = Diagnostic(file: warnings[0].file, line: warnings[0].line, column: warnings[0].column, field: "",
                          message: "\(n) warning\(n == 1 ? "" : "s") treated as error\(n == 1 ? "" : "s") (--strict)\(then)")
    return line.description
}

/// Prints consistency warnings to standard error — always, also with
/// `--quiet`, since a warning nobody sees is no warning. With `strict` any
/// warning is an error: says so and exits with status 2.
func report(_ warnings: [Diagnostic], strict: Bool) throws {
    printDiagnostics(warnings)
    guard strict, !warnings.isEmpty else { return }
    printError(strictLine(warnings, then: ": nothing was written"))
    throw ExitCode(2)
}

/// `--metrics`, `--years`, `--regions-only`: narrow what a run or batch
/// writes (``OutputFilter``), never what it simulates; `--csv-dialect`: how it writes it.
struct OutputFilterOptions: ParsableArguments {
    @Option(help: "How to write the CSV files: rfc4180 (`,` and a decimal point, for programs) or excel-nl (`;`, decimal commas and a UTF-8 byte-order mark, as Excel and LibreOffice with Dutch settings read CSV).")
    var csvDialect: CSVDialect = .rfc4180

    @Flag(help: "Do not write report.html.")
    var noReport = false

    @Option(help: "Language of report.html: en or nl.")
    var lang: ReportLanguage = .en

    /// Writes `report.html` for the finished files in the staging folder
    /// `folder` (to be committed as `final`) with `write`, and returns its
    /// headline lines; nothing with --no-report. A report that cannot be made
    /// is a warning, never a reason to lose the results.
    func writeReport(of folder: URL, final: URL, with write: (Data) throws -> Void) -> [String] {
        guard !noReport else { return [] }
        do {
            let document = ReportDocument(folder: try ReportFolder(path: folder.path), language: lang,
                                          name: final.lastPathComponent)
            try write(Data(document.html().utf8))
            return document.headlineLines
        } catch {
            let reason = (error as? InputError)?.diagnostics.first.map { "\($0.file):\($0.line ?? 1): \($0.message)" }
                ?? (error as NSError).localizedDescription
            printError("\(final.path)/report.html:1:1: warning: report.html was not written (\(reason)); the results are complete")
            return []
        }
    }

    @Option(help: "Write only these metrics: names separated by commas, as in metrics.csv.")
    var metrics: String?

    @Option(help: "Write only these years: a year (2031) or a range (2025-2031) within the period.")
    var years: String?

    @Flag(help: "Write only each region's ALL rows (no municipality rows).")
    var regionsOnly = false

    func validate() throws { _ = try filter() }

    /// The filter the options describe.
    func filter() throws -> OutputFilter {
        var filter = OutputFilter(regionsOnly: regionsOnly)
        if let metrics {
            switch OutputFilter.metrics(metrics) {
            case let .success(names): filter = OutputFilter(metrics: names, regionsOnly: regionsOnly)
            case let .failure(problem): throw ValidationError("--metrics: \(problem)")
            }
        }
        if let years {
            switch OutputFilter.years(years) {
            case let .success(range): filter.years = range
            case let .failure(problem): throw ValidationError("--years: \(problem)")
            }
        }
        return filter
    }

    /// Exits with status 2 when `--years` reaches outside `scenario`'s
    /// period, or `--metrics` names financial metrics of a scenario without finance.
    func check(_ loaded: LoadedScenario) throws {
        let s = loaded.scenario
        let filter = try filter()
        if s.finance == nil, let names = filter.metrics {
            let financial = names.filter { name in Metric.all.first { $0.name == name }?.finance == true }
            if !financial.isEmpty {
                printError("\(loaded.file):1:1: error: --metrics: \(financial.joined(separator: ", ")) "
                           + "need a `finance` section, which this scenario has not")
                throw ExitCode(2)
            }
        }
        guard let range = filter.years else { return }
        guard range.lowerBound >= s.startYear, range.upperBound <= s.endYear else {
            printError("\(loaded.file):1:1: error: --years: expected years within the period \(s.startYear)–\(s.endYear), "
                       + "found \(range.lowerBound)–\(range.upperBound)")
            throw ExitCode(2)
        }
    }
}

extension OutputFilterOptions {
    /// The options of this group given on the command line that only a
    /// finished run's files use (`--csv-dialect`, `--lang`, `--no-report`,
    /// `--metrics`, `--years`, `--regions-only`), which a shard therefore
    /// refuses: its merge writes those files by its own options.
    var givenForFinishedFiles: [String] {
        let given = Set(CommandLine.arguments.prefix { $0 != "--" }.map { String($0.prefix { $0 != "=" }) })
        var names: [String] = []
        if csvDialect != .rfc4180 || given.contains("--csv-dialect") { names.append("--csv-dialect") }
        if lang != .en || given.contains("--lang") { names.append("--lang") }
        if noReport { names.append("--no-report") }
        if metrics != nil { names.append("--metrics") }
        if years != nil { names.append("--years") }
        if regionsOnly { names.append("--regions-only") }
        return names
    }
}

extension CSVDialect: ExpressibleByArgument {}

/// `--shard I/N` or `--shard-from-env`, as `run` and `batch` declare them
/// (each with its own help): their checks and the shard they ask for.
struct ShardRequest {
    /// `--shard`'s value, if given.
    var text: String?
    var fromEnvironment: Bool

    /// The option that asks for a shard (for messages), nil when neither
    /// does; a malformed `--shard` or both options together are refused.
    func validatedOption() throws -> String? {
        if let text, Shard(text) == nil {
            throw ValidationError("--shard: expected I/N with 1 ≤ I ≤ N ≤ \(Shard.maxCount), e.g. 2/8, found `\(text)`")
        }
        if text != nil && fromEnvironment { throw ValidationError("--shard and --shard-from-env exclude each other") }
        return text != nil ? "--shard" : fromEnvironment ? "--shard-from-env" : nil
    }

    /// Refuses the options only a finished `kind` ("run", "batch") uses, given with `option`.
    func refuse(_ refused: [String], option: String, kind: String) throws {
        guard !refused.isEmpty else { return }
        throw ValidationError("\(option): \(refused.joined(separator: ", ")): a partial \(kind) keeps every replication, "
                              + "metric, year and unit in the shards' own form and writes no report; the merge writes "
                              + "the \(kind)'s files by its own options: give \(refused.joined(separator: ", ")) to "
                              + "`doorstroom merge` instead")
    }

    /// The shard asked for, or nil; exits 2 when --shard-from-env finds none.
    func shard() throws -> Shard? {
        if let text { return Shard(text) }
        guard fromEnvironment else { return nil }
        switch Shard.fromEnvironment(ProcessInfo.processInfo.environment) {
        case let .success(shard): return shard
        case let .failure(problem):
            printError("--shard-from-env: error: \(problem)")
            throw ExitCode(2)
        }
    }
}
