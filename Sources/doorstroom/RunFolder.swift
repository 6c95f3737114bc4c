import ArgumentParser
import DoorstroomCore
import Foundation

/// The output folder of one command run: created (staged) before the long
/// work starts, so a folder that cannot be written fails at once; removed on
/// Ctrl-C; moved into place only when every file is written.
struct RunFolder {
    let directory: RunDirectory
    private let interrupt: InterruptGuard

    /// Stages `<output>/<scenario>/<runID>/`, or prints why not and exits 1.
    init(output: String, scenario: String, runID: String) throws {
        do {
            directory = try RunDirectory(outputRoot: URL(fileURLWithPath: output), scenario: scenario, runID: runID)
            interrupt = InterruptGuard(directory: directory)  // before the staging folder exists
            try directory.begin()
        } catch {
            printError("\(output): error: cannot create the run folder: \(Self.describe(error))")
            throw ExitCode(1)
        }
    }

    /// Writes the files and moves the folder into place; on failure removes
    /// everything, prints why and exits 1.
    func finish(_ write: (RunDirectory) throws -> Void) throws {
        do {
            try write(directory)
            try interrupt.commit()
        } catch {
            directory.discard()
            printError("\(directory.finalURL.path): error: writing results failed, nothing was kept: \(Self.describe(error))")
            throw ExitCode(1)
        }
    }

    /// A file-system error in words (not Foundation's debug form).
    static func describe(_ error: Error) -> String {
        if let e = error as? RunDirectoryError { return e.description }
        return (error as NSError).localizedDescription
    }
}
