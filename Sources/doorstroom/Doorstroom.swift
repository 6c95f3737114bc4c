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
        subcommands: [Validate.self, Run.self, Calibrate.self]
    )

    /// Parses and runs a command. A usage error (an unknown option, a bad
    /// value, a failed check) exits with status 2 like every invalid input,
    /// not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
