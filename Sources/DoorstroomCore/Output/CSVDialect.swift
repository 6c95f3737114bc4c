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
            var out = Self.byteOrderMark
            Self.transcode(Array(csv.utf8), from: UInt8(ascii: ","), to: UInt8(ascii: ";"),
                           decimal: (UInt8(ascii: "."), UInt8(ascii: ",")), into: &out)
            return Data(out)
        }
    }

    /// The RFC 4180 text of a file written in either dialect (told apart by
    /// the byte-order mark), for the readers of finished runs.
    public static func rfc4180Text(of data: Data) -> String? {
        let bytes = [UInt8](data)
        guard bytes.starts(with: byteOrderMark) else { return String(data: data, encoding: .utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        transcode(bytes[byteOrderMark.count...], from: UInt8(ascii: ";"), to: UInt8(ascii: ","),
                  decimal: (UInt8(ascii: ","), UInt8(ascii: ".")), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Copies CSV records from separator `from` to separator `to`, swapping the
    /// decimal mark of unquoted numbers and quoting a field that holds the new
    /// separator, a quote or a line break (or was quoted before).
    private static func transcode<C: Collection>(_ input: C, from: UInt8, to: UInt8,
                                                 decimal: (from: UInt8, to: UInt8), into out: inout [UInt8])
        where C.Element == UInt8, C.Index == Int {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var field: [UInt8] = []
        var quoted = false
        var i = input.startIndex
        func emit(_ out: inout [UInt8]) {
            if !quoted, isNumber(field, decimal: decimal.from) {
                out += field.map { $0 == decimal.from ? decimal.to : $0 }
            } else if quoted || field.contains(where: { $0 == to || $0 == quote || $0 == newline || $0 == cr }) {
                out.append(quote)
                for b in field {
                    if b == quote { out.append(quote) }
                    out.append(b)
                }
                out.append(quote)
            } else {
                out += field
            }
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        while i < input.endIndex {
            let b = input[i]
            if b == quote && field.isEmpty && !quoted {
                // A quoted field: up to the closing quote, "" being one quote.
                quoted = true
                i += 1
                while i < input.endIndex {
                    if input[i] == quote {
                        if i + 1 < input.endIndex && input[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    field.append(input[i])
                    i += 1
                }
                continue
            }
            if b == from {
                emit(&out)
                out.append(to)
            } else if b == newline {
                emit(&out)
                out.append(newline)
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || quoted { emit(&out) }
    }

    /// Whether `field` is a number as the writers print one: an optional minus,
    /// digits, an optional fraction after `mark`, an optional exponent.
    private static func isNumber(_ field: [UInt8], decimal mark: UInt8) -> Bool {
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
