import ArgumentParser
import DoorstroomCore
import Foundation

/// Options shared by the commands that simulate and write a run folder.
struct RunFolderOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(help: "Folder that receives <scenario>/<run-id>/.")
    var output: String = "Output"

    @Option(help: "Name of the run folder: 1 to 100 of A–Z a–z 0–9 . _ -, not starting with `.` (default: made from the UTC time and the seed, e.g. 20260101T120000Z-s42).")
    var runID: String?

    func validate() throws {
        if let threads, !(1...ScenarioLimits.threads).contains(threads) {
            throw ValidationError("--threads must be in 1…\(ScenarioLimits.threads), found \(threads)")
        }
        if let runID, let problem = RunID.problem(runID) { throw ValidationError("--run-id: \(problem)") }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// Loads a scenario, or prints every problem and exits with status 2.
func loadScenario(_ path: String, settings: [Setting] = []) throws -> LoadedScenario {
    do { return try ScenarioLoader.load(path: path, settings: settings) } catch {
        printError(error.description)
        throw ExitCode(2)
    }
}

/// Prints consistency warnings to standard error — always, also with
/// `--quiet`, since a warning nobody sees is no warning. With `strict` any
/// warning is an error: says so and exits with status 2.
func report(_ warnings: [Diagnostic], strict: Bool) throws {
    for w in warnings { printError(w.description) }
    guard strict, !warnings.isEmpty else { return }
    let n = warnings.count
    printError("\(n) warning\(n == 1 ? "" : "s") treated as error\(n == 1 ? "" : "s") (--strict): nothing was written")
    throw ExitCode(2)
}
