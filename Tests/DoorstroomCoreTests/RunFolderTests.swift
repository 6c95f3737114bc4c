import Foundation
import Testing
@testable import DoorstroomCore

/// The run folder: run-id rules, the claim that lets one of two simultaneous
/// runs through, signals, and the cleanup of what killed runs left behind.
@Suite("The run folder", .serialized)
struct RunFolderTests {
    let fixture = TestSupport.fixture("valid/scenario.yaml")

    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-runfolder-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    func contents(_ url: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
    }

    /// Starts `doorstroom` with standard error into a file.
    func start(_ arguments: [String], errorTo file: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let p = Process()
        p.executableURL = TestSupport.executable
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: file)
        try p.run()
        return p
    }

    /// Waits until the run has a staging folder in `folder` (at most 30 s).
    func waitForStaging(in folder: URL, runID: String) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if contents(folder).contains(where: { $0.hasPrefix(".\(runID).") && $0.hasSuffix(".partial") }) { return true }
            usleep(10_000)
        }
        return false
    }

    @Test("an invalid run id exits 2 before anything is created, naming --run-id and echoing it escaped",
          arguments: [("", "found an empty id"), (".", "found `.` (starts with `.`)"), ("..", "found `..`"),
                      ("../../x", "found `../../x`"), ("a/b", "`/` is not allowed"),
                      (String(repeating: "x", count: 101), "(101 characters)"), ("a\nb", "found `a\\u{A}b`")])
    func invalidRunID(id: String, echoed: String) throws {
        let out = tempDir()
        let r = try TestSupport.runTool(["run", fixture, "--output", out.path, "--run-id", id, "--replications", "2"])
        #expect(r.status == 2)
        let line = r.err.split(separator: "\n").first { $0.contains("--run-id: expected 1 to 100 characters") }
        #expect(line?.contains(echoed) == true, "\(r.err)")
        #expect(contents(out).isEmpty)
    }

    @Test("a run id of 100 characters is accepted")
    func longestRunID() throws {
        let out = tempDir()
        let id = String(repeating: "x", count: 100)
        let r = try TestSupport.runTool(["run", fixture, "--output", out.path, "--run-id", id, "--replications", "1", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(contents(out.appendingPathComponent("valid-small")) == [id])
    }

    @Test("two runs of one run id started together: one commits a consistent folder, the other fails before simulating")
    func simultaneousRuns() throws {
        // Seeds 1 and 2 make the two runs' files tell apart, so a mixed folder would show.
        let common = ["--replications", "100", "--threads", "1", "--quiet"]
        let reference = tempDir()
        var summaries: [String: Data] = [:]
        for seed in ["1", "2"] {
            let r = try TestSupport.runTool(["run", fixture, "--output", reference.path, "--run-id", "s\(seed)", "--seed", seed] + common)
            #expect(r.status == 0, "\(r.err)")
            summaries[seed] = try Data(contentsOf: reference.appendingPathComponent("valid-small/s\(seed)/summary.csv"))
        }
        #expect(summaries["1"] != summaries["2"])
        var wins = ["1": 0, "2": 0]
        for trial in 0..<10 {
            let out = tempDir()
            let seeds = trial % 2 == 0 ? ["1", "2"] : ["2", "1"]
            let processes = try seeds.map { seed in
                try start(["run", fixture, "--output", out.path, "--run-id", "r", "--seed", seed] + common,
                          errorTo: out.appendingPathExtension("err\(seed)"))
            }
            var ended: [Date?] = [nil, nil]
            while ended.contains(where: { $0 == nil }) {
                for i in 0..<2 where ended[i] == nil && !processes[i].isRunning { ended[i] = Date() }
                usleep(2_000)
            }
            processes.forEach { $0.waitUntilExit() }
            let status = processes.map(\.terminationStatus)
            try #require(status.sorted() == [0, 1], "trial \(trial): exit statuses \(status)")
            let winner = status[0] == 0 ? 0 : 1, loser = 1 - winner
            let loserErr = try String(contentsOf: out.appendingPathExtension("err\(seeds[loser])"), encoding: .utf8)
            #expect(loserErr.contains("valid-small/r is being written by another run"), "trial \(trial): \(loserErr)")
            #expect(ended[loser]! < ended[winner]!, "trial \(trial): the loser finished after the winner")
            wins[seeds[winner], default: 0] += 1

            let run = out.appendingPathComponent("valid-small/r")
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json"))) as? [String: Any]
            #expect(manifest?["seed"] as? Int == Int(seeds[winner]) && manifest?["replications"] as? Int == 100)
            #expect(try Data(contentsOf: run.appendingPathComponent("summary.csv")) == summaries[seeds[winner]],
                    "trial \(trial): summary.csv is not the winner's")
            #expect(contents(out.appendingPathComponent("valid-small")) == ["r"], "trial \(trial): leftovers")
        }
        print("simultaneous runs: seed 1 won \(wins["1"]!), seed 2 won \(wins["2"]!) of 10")
    }

    @Test("default run ids of the same second are made unique (<id>, <id>-2, <id>-3, in start order); a given id is not")
    func uniqueDefaultIDs() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let id = "20260101T120000Z-s42"
        let first = try RunDirectory(outputRoot: out, scenario: "s", runID: id, unique: true)
        try first.begin()  // claimed and staging: a live run of this id
        let second = try RunDirectory(outputRoot: out, scenario: "s", runID: id, unique: true)
        try second.begin()
        #expect(second.runID == "\(id)-2" && second.finalURL.lastPathComponent == "\(id)-2")
        try first.commit()  // the folder exists now, and -2 is held
        let third = try RunDirectory(outputRoot: out, scenario: "s", runID: id, unique: true)
        try third.begin()
        #expect(third.runID == "\(id)-3")
        try second.commit()
        try third.commit()
        let folder = out.appendingPathComponent("s")
        #expect(contents(folder) == [id, "\(id)-2", "\(id)-3"])
        #expect([id, "\(id)-2", "\(id)-3"].sorted() == [id, "\(id)-2", "\(id)-3"])
        // An id given with --run-id is never changed: a taken one is refused.
        let given = try RunDirectory(outputRoot: out, scenario: "s", runID: id)
        #expect(throws: RunDirectoryError.self) { try given.begin() }
        #expect(contents(folder) == [id, "\(id)-2", "\(id)-3"])
        // Through the command: two runs without --run-id both finish, in two folders.
        for _ in 0..<2 {
            let r = try TestSupport.runTool(["run", fixture, "--output", out.path, "--replications", "2", "--quiet"])
            #expect(r.status == 0, "\(r.err)")
        }
        let runs = contents(out.appendingPathComponent("valid-small"))
        #expect(runs.count == 2 && runs.allSatisfy { $0.wholeMatch(of: /\d{8}T\d{6}Z-s42(-\d+)?/) != nil }, "\(runs)")
    }

    @Test("a run id whose claim a live process holds is refused at once, naming its pid")
    func heldClaim() throws {
        let out = tempDir()
        let folder = out.appendingPathComponent("valid-small")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lock = folder.appendingPathComponent(".busy.lock").path
        let fd = open(lock, O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = "\(getpid())\n".withCString { write(fd, $0, strlen($0)) }
        let r = try TestSupport.runTool(["run", fixture, "--output", out.path, "--run-id", "busy", "--replications", "2"])
        #expect(r.status == 1)
        #expect(r.err.contains("valid-small/busy is being written by another run (pid \(getpid()))"), "\(r.err)")
        #expect(contents(folder) == [".busy.lock"])
    }

    @Test("SIGHUP during a run leaves nothing: no run folder, staging folder, lock or scenario folder")
    func hangup() throws {
        // Children inherit an ignored SIGHUP (as under nohup) but not a handler: make sure the run gets the default.
        let previous = signal(SIGHUP) { _ in }
        defer { signal(SIGHUP, previous) }
        let out = tempDir()
        let p = try start(["run", fixture, "--output", out.path, "--run-id", "big", "--replications", "10000000", "--force", "--quiet"],
                          errorTo: out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + ".err"))
        #expect(waitForStaging(in: out.appendingPathComponent("valid-small"), runID: "big"))
        usleep(200_000)
        kill(p.processIdentifier, SIGHUP)
        p.waitUntilExit()
        #expect(p.terminationStatus == 129)
        #expect(contents(out).isEmpty, "left behind: \(contents(out))")
    }

    @Test("a run started with SIGHUP ignored (nohup) keeps running on SIGHUP; SIGTERM discards it with status 143")
    func nohup() throws {
        let previous = signal(SIGHUP, SIG_IGN)
        let out = tempDir()
        let p = try start(["run", fixture, "--output", out.path, "--run-id", "big", "--replications", "10000000", "--force", "--quiet"],
                          errorTo: out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + ".err"))
        signal(SIGHUP, previous)
        #expect(waitForStaging(in: out.appendingPathComponent("valid-small"), runID: "big"))
        kill(p.processIdentifier, SIGHUP)
        usleep(300_000)
        #expect(p.isRunning)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
        #expect(contents(out).isEmpty, "left behind: \(contents(out))")
    }

    @Test("staging folders and locks of dead runs are removed by the next run; those of live ones are left alone")
    func staleLeftovers() throws {
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let deadPID = dead.processIdentifier
        try #require(kill(deadPID, 0) == -1 && errno == ESRCH, "pid \(deadPID) was reused")
        let out = tempDir()
        let folder = out.appendingPathComponent("valid-small")
        func stage(_ name: String) throws {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data("partial".utf8).write(to: folder.appendingPathComponent(name).appendingPathComponent("summary.csv"))
        }
        func lockFile(_ name: String) throws { try Data("\(deadPID)\n".utf8).write(to: folder.appendingPathComponent(name)) }
        // A SIGKILLed run of the id we run again, and one of another id.
        try stage(".r.\(deadPID).0badc0de.partial")
        try lockFile(".r.lock")
        try stage(".other.\(deadPID).deadbeef.partial")
        try lockFile(".other.lock")
        // Live: this test's own pid; and a dead pid whose run id's lock a live process holds.
        let live = ".alive.\(getpid()).12345678.partial"
        try stage(live)
        let heldStaging = ".held.\(deadPID).aaaaaaaa.partial"
        try stage(heldStaging)
        let fd = open(folder.appendingPathComponent(".held.lock").path, O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)

        let r = try TestSupport.runTool(["run", fixture, "--output", out.path, "--run-id", "r", "--replications", "2", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(contents(folder) == ["r", live, heldStaging, ".held.lock"])
    }

    @Test("--strict with a warning found after the run leaves no empty scenario or output folder")
    func strictLeavesNoEmptyFolder() throws {
        // Valid at load, but the first year costs about 20 % more than the budget.
        let dir = tempDir()
        let scenario = dir.appendingPathComponent("costly.yaml")
        try TestSupport.costlyScenario.write(to: scenario, atomically: true, encoding: .utf8)
        let newOutput = dir.appendingPathComponent("new")
        let existingOutput = tempDir()
        for out in [newOutput, existingOutput] {
            let r = try TestSupport.runTool(["run", scenario.path, "--output", out.path, "--strict", "--quiet"])
            #expect(r.status == 2, "\(r.err)")
            #expect(r.err.contains("warning: region.budget: the simulated cost in 2022"), "\(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: newOutput.path))
        #expect(contents(existingOutput).isEmpty, "left behind: \(contents(existingOutput))")
    }
}
