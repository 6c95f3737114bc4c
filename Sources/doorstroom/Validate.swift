import ArgumentParser
import DoorstroomCore
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files and report every problem at once.",
        discussion: """
        Reads each scenario with the tables and sections it includes and checks keys, types, \
        ranges, sums and references, then for values that are valid but implausible (consistency \
        warnings, e.g. a budget written in millions; see docs/model.md). Nothing is written.

        Example:
          doorstroom validate Scenarios/den-haag/baseline.yaml

        Exit status: 0 when every file is valid, 2 when any is not (with --strict: or has a warning).
        """
    )

    @Argument(help: "Scenario files (YAML), or sweep files (every point is checked).")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files (warnings are still printed).")
    var quiet = false

    @Flag(help: "Treat consistency warnings as errors (exit status 2).")
    var strict = false

    func run() throws {
        var failed = false
        for file in files {
            if Sweep.isSweepFile(file) {
                if !validateSweep(file) { failed = true }
                continue
            }
            do throws(ScenarioError) {
                let loaded = try ScenarioLoader.load(path: file)
                if let u = loaded.uncertainty {
                    let problems = u.check(base: loaded.scenario, replications: 0..<loaded.scenario.replications,
                                           threads: ProcessInfo.processInfo.activeProcessorCount)
                    if !problems.isEmpty { throw ScenarioError(problems) }
                }
                let warnings = ConsistencyCheck.atLoad(loaded)
                warnings.forEach { printError($0.description) }
                if strict && !warnings.isEmpty {
                    failed = true
                    printError(strictLine(warnings))
                } else if !quiet {
                    let s = loaded.scenario
                    let n = warnings.count
                    let note = n == 0 ? "" : ", \(n) warning\(n == 1 ? "" : "s")"
                    print("\(file): ok — scenario \(s.name), \(s.regions.count) region(s), \(s.startYear)–\(s.endYear), \(s.parameters.count) parameters\(note)")
                }
            } catch {
                failed = true
                printDiagnostics(error.diagnostics)
            }
        }
        if failed { throw ExitCode(2) }
    }

    /// A sweep file: the file itself and every point's scenario; true if all are valid.
    private func validateSweep(_ file: String) -> Bool {
        do {
            let sweep = try Sweep.load(path: file)
            var problems: [Diagnostic] = []
            for entry in sweep.entries {
                do { _ = try ScenarioLoader.load(path: entry.file, settings: entry.settings) } catch { problems += error.diagnostics }
            }
            printDiagnostics(problems)
            if problems.isEmpty && !quiet {
                print("\(file): ok — sweep \(sweep.name), \(sweep.entries.count) points, reference \(sweep.reference)")
            }
            return problems.isEmpty
        } catch {
            printDiagnostics(error.diagnostics)
            return false
        }
    }
}
