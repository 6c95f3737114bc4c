import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DoorstroomCore

/// `report.html` (issue #11 item 2, 3 and 5): self-contained, every section
/// there, every scenario-supplied text harmless in HTML, SVG and CSV.
@Suite("report.html", .serialized)
struct ReportTests {
    func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// The SVG documents inside an HTML page.
    static func svgs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    }

    static func isWellFormedXML(_ text: String) -> Bool { XMLParser(data: Data(text.utf8)).parse() }

    /// The finance fixture with hostile text in every place a scenario can put text: a municipality's
    /// name, the description and a source note.
    static let hostile = "<script>alert(\"x\")</script> & =cmd|' /C calc'!A0"
    /// A region name may not start like a formula; the rest of the hostile text it may hold.
    static let hostileRegion = "<b>Small</b> & \"Co\" cmd|"

    func hostileScenario(in dir: URL) throws -> String {
        let fixture = URL(fileURLWithPath: TestSupport.fixture("finance/scenario.yaml"))
        var yaml = try String(contentsOf: fixture, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "description: A small region with every financial rule switched on.",
                                         with: "description: '\(Self.hostile.replacingOccurrences(of: "'", with: "''"))'")
        yaml = yaml.replacingOccurrences(of: "  name: Small", with: "  name: '\(Self.hostileRegion)'")
        yaml = yaml.replacingOccurrences(of: "source: \"assumption: test values\"",
                                         with: "source: '\(Self.hostile.replacingOccurrences(of: "'", with: "''"))'")
        try yaml.write(to: dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let name = Self.hostile.replacingOccurrences(of: "=cmd", with: "cmd").replacingOccurrences(of: "\"", with: "\"\"")
        try "name,population,objective_share,places_share\nAlpha,120000,0.55,0.8\n\"\(name)\",40000,0.25,0.2\nGamma,30000,0.20,0\n"
            .write(to: dir.appendingPathComponent("municipalities.csv"), atomically: true, encoding: .utf8)
        return dir.appendingPathComponent("scenario.yaml").path
    }

    @Test("a run writes report.html: self-contained, every section, each chart valid SVG, hostile text escaped everywhere")
    func runReport() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try hostileScenario(in: dir)
        let r = try TestSupport.runTool(["run", scenario, "--output", dir.appendingPathComponent("out").path,
                                         "--replications", "8", "--run-id", "r", "--keep-replications"])
        #expect(r.status == 0, "\(r.err)")
        // The run prints its headline: the balance, who is most at risk, the waiting list.
        #expect(r.out.contains("Region balance in 2026 (\(Self.hostileRegion)): median €"))
        #expect(r.out.contains("Most at risk: "))
        let folder = dir.appendingPathComponent("out/finance-small/r")
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        for id in ["headline", "clients", "balance", "ingroeipad", "manifest"] {
            #expect(html.contains("<section id=\"\(id)\">"), "no section \(id)")
        }
        // Self-contained: no scripts, no fetches of any kind.
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("url("))
        let svgs = Self.svgs(html)
        #expect(svgs.count >= 4 + 4)
        for svg in svgs { #expect(Self.isWellFormedXML(svg)) }
        // The hostile text: in the page as text only.
        let escaped = XMLText.escape(Self.hostile)
        #expect(html.contains(escaped))
        #expect(html.contains(XMLText.escape(Self.hostile.replacingOccurrences(of: "=cmd", with: "cmd"))))
        // …and in CSV as a quoted text field (with its formula start neutralised in the other file).
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.contains("\"<script>alert(\"\"x\"\")</script> & cmd|' /C calc'!A0\""))
        #expect(summary.contains("\"<b>Small</b> & \"\"Co\"\" cmd|\""))
        #expect(html.contains(XMLText.escape(Self.hostileRegion)) && !html.contains("<b>Small</b>"))
        // The scenario's own name cannot hold such text at all: it names a folder.
        let named = dir.appendingPathComponent("named.yaml")
        try "base: \(scenario)\nscenario: \"<script>&=cmd|\"\n".write(to: named, atomically: true, encoding: .utf8)
        let refused = try TestSupport.runTool(["validate", named.path])
        #expect(refused.status == 2 && refused.err.contains("named.yaml:2:11: error: scenario: expected a name of at most 100 lower-case letters"))
    }

    @Test("report in Dutch: lang nl, Dutch headings and numbers with decimal commas")
    func dutch() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try TestSupport.runTool(["run", TestSupport.fixture("finance/scenario.yaml"), "--output", dir.path,
                                         "--replications", "6", "--run-id", "nl", "--lang", "nl"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Saldo van de regio in 2026"))
        let html = try String(contentsOf: dir.appendingPathComponent("finance-small/nl/report.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"nl\">") && html.contains("Kerncijfers") && html.contains("Ingroeipad: historisch"))
        #expect(html.range(of: #"€ -?−?\d+,\d mln"#, options: .regularExpression) != nil)
        // report writes the same page again from the folder's files, in either language.
        let again = try TestSupport.runTool(["report", dir.appendingPathComponent("finance-small/nl").path, "--lang", "nl",
                                             "--output", dir.appendingPathComponent("again.html").path])
        #expect(again.status == 0, "\(again.err)")
        #expect(try String(contentsOf: dir.appendingPathComponent("again.html"), encoding: .utf8) == html)
    }

    @Test("a batch report: the stress matrix with Wilson intervals and the paired-difference fans; --no-report writes none")
    func batchReport() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = TestSupport.fixture("finance/scenario.yaml")
        let tariff = dir.appendingPathComponent("tariff.yaml")
        try "base: \(base)\nscenario: tariff\nfinance:\n  tariff_per_day: {intramural: 150}\n".write(to: tariff, atomically: true, encoding: .utf8)
        let common = ["batch", base, tariff.path, "--output", dir.appendingPathComponent("out").path,
                      "--reference", "finance-small", "--replications", "6", "--quiet"]
        #expect(try TestSupport.runTool(common + ["--batch-id", "b"]).status == 0)
        let html = try String(contentsOf: dir.appendingPathComponent("out/b/report.html"), encoding: .utf8)
        #expect(html.contains("<section id=\"stress\">") && html.contains("<section id=\"differences\">"))
        #expect(html.range(of: #"title="P \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\], n = 6""#, options: .regularExpression) != nil)
        #expect(html.contains("difference against finance-small: balance_cumulative"))
        for svg in Self.svgs(html) { #expect(Self.isWellFormedXML(svg)) }
        #expect(try TestSupport.runTool(common + ["--batch-id", "n", "--no-report"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/n/report.html").path))
    }

    @Test("report on a folder that is not a finished run: an error naming the missing manifest, exit 2")
    func notARun() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try TestSupport.runTool(["report", dir.path])
        #expect(r.status == 2)
        #expect(r.err.contains("manifest.json:1:1: error: not a finished run or batch folder"))
    }

    @Test("summary.csv read for charts: series, means and scenarios by key; bad cells at their places; a malformed line, even after them, alone; missing columns first")
    func percentileTableReading() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("summary.csv")
        let header = "scenario,region,municipality,year,metric,unit,mean,sd,p05,p10,p25,p50,p75,p90,p95,mcse"
        func write(_ lines: [String]) throws { try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8) }

        try write([header,
                   "s,R,ALL,2022,m,clients,1,0,1,2,3,4,5,6,7,0",
                   "s,R,ALL,2023,m,clients,2,0,1,2,3,,5,6,7,0",  // an undefined median: a mean, no fan point
                   "s,R,M,2022,m,clients,,0,1,2,3,4,5,6,7,0",
                   "t,Q,ALL,2022,n,euro,5,0,1,2,3,4,5,6,7,0",
                   "s,R,ALL,2024,m,other,3,0,1,2,3,4,5,6,7.5,0"])  // the unit is the first row's
        let table = try PercentileTable(file: file.path)
        let key = PercentileTable.Key(scenario: "s", region: "R", municipality: "ALL", metric: "m")
        #expect(table.scenarios == ["s", "t"] && table.regions == ["R", "Q"])
        #expect(table.series.count == 3 && table.means.count == 2)
        #expect(table.series[key]?.unit == "clients" && table.series[key]?.years.map { $0.year } == [2022, 2024])
        #expect(table.series[key]?.years.last?.quantiles.p95 == 7.5)
        #expect(table.means[key] == [2022: 1, 2023: 2, 2024: 3])
        #expect(table.means[PercentileTable.Key(scenario: "s", region: "R", municipality: "M", metric: "m")] == nil)

        let bad = [header, "s,R,ALL,2022,m,clients,1,0,1,2,3,4,5,6,7,0",
                   "s,R,ALL,20x3,m,clients,1,0,1,2,3,4,5,6,7,0", "s,R,ALL,2024,m,clients,x,0,1,2,3,4,5,y,7,0"]
        try write(bad)
        let cells = try #require(throws: InputError.self) { try PercentileTable(file: file.path) }
        #expect(cells.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field)" } == ["3:9:year", "4:24:mean", "4:38:p90"])

        try write(bad + ["s,R,ALL,2025,m"])
        let lines = try #require(throws: InputError.self) { try PercentileTable(file: file.path) }
        #expect(lines.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
                == ["5:15: malformed CSV: expected 16 fields as in the header, found 5"])

        try write([header.replacingOccurrences(of: ",p95", with: ""), "\"s,R", "s,R,ALL,2022,m,clients,1,0,1,2,3,4,5,6,0"])
        let columns = try #require(throws: InputError.self) { try PercentileTable(file: file.path) }
        #expect(columns.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
                == ["1:1: expected the columns of a summary.csv or differences.csv; missing p95"])
    }
}

