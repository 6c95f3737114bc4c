import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// Renders local HTML and SVG files in headless Chromium for tests: the
/// console errors, uncaught exceptions and failed loads of the page, a PNG
/// screenshot, and the DOM after loading.
///
/// It speaks the Chrome DevTools Protocol over `--remote-debugging-pipe`
/// (JSON messages ended by a NUL byte; Chromium reads file descriptor 3 and
/// writes 4). Chromium is found on the PATH or installed once per test
/// process by `scripts/ensure-chromium.sh`; every render has its own profile
/// in a temporary folder that is removed afterwards, and is killed with its
/// process group after `timeout` seconds.
struct HeadlessBrowser: Sendable {
    /// The Chromium executable.
    let executable: String

    /// What a render found.
    struct Rendering: Sendable {
        /// Console errors, uncaught exceptions, failed loads: one line each, empty when the page is clean.
        var errors: [String]
        /// The PNG screenshot (the whole page, not only the window).
        var screenshot: URL
        /// The DOM after loading (`document.documentElement.outerHTML`).
        var dom: String
        /// Wall-clock seconds from starting Chromium to its exit.
        var seconds: Double

        /// How many elements named `name` the DOM has.
        func count(_ name: String) -> Int {
            dom.components(separatedBy: "<\(name)").dropFirst().filter { $0.first == ">" || $0.first == " " || $0.first == "/" }.count
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: Finding or installing Chromium

    /// The browser, or why there is none; worked out once per test process.
    static let availability: Result<HeadlessBrowser, Failure> = {
        // A write to a pipe whose reader died must be an error, not the end of the test process.
        signal(SIGPIPE, SIG_IGN)
        if let found = locate() { return .success(HeadlessBrowser(executable: found)) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/ensure-chromium.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(Failure(description: "cannot run \(script): \(error)")) }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let found = locate() else {
            return .failure(Failure(description: message.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n", with: " ")))
        }
        return .success(HeadlessBrowser(executable: found))
    }()

    /// `DOORSTROOM_CHROMIUM`, else the first Chromium or Chrome on the PATH or in /Applications.
    static func locate() -> String? {
        let fm = FileManager.default
        if let given = ProcessInfo.processInfo.environment["DOORSTROOM_CHROMIUM"], fm.isExecutableFile(atPath: given) { return given }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path where fm.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium"]
            .first { fm.isExecutableFile(atPath: $0) }
    }

    /// The browser, or nil after printing why ("Chromium could not be installed: …").
    static func available() -> HeadlessBrowser? {
        switch availability {
        case let .success(browser): return browser
        case let .failure(failure):
            FileHandle.standardError.write(Data("Chromium could not be installed: \(failure)\n".utf8))
            return nil
        }
    }

    /// For a test: the browser, or the test ends as skipped with the reason
    /// ("Chromium could not be installed: …"), never as a pass.
    static func requireOrSkip() throws -> HeadlessBrowser {
        switch availability {
        case let .success(browser): return browser
        case let .failure(failure): try Test.cancel("Chromium could not be installed: \(failure)")
        }
    }

    // MARK: Rendering

    /// Loads `file` (HTML or SVG) in a `width` × `height` window, waits for its
    /// load event and `settle` seconds more, and writes a screenshot of the
    /// whole page to `screenshot` (by default a new file in the temporary folder).
    /// Chromium's profile and log live in a new folder in `scratch` (by
    /// default the temporary folder), removed afterwards.
    func render(_ file: URL, screenshot: URL? = nil, width: Int = 1200, height: Int = 800,
                timeout: Double = 30, settle: Double = 0.3, scratch: URL? = nil) throws -> Rendering {
        let started = Date()
        let fm = FileManager.default
        let work = (scratch ?? fm.temporaryDirectory).appendingPathComponent("doorstroom-chromium-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let png = screenshot ?? fm.temporaryDirectory.appendingPathComponent("doorstroom-screenshot-\(UUID().uuidString).png")
        let log = work.appendingPathComponent("chromium.log").path

        let arguments = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                         "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--window-size=\(width),\(height)",
                         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--mute-audio", "--hide-scrollbars", "about:blank"]
        var environment = ProcessInfo.processInfo.environment
        // Not TMPDIR: Chromium puts its singleton socket there, and a Unix socket's path may not exceed 107 bytes.
        environment["HOME"] = work.path
        let child = try ChildProcess(arguments: arguments, environment: environment, log: log)
        let deadline = Date().addingTimeInterval(timeout)
        let client = DevToolsPipe(child: child, deadline: deadline)
        do {
            let rendering = try client.load(file.absoluteURL, screenshot: png, settle: settle)
            _ = try? client.call("Browser.close")
            child.finish(within: 5)
            return Rendering(errors: rendering.errors, screenshot: png, dom: rendering.dom,
                             seconds: Date().timeIntervalSince(started))
        } catch {
            child.finish(within: 0)
            let tail = (try? String(contentsOfFile: log, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
            throw Failure(description: "Chromium could not render \(file.path): \(error)\n\(tail)")
        }
    }
}

/// Chromium started with its DevTools pipe on file descriptors 3 and 4, in
/// its own process group so that it and its helpers can be ended together.
private final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    /// We write commands here (Chromium's fd 3) and read replies and events here (its fd 4).
    let commands: Int32, replies: Int32
    private var exited = false

    init(arguments: [String], environment: [String: String], log: String) throws {
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw HeadlessBrowser.Failure(description: "pipe: errno \(errno)") }
            // Close-on-exec, so no other child inherits them; and off 3 and 4, so that dup2 onto
            // those really copies (which clears close-on-exec for Chromium's copies only).
            for k in 0..<2 {
                let moved = fcntl(fds[k], F_DUPFD_CLOEXEC, 10)
                close(fds[k])
                guard moved >= 0 else { throw HeadlessBrowser.Failure(description: "fcntl: errno \(errno)") }
                fds[k] = moved
            }
            return (fds[0], fds[1])
        }
        let toChild = try pipePair(), fromChild = try pipePair()

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, toChild.read, 3)
        posix_spawn_file_actions_adddup2(&actions, fromChild.write, 4)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(toChild.read)
        close(fromChild.write)
        guard status == 0 else {
            close(toChild.write)
            close(fromChild.read)
            throw HeadlessBrowser.Failure(description: "cannot start \(arguments[0]): error \(status)")
        }
        self.pid = pid
        commands = toChild.write
        replies = fromChild.read
    }

    /// Waits up to `seconds` for Chromium to exit, then kills its process group; closes the pipes.
    func finish(within seconds: Double) {
        guard !exited else { return }
        exited = true
        close(commands)
        let until = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= until {
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(20_000)
        }
        // Helpers (renderer, GPU, zygote) left behind in the group.
        kill(-pid, SIGKILL)
        close(replies)
    }

    deinit { finish(within: 0) }
}

/// A DevTools Protocol client over the pipe: commands with ids, replies by id,
/// and the page's events gathered into errors on the way.
private final class DevToolsPipe {
    let child: ChildProcess
    let deadline: Date
    private var nextId = 0
    private var buffer: [UInt8] = []
    private var scanned = 0
    /// Events seen while waiting, in order.
    private var events: [[String: Any]] = []
    private var errors: [String] = []
    private var requests: [String: String] = [:]

    init(child: ChildProcess, deadline: Date) {
        self.child = child
        self.deadline = deadline
    }

    struct Timeout: Error, CustomStringConvertible {
        let waitingFor: String
        var description: String { "no answer from Chromium within the time limit (waiting for \(waitingFor))" }
    }

    /// Loads `url` and returns the errors seen and the DOM; writes the screenshot.
    func load(_ url: URL, screenshot: URL, settle: Double) throws -> (errors: [String], dom: String) {
        let target = try call("Target.createTarget", ["url": "about:blank"])
        guard let targetId = target["targetId"] as? String else { throw HeadlessBrowser.Failure(description: "no target: \(target)") }
        let attached = try call("Target.attachToTarget", ["targetId": targetId, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw HeadlessBrowser.Failure(description: "no session: \(attached)") }
        for domain in ["Page", "Runtime", "Log", "Network"] { _ = try call("\(domain).enable", session: session) }
        let navigation = try call("Page.navigate", ["url": url.absoluteString], session: session)
        if let failed = navigation["errorText"] as? String { errors.append("navigation failed: \(failed) (\(url.path))") }
        try waitForEvent("Page.loadEventFired", session: session)
        // Late errors: timers, promise rejections shortly after load.
        pump(until: min(Date().addingTimeInterval(settle), deadline))
        let evaluated = try call("Runtime.evaluate", ["expression": "document.documentElement.outerHTML", "returnByValue": true],
                                 session: session)
        let dom = ((evaluated["result"] as? [String: Any])?["value"] as? String) ?? ""
        let metrics = try call("Page.getLayoutMetrics", session: session)
        let size = (metrics["cssContentSize"] as? [String: Any]) ?? (metrics["contentSize"] as? [String: Any]) ?? [:]
        let width = (size["width"] as? Double) ?? 1200, height = (size["height"] as? Double) ?? 800
        let shot = try call("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true,
                                                       "clip": ["x": 0, "y": 0, "width": width, "height": height, "scale": 1]],
                            session: session)
        guard let base64 = shot["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw HeadlessBrowser.Failure(description: "no screenshot in the reply")
        }
        try png.write(to: screenshot)
        return (errors, dom)
    }

    /// Sends a command and waits for its reply; a protocol error is thrown.
    @discardableResult
    func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil) throws -> [String: Any] {
        nextId += 1
        let id = nextId
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(child.commands, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HeadlessBrowser.Failure(description: "cannot write to Chromium (errno \(errno))") }
            sent += n
        }
        while true {
            guard let reply = try next(waitingFor: method) else { throw Timeout(waitingFor: method) }
            if reply["id"] as? Int == id {
                if let error = reply["error"] as? [String: Any] {
                    throw HeadlessBrowser.Failure(description: "\(method): \(error["message"] ?? error)")
                }
                return (reply["result"] as? [String: Any]) ?? [:]
            }
        }
    }

