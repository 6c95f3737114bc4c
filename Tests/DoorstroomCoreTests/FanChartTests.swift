import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DoorstroomCore

/// Fan charts (issue #11 item 1): valid SVG, the bands and medians where
/// the numbers put them, hostile names harmless, axes in round units.
@Suite("Fan charts")
struct FanChartTests {
    /// Parses `svg` as XML; returns the parse error, if any, and the element names seen.
    final class Elements: NSObject, XMLParserDelegate {
        var names: [String] = []
        var attributes: [[String: String]] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            names.append(name)
            self.attributes.append(attributes)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    static func parse(_ svg: String) -> (ok: Bool, elements: Elements) {
        let parser = XMLParser(data: Data(svg.utf8))
        let elements = Elements()
        parser.delegate = elements
        return (parser.parse(), elements)
    }

    static func fan(_ name: String, median: Double, years: ClosedRange<Int> = 2022...2031) -> FanChart.Series {
        FanChart.Series(name: name, years: years.map { y in
            let m = median + Double(y - years.lowerBound) * 10
            return (y, FanChart.Quantiles(p05: m - 30, p10: m - 20, p25: m - 10, p50: m, p75: m + 10, p90: m + 20, p95: m + 30))
        })
    }

    @Test("a chart of two scenarios and observed points is well-formed SVG with 3 bands and a median per scenario")
    func wellFormed() {
        let chart = FanChart(title: "occupancy_end_intramural — ALL", subtitle: "run r1 · 1,000 replications", unit: "clients",
                             series: [Self.fan("baseline", median: 800), Self.fan("variant", median: 900)],
                             observed: [(2022, 805), (2023, 812)])
        let (ok, elements) = Self.parse(chart.svg())
        #expect(ok)
        #expect(elements.names.first == "svg")
        #expect(elements.names.filter { $0 == "polygon" }.count == 6)
        #expect(elements.names.filter { $0 == "polyline" }.count == 2)
        #expect(elements.names.filter { $0 == "circle" }.count == 3)  // two points and the legend's
        #expect(elements.text.contains("clients") && elements.text.contains("median: variant"))
        // The bands differ in lightness: three opacities, outside lightest.
        let opacities = elements.attributes.compactMap { $0["fill-opacity"] }.prefix(3)
        #expect(opacities.map { Double($0)! } == FanChart.bandOpacity)
    }

    @Test("the median and the bands sit where the numbers put them")
    func geometry() throws {
        let chart = FanChart(title: "t", unit: "clients", series: [Self.fan("a", median: 100, years: 2022...2023)])
        let (_, elements) = Self.parse(chart.svg())
        let median = try #require(elements.attributes[elements.names.firstIndex(of: "polyline")!]["points"])
        let points = median.split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        // x: 2022 at the left edge, 2023 at the right; y: higher values higher up (smaller y).
        #expect(points[0][0] == FanChart.left && points[1][0] == FanChart.width - FanChart.right)
        #expect(points[1][1] < points[0][1])
        let outer = try #require(elements.attributes[elements.names.firstIndex(of: "polygon")!]["points"])
        let ys = outer.split(separator: " ").map { Double($0.split(separator: ",")[1])! }
        // The P5–P95 polygon: P95 (top) for 2022, 2023, then P5 (bottom) back: 60 apart in value at both years.
        #expect(abs((ys[3] - ys[0]) - (ys[2] - ys[1])) < 0.2)
        #expect(ys[3] > points[0][1] && ys[0] < points[0][1])
    }

    @Test("names with <script>, quotes, & and =cmd| are text in the SVG, not markup")
    func hostileNames() {
        let name = "<script>alert(\"x\")</script> & =cmd|' /C calc'!A0"
        let chart = FanChart(title: name, subtitle: name, unit: "euro", series: [Self.fan(name, median: 5e6)])
        let svg = chart.svg()
        let (ok, elements) = Self.parse(svg)
        #expect(ok)
        #expect(!elements.names.contains("script"))
        #expect(!svg.contains("<script>"))
        #expect(elements.text.contains("<script>alert(\"x\")</script> & =cmd|"))
        #expect(elements.text.contains("€ million"))
    }

