#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates a folder and its missing parents, remembering which it created,
/// so that a run that fails can remove exactly those again — with rmdir,
/// which harmlessly fails on a folder another run has put something in.
struct CreatedFolders {
    /// The folders this value created, outermost first.
    private(set) var paths: [String] = []

    /// Creates the absolute `path` and its missing parents; throws an errno.
    mutating func create(_ path: String) throws(RunDirectoryError) {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o777) == 0 {
                paths.append(prefix)
            } else if errno != EEXIST {
                throw .system(operation: "create", path: prefix, errno: errno)
            }
        }
    }

    /// Removes the created folders that are empty, innermost first.
    mutating func removeEmpty() {
        for path in paths.reversed() { rmdir(path) }
        paths = []
    }
}