    func waitForEvent(_ name: String, session: String) throws {
        while true {
            guard let message = try next(waitingFor: name) else { throw Timeout(waitingFor: name) }
            if message["method"] as? String == name, message["sessionId"] as? String == session { return }
        }
    }

    /// Reads events until `until`.
    func pump(until: Date) {
        while let _ = try? next(waitingFor: "", until: until) {}
    }

    /// The next message, noting page errors on the way; nil at the deadline.
    private func next(waitingFor: String, until: Date? = nil) throws -> [String: Any]? {
        let limit = until ?? deadline
        while true {
            if let end = buffer[scanned...].firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                scanned = 0
                guard let message = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                note(message)
                return message
            }
            scanned = buffer.count
            let remaining = limit.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: child.replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(child.replies, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HeadlessBrowser.Failure(description: "Chromium closed the DevTools pipe") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Collects console errors, uncaught exceptions and failed loads.
    private func note(_ message: [String: Any]) {
        guard let method = message["method"] as? String, let params = message["params"] as? [String: Any] else { return }
        switch method {
        case "Runtime.exceptionThrown":
            let details = params["exceptionDetails"] as? [String: Any] ?? [:]
            let exception = (details["exception"] as? [String: Any])?["description"] as? String
            errors.append("uncaught exception: \(exception ?? (details["text"] as? String) ?? "\(details)")")
        case "Runtime.consoleAPICalled":
            guard let type = params["type"] as? String, type == "error" || type == "assert" else { return }
            let args = (params["args"] as? [[String: Any]] ?? []).map { arg in
                arg["value"].map { "\($0)" } ?? (arg["description"] as? String) ?? "\(arg["type"] ?? "")"
            }
            errors.append("console.\(type): \(args.joined(separator: " "))")
        case "Log.entryAdded":
            guard let entry = params["entry"] as? [String: Any], entry["level"] as? String == "error" else { return }
            errors.append("log (\(entry["source"] ?? "")): \(entry["text"] ?? "") \(entry["url"] ?? "")")
        case "Network.requestWillBeSent":
            if let id = params["requestId"] as? String, let request = params["request"] as? [String: Any],
               let url = request["url"] as? String { requests[id] = url }
        case "Network.loadingFailed":
            if params["canceled"] as? Bool == true { return }
            let url = (params["requestId"] as? String).flatMap { requests[$0] } ?? "?"
            errors.append("failed to load \(url): \(params["errorText"] ?? "")")
        default:
            break
        }
    }
}