    @Test("axes: round ticks covering the values, zero kept for counts, € million for large amounts; Dutch numbers")
    func axes() {
        let counts = AxisScale(covering: [300, 1043], unit: "clients")
        #expect(counts.lower == 0 && counts.upper >= 1043 && counts.ticks.first == 0)
        let steps = Set(zip(counts.ticks, counts.ticks.dropFirst()).map { $1 - $0 })
        #expect(steps.count == 1 && [100, 200, 250].contains(steps.first!))
        // Zero would take more than a third of the axis: the axis shows the fan instead.
        let narrow = AxisScale(covering: [812, 1043], unit: "clients")
        #expect(narrow.lower == 800 && narrow.upper == 1050 && narrow.ticks.count == 6)
        let money = AxisScale(covering: [-43_500_000, 5_600_000], unit: "euro")
        #expect(money.unitLabel == "€ million" && money.lower <= -43_500_000 && money.upper >= 5_600_000)
        #expect(money.label(-40_000_000, format: .english) == "−40")
        #expect(AxisScale(covering: [1, 2], unit: "euro").unitLabel == "€")
        #expect(NumberFormat.dutch.string(1234567.25, decimals: 2) == "1.234.567,25")
        #expect(NumberFormat.english.string(-1234.5, decimals: 1) == "−1,234.5")
        #expect(NumberFormat.english.string(-0.001, decimals: 0) == "0")
    }

    @Test("doorstroom chart: an SVG from a run folder in either CSV dialect; a metric it lacks is an error naming the file, exit 2")
    func chartCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = TestSupport.fixture("finance/scenario.yaml")
        var svgs: [String] = []
        for dialect in ["rfc4180", "excel-nl"] {
            let r = try TestSupport.runTool(["run", fixture, "--output", dir.path, "--replications", "6", "--run-id", dialect,
                                             "--csv-dialect", dialect, "--quiet"])
            #expect(r.status == 0, "\(r.err)")
            let folder = dir.appendingPathComponent("finance-small/\(dialect)").path
            let svg = dir.appendingPathComponent("\(dialect).svg").path
            let c = try TestSupport.runTool(["chart", folder, "--metric", "balance_cumulative", "--municipality", "Alpha",
                                             "--output", svg])
            #expect(c.status == 0, "\(c.err)")
            svgs.append(try String(contentsOfFile: svg, encoding: .utf8).replacingOccurrences(of: dialect, with: ""))
            #expect(Self.parse(svgs.last!).ok)
        }
        #expect(svgs[0] == svgs[1], "the same chart from either dialect")
        let bad = try TestSupport.runTool(["chart", dir.appendingPathComponent("finance-small/rfc4180").path,
                                           "--metric", "no_such_metric", "--output", dir.appendingPathComponent("x.svg").path])
        #expect(bad.status == 2)
        #expect(bad.err.contains("summary.csv:1:1: error: no rows for scenario `finance-small`"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.svg").path))
    }

    @Test("doorstroom chart draws a history run's observed points (from its manifest) on the region's fan")
    func observedPoints() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = TestSupport.packageRoot.appendingPathComponent("Scenarios/rotterdam/baseline.yaml").path
        let r = try TestSupport.runTool(["run", scenario, "--replications", "3", "--output", dir.path, "--run-id", "r",
                                         "--no-report", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let svg = dir.appendingPathComponent("c.svg")
        let c = try TestSupport.runTool(["chart", dir.appendingPathComponent("rotterdam-baseline/r").path,
                                         "--metric", "in_care_end", "--output", svg.path])
        #expect(c.status == 0, "\(c.err)")
        let (ok, elements) = Self.parse(try String(contentsOf: svg, encoding: .utf8))
        #expect(ok)
        // The stock on 1 January 2016–2019 is in_care_end of 2015–2018: four points, and the legend's.
        #expect(elements.names.filter { $0 == "circle" }.count == 4 + 1)
        #expect(elements.text.contains("observed"))
    }
}
