import Dispatch
import DoorstroomCore
import Foundation

/// Discards a run's folder — staging folder, claim, and the folders the run
/// created — and exits with 128 + the signal number (130 for Ctrl-C, 143 for
/// SIGTERM, 129 for SIGHUP, a closed terminal), so an interrupted run leaves
/// nothing behind. A signal the run was started with ignored (`nohup`) stays
/// ignored. Claim, commit and discard run on the handlers' queue, so a signal
/// finds the folder either not yet claimed, claimed and incomplete, or done.
final class InterruptGuard: @unchecked Sendable {
    // Invariant: `sources` and `finished` are touched only on `queue`.
    private let queue = DispatchQueue(label: "doorstroom.interrupt")
    private var sources: [DispatchSourceSignal] = []
    private var finished = false
    private let directory: RunDirectory

    init(directory: RunDirectory) {
        self.directory = directory
        queue.sync {
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                let previous = signal(sig, SIG_IGN)
                if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler { [self] in
                    guard !finished else { return }
                    directory.discard()
                    // After the cleanup: writing to a closed terminal or pipe may fail.
                    FileHandle.standardError.write(Data("\ninterrupted: no results were written\n".utf8))
                    exit(128 + sig)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Claims the run id and creates the staging folder.
    func begin() throws {
        try queue.sync { try directory.begin() }
    }

    /// Moves the run into place, unless an interrupt got there first.
    func commit() throws {
        try queue.sync {
            try directory.commit()
            finished = true
        }
    }

    /// Removes everything of the run (after a failure); later signals are left to the exiting process.
    func discard() {
        queue.sync {
            directory.discard()
            finished = true
        }
    }
}
