import ArgumentParser
import DoorstroomCore
import Foundation

@main
struct Doorstroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doorstroom",
        abstract: "Monte Carlo simulation of Dutch sheltered housing (BW) and shelter care (MO) under the ingroeipad.",
        discussion: """
        Scenario files are YAML; see docs/scenario-reference.md. Invalid input exits with status 2 \
        and lists every problem as FILE:LINE:COLUMN: error: FIELD: what was expected.
        """,
        version: DoorstroomVersion.string,
        subcommands: [Validate.self, Run.self, Batch.self, Merge.self, Compare.self, Report.self, Chart.self, Calibrate.self, Bench.self]
    )

    /// As ArgumentParser's, except that a bad option or argument exits with
    /// status 2, like every other invalid input (ArgumentParser uses 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
