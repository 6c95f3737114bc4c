import ArgumentParser
import Foundation

/// Writes a line to standard error: every error goes there, in one format.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes `data` to the file `target` atomically (a temporary file renamed
/// into place), or prints why not — a folder, a missing folder, no
/// permission — and exits with status 1.
func writeOutputFile(_ data: Data, to target: String, what: String) throws {
    var isFolder: ObjCBool = false
    let parent = URL(fileURLWithPath: target).deletingLastPathComponent().path
    let problem: String?
    if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
        problem = "expected a file name, found a folder"
    } else if !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) || !isFolder.boolValue {
        problem = "the folder \(parent) does not exist"
    } else {
        do {
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
            problem = nil
        } catch {
            problem = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
        }
    }
    if let problem {
        printError("\(target): error: cannot write the \(what): \(problem)")
        throw ExitCode(1)
    }
}
