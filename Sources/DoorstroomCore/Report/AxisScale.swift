import Foundation

/// A value axis: a range widened to round numbers, its ticks, and the unit
/// its labels are in (euro amounts in € or € million).
struct AxisScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    /// What a label's number is multiplied by to give the value (1 or 1,000,000).
    let labelFactor: Double
    /// The unit as the axis title gives it.
    let unitLabel: String

    /// A scale covering `values` (ignoring non-finite ones), with about
    /// `tickCount` ticks at 1, 2 or 5 × a power of ten. Counts and money that
    /// never go below zero start at zero when that costs less than a third of the axis.
    init(covering values: [Double], unit: String, million: String = "million", tickCount: Int = 6) {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if lo >= 0, lo < hi / 3 { lo = 0 }
        if hi == lo { (lo, hi) = lo == 0 ? (0, 1) : (lo - abs(lo) / 10, hi + abs(hi) / 10) }
        let raw = (hi - lo) / Double(max(tickCount - 1, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(lo / step) * step, last = ceil(hi / step) * step
        lower = first
        upper = last
        ticks = stride(from: 0, through: Int(((last - first) / step).rounded()), by: 1).map { first + Double($0) * step }
        let euro = unit == "euro" || unit.hasPrefix("euro ")
        let big = max(abs(first), abs(last)) >= 1_000_000
        labelFactor = euro && big ? 1_000_000 : 1
        unitLabel = euro ? (big ? "€ \(million)" : "€") + unit.dropFirst("euro".count) : unit
    }

    /// A tick's label: its value in the label unit, with as many decimals as the step needs.
    func label(_ value: Double, format: NumberFormat) -> String {
        let step = ticks.count > 1 ? (ticks[1] - ticks[0]) / labelFactor : 1
        let decimals = step >= 1 ? 0 : min(6, Int(ceil(-log10(step) - 1e-9)))
        return format.string(value / labelFactor, decimals: decimals)
    }
}

/// How numbers are written for a reader: the decimal mark and the thousands separator.
public struct NumberFormat: Sendable {
    public var decimalMark: Character
    public var groupSeparator: Character

    /// English: 1,234.5.
    public static let english = NumberFormat(decimalMark: ".", groupSeparator: ",")
    /// Dutch: 1.234,5.
    public static let dutch = NumberFormat(decimalMark: ",", groupSeparator: ".")

    /// `value` rounded to `decimals` decimals, with grouped thousands.
    public func string(_ value: Double, decimals: Int) -> String {
        let text = CSVFormat.fixed(abs(value) < 0.5 * pow(10, -Double(decimals)) ? 0 : value, decimals: decimals)
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (i, c) in parts[0].reversed().enumerated() {
            if i > 0 && i % 3 == 0 { whole.append(groupSeparator) }
            whole.append(c)
        }
        let fraction = parts.count > 1 ? String(decimalMark) + parts[1] : ""
        return (negative ? "−" : "") + String(whole.reversed()) + fraction
    }
}
