import Foundation

/// A fan chart: for one metric of one region or municipality, per scenario
/// the median over the years with shaded P5–P95, P10–P90 and P25–P75 bands,
/// and the observed points where a history series exists; drawn as a
/// self-contained SVG.
///
/// Readable in print and for colour-blind readers: the bands of a scenario
/// differ in lightness, scenarios differ in hue (the Okabe–Ito palette) and
/// in the dash pattern of their median.
public struct FanChart: Sendable {
    /// The percentiles of one year.
    public struct Quantiles: Sendable, Equatable {
        public var p05, p10, p25, p50, p75, p90, p95: Double

        public init(p05: Double, p10: Double, p25: Double, p50: Double, p75: Double, p90: Double, p95: Double) {
            (self.p05, self.p10, self.p25, self.p50, self.p75, self.p90, self.p95) = (p05, p10, p25, p50, p75, p90, p95)
        }

        var all: [Double] { [p05, p10, p25, p50, p75, p90, p95] }
    }

    /// One scenario's fan.
    public struct Series: Sendable {
        public var name: String
        /// By year; a year without a value is left out of the fan.
        public var years: [(year: Int, quantiles: Quantiles)]

        public init(name: String, years: [(year: Int, quantiles: Quantiles)]) {
            self.name = name
            self.years = years.sorted { $0.year < $1.year }
        }
    }

    public var title: String
    /// A second line: the run, the replications.
    public var subtitle: String
    /// The metric's unit as in `metrics.csv` (`clients`, `euro`, `days`, …).
    public var unit: String
    public var series: [Series]
    /// Observed values (a history series), drawn as points.
    public var observed: [(year: Int, value: Double)]
    public var format: NumberFormat
    /// Legend texts, so a report can give them in its language.
    public var labels = Labels()

    /// The legend's texts.
    public struct Labels: Sendable {
        public var median = "median"
        public var observed = "observed"
        public var bands = ["P5–P95", "P10–P90", "P25–P75"]
        /// The word for a million in an axis unit (€ million).
        public var million = "million"
        public init() {}
    }

    public init(title: String, subtitle: String = "", unit: String, series: [Series],
                observed: [(year: Int, value: Double)] = [], format: NumberFormat = .english) {
        self.title = title
        self.subtitle = subtitle
        self.unit = unit
        self.series = series
        self.observed = observed
        self.format = format
    }

    /// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    static let dashes = ["", "8 4", "2 3", "8 3 2 3", "12 4", "4 4"]
    /// Opacity of the P5–P95, P10–P90 and P25–P75 bands: lighter outside.
    static let bandOpacity = [0.16, 0.28, 0.45]

    static let width = 760.0, plotHeight = 300.0
    static let left = 84.0, right = 24.0, top = 62.0, axisBand = 34.0, legendRow = 18.0

    /// The chart as an SVG document.
    public func svg() -> String {
        let allYears = series.flatMap { $0.years.map(\.year) } + observed.map(\.year)
        let firstYear = allYears.min() ?? 0, lastYear = max(allYears.max() ?? 1, firstYear + 1)
        let scale = AxisScale(covering: series.flatMap { $0.years.flatMap(\.quantiles.all) } + observed.map(\.value),
                              unit: unit, million: labels.million)
        let plotW = Self.width - Self.left - Self.right, plotH = Self.plotHeight
        // Below the plot: one legend row for the bands (and observed points), one per scenario.
        let height = Self.top + plotH + Self.axisBand + Self.legendRow * Double(1 + series.count) + 10
        func x(_ year: Int) -> Double { Self.left + Double(year - firstYear) / Double(lastYear - firstYear) * plotW }
        func y(_ v: Double) -> Double { Self.top + (scale.upper - v) / (scale.upper - scale.lower) * plotH }
        func n(_ v: Double) -> String { CSVFormat.fixed(v, decimals: 1) }
        let esc = XMLText.escape

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(Self.width)) \(Int(height))" \
        width="\(Int(Self.width))" height="\(Int(height))" role="img" aria-label="\(esc(title))" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(esc(title))</title>
        <rect x="0" y="0" width="\(Int(Self.width))" height="\(Int(height))" fill="#ffffff"/>
        <text x="\(n(Self.left))" y="22" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="\(n(Self.left))" y="40" fill="#444444">\(esc(subtitle))</text>

