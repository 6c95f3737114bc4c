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

        subscript(column: Column) -> Cell? {
            guard let i = column.position, i < fields.count else { return nil }
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

    /// A header name with its position, found once for a table so that a
    /// reader of many rows does not look the name up in each.
    struct Column {
        let name: String
        /// Where the name is in the header (its first place, if repeated); nil if it is not.
        let position: Int?
    }

    /// The column named `name`, whether or not the table has it.
    func column(_ name: String) -> Column { Column(name: name, position: header.firstIndex(of: name)) }

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
        var text = text
        return text.withUTF8 { parse(lines: $0, file: file, log: log) }
    }

    private static func parse(lines text: UnsafeBufferPointer<UInt8>, file: String, log: DiagnosticLog) -> CSVTable? {
        var ok = true
        func problem(_ line: Int, _ column: Int, _ message: String) {
            log.add(Diagnostic(file: file, line: line, column: column, field: "", message: "malformed CSV: \(message)"))
            ok = false
        }
        var head: (line: Int, fields: [Cell], columns: ColumnIndex)?
        var rows: [Row] = []
        // A row's field count is checked as it is read, but reported after the
        // header's duplicate columns, as when the rows were checked afterwards.
        var countProblems: [(line: Int, column: Int, message: String)] = []
        var lineStart = 0
        var index = 0
        while lineStart <= text.count {
            var lineEnd = lineStart
            while lineEnd < text.count && text[lineEnd] != 0x0A { lineEnd += 1 }
            defer { (lineStart, index) = (lineEnd + 1, index + 1) }
            var line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
            if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            // A byte-order mark (spreadsheet exports) is not part of the first header name.
            if index == 0 && line.starts(with: CSVDialect.byteOrderMark) {
                line = UnsafeBufferPointer(rebasing: line.dropFirst(CSVDialect.byteOrderMark.count))
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || line.first == UInt8(ascii: "#") { continue }
            let number = index + 1
            let fields: [Cell], end: Int
            switch record(line) {
            case let .success(record): (fields, end) = record
            case let .failure(p): problem(number, p.column, p.message); continue
            }
            // The first record is the header.
            guard let header = head else {
                head = (number, fields, ColumnIndex(fields.map(\.text)))
                continue
            }
            let width = header.fields.count
            if fields.count > width {
                countProblems.append((number, fields[width].column, "expected \(width) fields as in the header, found \(fields.count)"))
            } else if fields.count < width {
                countProblems.append((number, end, "expected \(width) fields as in the header, found \(fields.count)"))
            }
            rows.append(Row(line: number, fields: fields.count > width ? Array(fields.prefix(width)) : fields, columns: header.columns))
        }
        guard let head else {
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
        for p in countProblems { problem(p.line, p.column, p.message) }
        return CSVTable(header: header, headerLine: head.line, headerColumns: head.fields.map(\.column),
                        rows: rows, isWellFormed: ok)
    }

    /// The fields of one line (without its line break), and the column just
    /// past its end. Most lines of a result table are ASCII without quotes:
    /// those are split as bytes, the others scalar by scalar, with the same result.
    static func record(_ line: UnsafeBufferPointer<UInt8>) -> Result<(fields: [Cell], end: Int), Problem> {
        if line.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\"") }) {
            return .success((splitPlainRecord(line), line.count + 1))
        }
        let scalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
        return splitRecord(scalars).map { ($0, scalars.count + 1) }
    }

    /// The fields of a line of ASCII without quotes: ``splitRecord(_:)``
    /// with each byte a scalar, so columns are byte offsets and no field is quoted.
    static func splitPlainRecord(_ line: UnsafeBufferPointer<UInt8>) -> [Cell] {
        var fields: [Cell] = []
        var fieldStart = 0
        while true {
            var fieldEnd = fieldStart
            while fieldEnd < line.count && line[fieldEnd] != UInt8(ascii: ",") { fieldEnd += 1 }
            // The column skips white space (with line breaks and the like); the text trims only spaces and tabs.
            var start = fieldStart
            while start < fieldEnd && (line[start] == 0x20 || (0x09...0x0D).contains(line[start])) { start += 1 }
            var (first, last) = (fieldStart, fieldEnd)
            while first < last && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
            while last > first && (line[last - 1] == 0x20 || line[last - 1] == 0x09) { last -= 1 }
            fields.append(Cell(text: String(decoding: UnsafeBufferPointer(rebasing: line[first..<last]), as: UTF8.self),
                               column: (start < fieldEnd ? start : fieldStart) + 1))
            guard fieldEnd < line.count else { return fields }
            fieldStart = fieldEnd + 1
        }
    }

    struct Problem: Error {
        let column: Int
        let message: String
    }

    /// The fields of one line, each with the column of its first character
    /// that is not a space (or where it starts, if blank).
    static func splitRecord(_ line: [Unicode.Scalar]) -> Result<[Cell], Problem> {
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
