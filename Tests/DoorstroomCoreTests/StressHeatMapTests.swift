import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DoorstroomCore

/// The deficit-risk heat map (issue #11): valid SVG, one panel per sweep
/// point, the colour scale's ends and lightness, the `ALL` row last and set
/// apart, tooltips with the Wilson interval, hostile names harmless, and the
/// stress.csv reader in both dialects with diagnostics at the cell.
@Suite("Stress heat map")
struct StressHeatMapTests {
    static func cells(scenarios: [String], municipalities: [String] = ["Den Haag", "Rijswijk"],
                      years: ClosedRange<Int> = 2022...2024, region: String = "Den Haag") -> [StressHeatMap.Cell] {
        var out: [StressHeatMap.Cell] = []
        for (s, scenario) in scenarios.enumerated() {
            // ALL first here, to check the chart puts it last.
            for (m, name) in (["ALL"] + municipalities).enumerated() {
                for year in years {
                    let p = min(1, Double(s + m + year - years.lowerBound) / 10)
                    out.append(StressHeatMap.Cell(scenario: scenario, region: region, municipality: name, year: year,
                                                  probability: p, low: max(0, p - 0.03), high: min(1, p + 0.02), n: 1000))
                }
            }
        }
        return out
    }

    static func attribute(_ elements: FanChartTests.Elements, _ name: String, where match: ([String: String]) -> Bool) -> [[String: String]] {
        zip(elements.names, elements.attributes).filter { $0.0 == name && match($0.1) }.map(\.1)
    }

    @Test("two sweep points: well-formed SVG with a panel each and a coloured, labelled cell per municipality-year")
    func wellFormed() {
        let map = StressHeatMap(title: "P(deficit) — Den Haag sweep", subtitle: "batch s · 1,000 replications",
                                cells: Self.cells(scenarios: ["base", "cap-15"]))
        let svg = map.svg()
        let (ok, elements) = FanChartTests.parse(svg)
        #expect(ok)
        #expect(elements.names.first == "svg")
        let root = elements.attributes[0]
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg" && root["role"] == "img" && root["viewBox"] != nil)
        #expect(elements.names[1] == "title")
        // 2 points × 3 rows × 3 years.
        #expect(Self.attribute(elements, "g") { $0["class"] == "cell" }.count == 18)
        #expect(elements.text.contains("base") && elements.text.contains("cap-15"))
        #expect(elements.text.contains("Den Haag 2022: P(deficit) 0.10 [0.07, 0.12], n = 1000"))
        // The legend: 20 steps of the scale.
        #expect(Self.attribute(elements, "rect") { $0["height"] == "12" && $0["fill"]?.hasPrefix("#") == true }.count >= 20)
    }

    @Test("the scale's ends: p = 0 is the lightest colour with black text, p = 1 the darkest with white; lightness falls steadily")
    func colourScale() {
        let cells = [0.0, 1.0].enumerated().map { k, p in
            StressHeatMap.Cell(scenario: "s", region: "R", municipality: "M", year: 2022 + k, probability: p,
                               low: p == 0 ? 0 : 0.99, high: p == 0 ? 0.01 : 1, n: 400)
        }
        let (ok, elements) = FanChartTests.parse(StressHeatMap(title: "t", cells: cells).svg())
        #expect(ok)
        let fills = Self.attribute(elements, "rect") { $0["width"] == "32.0" && $0["height"] == "22.0" }.compactMap { $0["fill"] }
        #expect(fills == ["#F7FCFD", "#4D004B"])
        #expect(StressHeatMap.colour(0) == "#F7FCFD" && StressHeatMap.colour(1) == "#4D004B")
        #expect(StressHeatMap.colour(-0.5) == StressHeatMap.colour(0) && StressHeatMap.colour(7) == StressHeatMap.colour(1))
        let textFills = Self.attribute(elements, "text") { $0["font-size"] == "11" && $0["text-anchor"] == "middle" }.compactMap { $0["fill"] }
        #expect(textFills == ["#000000", "#FFFFFF"])
        // Monotone in luminance, so grey print keeps the order; the ends far apart.
        let l = (0...100).map { StressHeatMap.luminance(StressHeatMap.rgb(Double($0) / 100)) }
        #expect(zip(l, l.dropFirst()).allSatisfy { $0 > $1 })
        #expect(l.first! > 0.9 && l.last! < 0.03)
        // Text contrast at least 4.5 : 1 everywhere on the scale.
        for k in 0...100 {
            let lum = l[k], black = StressHeatMap.textColour(Double(k) / 100) == "#000000"
            let contrast = black ? (lum + 0.05) / 0.05 : 1.05 / (lum + 0.05)
            #expect(contrast >= 4.5, "p = \(Double(k) / 100)")
        }
    }

    @Test("the region's ALL row comes last in every panel, below a gap and a rule, in bold")
    func allRowLast() throws {
        let map = StressHeatMap(title: "t", cells: Self.cells(scenarios: ["a"], years: 2022...2022))
        let rows = try #require(map.panels.first).rows
        #expect(rows.map(\.municipality) == ["Den Haag", "Rijswijk", "ALL"])
        let (_, elements) = FanChartTests.parse(map.svg())
        let ys = Self.attribute(elements, "rect") { $0["width"] == "32.0" }.map { Double($0["y"]!)! }
        #expect(ys.count == 3)
        #expect(ys[1] - ys[0] == StressHeatMap.cellHeight)
        #expect(ys[2] - ys[1] == StressHeatMap.cellHeight + StressHeatMap.allGap)
        #expect(Self.attribute(elements, "text") { $0["font-weight"] == "bold" && $0["font-size"] == "11" }.count == 1)
    }

