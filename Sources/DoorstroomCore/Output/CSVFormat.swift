import Foundation

/// Number and field formatting shared by the CSV writers, so that equal
/// results always give equal bytes.
enum CSVFormat {
    /// A summary statistic: 10 significant digits; NaN as an empty field.
    static func statistic(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        return String(format: "%.10g", x == 0 ? 0 : x)
    }

    /// A raw per-replication value: the shortest text that reads back to the same double.
    static func exact(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        return x == 0 ? "0" : "\(x)"
    }

    /// Quotes a text field when it holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