/// Defects an adversarial test found in this session's features, each with the input that showed it.
@Suite("Fixes from the adversarial test", .serialized)
struct AdversarialFixTests {
    @Test("excel-nl also writes parameters.csv and sensitivity.csv in the dialect")
    func dialectOfUncertaintyFiles() throws {
        let dir = try ReportTests().tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try TestSupport.runTool(["run", TestSupport.fixture("finance/scenario.yaml"), "--replications", "8",
                                         "--set", "finance.tariff_per_day.intramural={uncertain: {uniform: {min: 100, max: 200}}}",
                                         "--csv-dialect", "excel-nl", "--output", dir.path, "--run-id", "u", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        for file in ["parameters.csv", "sensitivity.csv"] {
            let data = try Data(contentsOf: dir.appendingPathComponent("finance-small/u/\(file)"))
            #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "\(file)")
            #expect(String(decoding: data, as: UTF8.self).contains(";"), "\(file)")
        }
    }

    @Test("PRCC with n ≤ p + 2 is undefined, not a number without an interval")
    func prccWithoutDegreesOfFreedom() {
        let inputs = [[1.0, 2, 3, 4], [4.0, 1, 3, 2], [2.0, 4, 1, 3]]
        let estimates = PartialRankCorrelation(inputs: inputs).estimates([1, 3, 2, 4])
        #expect(estimates.allSatisfy { $0.prcc == nil && $0.low == nil && $0.high == nil })
    }

    @Test("differences of counts that cancel have a mean of exactly 0")
    func exactZeroMean() {
        // The first gave 6.8e-21 with GSL's running mean (long double, as gsl_stats_mean computes it).
        for d in [[-2.0, 0, -2, 5, -2, 2, -1, -5, 1, 3, 1], [3, -1, -1, -1], [5, -2, -2, -1, 0, 0, 0]] {
            let s = DifferenceSummary(reference: d.map { _ in 0 }, variant: d)
            #expect(s.meanDifference == 0, "\(d): \(s.meanDifference)")
        }
    }

    @Test("a batch whose file path holds a line break still gets its report; --years: no 'since' in the headline")
    func oddPathsAndFilters() throws {
        let dir = try ReportTests().tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let odd = dir.appendingPathComponent("x\ny.yaml")
        try "base: \(TestSupport.fixture("finance/scenario.yaml"))\nscenario: odd\n".write(to: odd, atomically: true, encoding: .utf8)
        let b = try TestSupport.runTool(["batch", odd.path, "--replications", "3", "--output", dir.path, "--batch-id", "b", "--quiet"])
        #expect(b.status == 0, "\(b.err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b/report.html").path))
        let r = try TestSupport.runTool(["run", TestSupport.fixture("finance/scenario.yaml"), "--replications", "6",
                                         "--years", "2026", "--output", dir.path, "--run-id", "y"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Most at risk") && !r.out.contains("since"), "\(r.out)")
    }

    @Test("a bad distribution on a year-path field is one error at its place, not also 'expected a year as key'")
    func oneErrorPerBadDistribution() {
        let found = TestSupport.diagnostics("finance:\n  price_index: {uncertain: {normal: {mean: 1, sd: -1}}}", base: "finance/scenario.yaml")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.field == "finance.price_index.uncertain.normal.sd")
    }
}
