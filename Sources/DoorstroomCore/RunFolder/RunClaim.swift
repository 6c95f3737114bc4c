#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive claim on one run id in a scenario folder: an `flock` on the
/// lock file `.<run-id>.lock`, which holds the owner's pid for messages.
///
/// The kernel drops the lock when its process ends, also on SIGKILL, so a
/// lock file nobody holds is stale and may be taken over or removed; a live
/// claim can never be broken. Not thread-safe: ``RunDirectory`` serialises.
final class RunClaim {
    let path: String
    private var descriptor: Int32

    /// Why a claim could not be taken.
    enum Failure: Error {
        /// Another live process holds it (its pid, when it has written it).
        case held(pid: Int32?)
        /// The lock file could not be opened or locked (an errno).
        case system(Int32)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// The lock file of `runID` in `folder`.
    static func lockPath(folder: String, runID: String) -> String {
        folder + "/." + runID + ".lock"
    }

    /// Takes the claim at `path` without waiting, creating the lock file if
    /// needed, and writes this process's pid into it.
    static func take(_ path: String) throws(Failure) -> RunClaim {
        // Retried when the file we locked was unlinked meanwhile by a finishing
        // owner: a lock on an unlinked file guards nothing.
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .system(errno) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                let pid = readPID(fd)
                close(fd)
                throw code == EWOULDBLOCK ? .held(pid: pid) : .system(code)
            }
            guard isSameFile(fd, path) else {
                close(fd)
                continue
            }
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            return RunClaim(path: path, descriptor: fd)
        }
        throw .system(EAGAIN)
    }

    /// Removes the lock file and drops the lock; does nothing the second time.
    func release() {
        guard descriptor >= 0 else { return }
        // Only our own file: someone may have deleted it by hand and a new run taken the name.
        if Self.isSameFile(descriptor, path) { unlink(path) }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private static func isSameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 24)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n], as: UTF8.self).split(separator: "\n").first.flatMap { Int32($0) }
    }
}
