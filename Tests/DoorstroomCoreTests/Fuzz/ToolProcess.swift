import Foundation

/// Runs the `doorstroom` executable with a time limit: a run past it is
/// killed and reported as timed out, so a hang fails the test instead of
/// stalling it.
enum ToolProcess {
    struct Outcome {
        /// The exit status, or the signal that ended the process.
        let status: Int32
        let signalled: Bool
        let timedOut: Bool
        let out: String
        let err: String
        let seconds: Double
    }

    /// The executable under test: `DOORSTROOM_FUZZ_TOOL` if set (`make fuzz`
    /// points it at a release build), else the one the tests are built with.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["DOORSTROOM_FUZZ_TOOL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return TestSupport.executable
    }

    static func run(_ arguments: [String], timeout: Double, in directory: URL) throws -> Outcome {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.currentDirectoryURL = directory
        // Output goes to files, not pipes: a child that writes much cannot block on a full pipe.
        let outURL = directory.appendingPathComponent(".stdout"), errURL = directory.appendingPathComponent(".stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        let started = Date()
        try p.run()
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
            done.wait()
        }
        let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, out: read(outURL), err: read(errURL),
                       seconds: Date().timeIntervalSince(started))
    }
}
