import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DoorstroomCore

/// Tornado charts of PRCC sensitivity (issue #11): valid SVG, bars ordered
/// by |PRCC| with lengths proportional to it and the sign shown by side and
/// colour, intervals as whiskers, long field paths wrapped, hostile names
/// harmless, and the sensitivity.csv reader.
@Suite("Tornado charts")
struct TornadoChartTests {
    static let bars = [
        TornadoChart.Bar(parameter: "intake.bw.trend_per_year", prcc: -0.4, low: -0.5, high: -0.3, n: 400),
        TornadoChart.Bar(parameter: "finance.tariff_per_day.intramural", prcc: 0.8, low: 0.75, high: 0.85, n: 400),
        TornadoChart.Bar(parameter: "constant.parameter", prcc: nil, low: nil, high: nil, n: 400),
        TornadoChart.Bar(parameter: "stay.intramural.wlz.exponential.mean_years", prcc: 0.2, low: 0.1, high: 0.3, n: 400),
    ]

    static func rects(_ elements: FanChartTests.Elements) -> [[String: String]] {
        zip(elements.names, elements.attributes).filter { $0.0 == "rect" && $0.1["height"] == "16.0" }.map(\.1)
    }

    @Test("well-formed SVG: a group per parameter, largest |PRCC| first, undefined last with no bar")
    func wellFormed() {
        let chart = TornadoChart(title: "balance_cumulative — Den Haag, 2031", subtitle: "400 replications", bars: Self.bars)
        let (ok, elements) = FanChartTests.parse(chart.svg())
        #expect(ok)
        let root = elements.attributes[0]
        #expect(elements.names.first == "svg" && root["xmlns"] == "http://www.w3.org/2000/svg" && root["role"] == "img")
        #expect(root["viewBox"] != nil && elements.names[1] == "title")
        #expect(chart.ordered.map(\.parameter) == ["finance.tariff_per_day.intramural", "intake.bw.trend_per_year",
                                                   "stay.intramural.wlz.exponential.mean_years", "constant.parameter"])
        #expect(zip(elements.names, elements.attributes).filter { $0.0 == "g" && $0.1["class"] == "bar" }.count == 4)
        #expect(Self.rects(elements).count == 3)
        #expect(elements.text.contains("finance.tariff_per_day.intramural: PRCC +0.80 [+0.75, +0.85], n = 400"))
        #expect(elements.text.contains("constant.parameter: PRCC undefined, n = 400"))
        #expect(elements.text.contains("−0.40") && elements.text.contains("partial rank correlation"))
    }

    @Test("bar lengths are proportional to PRCC, from zero; positive right in blue, negative left in vermillion; whiskers at the interval")
    func geometry() throws {
        let (_, elements) = FanChartTests.parse(TornadoChart(title: "t", bars: Self.bars).svg())
        let bars = Self.rects(elements)
        let x = bars.map { Double($0["x"]!)! }, w = bars.map { Double($0["width"]!)! }
        let zero = TornadoChart.x(0), half = TornadoChart.plotWidth / 2
        // 0.8, −0.4, 0.2 in drawing order.
        #expect(abs(w[0] - 0.8 * half) < 0.1 && abs(w[1] - 0.4 * half) < 0.1 && abs(w[2] - 0.2 * half) < 0.1)
        #expect(abs(w[0] / w[1] - 2) < 0.01 && abs(w[1] / w[2] - 2) < 0.01)
        #expect(abs(x[0] - zero) < 0.1 && abs(x[2] - zero) < 0.1)
        #expect(abs(x[1] + w[1] - zero) < 0.1)
        #expect(bars.map { $0["fill"]! } == [TornadoChart.positiveColour, TornadoChart.negativeColour, TornadoChart.positiveColour])
        #expect(TornadoChart.x(-1) == TornadoChart.plotLeft && TornadoChart.x(1) == TornadoChart.plotLeft + TornadoChart.plotWidth)
        // The first whisker: from x(0.75) to x(0.85).
        let path = try #require(zip(elements.names, elements.attributes).first { $0.0 == "path" }?.1["d"])
        let numbers = path.split(whereSeparator: { "MHV,".contains($0) }).compactMap { Double($0) }
        #expect(abs(numbers[0] - TornadoChart.x(0.75)) < 0.1 && abs(numbers[2] - TornadoChart.x(0.85)) < 0.1)
        // A value is printed on the empty side of zero, clear of a whisker that crosses zero.
        let (_, small) = FanChartTests.parse(TornadoChart(title: "t", bars: [
            TornadoChart.Bar(parameter: "p", prcc: 0.05, low: -0.1, high: 0.2, n: 100)]).svg())
        let value = try #require(zip(small.names, small.attributes).first { $0.0 == "text" && $0.1["text-anchor"] == "end"
            && $0.1["font-size"] == "11" && $0.1["x"] != String(format: "%.1f", TornadoChart.plotLeft - 10) }?.1)
        #expect(Double(value["x"]!)! <= TornadoChart.x(-0.1) - 5 + 0.05)
    }

    @Test("long field paths wrap at a dot into two lines that fit, the end kept; the full path is in the tooltip")
    func labels() {
        #expect(TornadoChart.labelLines("intake.bw.trend_per_year") == ["intake.bw.trend_per_year"])
        let long = "stay.intramural.wlz.exponential.mean_years_of_a_rather_long_name"
        let lines = TornadoChart.labelLines(long)
        #expect(lines.count == 2 && lines.allSatisfy { $0.count <= TornadoChart.labelChars })
        #expect(lines[1].hasSuffix("mean_years_of_a_rather_long_name") && lines[0].hasPrefix("stay."))
        #expect(lines.joined() == long)
        // Balanced: not a lone first segment.
        #expect(TornadoChart.labelLines("stay.intramural.wlz.exponential.mean_years.and_more", limit: 38)
                == ["stay.intramural.wlz.", "exponential.mean_years.and_more"])
        let monster = String(repeating: "x", count: 60) + "." + String(repeating: "y", count: 60)
        let cut = TornadoChart.labelLines(monster)
        #expect(cut.count == 2 && cut.allSatisfy { $0.count <= TornadoChart.labelChars && $0.contains("…") })
        let (_, elements) = FanChartTests.parse(TornadoChart(title: "t", bars: [
            TornadoChart.Bar(parameter: long, prcc: 0.5, low: 0.4, high: 0.6, n: 10)]).svg())
        #expect(elements.names.filter { $0 == "tspan" }.count == 2)
        #expect(elements.text.contains("\(long): PRCC +0.50"))
    }

    @Test("names with <script>, quotes, & and =cmd| are text in the SVG, not markup; Dutch numbers")
    func hostileNames() {
        let name = "<script>alert(\"x\")</script> & =cmd|' /C calc'!A0"
        let chart = TornadoChart(title: name, subtitle: name, bars: [TornadoChart.Bar(parameter: name, prcc: -0.25, low: -0.3,
                                                                                       high: -0.2, n: 50)], format: .dutch)
        let svg = chart.svg()
        let (ok, elements) = FanChartTests.parse(svg)
        #expect(ok)
        #expect(!elements.names.contains("script") && !svg.contains("<script>"))
        #expect(elements.text.contains("<script>alert(\"x\")</script> & =cmd|"))
        #expect(elements.text.contains("PRCC −0,25 [−0,30; −0,20], n = 50"))
    }

    @Test("sensitivity.csv is read in either dialect, by outcome and place; bad cells are errors at the cell")
    func reader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-sensitivity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = """
        outcome,region,municipality,year,parameter,prcc,ci_low,ci_high,n,rank
        balance_cumulative,Den Haag,Den Haag,2031,finance.tariff_per_day.intramural,-0.8921022665,-0.9105522462,-0.8701054283,400,1
        balance_cumulative,Den Haag,Den Haag,2031,intake.bw.trend_per_year,0.3,0.2,0.4,400,2
        waiting_end,Den Haag,ALL,2031,intake.bw.trend_per_year,,,,400,1

        """
        var tables: [SensitivityTableReader] = []
        for dialect in CSVDialect.allCases {
            let file = dir.appendingPathComponent("\(dialect.rawValue).csv")
            try dialect.render(csv).write(to: file)
            tables.append(try SensitivityTableReader(file: file.path))
        }
        let key = SensitivityTableReader.Key(outcome: "balance_cumulative", region: "Den Haag", municipality: "Den Haag")
        for table in tables {
            #expect(table.keys.count == 2 && table.keys[0] == key)
            #expect(table.bars[key]?.map(\.prcc) == [-0.8921022665, 0.3])
            #expect(table.years[key] == 2031)
            #expect(table.bars[table.keys[1]]?.first?.prcc == nil)
        }
        let bad = dir.appendingPathComponent("bad.csv")
        try """
        outcome,region,municipality,year,parameter,prcc,ci_low,ci_high,n,rank
        o,R,M,2031,p,1.2,0.1,0.2,40,1
        o,R,M,2031,,0.1,0.1,x,40,2

        """.write(to: bad, atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try SensitivityTableReader(file: bad.path) }
        #expect(error.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field)" } == ["2:14:prcc", "3:12:parameter", "3:21:ci_high"])
    }
}