    @Test("twelve sweep points are laid out in a grid as wide as allowed; Dutch numbers with a semicolon in the interval")
    func gridAndDutch() throws {
        let names = (1...12).map { "den-haag-stress-point-\($0)" }
        var map = StressHeatMap(title: "t", cells: Self.cells(scenarios: names, years: 2022...2031), format: .dutch)
        map.maxWidth = 1000
        let svg = map.svg()
        let (ok, elements) = FanChartTests.parse(svg)
        #expect(ok)
        let width = try #require(Double(elements.attributes[0]["width"]!))
        #expect(width <= 1000)
        // Panel titles: bold 12 px text; two columns, so two distinct x positions, six rows.
        let titles = Self.attribute(elements, "text") { $0["font-weight"] == "bold" && $0["font-size"] == nil }
        #expect(titles.count == 12)
        #expect(Set(titles.map { $0["x"]! }).count == 2)
        #expect(Set(titles.map { $0["y"]! }).count == 6)
        #expect(elements.text.contains("P(deficit) 0,10 [0,07; 0,12], n = 1000"))
    }

    @Test("names with <script>, quotes, & and =cmd| are text in the SVG, not markup")
    func hostileNames() {
        let name = "<script>alert(\"x\")</script> & =cmd|' /C calc'!A0"
        let cells = Self.cells(scenarios: [name], municipalities: [name], years: 2022...2023, region: name)
        let map = StressHeatMap(title: name, subtitle: name, cells: cells)
        let svg = map.svg()
        let (ok, elements) = FanChartTests.parse(svg)
        #expect(ok)
        #expect(!elements.names.contains("script"))
        #expect(!svg.contains("<script>"))
        #expect(elements.text.contains("<script>alert(\"x\")</script> & =cmd|"))
    }

    @Test("an undefined P(deficit) is an outlined cell with a dash, explained in the legend")
    func undefinedCell() {
        let cells = [StressHeatMap.Cell(scenario: "s", region: "R", municipality: "M", year: 2022, probability: nil,
                                        low: nil, high: nil, n: 0)]
        let (ok, elements) = FanChartTests.parse(StressHeatMap(title: "t", cells: cells).svg())
        #expect(ok)
        #expect(elements.text.contains("M 2022: P(deficit) undefined, n = 0"))
        #expect(elements.text.contains("– undefined"))
    }

    static let csv = """
    scenario,region,municipality,year,p_deficit,p_deficit_low,p_deficit_high,balance_cumulative_p05,first_year_p_deficit_over_half,n
    base,Den Haag,Den Haag,2022,0.99,0.9642782383,0.9972533419,-2038842.606,2022,200
    base,Den Haag,ALL,2022,0.5,0.43,0.57,-1.5,2022,200
    "a, b",Den Haag,Den Haag,2022,,,,,,0

    """

    @Test("stress.csv is read in either dialect, with the points in the file's order")
    func reader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-stress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var read: [[StressHeatMap.Cell]] = []
        for dialect in CSVDialect.allCases {
            let file = dir.appendingPathComponent("\(dialect.rawValue).csv")
            try dialect.render(Self.csv).write(to: file)
            let table = try StressTableReader(file: file.path)
            #expect(table.scenarios == ["base", "a, b"])
            read.append(table.cells)
        }
        #expect(read[0] == read[1])
        #expect(read[0].count == 3)
        #expect(read[0][0] == StressHeatMap.Cell(scenario: "base", region: "Den Haag", municipality: "Den Haag", year: 2022,
                                                 probability: 0.99, low: 0.9642782383, high: 0.9972533419, n: 200))
        #expect(read[0][2].probability == nil && read[0][2].n == 0)
    }

    @Test("bad cells in stress.csv are errors naming file, line and column; a summary.csv is not a stress.csv")
    func readerDiagnostics() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-stress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("stress.csv")
        try """
        scenario,region,municipality,year,p_deficit,p_deficit_low,p_deficit_high,balance_cumulative_p05,first_year_p_deficit_over_half,n
        base,R,M,2022,abc,0.1,0.2,,,10
        base,R,M,2023,1.5,0.1,0.2,,,10
        base,R,M,20x4,0.5,0.1,0.2,,,-3

        """.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try StressTableReader(file: file.path) }
        let places = error.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field)" }
        #expect(places == ["2:15:p_deficit", "3:15:p_deficit", "4:10:year", "4:29:n"])
        #expect(error.diagnostics.allSatisfy { $0.file == file.path })
        #expect(error.diagnostics[0].message.contains("`abc`") && error.diagnostics[1].message.contains("from 0"))

        try "scenario,region,municipality,year,metric\n".write(to: file, atomically: true, encoding: .utf8)
        let wrong = try #require(throws: InputError.self) { try StressTableReader(file: file.path) }
        #expect(wrong.diagnostics.count == 1 && wrong.diagnostics[0].message.contains("missing p_deficit"))
    }
}
