import Foundation
import Testing

/// Property: whatever is done to a shipped scenario or its tables, the tool
/// neither crashes nor hangs, rejects with exit status 2, and every line it
/// writes to standard error is `FILE:LINE:COLUMN: error|warning: …` at a
/// line and column that exist in that file.
///
/// Each case copies the shipped scenarios to a temporary folder, applies one
/// to three seeded mutations (``ScenarioMutator``) to a scenario and the files
/// it reads, and runs the real `doorstroom validate` on it, killed after
/// ``validateTimeout`` seconds; some accepted mutants of the cheap scenarios
/// are also run (`run --replications 2`), killed after ``runTimeout``.
///
/// - `DOORSTROOM_FUZZ_CASES`: number of cases (default 400, 15–45 s in a
///   debug build here); `make fuzz` runs 2,000 on a release build.
/// - `DOORSTROOM_FUZZ_SEED`: the first case's seed (case i has seed + i); a
///   failure prints its case seed, and `DOORSTROOM_FUZZ_SEED=<it>
///   DOORSTROOM_FUZZ_CASES=1` reproduces it alone.
/// - `DOORSTROOM_FUZZ_RUNS`: most `run`s of accepted mutants (default 10;
///   `make fuzz`: 300).
/// - `DOORSTROOM_FUZZ_RUN_ALL=1`: run accepted mutants of every scenario, not
///   only of those that run in about a second in a debug build (`make fuzz`).
/// - `DOORSTROOM_FUZZ_TOOL`: the executable to test (default: the debug build).
@Suite("Fuzzing the shipped scenarios")
struct FuzzTests {
    static let validateTimeout = 20.0
    static let runTimeout = 60.0

    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var cases: Int { environment["DOORSTROOM_FUZZ_CASES"].flatMap(Int.init) ?? 400 }
    static var firstSeed: UInt64 { environment["DOORSTROOM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_260_901 }
    static var maximumRuns: Int { environment["DOORSTROOM_FUZZ_RUNS"].flatMap(Int.init) ?? 10 }
    /// Whether every scenario may be run, not only those quick in a debug build.
    static var runAll: Bool { environment["DOORSTROOM_FUZZ_RUN_ALL"] == "1" }

    @Test("mutated scenarios never crash or hang, exit 2 when rejected, and every diagnostic is in form at a real place")
    func mutants() throws {
        let scenarios = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-fuzz-\(UUID().uuidString)")
        let pristine = work.appendingPathComponent("pristine")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: scenarios, to: pristine)
        let files = try FileManager.default.subpathsOfDirectory(atPath: pristine.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var tally = (accepted: 0, rejected: 0, runs: 0, failed: 0)
        var kept = false
        for i in 0..<Self.cases {
            let seed = Self.firstSeed &+ UInt64(i)
            var rng = SplitMix64(seed: seed)
            let folder = work.appendingPathComponent("case-\(seed)")
            try FileManager.default.copyItem(at: pristine, to: folder)
            let scenario = folder.appendingPathComponent(files.randomElement(using: &rng)!)
            let targets = Self.dependencies(of: scenario)
            var mutations: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                // The scenario itself half the time; else any file it reads.
                let target = rng.chance(0.5) ? scenario : targets.randomElement(using: &rng)!
                guard let data = FileManager.default.contents(atPath: target.path) else { continue }
                let (mutated, what) = ScenarioMutator.mutate(data, isCSV: target.pathExtension == "csv", using: &rng)
                try mutated.write(to: target)
                mutations.append("\(target.path.dropFirst(folder.path.count + 1)): \(what)")
            }
            let label = "case seed \(seed) (\(scenario.path.dropFirst(folder.path.count + 1)); \(mutations.joined(separator: "; ")))"
            let validate = try ToolProcess.run(["validate", scenario.path], timeout: Self.validateTimeout, in: folder)
            var problems = Self.check(validate, command: "validate")
            if validate.status == 0 && problems.isEmpty {
                tally.accepted += 1
                if tally.runs < Self.maximumRuns, Self.runAll || Self.isCheapToRun(scenario), rng.chance(0.5) {
                    tally.runs += 1
                    let run = try ToolProcess.run(["run", scenario.path, "--replications", "2", "--threads", "1", "--quiet",
                                                   "--output", folder.appendingPathComponent("out").path, "--run-id", "fuzz"],
                                                  timeout: Self.runTimeout, in: folder)
                    problems += Self.check(run, command: "run")
                }
            } else if validate.status == 2 {
                tally.rejected += 1
            }
            if problems.isEmpty {
                try? FileManager.default.removeItem(at: folder)
            } else {
                tally.failed += 1
                kept = true
                let report = "\(label), kept in \(folder.path):\n" + problems.joined(separator: "\n")
                Issue.record("\(report)")
                if tally.failed >= 20 { break }
            }
        }
        print("fuzz: \(Self.cases) cases from seed \(Self.firstSeed): \(tally.accepted) accepted, \(tally.rejected) rejected, "
              + "\(tally.runs) runs, \(tally.failed) failed")
        if !kept { try? FileManager.default.removeItem(at: work) }
        // Mutations too mild or too harsh would test little; one case alone (a reproduction) may be either.
        if Self.cases >= 50 {
            #expect(tally.accepted > 0 && tally.rejected > 0, "the mutations should both pass and fail validation")
        }
    }

    /// What is wrong with one run of the tool, if anything.
    static func check(_ o: ToolProcess.Outcome, command: String) -> [String] {
        if o.timedOut { return ["\(command) did not finish within \(command == "run" ? runTimeout : validateTimeout) s (killed)"] }
        if o.signalled { return ["\(command) crashed: signal \(o.status)\n\(o.err.suffix(2_000))"] }
        guard o.status == 0 || o.status == 2 else { return ["\(command) exited with status \(o.status)\n\(o.err.suffix(2_000))"] }
        var problems: [String] = []
        let lines = o.err.isEmpty ? []
            : o.err.split(separator: "\n", omittingEmptySubsequences: false).dropLast(o.err.hasSuffix("\n") ? 1 : 0)
        var errors = 0
        for line in lines {
            guard let m = line.firstMatch(of: #/^(.+?):(\d+):(\d+): (error|warning): /#) else {
                problems.append("not in the form FILE:LINE:COLUMN: error|warning: … — \(line.prefix(300).debugDescription)")
                continue
            }
            if m.4 == "error" { errors += 1 }
            if let why = missingPlace(file: String(m.1), line: Int(m.2) ?? 0, column: Int(m.3) ?? 0) {
                problems.append("\(why) — \(line.prefix(300).debugDescription)")
            }
        }
        if o.status == 2 && errors == 0 { problems.append("\(command) exited 2 without an error line") }
        if o.status == 0 && errors > 0 { problems.append("\(command) exited 0 after an error line") }
        return problems
    }

    /// Why `line:column` is no place in `file` (lines split at `\n`; a column
    /// may be one past the line's last character), or nil if it is one.
    static func missingPlace(file: String, line: Int, column: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return "no file `\(file)`" }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "line \(line) is not in \(file) (\(lines.count) lines)" }
        let length = String(decoding: lines[line - 1], as: UTF8.self).unicodeScalars.count
        guard column >= 1, column - 1 <= length else { return "column \(column) is not in line \(line) (\(length) characters)" }
        return nil
    }

    /// The scenario and every file it names (base, tables, included sections), recursively.
    static func dependencies(of file: URL) -> [URL] {
        var found: [URL] = [], queue = [file]
        while let f = queue.popLast() {
            guard !found.contains(f), let text = try? String(contentsOf: f, encoding: .utf8) else { continue }
            found.append(f)
            guard f.pathExtension != "csv" else { continue }
            for m in text.matches(of: /[A-Za-z0-9_.\/-]+\.(?:csv|ya?ml)\b/) {
                let url = f.deletingLastPathComponent().appendingPathComponent(String(m.0)).standardizedFileURL
                if FileManager.default.fileExists(atPath: url.path) { queue.append(url) }
            }
        }
        return found
    }

    /// Whether a run takes about a second in a debug build: not the
    /// national scenario, and an ingroeipad profile other than
    /// `legacy-runoff` and `national-runoff` (whose pilot runs 100 replications first), looked up
    /// through the `base:` files as the loader would.
    static func isCheapToRun(_ scenario: URL) -> Bool {
        guard !scenario.path.contains("/national/") else { return false }
        var file = scenario
        for _ in 0..<8 {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { return false }
            if let m = text.firstMatch(of: /profile:\s*([^\s,}]+)/) { return m.1 != "legacy-runoff" && m.1 != "national-runoff" }
            guard let base = text.firstMatch(of: /(?m)^base:\s*(\S+)/) else { return true }
            file = file.deletingLastPathComponent().appendingPathComponent(String(base.1))
        }
        return false
    }
}
