import Foundation

/// The deficit-risk heat map of a sweep, from `stress.csv`: one panel per
/// sweep point (scenario), municipalities as rows with the region's `ALL`
/// row last and set apart, years as columns; each cell coloured by
/// P(deficit) with the value printed in it and its Wilson interval in a
/// tooltip; drawn as a self-contained SVG.
///
/// The colour scale is ColorBrewer's sequential BuPu (near-white → dark
/// purple), interpolated between its nine classes: lightness falls steadily
/// with the probability, so the map reads in grey print and for colour-blind
/// readers, and no risk is no ink. The printed values carry the numbers;
/// the colour only guides the eye.
public struct StressHeatMap: Sendable {
    /// One municipality-year of one sweep point: a row of `stress.csv`.
    public struct Cell: Sendable, Equatable {
        public var scenario: String
        public var region: String
        public var municipality: String
        public var year: Int
        /// P(deficit); nil when no replication had a defined deficit.
        public var probability: Double?
        /// The Wilson 95 % interval.
        public var low: Double?
        public var high: Double?
        /// Replications with a defined deficit.
        public var n: Int

        public init(scenario: String, region: String, municipality: String, year: Int,
                    probability: Double?, low: Double?, high: Double?, n: Int) {
            (self.scenario, self.region, self.municipality, self.year) = (scenario, region, municipality, year)
            (self.probability, self.low, self.high, self.n) = (probability, low, high, n)
        }
    }

    public var title: String
    /// A second line: the batch, the replications.
    public var subtitle: String
    public var cells: [Cell]
    public var format: NumberFormat
    /// Legend and tooltip texts, so a report can give them in its language.
    public var labels = Labels()
    /// The widest the grid of panels may be; as many panels side by side as fit.
    public var maxWidth = 1000.0

    /// The chart's words.
    public struct Labels: Sendable {
        /// In the tooltips and the legend.
        public var probability = "P(deficit)"
        /// The legend's explanation.
        public var legend = "share of replications with a deficit in the year"
        /// A cell without replications with a defined deficit.
        public var undefined = "undefined"
        /// The region's row, `ALL` in `stress.csv`.
        public var all = "ALL"
        public init() {}
    }

    public init(title: String, subtitle: String = "", cells: [Cell], format: NumberFormat = .english) {
        self.title = title
        self.subtitle = subtitle
        self.cells = cells
        self.format = format
    }

    // MARK: Colour scale

    /// ColorBrewer BuPu, nine classes, lightest first.
    static let scale: [(r: Double, g: Double, b: Double)] = [
        (0xF7, 0xFC, 0xFD), (0xE0, 0xEC, 0xF4), (0xBF, 0xD3, 0xE6), (0x9E, 0xBC, 0xDA), (0x8C, 0x96, 0xC6),
        (0x8C, 0x6B, 0xB1), (0x88, 0x41, 0x9D), (0x81, 0x0F, 0x7C), (0x4D, 0x00, 0x4B),
    ]