        """
        // Grid and value axis.
        for tick in scale.ticks {
            svg += "<line x1=\"\(n(Self.left))\" x2=\"\(n(Self.left + plotW))\" y1=\"\(n(y(tick)))\" y2=\"\(n(y(tick)))\" "
                + "stroke=\"\(tick == 0 ? "#777777" : "#dddddd")\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(n(Self.left - 6))\" y=\"\(n(y(tick) + 4))\" text-anchor=\"end\">"
                + "\(esc(scale.label(tick, format: format)))</text>\n"
        }
        svg += "<text transform=\"translate(16 \(n(Self.top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "\(esc(scale.unitLabel))</text>\n"
        // Year axis: every year when there are few, else every second or fifth.
        let span = lastYear - firstYear
        let every = span <= 12 ? 1 : span <= 24 ? 2 : 5
        for year in stride(from: firstYear, through: lastYear, by: every) {
            svg += "<line x1=\"\(n(x(year)))\" x2=\"\(n(x(year)))\" y1=\"\(n(Self.top + plotH))\" y2=\"\(n(Self.top + plotH + 4))\" stroke=\"#777777\"/>\n"
            svg += "<text x=\"\(n(x(year)))\" y=\"\(n(Self.top + plotH + 18))\" text-anchor=\"middle\">\(year)</text>\n"
        }
        svg += "<rect x=\"\(n(Self.left))\" y=\"\(n(Self.top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\" fill=\"none\" stroke=\"#777777\"/>\n"

        // The fans: bands from the outside in, then the medians on top.
        for (k, s) in series.enumerated() where !s.years.isEmpty {
            let colour = Self.palette[k % Self.palette.count]
            let bands: [(KeyPath<Quantiles, Double>, KeyPath<Quantiles, Double>)] =
                [(\.p05, \.p95), (\.p10, \.p90), (\.p25, \.p75)]
            for (b, (low, high)) in bands.enumerated() {
                let upper = s.years.map { "\(n(x($0.year))),\(n(y($0.quantiles[keyPath: high])))" }
                let lower = s.years.reversed().map { "\(n(x($0.year))),\(n(y($0.quantiles[keyPath: low])))" }
                svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" "
                    + "fill-opacity=\"\(Self.bandOpacity[b])\" stroke=\"none\"/>\n"
            }
        }
        for (k, s) in series.enumerated() where !s.years.isEmpty {
            let colour = Self.palette[k % Self.palette.count], dash = Self.dashes[k % Self.dashes.count]
            let points = s.years.map { "\(n(x($0.year))),\(n(y($0.quantiles.p50)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\""
                + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>\n"
        }
        for point in observed {
            svg += "<circle cx=\"\(n(x(point.year)))\" cy=\"\(n(y(point.value)))\" r=\"4\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
        }

        // Legend: the bands in grey and the observed points on one row, then one row per scenario.
        var lx = Self.left
        var ly = Self.top + plotH + Self.axisBand
        for (b, label) in labels.bands.enumerated() {
            // The bands lie on top of each other, so an inner band's swatch is the outer ones' too.
            for inner in 0...b {
                svg += "<rect x=\"\(n(lx))\" y=\"\(n(ly - 7))\" width=\"26\" height=\"12\" fill=\"#555555\" "
                    + "fill-opacity=\"\(Self.bandOpacity[inner])\"/>\n"
            }
            svg += "<text x=\"\(n(lx + 32))\" y=\"\(n(ly + 4))\">\(esc(label))</text>\n"
            lx += 110
        }
        if !observed.isEmpty {
            svg += "<circle cx=\"\(n(lx + 13))\" cy=\"\(n(ly - 1))\" r=\"4\" fill=\"#000000\"/>\n"
            svg += "<text x=\"\(n(lx + 32))\" y=\"\(n(ly + 4))\">\(esc(labels.observed))</text>\n"
        }
        for (k, s) in series.enumerated() {
            ly += Self.legendRow
            let colour = Self.palette[k % Self.palette.count], dash = Self.dashes[k % Self.dashes.count]
            svg += "<line x1=\"\(n(Self.left))\" x2=\"\(n(Self.left + 26))\" y1=\"\(n(ly))\" y2=\"\(n(ly))\" stroke=\"\(colour)\" stroke-width=\"2.5\""
                + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>\n"
            svg += "<text x=\"\(n(Self.left + 32))\" y=\"\(n(ly + 4))\">\(esc("\(labels.median): \(s.name)"))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }
}
