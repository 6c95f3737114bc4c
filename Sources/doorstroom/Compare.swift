import ArgumentParser
import DoorstroomCore
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Paired differences of a variant run against a reference run.",
        discussion: """
        A (the reference) and B are finished run folders written by `doorstroom run --keep-replications` \
        with the same seed and replications, so that replication r met the same luck in both wherever \
        the scenarios agree (common random numbers). Writes OUTPUT/<B-scenario>-vs-<A-scenario>/<run-id>/:
          differences.csv   per region × municipality × year × metric both runs report: the mean of
                            B − A per replication, its paired Monte Carlo standard error, P5, P50, P95,
                            and P(B > A) with a 95 % Wilson interval
          manifest.json     both runs' folders, scenarios, hashes, seed, replications, the command
        Runs with other seeds, replications, regions, municipalities or years, a folder without \
        replications.csv, or a malformed file exit with status 2 and write nothing.

        Example:
          doorstroom run Scenarios/den-haag/baseline.yaml --keep-replications --run-id base
          doorstroom run Scenarios/den-haag/variants/ingroeipad-15y.yaml --keep-replications --run-id base
          doorstroom compare Output/den-haag-baseline/base Output/den-haag-ingroeipad-15y/base
        """
    )

    @Argument(help: "A: the reference run folder.")
    var reference: String

    @Argument(help: "B: the variant run folder; differences are B − A.")
    var variant: String

    @Option(help: "Folder that receives <B-scenario>-vs-<A-scenario>/<run-id>/.")
    var output: String = "Output"

    @Option(help: "Name of the comparison folder: 1 to 100 of A–Z a–z 0–9 . _ -, not starting with `.` (default: made from the UTC time and the seed).")
    var runID: String?

    @Option(help: "How to write differences.csv: rfc4180 or excel-nl (as for run).")
    var csvDialect: CSVDialect = .rfc4180

    @Flag(name: .shortAndLong, help: "No closing message.")
    var quiet = false

    func validate() throws {
        if let runID, let problem = RunID.problem(runID) { throw ValidationError("--run-id: \(problem)") }
    }

    func run() throws {
        let comparison: RunComparison
        do { comparison = try RunComparison(reference: reference, variant: variant) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let id = runID ?? Run.defaultRunID(Date(), seed: comparison.reference.header.seed)
        let folder = try RunFolder(output: output, scenario: comparison.folderName, runID: id, unique: runID == nil)
        try folder.finish { directory in
            try directory.write("differences.csv", csvDialect.render(comparison.csv()))
            try directory.write("manifest.json", comparison.manifest(command: CommandLine.arguments).json())
        }
        if !quiet {
            print("\(comparison.rows.count) paired differences over \(comparison.reference.header.replications) replications")
            print("results: \(folder.directory.finalURL.path)")
        }
    }
}
