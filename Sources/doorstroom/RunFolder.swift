import ArgumentParser
import DoorstroomCore
import Foundation

/// The output folder of one command run: claimed and staged before the long
/// work starts, so a folder that is taken or cannot be written fails at once;
/// removed on an interrupt or failure; moved into place only when every file
/// is written.
struct RunFolder {
    let directory: RunDirectory
    private let interrupt: InterruptGuard

    /// Claims and stages `<output>/<scenario>/<runID>/`, or prints why not and
    /// exits: 2 for an invalid run id, 1 when the folder is taken or cannot be made.
    /// With `unique` (a default run id, made from the clock), a taken id
    /// becomes `<runID>-2`, `<runID>-3`, … instead (``RunDirectory``).
    init(output: String, scenario: String, runID: String, unique: Bool = false) throws {
        do {
            directory = try RunDirectory(outputRoot: URL(fileURLWithPath: output), scenario: scenario, runID: runID,
                                         unique: unique)
        } catch {
            printError("\(output): error: \(Self.describe(error))")
            throw ExitCode(2)
        }
        interrupt = InterruptGuard(directory: directory)  // before anything exists on disk
        do {
            try interrupt.begin()
        } catch let error as RunDirectoryError {
            if case .system = error {
                printError("\(output): error: cannot create the run folder: \(error)")
            } else {
                printError("\(output): error: \(error)")
            }
            throw ExitCode(1)
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
            interrupt.discard()
            printError("\(directory.finalURL.path): error: writing results failed, nothing was kept: \(Self.describe(error))")
            throw ExitCode(1)
        }
    }

    /// Removes everything of the run, after a failure before ``finish(_:)``.
    func discard() {
        interrupt.discard()
    }

    /// A file-system error in words (not Foundation's debug form).
    static func describe(_ error: Error) -> String {
        if let e = error as? RunDirectoryError { return e.description }
        return (error as NSError).localizedDescription
    }
}
