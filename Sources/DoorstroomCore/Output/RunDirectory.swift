import Foundation

/// A run's output folder, written atomically: files go into a hidden staging
/// folder beside the final one, which is renamed into place only when every
/// file is complete. An interrupted run leaves no run folder (at most a
/// hidden `.…partial` folder, which ``discard()`` removes).
public struct RunDirectory: Sendable {
    /// Where the results will be: `<output>/<scenario>/<run-id>/`.
    public let finalURL: URL
    /// Where they are written meanwhile.
    public let stagingURL: URL

    /// Names the folders of a new run; fails if the run folder exists already.
    public init(outputRoot: URL, scenario: String, runID: String) throws {
        let parent = outputRoot.appendingPathComponent(scenario, isDirectory: true)
        finalURL = parent.appendingPathComponent(runID, isDirectory: true)
        stagingURL = parent.appendingPathComponent(".\(runID).partial", isDirectory: true)
        if FileManager.default.fileExists(atPath: finalURL.path) {
            throw RunDirectoryError.exists(finalURL.path)
        }
    }

    /// Creates an empty staging folder (removing one left by an earlier crash).
    public func begin() throws {
        try? FileManager.default.removeItem(at: stagingURL)
        try FileManager.default.createDirectory(at: stagingURL, withIntermediateDirectories: true)
    }

    /// Writes one file into the staging folder.
    public func write(_ name: String, _ data: Data) throws {
        try data.write(to: stagingURL.appendingPathComponent(name))
    }

    /// Moves the complete run into place (one rename).
    public func commit() throws {
        try FileManager.default.moveItem(at: stagingURL, to: finalURL)
    }

    /// Removes the staging folder (after a failure or an interrupt).
    public func discard() {
        try? FileManager.default.removeItem(at: stagingURL)
    }
}

public enum RunDirectoryError: Error, CustomStringConvertible {
    case exists(String)

    public var description: String {
        switch self {
        case let .exists(path): return "the run folder \(path) exists already; choose another --run-id"
        }
    }
}
