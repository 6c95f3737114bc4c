import Foundation
import Testing
@testable import DoorstroomCore

/// Uncertain parameters (`{uncertain: …}`, docs/uncertainty.md) and the
/// sensitivity analysis of a run with them (partial rank correlations).
@Suite("Uncertainty")
struct UncertaintyTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-unc-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A variant of the finance fixture (written into `dir`) with `yaml` laid over it.
    func variant(_ yaml: String, in dir: URL, name: String = "variant.yaml") throws -> String {
        let file = dir.appendingPathComponent(name)
        try "base: \(TestSupport.fixture("finance/scenario.yaml"))\n\(yaml)\n".write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Uniform draws from a seeded stream.
    func uniforms(_ n: Int, seed: UInt64) -> [Double] {
        let s = RandomStream(seed: seed)
        return (0..<n).map { _ in s.uniform() }
    }

    func normals(_ n: Int, seed: UInt64) -> [Double] {
        let s = RandomStream(seed: seed)
        return (0..<n).map { _ in s.normal(mean: 0, sd: 1) }
    }

    // MARK: The estimator

    @Test("ranks: ties share their average rank")
    func ranks() {
        #expect(PartialRankCorrelation.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(PartialRankCorrelation.ranks([5, 5, 5]) == [2, 2, 2])
    }

    @Test("PRCC on synthetic data with a known answer: the driving input near its value, the others near 0, intervals that say so")
    func prccKnownAnswer() throws {
        // y = x₁ + 0.5 ε with x₁, x₂, x₃, ε independent standard normals: y does
        // not depend on x₂ or x₃, and its partial (Pearson) correlation with x₁
        // is 1/√1.25 = 0.894; for normal variables the rank version is
        // (6/π) asin(ρ/2) = 0.885.
        let n = 2_000, p = 3
        let x1 = normals(n, seed: 11), x2 = normals(n, seed: 12), x3 = normals(n, seed: 13), e = normals(n, seed: 14)
        let y = zip(x1, e).map { $0 + 0.5 * $1 }
        let estimates = PartialRankCorrelation(inputs: [x1, x2, x3]).estimates(y)
        // Tolerance: 4 standard errors of Fisher's z, se = 1/√(n − 2 − p) = 0.022.
        let se = 1 / Double(n - 2 - p).squareRoot()
        let truth = 6 / Double.pi * asin(1 / 1.25.squareRoot() / 2)
        let r1 = try #require(estimates[0].prcc)
        #expect(abs(atanh(r1) - atanh(truth)) < 4 * se, "PRCC(x1) = \(r1), expected about \(truth)")
        #expect(try #require(estimates[0].low) > 0.8)
        // The inputs without effect: within 4 se of 0, and their 99.9 % intervals
        // (each misses 0 with probability 0.001) cover 0.
        let wide = PartialRankCorrelation(inputs: [x1, x2, x3]).estimates(y, confidence: 0.999)
        for j in [1, 2] {
            let r = try #require(estimates[j].prcc)
            #expect(abs(atanh(r)) < 4 * se, "PRCC(x\(j + 1)) = \(r), expected about 0")
            #expect(try #require(wide[j].low) < 0 && wide[j].high! > 0, "\(wide[j])")
        }
        #expect(try #require(wide[0].low) > 0.8)
        // The interval is tanh(atanh r ± 1.96 se), with n − 2 − p in se.
        let z = 1.959963984540054
        #expect(abs(estimates[1].low! - tanh(atanh(estimates[1].prcc!) - z * se)) < 1e-12)
        #expect(abs(estimates[1].high! - tanh(atanh(estimates[1].prcc!) + z * se)) < 1e-12)
        #expect(estimates.allSatisfy { $0.n == n })
    }

    @Test("PRCC of a monotone function of one input is 1, of a decreasing one −1; a constant outcome has none")
    func prccExtremes() throws {
        let x1 = uniforms(200, seed: 1), x2 = uniforms(200, seed: 2)
        let prcc = PartialRankCorrelation(inputs: [x1, x2])
        #expect(abs(try #require(prcc.estimates(x1.map { exp(3 * $0) })[0].prcc) - 1) < 1e-9)
        #expect(abs(try #require(prcc.estimates(x1.map { -$0 * $0 })[0].prcc) + 1) < 1e-9)
        let constant = prcc.estimates(Array(repeating: 4, count: 200))
        #expect(constant.allSatisfy { $0.prcc == nil && $0.low == nil && $0.high == nil })
    }

    // MARK: Reading and drawing

    @Test("distributions: medians, ends and inverse CDFs")
    func distributions() {
        let n = ParameterDistribution.normal(mean: 10, sd: 2)
        #expect(abs(n.median - 10) < 1e-12)
        #expect(abs(n.lowest - (10 - 2 * 3.2905267314919255)) < 1e-6)
        let t = ParameterDistribution.triangular(min: 0, mode: 1, max: 4)
        #expect(t.lowest == 0 && t.highest == 4)
        #expect(abs(t.quantile(0.25) - 1) < 1e-12)  // P(X ≤ mode) = (mode − min)/(max − min)
        #expect(ParameterDistribution.beta(a: 2, b: 5).lowest == 0 && ParameterDistribution.beta(a: 2, b: 5).highest == 1)
        let l = ParameterDistribution.lognormal(median: 20, sigma: 0.3)
        #expect(abs(l.median - 20) < 1e-9)
    }

    @Test("a replication's draw of a parameter does not depend on which other parameters are uncertain")
    func drawsAreKeyedByPath() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tariff = "intramural: {uncertain: {range: {low: 120, high: 160, coverage: 0.8}}}"
        let alone = try ScenarioLoader.load(path: variant("finance: {tariff_per_day: {\(tariff)}}", in: dir, name: "a.yaml"))
        let both = try ScenarioLoader.load(path: variant(
            "finance: {tariff_per_day: {\(tariff)}, deficit_threshold_share: {uncertain: {beta: {a: 2, b: 5}}}}",
            in: dir, name: "b.yaml"))
        let a = try #require(alone.uncertainty), b = try #require(both.uncertainty)
        #expect(a.paths == ["finance.tariff_per_day.intramural"])
        #expect(b.paths == ["finance.tariff_per_day.intramural", "finance.deficit_threshold_share"])
        for r in 0..<50 {
            #expect(a.values(replication: r, seed: 7)[0] == b.values(replication: r, seed: 7)[0])
        }
        // The central scenario holds the median; replication 3's holds its draw.
        #expect(alone.scenario.finance?.tariffPerDay[.intramural] == 140)
        let drawn = try a.scenario(replication: 3, base: alone.scenario)
        #expect(drawn.finance?.tariffPerDay[.intramural] == a.values(replication: 3, seed: alone.scenario.seed)[0])
        #expect(drawn.name == alone.scenario.name && drawn.seed == alone.scenario.seed)
    }

    @Test("a bad distribution is an error at its place: unknown family, negative sd, support outside the field")
    func badDistributions() {
        let cases: [(String, String, String)] = [
            ("finance: {tariff_per_day: {intramural: {uncertain: {cauchy: {mean: 1}}}}}",
             "finance.tariff_per_day.intramural.uncertain", "expected exactly one distribution"),
            ("finance: {tariff_per_day: {intramural: {uncertain: {normal: {mean: 140, sd: -3}}}}}",
             "finance.tariff_per_day.intramural.uncertain.normal.sd", "a standard deviation > 0"),
            // A stay's mean must be > 0: a normal of mean 1 and sd 1 draws down to −2.3.
            ("stay: {shelter: {independent: {exponential: {mean_years: {uncertain: {normal: {mean: 1, sd: 1}}}}}}}",
             "stay.shelter.independent.exponential.mean_years", "lowest value it can draw"),
            // A beta draws from [0, 1]: not a stay's mean (at least 0.001 years)…
            ("stay: {shelter: {independent: {exponential: {mean_years: {uncertain: {beta: {a: 2, b: 2}}}}}}}",
             "stay.shelter.independent.exponential.mean_years", "lowest end of its support"),
            // …and a probability cannot go above 1.
            ("lasting_need_share: {uncertain: {uniform: {min: 0.2, max: 1.2}}}", "lasting_need_share", "highest end of its support"),
            ("seed: {uncertain: {uniform: {min: 1, max: 9}}}", "seed", "cannot be uncertain"),
        ]
        for (yaml, field, message) in cases {
            let d = TestSupport.diagnostics(yaml, base: "finance/scenario.yaml")
            #expect(d.contains { $0.severity == .error && $0.field == field && $0.message.contains(message) && $0.line != nil },
                    "\(yaml): \(d.map(\.description))")
        }
    }

    @Test("run with a bad distribution: FILE:LINE:COLUMN: error: …, exit status 2, nothing written")
    func badDistributionExitStatus() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try variant("finance:\n  tariff_per_day:\n    intramural: {uncertain: {normal: {mean: 10, sd: 10}}}", in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try TestSupport.runTool(["run", file, "--output", out.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.err.contains("\(file):4:17: error: finance.tariff_per_day.intramural: normal(mean 10, sd 10)'s lowest value"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    // MARK: End to end

    @Test("end to end: an uncertain tariff drives cost_total (PRCC near 1), a tariff nobody uses and the deficit threshold do not (near 0); outputs identical whatever --threads")
    func sensitivityEndToEnd() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Nobody is ever in tussenvorm in this fixture (no stock, no access
        // share, no route), and the deficit threshold is not a cost: neither
        // can touch cost_total. The intramural tariff multiplies every
        // intramural client-day.
        let file = try variant("""
            scenario: uncertain-small
            replications: 240
            finance:
              ingroeipad: {profile: linear}
              tariff_per_day:
                intramural: {uncertain: {uniform: {min: 60, max: 240}}, source: "assumption: test"}
                tussenvorm: {uncertain: {triangular: {min: 50, mode: 110, max: 200}}}
              deficit_threshold_share: {uncertain: {beta: {a: 2, b: 5}}}
            """, in: dir)
        let out = dir.appendingPathComponent("out")
        for (id, threads) in [("t2", "2"), ("t1", "1")] {
            let r = try TestSupport.runTool(["run", file, "--output", out.path, "--run-id", id, "--threads", threads, "--quiet"])
            #expect(r.status == 0, "\(r.err)")
        }
        let folder = out.appendingPathComponent("uncertain-small")
        for name in ["parameters.csv", "sensitivity.csv"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("t2/\(name)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("t1/\(name)"))
            #expect(a == b && !a.isEmpty, "\(name) differs between --threads 2 and 1")
        }
        let parameters = try String(contentsOf: folder.appendingPathComponent("t2/parameters.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(parameters.first == "replication,finance.tariff_per_day.intramural,finance.tariff_per_day.tussenvorm,finance.deficit_threshold_share")
        #expect(parameters.count == 241)

        let rows = try String(contentsOf: folder.appendingPathComponent("t2/sensitivity.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let cost = rows.filter { $0[0] == "cost_total" && $0[2] == "ALL" }
        #expect(cost.count == 3 && cost.first?[4] == "finance.tariff_per_day.intramural")
        let byParameter = Dictionary(uniqueKeysWithValues: cost.map { ($0[4], $0) })
        // Tolerance from Fisher's z: se = 1/√(n − 2 − p) = 1/√235 = 0.065; 4 se ≈ 0.26 around 0.
        let se = 1 / Double(240 - 2 - 3).squareRoot()
        let driver = try #require(byParameter["finance.tariff_per_day.intramural"])
        #expect(Double(driver[5])! > 0.95, "PRCC of the intramural tariff: \(driver)")
        #expect(Double(driver[6])! > 0.9 && driver[9] == "1" && driver[8] == "240")
        for name in ["finance.tariff_per_day.tussenvorm", "finance.deficit_threshold_share"] {
            let row = try #require(byParameter[name])
            let (r, low, high) = (Double(row[5])!, Double(row[6])!, Double(row[7])!)
            #expect(abs(atanh(r)) < 4 * se && low < 0 && high > 0, "\(name): \(row)")
        }
        // The balance falls as the tariff rises.
        let balance = try #require(rows.first { $0[0] == "balance_cumulative" && $0[2] == "ALL" })
        #expect(balance[4] == "finance.tariff_per_day.intramural" && Double(balance[5])! < -0.9)
        // Tornado order: |PRCC| descending within each outcome.
        for group in Dictionary(grouping: rows, by: { $0[0...2].joined(separator: ",") }).values {
            let values = group.sorted { Int($0[9])! < Int($1[9])! }.compactMap { Double($0[5]).map(abs) }
            #expect(values == values.sorted(by: >))
        }
        let manifest = try String(contentsOf: folder.appendingPathComponent("t2/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"uncertain_parameters\"") && manifest.contains("uniform(min 60, max 240)"))
    }

    @Test("the shipped uncertain Den Haag variant loads with its uncertain parameters, and every replication's draws are valid")
    func shippedExample() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/den-haag/variants/uncertain-wlz.yaml").path
        let loaded = try ScenarioLoader.load(path: path)
        let u = try #require(loaded.uncertainty)
        #expect(u.parameters.count >= 2)
        #expect(u.check(base: loaded.scenario, replications: 0..<50, threads: 2).isEmpty)
    }
}
