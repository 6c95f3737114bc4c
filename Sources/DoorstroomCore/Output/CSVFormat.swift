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

    /// A text field: quoted when it holds a comma, quote or line break; and
    /// when it starts like a spreadsheet formula (`=`, `+`, `-`, `@`, a tab or
    /// a carriage return), prefixed with `'` and quoted, so that no cell of
    /// ours is ever run as a formula (CSV injection). Validation refuses such
    /// names already; this is the second line of defence.
    static func field(_ s: String) -> String {
        if let first = s.unicodeScalars.first, formulaStarts.contains(first) {
            return "\"'" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// First characters that make a spreadsheet program read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
