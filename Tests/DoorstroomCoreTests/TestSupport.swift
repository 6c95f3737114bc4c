import Foundation
@testable import DoorstroomCore

/// Scenarios and helpers shared by the tests.
enum TestSupport {
    /// A one-municipality region whose population makes `rate_per_10k` equal
    /// to arrivals per year: population 10,000.
    static func singleServerScenario(arrivalsPerYear: Double, stay: [Route], capacity: Double? = nil,
                                     initialInCare: Int = 0, initialWaiting: Int = 0,
                                     years: ClosedRange<Int> = 2022...2031, replications: Int = 100,
                                     seed: UInt64 = 1) -> Scenario {
        let region = Region(
            name: "Test", centrumgemeente: "A",
            municipalities: [Municipality(name: "A", population: 10_000)],
            initial: InitialStock(inCare: [.intramural: initialInCare], waiting: [.intramural: initialWaiting]),
            capacity: capacity.map { [.intramural: YearPath(constant: $0)] } ?? [:])
        return Scenario(name: "test", startYear: years.lowerBound, endYear: years.upperBound,
                        replications: replications, seed: seed, regions: [region],
                        bwIntake: IntakeSpec(ratePer10k: arrivalsPerYear),
                        stays: [.intramural: stay])
    }

    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ path: String) -> String {
        packageRoot.appendingPathComponent("Tests/DoorstroomCoreTests/Fixtures").appendingPathComponent(path).path
    }

    /// The problems of `yaml` loaded from a fresh folder, as a variant of the
    /// fixture `base` (or on its own); none if it loads.
    static func diagnostics(_ yaml: String, base: String?) -> [Diagnostic] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = base.map { "base: \(fixture($0))\n\(yaml)\n" } ?? yaml
        let file = dir.appendingPathComponent("variant.yaml")
        try? text.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: file.path)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Valid at load (€50,000 per client), but its first year costs about
    /// 20 % more than the budget: a warning only after the run.
    static let costlyScenario = """
        scenario: costly
        period: {start_year: 2022, end_year: 2023}
        replications: 8
        region:
          name: R
          centrumgemeente: A
          municipalities: [{name: A, population: 100000, objective_share: 1}]
          initial: {intramural: 100}
          budget: {bw: 5000000}
        stay: {intramural: {independent: {exponential: {mean_years: 5}}}}
        intake: {bw: {rate_per_10k: 2}}
        finance:
          tariff_per_day: {intramural: 165}
          ingroeipad: {start_year: 2022, years: 2}
        """

    /// Mean and standard error of a sample.
    static func meanAndSE(_ x: [Double]) -> (mean: Double, se: Double) {
        let s = SampleSummary(x)
        return (s.mean, s.mcse)
    }

    /// The built `doorstroom` executable, beside the test bundle.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("doorstroom")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/doorstroom")
    }

    /// Runs the executable; returns status, stdout and stderr.
    static func runTool(_ arguments: [String], in directory: URL? = nil,
                        environment: [String: String]? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let environment { p.environment = environment }
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
