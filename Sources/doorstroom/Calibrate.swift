import ArgumentParser
import DoorstroomCore
import Foundation

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit scenario parameters to the scenario's observed series.",
        discussion: """
        The scenario names the series it observed (`observed:`) and the parameters to fit with their \
        bounds (`calibration:`). The fit minimises the squared distances of the observations from the \
        simulated means, in units of the simulated variance and weighted per series \
        (`calibration.weights`), over common-random-number replications, with GSL's Nelder–Mead simplex, and \
        reports the fitted values with approximate standard errors and the fit per series and year \
        with the simulated 90 % band. Writes OUTPUT/<scenario>/<run-id>/parameters.csv and fit.csv.

        Example:
          doorstroom calibrate Scenarios/rotterdam/baseline.yaml --threads 2
        """
    )

    @Argument(help: "The scenario file (YAML) with `observed` and `calibration` sections.")
    var scenario: String

    @Option(help: "Replications for the final comparison of observed and simulated series, 2…100,000.")
    var fitReplications: Int = 200

    @OptionGroup var folder: RunFolderOptions

    @Flag(name: .shortAndLong, help: "No progress.")
    var quiet = false

    func validate() throws {
        if !(2...100_000).contains(fitReplications) {
            throw ValidationError("--fit-replications must be in 2…100000, found \(fitReplications)")
        }
    }

    func run() throws {
        let loaded = try loadScenario(scenario)
        try report(ConsistencyCheck.atLoad(loaded), strict: false)
        guard loaded.scenario.calibration != nil, !loaded.scenario.observed.isEmpty else {
            printError("\(scenario): error: calibration: the scenario needs both `observed` and `calibration` sections")
            throw ExitCode(2)
        }
        let id = folder.runID ?? "calibration-" + Run.defaultRunID(Date(), seed: loaded.scenario.seed)
        let runFolder = try RunFolder(output: folder.output, scenario: loaded.scenario.name, runID: id, unique: folder.runID == nil)
        let calibrator = Calibrator(path: scenario, threads: folder.threadCount,
                                    fitReplications: fitReplications)
        let result: Calibrator.Result
        do {
            result = try calibrator.run { iteration, loss in
                if !quiet { printError(String(format: "  iteration %3d  loss %.4f", iteration, loss)) }
            }
        } catch let error as ScenarioError {
            runFolder.discard()
            printError(error.description)
            throw ExitCode(2)
        } catch {
            runFolder.discard()
            printError("\(error)")
            throw ExitCode(2)
        }
        try runFolder.finish { directory in
            try directory.write("parameters.csv", Data(result.parametersCSV.utf8))
            try directory.write("fit.csv", Data(result.fitCSV.utf8))
        }
        print("loss \(String(format: "%.4f", result.loss)) after \(result.iterations) iterations"
              + (result.converged ? " (converged)" : " (not converged: raise calibration.max_iterations)"))
        for e in result.estimates {
            // An undefined standard error (a flat or singular loss surface) is said, never printed as `nan`.
            let error = e.standardError.isFinite ? String(format: "%.2g", e.standardError) : "? (undefined)"
            print("  \(e.path) = \(String(format: "%.4g", e.fitted)) ± \(error)  (start \(e.start))")
        }
        let inside = result.fit.filter(\.withinBand90).count
        print("\(inside) of \(result.fit.count) observations inside the simulated 90 % band (\(result.fitReplications) replications)")
        print("results: \(runFolder.directory.finalURL.path)")
    }
}
