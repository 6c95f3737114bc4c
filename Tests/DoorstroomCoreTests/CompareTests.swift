import Foundation
import Testing
@testable import DoorstroomCore

/// Paired differences (`doorstroom compare`, issue #10 item 4): common random
/// numbers, the paired standard error, the Wilson interval, reading
/// `replications.csv` back, and the command end to end.
@Suite("Paired differences and doorstroom compare", .serialized)
struct CompareTests {
    static func financeFixture(replications: Int) throws -> Scenario {
        var s = try ScenarioLoader.load(path: TestSupport.fixture("finance/scenario.yaml")).scenario
        s.replications = replications
        return s
    }

    static let occupancyMetrics = Metric.all.indices.filter { Metric.all[$0].name.hasPrefix("occupancy_") }

    @Test("common random numbers: a finance-only change leaves the occupancy of every replication exactly unchanged")
    func financeOnlyChange() throws {
        let base = try Self.financeFixture(replications: 50)
        var variant = base
        variant.finance!.tariffPerDay[.intramural]! *= 1.01
        let runner = MonteCarloRunner(threads: 2, pilotReplications: 20)
        let a = runner.run(base), b = runner.run(variant)
        var compared = 0
        for rep in 0..<a.replicationCount {
            for y in 0..<a.yearCount {
                for u in 0..<a.unitNames[0].count {
                    for m in Self.occupancyMetrics {
                        let d = b.value(region: 0, replication: rep, year: y, unit: u, metric: m)
                            - a.value(region: 0, replication: rep, year: y, unit: u, metric: m)
                        #expect(d == 0, "replication \(rep), year \(y), unit \(u), \(Metric.all[m].name): \(d)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 50 * 5 * 6 * Self.occupancyMetrics.count)  // 5 years × (3 municipalities, unknown, outside, ALL)
        // Through the comparison: every occupancy cell is a difference of exactly 0, with mcse 0 …
        let rows = try PairedDifferences.compare(reference: a, variant: b)
        let occupancy = rows.filter { Self.occupancyMetrics.contains($0.metric) }
        #expect(!occupancy.isEmpty)
        for r in occupancy {
            #expect(r.summary.meanDifference == 0 && r.summary.mcse == 0 && r.summary.pPositive == 0 && r.summary.count == 50)
        }
        // … while the change did reach the money: intramural cost is 1 % higher in every replication.
        let cost = try #require(rows.first { $0.row == ResultRow(region: "Small", municipality: "ALL", year: 2026)
            && Metric.all[$0.metric].name == "cost_intramural" })
        #expect(cost.summary.pPositive == 1 && cost.summary.meanDifference > 0)
    }

    @Test("money is compared to the cent: a change that only moves money between municipalities leaves the region's balance difference exactly 0")
    func moneyToTheCent() throws {
        // A linear ingroeipad instead of the legacy run-off moves BW money
        // between the municipalities, not in or out of the region: the
        // region's balance is the same, up to floating-point sums (≈ 10⁻¹⁰
        // euro here), which must not read as "higher in every replication".
        let base = try Self.financeFixture(replications: 20)
        var variant = base
        variant.finance!.ingroeipad.profile = .linear
        let runner = MonteCarloRunner(threads: 2, pilotReplications: 20)
        let a = runner.run(base), b = runner.run(variant)
        let balance = try #require(Metric.index(of: "balance"))
        let raw = zip(a.sample(region: 0, year: 0, unit: a.allUnit(region: 0), metric: balance),
                      b.sample(region: 0, year: 0, unit: b.allUnit(region: 0), metric: balance)).map { $1 - $0 }
        // The noise the rule is for (if the sums ever became exact, this check could go; the rule stays).
        #expect(raw.contains { $0 != 0 } && raw.allSatisfy { abs($0) < 1e-6 }, "\(raw)")
        let rows = try PairedDifferences.compare(reference: a, variant: b)
        let region = try #require(rows.first { $0.row == ResultRow(region: "Small", municipality: "ALL", year: 2022) && $0.metric == balance })
        #expect(region.summary.meanDifference == 0 && region.summary.mcse == 0 && region.summary.pPositive == 0)
        // The change is real for the municipalities.
        #expect(rows.contains { $0.metric == balance && $0.row.municipality != "ALL" && abs($0.summary.meanDifference) >= 1 })
    }

    @Test("the paired difference of a cost metric has an sd at least 5× smaller than the unpaired one")
    func pairedBeatsUnpaired() throws {
        // Two close scenarios: 2 more intramural places (45 → 47). The clients
        // and their luck are the same; only who gets a place when differs.
        // Measured here: sd of the paired difference of cost_total (ALL, 2026)
        // ≈ €24.7k, unpaired √(var A + var B) ≈ €296k: a ratio of 12.0.
        // Why 5× is a safe margin at n = 200: an sd estimated from n values
        // has a relative standard error of √((κ − 1)/4n), κ the kurtosis (about
        // 3.9 for the paired differences here, 3 for the costs), so 0.06 and
        // 0.05, and the ratio's log about √(0.06² + 0.05²) = 0.08. A ratio of
        // 12 lies ln(12/5)/0.08 ≈ 11 standard errors above 5.
        let n = 200
        let base = try Self.financeFixture(replications: n)
        var variant = base
        variant.regions[0].capacity[.intramural] = YearPath(constant: 47)
        let runner = MonteCarloRunner(threads: 2, pilotReplications: 20)
        let a = runner.run(base)
        func ratio(_ b: RunResults) -> (ratio: Double, paired: Double, unpaired: Double) {
            let metric = Metric.index(of: "cost_total")!
            let all = a.allUnit(region: 0), last = a.yearCount - 1
            let x = a.sample(region: 0, year: last, unit: all, metric: metric)
            let y = b.sample(region: 0, year: last, unit: all, metric: metric)
            let paired = SampleSummary(zip(x, y).map { $1 - $0 }).sd
            let unpaired = (pow(SampleSummary(x).sd, 2) + pow(SampleSummary(y).sd, 2)).squareRoot()
            return (unpaired / paired, paired, unpaired)
        }
        let close = ratio(runner.run(variant))
        print("cost_total ALL 2026, n = \(n): sd paired \(close.paired), unpaired \(close.unpaired), ratio \(close.ratio)")
        #expect(close.ratio >= 5, "unpaired sd \(close.unpaired) / paired sd \(close.paired) = \(close.ratio)")
        #expect(close.paired > 0)  // the variant changed something: two different runs were compared
        // Power: the same variant on another seed shares no luck with A, so
        // sd(B − A) = √(var A + var B) and the ratio is 1 but for the 8 %
        // noise above; a comparison that lost the pairing fails the check above.
        variant.seed += 1
        let unpairedRun = ratio(runner.run(variant))
        print("the same without common random numbers (seed \(variant.seed)): ratio \(unpairedRun.ratio)")
        #expect(unpairedRun.ratio < 2, "ratio \(unpairedRun.ratio) without common random numbers")
    }

    @Test("Wilson interval: [n/(n+z²), 1] at p̂ = 1, [0, z²/(n+z²)] at p̂ = 0, the textbook formula at p̂ = 0.5")
    func wilson() {
        // z = Φ⁻¹(0.975) = 1.959963984540054, z² = 3.841458820694124.
        // p̂ = 1, n = 1000: lower = n/(n + z²) = 1000/1003.841458820694 = 0.996173241514445; upper 1.
        let one = WilsonInterval(successes: 1000, trials: 1000)
        #expect(abs(one.lower - 0.996173241514445) < 1e-12 && one.upper == 1)
        // p̂ = 0, n = 1000: [0, z²/(n + z²)] = [0, 0.003826758485555].
        let zero = WilsonInterval(successes: 0, trials: 1000)
        #expect(zero.lower == 0 && abs(zero.upper - 0.003826758485555) < 1e-12)
        #expect(zero.upper > 0 && one.lower < 1)  // never a point
        // p̂ = 0.5, n = 100: (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n) = [0.40383, 0.59617].
        let z = 1.959963984540054, n = 100.0, p = 0.5
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / (1 + z * z / n)
        let half50 = WilsonInterval(successes: 50, trials: 100)
        #expect(abs(half50.lower - (centre - half)) < 1e-12 && abs(half50.upper - (centre + half)) < 1e-12)
        #expect(abs(half50.lower - 0.4038315) < 1e-7 && abs(half50.upper - 0.5961685) < 1e-7)
    }

    @Test("difference summary: B − A per replication, rounded to a resolution if given, undefined pairs left out, n = 0 written as empty fields")
    func differenceSummary() {
        // d = 1, 2, 3 (the fourth pair is undefined): mean 2, sd 1, mcse 1/√3.
        let s = DifferenceSummary(reference: [10, 10, 10, 10], variant: [11, 12, 13, .nan])
        #expect(s.count == 3 && s.meanDifference == 2 && abs(s.mcse - 1 / 3.0.squareRoot()) < 1e-15)
        #expect(s.p50 == 2 && s.pPositive == 1 && s.pPositiveInterval == WilsonInterval(successes: 3, trials: 3))
        // With a resolution (the cent for money) each d is rounded first: 1.5e-8 on €10⁸ is 0.
        let cent = DifferenceSummary(reference: [1e8, 1e8], variant: [1e8 + 1.49e-8, 1e8 + 0.25], resolution: 0.01)
        #expect(cent.meanDifference == 0.125 && cent.p05 == 0.0125 && cent.pPositive == 0.5)
        let none = DifferenceSummary(reference: [.nan], variant: [1])
        #expect(none.count == 0 && none.meanDifference.isNaN && none.pPositiveInterval == nil)
        let row = DifferenceRow(row: ResultRow(region: "R", municipality: "ALL", year: 2022), metric: 0, summary: none)
        let csv = DifferencesTable.csv([row], scenario: "b", reference: "a")
        #expect(csv.split(separator: "\n")[1] == "b,a,R,ALL,2022,\(Metric.all[0].name),\(Metric.all[0].unit),,,,,,,,,,,,,0")
    }

    @Test("replications.csv reads back exactly; a malformed value is reported at its line and column")
    func readBack() throws {
        let scenario = try Self.financeFixture(replications: 6)
        let results = MonteCarloRunner(threads: 2, replications: 3..<9, pilotReplications: 20).run(scenario)
        let text = ReplicationTable.csv(results, firstReplication: 3)
        let table = try ReplicationTableReader.read(Array(text.utf8), file: "r.csv")
        #expect(table.samples.replications == 3..<9)
        #expect(table.samples.rows.count == 5 * 5)  // (Alpha, Beta, Gamma, unknown, ALL) × 5 years
        let rows = try PairedDifferences.compare(reference: table.samples, variant: table.samples)
        let direct = try PairedDifferences.compare(reference: results, variant: results)
        // As written (an undefined statistic is NaN, which equals nothing, so the rows are compared as text).
        #expect(DifferencesTable.csv(rows, scenario: "b", reference: "a") == DifferencesTable.csv(direct, scenario: "b", reference: "a"))
        for (i, row) in table.samples.rows.enumerated() {
            let r = 0, u = results.unitNames[0].firstIndex(of: row.municipality)!, y = row.year - 2022
            for (k, m) in table.samples.metrics.enumerated() {
                let read = table.samples.sample(row: i, column: k)
                let made = results.sample(region: r, year: y, unit: u, metric: m)
                // Equal as numbers: the writer writes −0 as 0; NaN would be an empty field both ways.
                #expect(zip(read, made).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(row) \(Metric.all[m].name)")
            }
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[7].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[6] = "1,5"  // a decimal comma: one field too many
        lines[7] = fields.joined(separator: ",")
        fields = lines[9].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[5] = "12.x"
        lines[9] = fields.joined(separator: ",")
        let column = fields[..<5].joined(separator: ",").count + 2
        #expect(throws: InputError.self) { try ReplicationTableReader.read(Array(lines.joined(separator: "\n").utf8), file: "r.csv") }
        do {
            _ = try ReplicationTableReader.read(Array(lines.joined(separator: "\n").utf8), file: "r.csv")
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.hasPrefix("r.csv:8:") && $0.contains("error: row: expected") })
            #expect(messages.contains("r.csv:10:\(column): error: \(Metric.all[table.samples.metrics[1]].name): "
                                      + "expected a number or an empty field, found `12.x`"), "\(messages)")
            #expect(messages.count == 2)
        }
    }

    @Test("a folder without manifest.json is said not to be a finished run folder, not pointed at a line of a missing file; exit 2")
    func noManifest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-compare-\(UUID().uuidString)")
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        for folder in [a, b] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: dir) }
        try "replication,region,municipality,year\n".write(to: a.appendingPathComponent("replications.csv"), atomically: true, encoding: .utf8)
        let r = try TestSupport.runTool(["compare", a.path, b.path, "--output", dir.appendingPathComponent("out").path])
        #expect(r.status == 2)
        for folder in [a, b] {
            #expect(r.err.contains("\(folder.path): error: folder: expected a finished run folder written by `doorstroom run`, "
                                   + "found no manifest.json in it"), "\(r.err)")
        }
        #expect(!r.err.contains("manifest.json:1:1"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("doorstroom compare writes differences.csv for a variant against the valid fixture; another seed or no replications.csv exits 2 and writes nothing")
    func commandEndToEnd() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = TestSupport.fixture("valid/scenario.yaml")
        let variantFile = dir.appendingPathComponent("more-places.yaml")
        try "base: \(fixture)\nscenario: valid-more-places\nregion:\n  capacity: {intramural: 34}\n"
            .write(to: variantFile, atomically: true, encoding: .utf8)
        let runs = dir.appendingPathComponent("runs").path
        for (file, id, extra) in [(fixture, "a", ["--keep-replications"]), (variantFile.path, "a", ["--keep-replications"]),
                                  (fixture, "s43", ["--keep-replications", "--seed", "43"]), (fixture, "plain", [])] {
            let r = try TestSupport.runTool(["run", file, "--output", runs, "--run-id", id, "--replications", "8", "--quiet"] + extra)
            #expect(r.status == 0, "\(r.err)")
        }
        let a = runs + "/valid-small/a", b = runs + "/valid-more-places/a"
        let out = dir.appendingPathComponent("compared")
        let r = try TestSupport.runTool(["compare", a, b, "--output", out.path, "--run-id", "c", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let folder = out.appendingPathComponent("valid-more-places-vs-valid-small/c")
        let csv = try String(contentsOf: folder.appendingPathComponent("differences.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("scenario,reference,region,municipality,year,metric,unit,mean_difference,mcse,p05,p10,p25,p50,p75,p90,p95,"
                              + "p_positive,p_positive_low,p_positive_high,n\n"))
        // Capacity does not touch intake (common random numbers): difference 0 in all 8
        // replications, so mean, mcse, percentiles and P(B > A) are 0, and the Wilson
        // interval is [0, z²/(8 + z²)] = [0, 3.8415/11.8415] = [0, 0.3244075649].
        #expect(csv.contains("\nvalid-more-places,valid-small,Small,ALL,2024,intake_bw,clients/year,0,0,0,0,0,0,0,0,0,0,0,0.3244075649,8\n"))
        // Six more places in 2024 (28 → 34) with a waiting list: more clients in care.
        let occupancy = try #require(csv.split(separator: "\n").first { $0.hasPrefix("valid-more-places,valid-small,Small,ALL,2024,occupancy_mean_intramural,") })
        #expect((Double(occupancy.split(separator: ",")[7]) ?? 0) > 0, "\(occupancy)")
        // The file is what the in-memory comparison of the same runs writes, byte for byte:
        // replications.csv read back exactly.
        var scenarioA = try ScenarioLoader.load(path: fixture).scenario, scenarioB = try ScenarioLoader.load(path: variantFile.path).scenario
        scenarioA.replications = 8
        scenarioB.replications = 8
        let runner = MonteCarloRunner(threads: 2)
        let rows = try PairedDifferences.compare(reference: runner.run(scenarioA), variant: runner.run(scenarioB))
        #expect(csv == DifferencesTable.csv(rows, scenario: "valid-more-places", reference: "valid-small"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["seed"] as? Int == 42 && manifest?["replications"] as? Int == 8)
        #expect((manifest?["reference"] as? [String: Any])?["scenario"] as? String == "valid-small")
        #expect(((manifest?["variant"] as? [String: Any])?["replications_sha256"] as? String)?.count == 64)

        let refused = dir.appendingPathComponent("refused")
        let seed = try TestSupport.runTool(["compare", a, runs + "/valid-small/s43", "--output", refused.path])
        #expect(seed.status == 2)
        #expect(seed.err.contains(/s43\/manifest.json:\d+:3: error: seed: expected the reference's seed 42 .*, found 43/), "\(seed.err)")
        let plain = try TestSupport.runTool(["compare", a, runs + "/valid-small/plain", "--output", refused.path])
        #expect(plain.status == 2)
        #expect(plain.err.contains("plain/replications.csv:1:1: error: replications: ") && plain.err.contains("--keep-replications"),
                "\(plain.err)")
        #expect(!FileManager.default.fileExists(atPath: refused.path))
    }
}
