import Foundation
import Testing
@testable import DoorstroomCore

/// A run summarised region by region as its replications finish
/// (``MonteCarloRunner/streamedSummary``) must write the files of a run that
/// holds every value to the end, byte for byte, whatever the thread count.
@Suite("streamed run")
struct StreamedRunTests {
    static func load(_ path: String, replications: Int) throws -> LoadedScenario {
        var loaded = try ScenarioLoader.load(path: TestSupport.packageRoot.appendingPathComponent(path).path)
        loaded.scenario.replications = replications
        return loaded
    }

    /// Every file `doorstroom run` writes but the report (made from these), by name.
    static func files(_ results: RunResults, loaded: LoadedScenario, filter: OutputFilter) throws -> [String: Data] {
        var results = results
        results.filter = filter
        let manifest = Manifest(loaded: loaded, replications: results.replications, threads: 2,
                                startedAt: Date(timeIntervalSince1970: 0), wallTimeSeconds: 1, command: [],
                                budgetWeights: results.budgetWeights,
                                diagnostics: ConsistencyCheck.afterRun(results, loaded: loaded))
        var files: [String: Data] = [:]
        try RunFiles(results: results, manifest: manifest, monthly: true).write { files[$0] = $1 }
        return files
    }

    /// The hold-everything run and streamed runs at 1 and 2 threads give the same files.
    static func compare(_ path: String, replications: Int, filter: OutputFilter = OutputFilter()) throws {
        let loaded = try load(path, replications: replications)
        func runner(_ threads: Int, streamed: Bool) -> MonteCarloRunner {
            MonteCarloRunner(threads: threads, monthly: true, pilotReplications: 4, parameters: loaded.uncertainty,
                             streamedSummary: streamed ? filter : nil)
        }
        let held = runner(2, streamed: false).run(loaded.scenario)
        #expect(held.holdsEveryCell)
        let reference = try files(held, loaded: loaded, filter: filter)
        #expect(reference.keys.contains("summary.csv") && reference.keys.contains("monthly.csv"))
        for threads in [1, 2] {
            let streamed = runner(threads, streamed: true).run(loaded.scenario)
            // Else this would compare the hold-everything run with itself.
            #expect(!streamed.holdsEveryCell, "\(path) did not stream")
            let made = try files(streamed, loaded: loaded, filter: filter)
            #expect(made.keys.sorted() == reference.keys.sorted())
            for (name, data) in reference.sorted(by: { $0.key < $1.key }) {
                #expect(made[name] == data, "\(path), \(threads) thread(s): \(name) differs")
            }
        }
    }

    @Test("two regions with finance and month-end levels: the same files as a run holding every value")
    func twoRegions() throws {
        try Self.compare("Scenarios/den-haag/variants/zoetermeer-own-region.yaml", replications: 5)
    }

    @Test("narrowed outputs (years, metrics, regions only) stream to the same files")
    func filtered() throws {
        try Self.compare("Scenarios/den-haag/variants/zoetermeer-own-region.yaml", replications: 3,
                         filter: OutputFilter(metrics: ["balance", "waiting_end_bw", "cost_total", "deficit"],
                                              years: 2024...2027, regionsOnly: true))
    }

    @Test("uncertain parameters in one region: summary, parameters and sensitivity as a run holding every value")
    func uncertain() throws {
        try Self.compare("Scenarios/den-haag/variants/uncertain-wlz.yaml", replications: 6)
    }

    @Test("a streamed run keeps each region's ALL unit of each replication, not its municipalities")
    func keepsLittle() throws {
        let loaded = try Self.load("Scenarios/den-haag/variants/zoetermeer-own-region.yaml", replications: 2)
        let results = MonteCarloRunner(threads: 2, pilotReplications: 4, streamedSummary: OutputFilter()).run(loaded.scenario)
        for r in loaded.scenario.regions.indices {
            #expect(results.values[r].count == 2)
            #expect(results.values[r].allSatisfy { $0.count == loaded.scenario.years.count * Metric.count })
        }
    }

    @Test("what cannot stream holds every value: a budget evaluation over several regions, and uncertain parameters in several")
    func fallsBack() throws {
        let evaluation = try Self.load("Scenarios/den-haag/variants/national-evaluation.yaml", replications: 2)
        #expect(!MonteCarloRunner.streams(evaluation.scenario, parameters: nil))
        let held = MonteCarloRunner(threads: 2, pilotReplications: 4, streamedSummary: OutputFilter()).run(evaluation.scenario)
        #expect(held.holdsEveryCell && held.streamed == nil)
        let base = try Self.load("Scenarios/den-haag/baseline.yaml", replications: 2)
        #expect(MonteCarloRunner.streams(base.scenario, parameters: nil))
        let uncertain = try Self.load("Scenarios/den-haag/variants/uncertain-wlz.yaml", replications: 2)
        var two = uncertain.scenario
        two.regions = two.regions + two.regions
        #expect(MonteCarloRunner.streams(uncertain.scenario, parameters: uncertain.uncertainty))
        #expect(!MonteCarloRunner.streams(two, parameters: uncertain.uncertainty))
    }

    @Test("the estimate of a streamed national run with 1,000 replications is under 1 GB, held it is not")
    func estimate() throws {
        let national = try Self.load("Scenarios/national/baseline.yaml", replications: 1000)
        let streamed = RunEstimate(scenario: national.scenario, replications: 1000, threads: 2, monthly: false, streamed: true)
        let held = RunEstimate(scenario: national.scenario, replications: 1000, threads: 2, monthly: false)
        #expect(streamed.memoryBytes < 1e9)
        #expect(held.memoryBytes > 3e9)
    }

    @Test("`doorstroom run` streams, and writes what --keep-replications (which holds every value) writes besides replications.csv")
    func commandLine() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let scenario = TestSupport.packageRoot.appendingPathComponent("Scenarios/den-haag/variants/zoetermeer-own-region.yaml").path
        var folders: [URL] = []
        for (id, extra) in [("streamed", []), ("held", ["--keep-replications"])] {
            let r = try TestSupport.runTool(["run", scenario, "--replications", "3", "--pilot-replications", "4", "--monthly",
                                             "--threads", "2", "--output", out.path, "--run-id", id, "--quiet"] + extra)
            #expect(r.status == 0, "\(r.err)")
            folders.append(out.appendingPathComponent("den-haag-zoetermeer-own-region").appendingPathComponent(id))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folders[1].path).filter { $0.hasSuffix(".csv") }
        #expect(names.contains("summary.csv") && names.contains("monthly.csv") && names.contains("replications.csv"))
        for name in names where name != "replications.csv" {
            #expect(FileManager.default.contents(atPath: folders[0].appendingPathComponent(name).path)
                    == FileManager.default.contents(atPath: folders[1].appendingPathComponent(name).path), "\(name) differs")
        }
    }
}
