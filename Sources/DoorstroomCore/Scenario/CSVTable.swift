import Foundation

/// A CSV table read with the line and column of every cell, so errors can
/// point at the cell.
///
/// RFC 4180: comma-separated, fields optionally in double quotes (`""` for a
/// quote inside), one record per line (`\n` or `\r\n`), after a byte-order
/// mark if there is one. The first row is the header. Blank lines and lines starting with `#` are skipped. A malformed
/// line is reported and the table still read, so the other rows' problems
/// are found too: a row with too many or too few fields keeps the cells that
/// match the header by position.
struct CSVTable {
    /// One cell: its text (trimmed) and the column where it starts, in
    /// characters (Unicode scalars) of its line, 1-based.
    struct Cell {
        let text: String
        let column: Int
    }

    struct Row {
        let line: Int
        /// The row's cells in header order; a short row lacks its last columns.
        let fields: [Cell]
        /// The position of each header name (its first, if repeated), shared by every row.
        let columns: ColumnIndex

        subscript(column: String) -> Cell? {
            guard let i = columns.position[column], i < fields.count else { return nil }
            return fields[i]
        }

        /// The row's cells by header name.
        var cells: [String: Cell] { columns.position.compactMapValues { $0 < fields.count ? fields[$0] : nil } }
    }

    /// Header names to positions, held once per table rather than as a
    /// dictionary per row (a `summary.csv` has hundreds of thousands of rows).
    final class ColumnIndex: Sendable {
        let position: [String: Int]
        init(_ header: [String]) {
            var position: [String: Int] = [:]
            for (i, name) in header.enumerated() where position[name] == nil { position[name] = i }
            self.position = position
        }
    }

    let header: [String]
    let headerLine: Int
    /// The column where each header name starts.
    let headerColumns: [Int]
    let rows: [Row]
    /// False if any line was malformed (reported to the log).
    let isWellFormed: Bool

    /// Parses `text`; problems go to `log` as diagnostics on `file`. Nil only
    /// when there is no header row.
    static func parse(_ text: String, file: String, log: DiagnosticLog) -> CSVTable? {
        var records: [(line: Int, fields: [Cell], end: Int)] = []
        var ok = true
        func problem(_ line: Int, _ column: Int, _ message: String) {
            log.add(Diagnostic(file: file, line: line, column: column, field: "", message: "malformed CSV: \(message)"))
            ok = false
        }
        for (i, raw) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let bytes = raw.last == 0x0D ? raw.dropLast() : raw
            var line = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            // A byte-order mark (spreadsheet exports) is not part of the first header name.
            if i == 0 && line.first == "\u{FEFF}" { line.removeFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "#" { continue }
            switch splitRecord(line) {
            case let .success(fields): records.append((i + 1, fields, line.count + 1))
            case let .failure(p): problem(i + 1, p.column, p.message)
            }
        }
        guard let head = records.first else {
            log.add(Diagnostic(file: file, line: 1, column: 1, field: "", message: "the table is empty; expected a header row"))
            return nil
        }
        let header = head.fields.map(\.text)
        var seen = Set<String>()
        for cell in head.fields where !seen.insert(cell.text).inserted {
            log.add(Diagnostic(file: file, line: head.line, column: cell.column, field: "header",
                               message: "duplicate column `\(cell.text)`"))
            ok = false
        }
        var rows: [Row] = []
        let columns = ColumnIndex(header)
        for r in records.dropFirst() {
            if r.fields.count > header.count {
                problem(r.line, r.fields[header.count].column,
                        "expected \(header.count) fields as in the header, found \(r.fields.count)")
            } else if r.fields.count < header.count {
                problem(r.line, r.end, "expected \(header.count) fields as in the header, found \(r.fields.count)")
            }
            rows.append(Row(line: r.line, fields: Array(r.fields.prefix(header.count)), columns: columns))
        }
        return CSVTable(header: header, headerLine: head.line, headerColumns: head.fields.map(\.column),
                        rows: rows, isWellFormed: ok)
    }

    struct Problem: Error {
        let column: Int
        let message: String
    }

    /// The fields of one line, each with the column of its first character
    /// that is not a space (or where it starts, if blank).
    private static func splitRecord(_ line: [Unicode.Scalar]) -> Result<[Cell], Problem> {
        var fields: [Cell] = []
        var current: [Unicode.Scalar] = []
        var start: Int?
        var inQuotes = false
        var quotedField = false
        let chars = line + [","]  // sentinel ends the last field
        var fieldStart = 1
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c.isASCII ? c == " " || (0x09...0x0D).contains(c.value) : c.properties.isWhitespace
        }
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count - 1, chars[i + 1] == "\"" { current.append("\""); i += 1 } else { inQuotes = false }
                } else if i == chars.count - 1 {
                    return .failure(Problem(column: column, message: "unterminated quoted field"))
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(Cell(text: trimmed(current), column: start ?? fieldStart))
                current.removeAll(keepingCapacity: true)
                start = nil
                quotedField = false
                fieldStart = column + 1
            } else if c == "\"" {
                guard current.allSatisfy(isTrimmed), !quotedField else {
                    return .failure(Problem(column: column, message: "quote inside an unquoted field"))
                }
                inQuotes = true
                quotedField = true
                current.removeAll(keepingCapacity: true)
                start = column
            } else {
                if quotedField && !isSpace(c) {
                    return .failure(Problem(column: column, message: "text after a closing quote"))
                }
                if start == nil && !isSpace(c) { start = column }
                current.append(c)
            }
            i += 1
        }
        return .success(fields)
    }

    /// What `trimmingCharacters(in: .whitespaces)` trims: Unicode general
    /// category Zs, the tab and U+200B (checked against Foundation for every
    /// scalar below U+30000; written out because Foundation's trimming was
    /// most of the time of reading a large table).
    private static func isTrimmed(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? c == " " || c == "\t" : c == "\u{200B}" || c.properties.generalCategory == .spaceSeparator
    }

    private static func trimmed(_ scalars: [Unicode.Scalar]) -> String {
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        var utf8: [UInt8] = []
        utf8.reserveCapacity(last - first + 1)
        for c in scalars[first...last] {
            if c.isASCII { utf8.append(UInt8(c.value)) } else { utf8.append(contentsOf: UTF8.encode(c)!) }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
