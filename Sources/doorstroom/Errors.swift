import Foundation

/// Writes a line to standard error: every error goes there, in one format.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
