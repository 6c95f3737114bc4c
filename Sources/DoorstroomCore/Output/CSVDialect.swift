import Foundation

/// How the CSV files are written: RFC 4180 with a decimal point (the
/// default, for programs), or as a spreadsheet with Dutch settings reads
/// CSV (`excel-nl`).
///
/// Every writer makes RFC 4180 text; the dialect is applied to the finished
/// text, so all files of a run (and of a batch) follow one dialect and every
/// writer stays one piece of code. Text fields that could start a formula are
/// neutralised by ``CSVFormat/field(_:)`` before, in every dialect.
public enum CSVDialect: String, CaseIterable, Codable, Hashable, Sendable {
    /// RFC 4180: `,` between fields, `.` as the decimal mark, UTF-8 without a byte-order mark.
    case rfc4180
    /// Excel and LibreOffice with Dutch settings: `;` between fields, `,` as
    /// the decimal mark, and a UTF-8 byte-order mark so the encoding is recognised.
    case excelNL = "excel-nl"

    /// The UTF-8 byte-order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The bytes of a file whose RFC 4180 text is `csv`, in this dialect.
    public func render(_ csv: String) -> Data {
        switch self {
        case .rfc4180:
            return Data(csv.utf8)
        case .excelNL:
            var csv = csv
            var out = Self.byteOrderMark
            csv.withUTF8 { Self.transcode($0, from: UInt8(ascii: ","), to: UInt8(ascii: ";"),
                                          decimal: (UInt8(ascii: "."), UInt8(ascii: ",")), into: &out) }
            return Data(out)
        }
    }

    /// The RFC 4180 text of a file written in either dialect (told apart by
    /// the byte-order mark), for the readers of finished runs.
    public static func rfc4180Text(of data: Data) -> String? {
        guard data.starts(with: byteOrderMark) else { return String(data: data, encoding: .utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        data.withUnsafeBytes { bytes in
            transcode(UnsafeBufferPointer(rebasing: bytes.bindMemory(to: UInt8.self).dropFirst(byteOrderMark.count)),
                      from: UInt8(ascii: ";"), to: UInt8(ascii: ","), decimal: (UInt8(ascii: ","), UInt8(ascii: ".")), into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Copies CSV records from separator `from` to separator `to`, swapping the
    /// decimal mark of unquoted numbers and quoting a field that holds the new
    /// separator, a quote or a line break (or was quoted before).
    ///
    /// A field opens with a quote or not at all: a quote further on is text,
    /// and so is what follows a closing quote up to the separator. An
    /// unquoted field is copied from the input as it stands (a national
    /// `summary.csv` has five million of them); a quoted one is unescaped first.
    static func transcode(_ input: UnsafeBufferPointer<UInt8>, from: UInt8, to: UInt8,
                          decimal: (from: UInt8, to: UInt8), into out: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        func emit(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool) {
            if !quoted, isNumber(field, decimal: decimal.from) {
                for b in field { out.append(b == decimal.from ? decimal.to : b) }
            } else if quoted || field.contains(where: { $0 == to || $0 == quote || $0 == newline || $0 == cr }) {
                out.append(quote)
                for b in field {
                    if b == quote { out.append(quote) }
                    out.append(b)
                }
                out.append(quote)
            } else {
                out.append(contentsOf: field)
            }
        }
        var unescaped: [UInt8] = []
        var i = 0
        while i < input.count {
            if input[i] == quote {
                // A quoted field: up to the closing quote, "" being one quote, then up to the separator.
                unescaped.removeAll(keepingCapacity: true)
                i += 1
                while i < input.count {
                    if input[i] == quote {
                        if i + 1 < input.count && input[i + 1] == quote {
                            unescaped.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    unescaped.append(input[i])
                    i += 1
                }
                while i < input.count && input[i] != from && input[i] != newline {
                    unescaped.append(input[i])
                    i += 1
                }
                unescaped.withUnsafeBufferPointer { emit($0, quoted: true) }
            } else {
                let start = i
                while i < input.count && input[i] != from && input[i] != newline { i += 1 }
                emit(UnsafeBufferPointer(rebasing: input[start..<i]), quoted: false)
            }
            // The separator or line break that ended the field; at the end of the input, none.
            if i < input.count {
                out.append(input[i] == from ? to : newline)
                i += 1
            }
        }
    }

    /// Whether `field` is a number as the writers print one: an optional minus,
    /// digits, an optional fraction after `mark`, an optional exponent.
    private static func isNumber(_ field: UnsafeBufferPointer<UInt8>, decimal mark: UInt8) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < field.count, field[i] >= UInt8(ascii: "0"), field[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < field.count, field[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0 else { return false }
        if i < field.count, field[i] == mark {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < field.count, field[i] == UInt8(ascii: "e") || field[i] == UInt8(ascii: "E") {
            i += 1
            if i < field.count, field[i] == UInt8(ascii: "+") || field[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == field.count
    }
}
