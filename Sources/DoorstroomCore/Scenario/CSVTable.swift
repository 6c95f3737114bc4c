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
        guard var reader = RowReader(text, file: file, log: log) else { return nil }
        var rows: [Row] = []
        while let row = reader.next() { rows.append(row) }
        return CSVTable(header: reader.header, headerLine: reader.headerLine, headerColumns: reader.headerColumns,
                        rows: rows, isWellFormed: reader.isWellFormed)
    }

    /// The rows of a CSV text one at a time, for a reader that need not hold
    /// them all (a national `summary.csv` has 300 000 rows, 110 MB as
    /// ``Row``s). Problems go to the log as ``CSVTable/parse(_:file:log:)``
    /// reports them and in the same order: a malformed line's as it is read,
    /// duplicate header names and rows of the wrong length once ``next()`` has
    /// returned nil. Not a `Sequence`: a copy would read the rows, and report
    /// their problems, again.
    struct RowReader {
        let header: [String]
        let headerLine: Int
        /// The column where each header name starts.
        let headerColumns: [Int]
        private let columns: ColumnIndex
        private var records: Records
        /// Rows of the wrong length, reported at the end.
        private var lengthProblems: [(line: Int, column: Int, message: String)] = []
        private var hasDuplicateNames = false
        private var isFinished = false

        /// Reads up to the header row; nil, with the problem logged, if there is none.
        init?(_ text: String, file: String, log: DiagnosticLog) {
            var records = Records(text: text, file: file, log: log)
            guard let head = records.next() else {
                log.add(Diagnostic(file: file, line: 1, column: 1, field: "", message: "the table is empty; expected a header row"))
                return nil
            }
            self.records = records
            header = head.fields.map(\.text)
            headerLine = head.line
            headerColumns = head.fields.map(\.column)
            columns = ColumnIndex(header)
        }

        /// False if any line was malformed; final once ``next()`` has returned nil.
        var isWellFormed: Bool { records.isWellFormed && !hasDuplicateNames && lengthProblems.isEmpty }

        /// The column named `name`, whether or not the table has it.
        func column(_ name: String) -> Column { Column(name: name, position: columns.position[name]) }

        /// The next row; nil at the end of the text.
        mutating func next() -> Row? {
            guard let record = records.next() else {
                finish()
                return nil
            }
            let (width, found) = (header.count, record.fields.count)
            if found > width {
                lengthProblems.append((record.line, record.fields[width].column, "expected \(width) fields as in the header, found \(found)"))
            } else if found < width {
                lengthProblems.append((record.line, record.end, "expected \(width) fields as in the header, found \(found)"))
            }
            return Row(line: record.line, fields: found > width ? Array(record.fields.prefix(width)) : record.fields, columns: columns)
        }

        /// Reports the duplicate header names, then the rows of the wrong length, once.
        private mutating func finish() {
            guard !isFinished else { return }
            isFinished = true
            var seen = Set<String>()
            for (name, column) in zip(header, headerColumns) where !seen.insert(name).inserted {
                records.log.add(Diagnostic(file: records.file, line: headerLine, column: column, field: "header",
                                           message: "duplicate column `\(name)`"))
                hasDuplicateNames = true
            }
            for p in lengthProblems { records.problem(p.line, p.column, p.message) }
        }
    }

    /// The records of a text, line by line: blank lines and comments skipped,
    /// a malformed line reported and skipped.
    private struct Records {
        let text: String
        let file: String
        let log: DiagnosticLog
        private(set) var isWellFormed = true
        /// Where the next line starts, in UTF-8 bytes, and its index.
        private var lineStart = 0, lineIndex = 0

        init(text: String, file: String, log: DiagnosticLog) {
            (self.text, self.file, self.log) = (text, file, log)
        }

        mutating func problem(_ line: Int, _ column: Int, _ message: String) {
            log.add(Diagnostic(file: file, line: line, column: column, field: "", message: "malformed CSV: \(message)"))
            isWellFormed = false
        }

        /// The next well-formed record: its line, fields and the column just past its end.
        mutating func next() -> (line: Int, fields: [Cell], end: Int)? {
            var text = self.text  // shares the storage; withUTF8 only copies a string that is not contiguous
            return text.withUTF8 { bytes in
                while lineStart <= bytes.count {
                    var lineEnd = lineStart
                    while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                    let number = lineIndex + 1
                    defer { (lineStart, lineIndex) = (lineEnd + 1, number) }
                    var line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                    if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                    // A byte-order mark (spreadsheet exports) is not part of the first header name.
                    if number == 1 && line.starts(with: CSVDialect.byteOrderMark) {
                        line = UnsafeBufferPointer(rebasing: line.dropFirst(CSVDialect.byteOrderMark.count))
                    }
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || line.first == UInt8(ascii: "#") { continue }
                    switch record(line) {
                    case let .success(record): return (number, record.fields, record.end)
                    case let .failure(p): problem(number, p.column, p.message)
                    }
                }
                return nil
            }
        }
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
