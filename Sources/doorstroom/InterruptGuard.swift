import Dispatch
import DoorstroomCore
import Foundation

/// Discards a run's folder — staging folder, claim, and the folders the run
/// created — and exits with 128 + the signal number (130 for Ctrl-C, 143 for
/// SIGTERM, 129 for SIGHUP, a closed terminal), so an interrupted run leaves
/// nothing behind. A signal the run was started with ignored (`nohup`) stays
/// ignored. Claim, commit and discard run on the handlers' queue, so a signal
/// finds the folder either not yet claimed, claimed and incomplete, or done.
///
/// A batch also stages its finished scenarios one by one as *parts*
/// (``begin(_:)``, ``commit(_:)``): a signal discards the part being written,
/// never a committed one.
final class InterruptGuard: @unchecked Sendable {
    // Invariant: `sources`, `parts` and `finished` are touched only on `queue`.
    private let queue = DispatchQueue(label: "doorstroom.interrupt")
    private var sources: [DispatchSourceSignal] = []
    private var parts: [RunDirectory] = []
    private var finished = false
    private let directory: RunDirectory

    /// Guards `directory`. On a signal, discards the parts being written,
    /// runs `cleanup`, discards `directory`, prints `message()` to standard
    /// error and exits.
    init(directory: RunDirectory, cleanup: (@Sendable () -> Void)? = nil,
         message: @escaping @Sendable () -> String = { "interrupted: no results were written" }) {
        self.directory = directory
        queue.sync {
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                let previous = signal(sig, SIG_IGN)
                if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler { [self] in
                    guard !finished else { return }
                    parts.forEach { $0.discard() }
                    cleanup?()
                    directory.discard()
                    // After the cleanup: writing to a closed terminal or pipe may fail.
                    FileHandle.standardError.write(Data("\n\(message())\n".utf8))
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
            parts.forEach { $0.discard() }
            parts = []
            directory.discard()
            finished = true
        }
    }

    /// Claims and stages a part, which a signal discards until ``commit(_:)``.
    func begin(_ part: RunDirectory) throws {
        try queue.sync {
            try part.begin()
            parts.append(part)
        }
    }

    /// Moves a part into place; from then on a signal leaves it alone.
    func commit(_ part: RunDirectory) throws {
        try queue.sync {
            parts.removeAll { $0 === part }
            do { try part.commit() } catch {
                part.discard()
                throw error
            }
        }
    }

    /// Removes a part that will not be committed (after a failure).
    func discard(_ part: RunDirectory) {
        queue.sync {
            parts.removeAll { $0 === part }
            part.discard()
        }
    }
}
