import Dispatch
import DoorstroomCore
import Foundation

/// Removes a run's staging folder and exits with status 130 on Ctrl-C
/// (SIGINT) or SIGTERM, so an interrupted run leaves no results behind.
/// The commit (one rename) and the interrupt are serialised by one queue.
final class InterruptGuard: @unchecked Sendable {
    // Invariant: `sources` and `committed` are touched only on `queue`.
    private let queue = DispatchQueue(label: "doorstroom.interrupt")
    private var sources: [DispatchSourceSignal] = []
    private var committed = false
    private let directory: RunDirectory

    init(directory: RunDirectory) {
        self.directory = directory
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [self] in
                guard !committed else { return }
                directory.discard()
                FileHandle.standardError.write(Data("\ninterrupted: no results were written\n".utf8))
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Moves the run into place, unless an interrupt got there first.
    func commit() throws {
        try queue.sync {
            try directory.commit()
            committed = true
        }
    }
}
