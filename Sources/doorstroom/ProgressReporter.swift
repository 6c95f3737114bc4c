import Foundation

/// Replications done, rate and time left, on one refreshed line of standard
/// error — only on a terminal, and only once a run has taken a second.
final class ProgressReporter: @unchecked Sendable {
    // Invariant: `update` calls are serialised by the runner's lock.
    private let enabled: Bool
    private let start = Date()
    private var lastPrint = Date.distantPast
    private var printed = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= 1, now.timeIntervalSince(lastPrint) >= 0.2 || done == total else { return }
        lastPrint = now
        printed = true
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r  %d/%d work items  %.1f/s  ~%.0f s left   ", done, total, rate, left)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
