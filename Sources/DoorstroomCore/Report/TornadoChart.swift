import Foundation

/// A tornado chart from `sensitivity.csv`: for one outcome of one region or
/// municipality, a horizontal bar per uncertain parameter from 0 to its
/// partial rank correlation (PRCC) on a −1…1 axis, the largest |PRCC| on top,
/// with the 95 % interval as a whisker; drawn as a self-contained SVG.
///
/// The sign shows twice, so not by colour alone: positive bars go right of
/// zero in blue, negative ones left in vermillion (Okabe–Ito colours), and
/// the value is printed on the empty side of the zero line.
public struct TornadoChart: Sendable {
    /// One parameter's bar.
    public struct Bar: Sendable, Equatable {
        /// The parameter's field path in the scenario document.
        public var parameter: String
        /// Nil when undefined (a constant draw or outcome).
        public var prcc: Double?
        public var low: Double?
        public var high: Double?
        /// Replications the estimate is from.
        public var n: Int

        public init(parameter: String, prcc: Double?, low: Double?, high: Double?, n: Int) {
            (self.parameter, self.prcc, self.low, self.high, self.n) = (parameter, prcc, low, high, n)
        }
    }

    public var title: String
    /// A second line: the outcome, the place, the year, the replications.
    public var subtitle: String
    /// The bars, drawn by |PRCC| descending, undefined last (ties keep their order).
    public var bars: [Bar]
    public var format: NumberFormat
    /// Legend and axis texts, so a report can give them in its language.
    public var labels = Labels()

    /// The chart's words.
    public struct Labels: Sendable {
        public var axis = "partial rank correlation (PRCC) with 95 % interval"
        public var positive = "positive: a higher value gives a higher outcome"
        public var negative = "negative: a higher value gives a lower outcome"
        public var undefined = "undefined"
        public init() {}
    }

    public init(title: String, subtitle: String = "", bars: [Bar], format: NumberFormat = .english) {
        self.title = title
        self.subtitle = subtitle
        self.bars = bars
        self.format = format
    }

    /// Okabe–Ito blue and vermillion.
    static let positiveColour = "#0072B2", negativeColour = "#D55E00"

    static let width = 760.0, margin = 16.0, labelWidth = 250.0, right = 24.0
    static let top = 62.0, rowHeight = 34.0, barHeight = 16.0, axisBand = 40.0, legendRow = 18.0
    /// Label characters per line at 11 px.
    static let labelChars = 40

    static var plotLeft: Double { margin + labelWidth + 10 }
    static var plotWidth: Double { width - plotLeft - right }
    /// Where value `v` of −1…1 lies.
    static func x(_ v: Double) -> Double { plotLeft + (min(max(v, -1), 1) + 1) / 2 * plotWidth }

    /// The bars in drawing order.
    var ordered: [Bar] {
        bars.indices.sorted { a, b in
            let x = bars[a].prcc.map(abs) ?? -1, y = bars[b].prcc.map(abs) ?? -1
            return x != y ? x > y : a < b
        }.map { bars[$0] }
    }

    /// A field path as at most two lines of `limit` characters: split after the
    /// dot that balances the lines best; where no split fits, the end is kept
    /// (it names the parameter) and the rest shortened with an ellipsis.
    static func labelLines(_ path: String, limit: Int = labelChars) -> [String] {
        guard path.count > limit else { return [path] }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let splits = (1..<max(parts.count, 1)).map { k in
            [parts[..<k].joined(separator: ".") + ".", parts[k...].joined(separator: ".")]
        }
        if let best = splits.filter({ $0.allSatisfy { $0.count <= limit } }).min(by: { $0.map(\.count).max()! < $1.map(\.count).max()! }) {
            return best
        }
        // The second line: as many trailing segments as fit.
        var second = parts.last!
        var used = 1
        while used < parts.count, second.count + 1 + parts[parts.count - used - 1].count <= limit {
            second = parts[parts.count - used - 1] + "." + second
            used += 1
        }
        if second.count > limit { second = "…" + String(second.suffix(limit - 1)) }
        guard used < parts.count else { return [second] }
        var first = parts[..<(parts.count - used)].joined(separator: ".") + "."
        if first.count > limit { first = String(first.prefix(limit - 1)) + "…" }
        return [first, second]
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let rows = ordered
        let plotTop = Self.top + 8
        let plotBottom = plotTop + Double(max(rows.count, 1)) * Self.rowHeight
        let height = plotBottom + Self.axisBand + 2 * Self.legendRow + 10
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        func signed(_ v: Double) -> String { (v > 0 ? "+" : "") + format.string(v, decimals: 2) }
        func value(_ v: Double?) -> String { v.map(signed) ?? "–" }
        let between = format.decimalMark == "," ? "; " : ", "
        let esc = XMLText.escape
        let zero = Self.x(0)

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(Self.width)) \(Int(height.rounded(.up)))" \
        width="\(Int(Self.width))" height="\(Int(height.rounded(.up)))" role="img" aria-label="\(esc(title))" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(esc(title))</title>
        <rect x="0" y="0" width="\(Int(Self.width))" height="\(Int(height.rounded(.up)))" fill="#ffffff"/>
        <text x="\(n(Self.margin))" y="22" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="\(n(Self.margin))" y="40" fill="#444444">\(esc(subtitle))</text>

