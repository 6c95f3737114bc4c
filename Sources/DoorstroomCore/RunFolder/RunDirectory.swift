import CFileSystem
import Foundation

/// A run's output folder, `<output>/<scenario>/<run-id>/`, which appears
/// complete or not at all — also when runs of the same id start together or
/// a run is interrupted. The same guarantees hold for any folder
/// `<parent>/<name>/` (``init(parent:name:)``): a batch folder, or a finished
/// scenario in a batch's work folder.
///
/// ``begin()`` claims the run id (an exclusive lock, see `RunClaim`), so a
/// second run of the same id fails before any long work; removes what killed
/// runs left in the scenario folder; and creates a staging folder private to
/// this process (mode 0700). ``commit()`` moves it into place with a rename
/// that never replaces or merges into an existing folder, then releases the
/// claim. ``discard()`` removes the staging folder, the claim, and the folders
/// the run created if they are empty. Each call holds a lock, so an interrupt
/// handler may call ``discard()`` from another thread.
///
/// A default run id (made from the clock, so two runs started in the same
/// second get the same one) is made unique with `unique: true`: when the
/// folder exists or another live run holds its claim, ``begin()`` takes the
/// first free of `<name>-2`, `<name>-3`, … (still sorted after `<name>`, and
/// as race-free as the claim itself). ``finalURL`` and ``stagingURL`` name
/// the folder chosen once ``begin()`` has returned.
public final class RunDirectory: @unchecked Sendable {
    /// Where the results will be: `<output>/<scenario>/<run-id>/`.
    public private(set) var finalURL: URL
    /// Where they are written meanwhile: `.<run-id>.<pid>.<random>.partial`.
    public private(set) var stagingURL: URL
    private let parentFolder: String
    private let parent: URL
    /// The name asked for.
    private let baseName: String
    /// Whether a taken name may be replaced by `<name>-2`, `<name>-3`, ….
    private let unique: Bool
    /// The name used: ``baseName``, or with a suffix.
    public private(set) var runID: String
    /// The most names tried with `unique`: `<name>`, `<name>-2` … `<name>-99`.
    static let maximumSuffix = 99
    // Invariant: the state below is touched only while holding `lock`.
    private let lock = NSLock()
    private var claim: RunClaim?
    private var folders = CreatedFolders()
    private var staged = false
    private var finalMode: mode_t = 0o755

    /// Names the folders of a run; throws `RunDirectoryError.invalidRunID`
    /// for a run id that breaks the ``RunID`` rules. Touches no file.
    public convenience init(outputRoot: URL, scenario: String, runID: String, unique: Bool = false) throws {
        try self.init(parent: outputRoot.appendingPathComponent(scenario, isDirectory: true), name: runID, unique: unique)
    }

    /// Names the folders of `<parent>/<name>/`, whose claim (`.<name>.lock`)
    /// and staging folder are in `parent`; throws
    /// `RunDirectoryError.invalidRunID` for a name that breaks the ``RunID``
    /// rules. Touches no file.
    public init(parent: URL, name: String, unique: Bool = false) throws {
        if let problem = RunID.problem(name) { throw RunDirectoryError.invalidRunID(problem) }
        // Room for the longest suffix, so every name tried is a valid run id.
        if unique, let problem = RunID.problem(name + "-\(Self.maximumSuffix)") { throw RunDirectoryError.invalidRunID(problem) }
        let parent = parent.standardizedFileURL
        self.parent = parent
        parentFolder = parent.path
        finalURL = parent.appendingPathComponent(name, isDirectory: true)
        stagingURL = parent.appendingPathComponent(StagingName(runID: name, pid: getpid()).text, isDirectory: true)
        runID = name
        baseName = name
        self.unique = unique
    }

    /// Names the folders after `name`.
    private func rename(_ name: String) {
        finalURL = parent.appendingPathComponent(name, isDirectory: true)
        stagingURL = parent.appendingPathComponent(StagingName(runID: name, pid: getpid()).text, isDirectory: true)
        runID = name
    }

