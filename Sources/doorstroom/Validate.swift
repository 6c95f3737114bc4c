import ArgumentParser
import DoorstroomCore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files and report every problem at once.",
        discussion: """
        Reads each scenario with the tables and sections it includes and checks keys, types, \
        ranges, sums and references. Nothing is written.

        Example:
          doorstroom validate Scenarios/den-haag/baseline.yaml

        Exit status: 0 when every file is valid, 2 when any is not.
        """
    )

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
    var quiet = false

    func run() throws {
        var failed = false
        for file in files {
            do {
                let loaded = try ScenarioLoader.load(path: file)
                if !quiet {
                    let s = loaded.scenario
                    print("\(file): ok — scenario \(s.name), \(s.regions.count) region(s), \(s.startYear)–\(s.endYear), \(s.parameters.count) parameters")
                }
            } catch {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitCode(2) }
    }
}