    /// The colour of probability `p` (clamped to 0…1), as `#rrggbb`.
    static func colour(_ p: Double) -> String {
        let (r, g, b) = rgb(p)
        return String(format: "#%02X%02X%02X", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    static func rgb(_ p: Double) -> (Double, Double, Double) {
        let t = min(max(p.isFinite ? p : 0, 0), 1) * Double(scale.count - 1)
        let i = min(Int(t), scale.count - 2), f = t - Double(i)
        let a = scale[i], b = scale[i + 1]
        return (a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f)
    }

    /// WCAG relative luminance of an sRGB colour with 0…255 components.
    static func luminance(_ c: (Double, Double, Double)) -> Double {
        func linear(_ v: Double) -> Double {
            let s = v / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    }

    /// The text colour on probability `p`'s cell: black or white, whichever contrasts more.
    static func textColour(_ p: Double) -> String {
        // Contrast with black (L + 0.05) / 0.05 equals contrast with white 1.05 / (L + 0.05) at L ≈ 0.179.
        luminance(rgb(p)) > 0.179 ? "#000000" : "#FFFFFF"
    }

    // MARK: Layout

    static let margin = 16.0, top = 104.0, cellWidth = 32.0, cellHeight = 22.0
    static let panelTitle = 20.0, yearRow = 16.0, allGap = 8.0, panelGap = 28.0

    /// One panel: a sweep point's rows, each a municipality (or the region) with its cells by year.
    struct Panel {
        var scenario: String
        var rows: [(region: String, municipality: String, isAll: Bool, cells: [Int: Cell])]
        var height: Double {
            StressHeatMap.panelTitle + StressHeatMap.yearRow + Double(rows.count) * StressHeatMap.cellHeight
                + Double(rows.filter(\.isAll).count) * StressHeatMap.allGap
        }
    }

    /// The panels in the order of the scenarios' first rows; in each, the
    /// municipalities of each region in the order given, then its `ALL` row.
    var panels: [Panel] {
        var order: [String] = []
        var byScenario: [String: [Cell]] = [:]
        for cell in cells {
            if byScenario[cell.scenario] == nil { order.append(cell.scenario) }
            byScenario[cell.scenario, default: []].append(cell)
        }
        return order.map { scenario in
            var regions: [String] = []
            var units: [String: [String]] = [:]
            var byUnit: [[String]: [Int: Cell]] = [:]
            for cell in byScenario[scenario]! {
                if units[cell.region] == nil { regions.append(cell.region) }
                if byUnit[[cell.region, cell.municipality]] == nil { units[cell.region, default: []].append(cell.municipality) }
                byUnit[[cell.region, cell.municipality], default: [:]][cell.year] = cell
            }
            var rows: [(String, String, Bool, [Int: Cell])] = []
            for region in regions {
                let names = units[region]!
                for name in names where name != "ALL" { rows.append((region, name, false, byUnit[[region, name]]!)) }
                if names.contains("ALL") { rows.append((region, "ALL", true, byUnit[[region, "ALL"]]!)) }
            }
            return Panel(scenario: scenario, rows: rows)
        }
    }

    /// `text` cut to `limit` characters, with an ellipsis when cut.
    static func shortened(_ text: String, limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 1))) + "…"
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let panels = self.panels
        let years = Array(Set(cells.map(\.year))).sorted()
        let regionCount = Set(cells.map(\.region)).count
        func rowName(_ row: (region: String, municipality: String, isAll: Bool, cells: [Int: Cell])) -> String {
            row.isAll ? (regionCount > 1 ? "\(labels.all) · \(row.region)" : labels.all) : row.municipality
        }
        // Row labels at 11 px take about 6.2 px a character; at most 26 characters.
        let longest = panels.flatMap { $0.rows.map { rowName($0).count } }.max() ?? 3
        let labelChars = min(max(longest, 4), 26)
        let labelWidth = Double(labelChars) * 6.2 + 10
        let panelWidth = labelWidth + Double(max(years.count, 1)) * Self.cellWidth
        let columns = max(1, Int((maxWidth - 2 * Self.margin + Self.panelGap) / (panelWidth + Self.panelGap)))
        let usedColumns = max(1, min(columns, panels.count))
        let legendWidth = 420.0
        let width = max(2 * Self.margin + Double(usedColumns) * panelWidth + Double(usedColumns - 1) * Self.panelGap,
                        2 * Self.margin + legendWidth)
        // Grid rows as tall as their tallest panel.
        var rowTops: [Double] = []
        var y0 = Self.top
        for start in stride(from: 0, to: panels.count, by: usedColumns) {
            rowTops.append(y0)
            y0 += (panels[start..<min(start + usedColumns, panels.count)].map(\.height).max() ?? 0) + Self.panelGap
        }
        let height = max(y0 - Self.panelGap + Self.margin, Self.top + Self.margin)
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        func p(_ v: Double?) -> String { v.map { format.string($0, decimals: 2) } ?? "–" }
        // With a decimal comma the interval's ends are set apart by a semicolon: [0,95; 0,98].
        let between = format.decimalMark == "," ? "; " : ", "
        let esc = XMLText.escape

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width.rounded(.up))) \(Int(height.rounded(.up)))" \
        width="\(Int(width.rounded(.up)))" height="\(Int(height.rounded(.up)))" role="img" aria-label="\(esc(title))" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(esc(title))</title>
        <rect x="0" y="0" width="\(Int(width.rounded(.up)))" height="\(Int(height.rounded(.up)))" fill="#ffffff"/>
        <text x="\(n(Self.margin))" y="22" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="\(n(Self.margin))" y="40" fill="#444444">\(esc(subtitle))</text>

        """
        // Legend: the scale in 20 steps from 0 to 1, ticks at quarters, and the undefined cell if there is one.
        let legendY = 66.0, stepWidth = 12.0, steps = 20
        svg += "<text x=\"\(n(Self.margin))\" y=\"\(n(legendY - 6))\">\(esc("\(labels.probability): \(labels.legend)"))</text>\n"
        for k in 0..<steps {
            let v = (Double(k) + 0.5) / Double(steps)
            svg += "<rect x=\"\(n(Self.margin + Double(k) * stepWidth))\" y=\"\(n(legendY))\" width=\"\(n(stepWidth))\" "
                + "height=\"12\" fill=\"\(Self.colour(v))\"/>\n"
        }
        svg += "<rect x=\"\(n(Self.margin))\" y=\"\(n(legendY))\" width=\"\(n(stepWidth * Double(steps)))\" height=\"12\" "
            + "fill=\"none\" stroke=\"#777777\" stroke-width=\"0.5\"/>\n"
        for tick in [0.0, 0.25, 0.5, 0.75, 1] {
            let x = Self.margin + tick * stepWidth * Double(steps)
            svg += "<line x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(legendY + 12))\" y2=\"\(n(legendY + 16))\" stroke=\"#777777\"/>\n"
            svg += "<text x=\"\(n(x))\" y=\"\(n(legendY + 27))\" text-anchor=\"middle\" font-size=\"10\">"
                + "\(esc(format.string(tick, decimals: 2)))</text>\n"
        }
        if cells.contains(where: { $0.probability == nil }) {
            let x = Self.margin + stepWidth * Double(steps) + 24
            svg += "<rect x=\"\(n(x))\" y=\"\(n(legendY))\" width=\"24\" height=\"12\" fill=\"#ffffff\" stroke=\"#999999\" "
                + "stroke-dasharray=\"2 2\"/>\n"
            svg += "<text x=\"\(n(x + 30))\" y=\"\(n(legendY + 10))\">– \(esc(labels.undefined))</text>\n"
        }

        for (k, panel) in panels.enumerated() {
            let px = Self.margin + Double(k % usedColumns) * (panelWidth + Self.panelGap)
            let py = rowTops[k / usedColumns]
            let gridX = px + labelWidth
            svg += "<g>\n<title>\(esc(panel.scenario))</title>\n"
            svg += "<text x=\"\(n(px))\" y=\"\(n(py + 13))\" font-weight=\"bold\">"
                + "\(esc(Self.shortened(panel.scenario, limit: Int(panelWidth / 7))))</text>\n"
            for (j, year) in years.enumerated() {
                svg += "<text x=\"\(n(gridX + (Double(j) + 0.5) * Self.cellWidth))\" y=\"\(n(py + Self.panelTitle + 11))\" "
                    + "text-anchor=\"middle\" font-size=\"10\" fill=\"#444444\">\(year)</text>\n"
            }
            var rowY = py + Self.panelTitle + Self.yearRow
            for row in panel.rows {
                if row.isAll {
                    rowY += Self.allGap
                    svg += "<line x1=\"\(n(px))\" x2=\"\(n(gridX + Double(years.count) * Self.cellWidth))\" "
                        + "y1=\"\(n(rowY - Self.allGap / 2))\" y2=\"\(n(rowY - Self.allGap / 2))\" stroke=\"#555555\" stroke-width=\"1\"/>\n"
                }
                let name = rowName(row)
                svg += "<text x=\"\(n(gridX - 6))\" y=\"\(n(rowY + Self.cellHeight / 2 + 4))\" text-anchor=\"end\" font-size=\"11\""
                    + (row.isAll ? " font-weight=\"bold\"" : "") + ">"
                    + (name.count > labelChars ? "<title>\(esc(name))</title>" : "")
                    + "\(esc(Self.shortened(name, limit: labelChars)))</text>\n"
                for (j, year) in years.enumerated() {
                    guard let cell = row.cells[year] else { continue }
                    let x = gridX + Double(j) * Self.cellWidth
                    let place = "\(row.isAll ? row.region : row.municipality) \(year)"
                    if let prob = cell.probability {
                        let tip = "\(place): \(labels.probability) \(p(prob)) [\(p(cell.low))\(between)\(p(cell.high))], n = \(cell.n)"
                        svg += "<g class=\"cell\"><title>\(esc(tip))</title>"
                            + "<rect x=\"\(n(x))\" y=\"\(n(rowY))\" width=\"\(n(Self.cellWidth))\" height=\"\(n(Self.cellHeight))\" "
                            + "fill=\"\(Self.colour(prob))\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
                            + "<text x=\"\(n(x + Self.cellWidth / 2))\" y=\"\(n(rowY + Self.cellHeight / 2 + 4))\" "
                            + "text-anchor=\"middle\" font-size=\"11\" fill=\"\(Self.textColour(prob))\">\(esc(p(prob)))</text></g>\n"
                    } else {
                        let tip = "\(place): \(labels.probability) \(labels.undefined), n = \(cell.n)"
                        svg += "<g class=\"cell\"><title>\(esc(tip))</title>"
                            + "<rect x=\"\(n(x + 0.5))\" y=\"\(n(rowY + 0.5))\" width=\"\(n(Self.cellWidth - 1))\" "
                            + "height=\"\(n(Self.cellHeight - 1))\" fill=\"#ffffff\" stroke=\"#999999\" stroke-dasharray=\"2 2\"/>"
                            + "<text x=\"\(n(x + Self.cellWidth / 2))\" y=\"\(n(rowY + Self.cellHeight / 2 + 4))\" "
                            + "text-anchor=\"middle\" font-size=\"11\" fill=\"#555555\">–</text></g>\n"
                    }
                }
                rowY += Self.cellHeight
            }
            svg += "</g>\n"
        }
        svg += "</svg>\n"
        return svg
    }
}

/// The rows of a batch's `stress.csv` (either CSV dialect), as heat-map cells.
public struct StressTableReader: Sendable {
    public private(set) var cells: [StressHeatMap.Cell] = []
    /// The sweep points, in the order of the file.
    public private(set) var scenarios: [String] = []

    static let required = ["scenario", "region", "municipality", "year", "p_deficit", "p_deficit_low", "p_deficit_high", "n"]

    /// Reads `file`; throws every problem as a diagnostic naming the file, line and column.
    public init(file: String) throws(InputError) {
        var reading = try ChartTableReading(file: file, required: Self.required, kind: "stress.csv")
        while let row = reading.nextRow() {
            let before = reading.log.diagnostics.count
            let year = reading.integer(row, "year", minimum: Int.min, what: "a year")
            let probability = reading.number(row, "p_deficit", in: 0...1)
            let low = reading.number(row, "p_deficit_low", in: 0...1)
            let high = reading.number(row, "p_deficit_high", in: 0...1)
            let count = reading.integer(row, "n", what: "a count of replications")
            guard reading.log.diagnostics.count == before, let year, let count else { continue }
            let cell = StressHeatMap.Cell(scenario: reading.text(row, "scenario"), region: reading.text(row, "region"),
                                          municipality: reading.text(row, "municipality"), year: year,
                                          probability: probability, low: low, high: high, n: count)
            if !scenarios.contains(cell.scenario) { scenarios.append(cell.scenario) }
            cells.append(cell)
        }
        try reading.finish()
    }
}
