import ArgumentParser
import DoorstroomCore

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
}
