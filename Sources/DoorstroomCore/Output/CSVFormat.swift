import CGSL
import Foundation

/// Number and field formatting shared by the CSV writers, so that equal
/// results always give equal bytes.
enum CSVFormat {
    /// A summary statistic: 10 significant digits; NaN as an empty field.
    static func statistic(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        return general(x == 0 ? 0 : x, digits: 10)
    }

    /// C's `%.*g` of one number: the bytes `String(format:)` gives, without
    /// Foundation's format parser (a third of the time of writing `summary.csv`).
    static func general(_ x: Double, digits: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let n = Int(cgsl_format_g(buffer.baseAddress!, 64, Int32(digits), x))
            precondition(n >= 0 && n < 64, "a number of more than 63 characters")
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self)
        }
    }

    /// C's `%.*f` of one number: the bytes `String(format:)` gives, without
    /// Foundation's format parser (most of the time of drawing a fan chart,
    /// whose coordinates are written with one decimal). A text too long for
    /// the buffer (a number beyond about 10⁵⁸) is made by `String(format:)`.
    static func fixed(_ x: Double, decimals: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let n = Int(cgsl_format_f(buffer.baseAddress!, 64, Int32(decimals), x))
            guard n >= 0 && n < 64 else { return String(format: "%.\(decimals)f", x) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self)
        }
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
