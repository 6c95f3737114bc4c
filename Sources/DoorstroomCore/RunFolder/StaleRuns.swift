import Foundation

/// Removes what killed runs (SIGKILL, a crash, a power cut) left in a
/// scenario folder: staging folders whose process is gone, and lock files
/// nobody holds. Nothing a live run uses is touched: a staging folder goes
/// only when its pid no longer exists *and* its run id's claim is free (a
/// live owner always holds it), a lock file only when its lock is free.
enum StaleRuns {
    /// Cleans `folder`, best effort; `own` is the run id whose claim the
    /// caller holds.
    static func clean(folder: String, holding own: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        var deadStaging: [String: [String]] = [:]  // run id → folder names
        var lockedIDs: Set<String> = []
        for name in names {
            if let staging = StagingName(parsing: name) {
                if !isAlive(staging.pid) { deadStaging[staging.runID, default: []].append(name) }
            } else if let id = lockOwner(name) {
                lockedIDs.insert(id)
            }
        }
        for id in lockedIDs.union(deadStaging.keys) {
            let staging = (deadStaging[id] ?? []).map { folder + "/" + $0 }
            if id == own {
                staging.forEach { try? FileManager.default.removeItem(atPath: $0) }
            } else if let claim = try? RunClaim.take(RunClaim.lockPath(folder: folder, runID: id)) {
                staging.forEach { try? FileManager.default.removeItem(atPath: $0) }
                claim.release()
            }
        }
    }

    /// The run id of a lock file name `.<run-id>.lock`, or nil.
    static func lockOwner(_ name: String) -> String? {
        guard name.hasPrefix("."), name.hasSuffix(".lock") else { return nil }
        let id = String(name.dropFirst().dropLast(".lock".count))
        return RunID.problem(id) == nil ? id : nil
    }

    /// False only when no process has this pid (ESRCH); a process of
    /// another user (EPERM) is alive.
    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)
    }
}
