import Foundation

/// Numbers in diagnostic messages: readable at a glance, whatever their scale.
enum Amount {
    /// Euro: `EUR 67.5`, `EUR 0.048`, `EUR 48,077`, `EUR 98.4 million`.
    static func euro(_ x: Double) -> String { "EUR " + plain(x) }

    /// A number with three significant digits below 1,000, whole numbers with
    /// thousands separators up to a million, then in millions.
    static func plain(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1_000_000 { return String(format: "%.1f million", x / 1_000_000) }
        if a >= 1_000 { return grouped(x) }
        if a == 0 { return "0" }
        return String(format: "%.3g", x)
    }

    /// A ratio: `1.3`, `770,000`.
    static func ratio(_ x: Double) -> String { x >= 1_000 ? grouped(x) : String(format: "%.2g", x) }

    /// A relative change as a signed percentage: `+53 %`, `-12 %`, `+1,211 %`.
    static func percentChange(_ x: Double) -> String { (x >= 0 ? "+" : "-") + grouped(abs(x) * 100) + " %" }

    /// A share as a percentage: `10 %`.
    static func percent(_ x: Double) -> String { grouped(x * 100) + " %" }

    /// A whole number with thousands separators: `1,000,000`.
    static func grouped(_ x: Double) -> String {
        let f = NumberFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.numberStyle = .decimal
        f.usesGroupingSeparator = true
        f.groupingSeparator = ","
        f.groupingSize = 3
        f.maximumFractionDigits = 0
        return f.string(from: NSNumber(value: x.rounded())) ?? String(format: "%.0f", x)
    }
}