        """
        // Grid at every half, the zero line darker.
        for tick in [-1.0, -0.5, 0, 0.5, 1] {
            svg += "<line x1=\"\(n(Self.x(tick)))\" x2=\"\(n(Self.x(tick)))\" y1=\"\(n(plotTop))\" y2=\"\(n(plotBottom + 4))\" "
                + "stroke=\"\(tick == 0 ? "#555555" : "#dddddd")\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(n(Self.x(tick)))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\">"
                + "\(esc(tick == 0 ? "0" : signed(tick)))</text>\n"
        }
        svg += "<text x=\"\(n(Self.plotLeft + Self.plotWidth / 2))\" y=\"\(n(plotBottom + 34))\" text-anchor=\"middle\">"
            + "\(esc(labels.axis))</text>\n"

        for (i, bar) in rows.enumerated() {
            let mid = plotTop + (Double(i) + 0.5) * Self.rowHeight
            var tip = "\(bar.parameter): PRCC \(bar.prcc.map(signed) ?? labels.undefined)"
            if bar.low != nil || bar.high != nil { tip += " [\(value(bar.low))\(between)\(value(bar.high))]" }
            tip += ", n = \(bar.n)"
            svg += "<g class=\"bar\"><title>\(esc(tip))</title>\n"
            let lines = Self.labelLines(bar.parameter)
            svg += "<text x=\"\(n(Self.plotLeft - 10))\" y=\"\(n(mid + (lines.count == 1 ? 4 : -2.5)))\" text-anchor=\"end\" font-size=\"11\">"
            for (k, line) in lines.enumerated() {
                svg += "<tspan x=\"\(n(Self.plotLeft - 10))\"" + (k > 0 ? " dy=\"13\"" : "") + ">\(esc(line))</tspan>"
            }
            svg += "</text>\n"
            if let r = bar.prcc {
                let colour = r >= 0 ? Self.positiveColour : Self.negativeColour
                let end = Self.x(r)
                svg += "<rect x=\"\(n(min(zero, end)))\" y=\"\(n(mid - Self.barHeight / 2))\" width=\"\(n(abs(end - zero)))\" "
                    + "height=\"\(n(Self.barHeight))\" fill=\"\(colour)\"/>\n"
                if let low = bar.low, let high = bar.high {
                    let (a, b) = (Self.x(low), Self.x(high))
                    svg += "<path d=\"M\(n(a)),\(n(mid))H\(n(b))M\(n(a)),\(n(mid - 5))V\(n(mid + 5))M\(n(b)),\(n(mid - 5))V\(n(mid + 5))\" "
                        + "stroke=\"#000000\" stroke-width=\"1.5\" fill=\"none\"/>\n"
                }
                // The value on the empty side of zero, beyond a whisker that crosses it.
                let side = r >= 0 ? min(zero, bar.low.map(Self.x) ?? zero) - 5 : max(zero, bar.high.map(Self.x) ?? zero) + 5
                svg += "<text x=\"\(n(side))\" y=\"\(n(mid + 4))\" text-anchor=\"\(r >= 0 ? "end" : "start")\" "
                    + "font-size=\"11\">\(esc(signed(r)))</text>\n"
            } else {
                svg += "<text x=\"\(n(zero + 5))\" y=\"\(n(mid + 4))\" font-size=\"11\" fill=\"#555555\">"
                    + "\(esc(labels.undefined))</text>\n"
            }
            svg += "</g>\n"
        }

        // Legend: the two signs, each with its side.
        var ly = plotBottom + Self.axisBand + 8
        for (colour, label) in [(Self.negativeColour, "◀ " + labels.negative), (Self.positiveColour, "▶ " + labels.positive)] {
            svg += "<rect x=\"\(n(Self.margin))\" y=\"\(n(ly - 9))\" width=\"26\" height=\"12\" fill=\"\(colour)\"/>\n"
            svg += "<text x=\"\(n(Self.margin + 32))\" y=\"\(n(ly + 1))\">\(esc(label))</text>\n"
            ly += Self.legendRow
        }
        svg += "</svg>\n"
        return svg
    }
}

/// The rows of a run's `sensitivity.csv` (either CSV dialect), as tornado bars.
public struct SensitivityTableReader: Sendable {
    /// One outcome of one place.
    public struct Key: Hashable, Sendable {
        public var outcome: String
        public var region: String
        public var municipality: String

        public init(outcome: String, region: String, municipality: String) {
            (self.outcome, self.region, self.municipality) = (outcome, region, municipality)
        }
    }

    /// The bars by key, in the order of the file.
    public private(set) var bars: [Key: [TornadoChart.Bar]] = [:]
    /// The keys, in the order of the file.
    public private(set) var keys: [Key] = []
    /// The year of each key's outcome.
    public private(set) var years: [Key: Int] = [:]

    static let required = ["outcome", "region", "municipality", "year", "parameter", "prcc", "ci_low", "ci_high", "n"]

    /// Reads `file`; throws every problem as a diagnostic naming the file, line and column.
    public init(file: String) throws(InputError) {
        var reading = try ChartTableReading(file: file, required: Self.required, kind: "sensitivity.csv")
        while let row = reading.nextRow() {
            let before = reading.log.diagnostics.count
            let year = reading.integer(row, "year", minimum: Int.min, what: "a year")
            let prcc = reading.number(row, "prcc", in: -1...1)
            let low = reading.number(row, "ci_low", in: -1...1)
            let high = reading.number(row, "ci_high", in: -1...1)
            let count = reading.integer(row, "n", what: "a count of replications")
            if reading.text(row, "parameter").isEmpty { reading.problem(row, "parameter", "expected a parameter's field path") }
            guard reading.log.diagnostics.count == before, let year, let count else { continue }
            let key = Key(outcome: reading.text(row, "outcome"), region: reading.text(row, "region"),
                          municipality: reading.text(row, "municipality"))
            if bars[key] == nil { keys.append(key) }
            years[key] = year
            bars[key, default: []].append(TornadoChart.Bar(parameter: reading.text(row, "parameter"), prcc: prcc,
                                                          low: low, high: high, n: count))
        }
        try reading.finish()
    }
}