    /// Claims the run id and creates the empty staging folder; fails if the
    /// run folder exists or another live run holds the claim. Leaves nothing
    /// behind when it fails.
    public func begin() throws {
        try lock.withLock {
            var suffix = 1
            while true {
                do {
                    try claimRunID()
                    if FileManager.default.fileExists(atPath: finalURL.path) { throw RunDirectoryError.exists(finalURL.path) }
                    StaleRuns.clean(folder: parentFolder, holding: runID)
                    // umask can only be read by setting it; no other thread creates files yet.
                    let mask = umask(0)
                    umask(mask)
                    finalMode = 0o777 & ~mask
                    guard mkdir(stagingURL.path, 0o700) == 0 else {
                        throw RunDirectoryError.system(operation: "create", path: stagingURL.path, errno: errno)
                    }
                    staged = true
                    return
                } catch let error as RunDirectoryError where unique && suffix < Self.maximumSuffix && error.isTaken {
                    undo()
                    suffix += 1
                    rename("\(baseName)-\(suffix)")
                } catch {
                    undo()
                    throw error
                }
            }
        }
    }

    /// Writes one file into the staging folder.
    public func write(_ name: String, _ data: Data) throws {
        try data.write(to: stagingURL.appendingPathComponent(name))
    }

    /// Moves the complete run into place and releases the claim; throws
    /// `RunDirectoryError.exists` if a folder of that name appeared meanwhile
    /// (made by something that ignores the claim), which it leaves alone.
    public func commit() throws {
        try lock.withLock {
            guard staged else { throw RunDirectoryError.system(operation: "commit", path: stagingURL.path, errno: ENOENT) }
            // Private while incomplete; now the permissions a plain mkdir would have given.
            guard chmod(stagingURL.path, finalMode) == 0 else {
                throw RunDirectoryError.system(operation: "set the permissions of", path: stagingURL.path, errno: errno)
            }
            guard doorstroom_rename_noreplace(stagingURL.path, finalURL.path) == 0 else {
                let code = errno
                if code == EEXIST || code == ENOTEMPTY { throw RunDirectoryError.exists(finalURL.path) }
                throw RunDirectoryError.system(operation: "move into place", path: finalURL.path, errno: code)
            }
            staged = false
            claim?.release()
            claim = nil
            folders = CreatedFolders()  // they hold the results now
        }
    }

    /// Removes the staging folder, releases the claim and removes the
    /// folders this run created if they are empty (after a failure or an
    /// interrupt). Does nothing after ``commit()``.
    public func discard() {
        lock.withLock { undo() }
    }

    private func claimRunID() throws {
        let lockPath = RunClaim.lockPath(folder: parentFolder, runID: runID)
        // A failing run of another id may rmdir an empty scenario folder
        // between our mkdir and open (ENOENT): create it again.
        for attempt in 1...5 {
            try folders.create(parentFolder)
            do throws(RunClaim.Failure) {
                claim = try RunClaim.take(lockPath)
                return
            } catch {
                switch error {
                case let .held(pid):
                    throw RunDirectoryError.taken(finalURL.path, pid: pid)
                case let .system(code) where code == ENOENT && attempt < 5:
                    continue
                case let .system(code):
                    throw RunDirectoryError.system(operation: "lock", path: lockPath, errno: code)
                }
            }
        }
    }

    private func undo() {
        if staged { try? FileManager.default.removeItem(at: stagingURL) }
        staged = false
        claim?.release()
        claim = nil
        folders.removeEmpty()
    }
}

/// Why a run folder cannot be made.
public enum RunDirectoryError: Error, CustomStringConvertible {
    /// The run id breaks the ``RunID`` rules (the problem, in words).
    case invalidRunID(String)
    /// The run folder exists already.
    case exists(String)
    /// Another live run holds the claim on this run folder.
    case taken(String, pid: Int32?)
    /// A file-system call failed.
    case system(operation: String, path: String, errno: Int32)

    /// Whether the name is in use: the folder exists, or a live run holds its claim.
    var isTaken: Bool {
        switch self {
        case .exists, .taken: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .invalidRunID(problem):
            return "run id: \(problem)"
        case let .exists(path):
            return "the run folder \(path) exists already; choose another --run-id"
        case let .taken(path, pid):
            let owner = pid.map { " (pid \($0))" } ?? ""
            return "the run folder \(path) is being written by another run\(owner); choose another --run-id"
        case let .system(operation, path, code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}
