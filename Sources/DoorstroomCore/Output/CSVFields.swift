import Foundation

/// Splits CSV text (RFC 4180: fields quoted with `"` when they hold a comma,
/// quote or line break, `""` for a quote) into records of fields, keeping
/// each field's line and column for error messages. Works on bytes: a
/// replications file can hold millions of fields.
struct CSVFields {
    /// A field: its bytes `start..<end` (inside the quotes, if quoted) and where it begins.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        var line: Int
        var column: Int
        var isEmpty: Bool { start == end }
    }

    struct Problem {
        var message: String
        var line: Int
        var column: Int
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var scanned = (line: 0, offset: 0, column: 1)
    /// Set when the text is malformed; ``next()`` then returns nil.
    private(set) var error: Problem?

    init(bytes: [UInt8] = []) { self.bytes = bytes }

    /// The next record, or nil at the end of the text or after a malformed field.
    mutating func next() -> [Field]? {
        guard error == nil, position < bytes.count else { return nil }
        var record: [Field] = []
        while true {
            let column = self.column(of: position)
            let fieldLine = line
            if position < bytes.count && bytes[position] == quote {
                position += 1
                let start = position
                while true {
                    guard position < bytes.count else {
                        error = Problem(message: "a quoted field is not closed", line: fieldLine, column: column)
                        return nil
                    }
                    let c = bytes[position]
                    if c == quote {
                        if position + 1 < bytes.count && bytes[position + 1] == quote { position += 2; continue }
                        break
                    }
                    if c == newline { line += 1; lineStart = position + 1 }
                    position += 1
                }
                record.append(Field(start: start, end: position, quoted: true, line: fieldLine, column: column))
                position += 1
                if position < bytes.count && bytes[position] != comma && bytes[position] != newline
                    && !(bytes[position] == carriageReturn && position + 1 < bytes.count && bytes[position + 1] == newline) {
                    error = Problem(message: "expected a comma or the end of the line after a closing quote",
                                    line: line, column: self.column(of: position))
                    return nil
                }
            } else {
                let start = position
                while position < bytes.count && bytes[position] != comma && bytes[position] != newline {
                    if bytes[position] == quote {
                        error = Problem(message: "a quote inside an unquoted field", line: line, column: self.column(of: position))
                        return nil
                    }
                    position += 1
                }
                var end = position
                if end > start && bytes[end - 1] == carriageReturn && (position == bytes.count || bytes[position] == newline) { end -= 1 }
                record.append(Field(start: start, end: end, quoted: false, line: fieldLine, column: column))
            }
            if position >= bytes.count { return record }
            if bytes[position] == comma { position += 1; continue }
            // A line break ends the record.
            position += 1
            line += 1
            lineStart = position
            return record
        }
    }

    /// A field's text, quotes undone.
    func text(_ f: Field) -> String {
        let s = String(decoding: bytes[f.start..<f.end], as: UTF8.self)
        return f.quoted ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The 1-based column of a byte offset on the current line, in Unicode
    /// scalars (UTF-8 continuation bytes do not count). Offsets come in
    /// increasing order, so the count continues where it stopped.
    private mutating func column(of offset: Int) -> Int {
        if scanned.line != line || scanned.offset > offset { scanned = (line, lineStart, 1) }
        while scanned.offset < offset {
            if bytes[scanned.offset] & 0xC0 != 0x80 { scanned.column += 1 }
            scanned.offset += 1
        }
        return scanned.column
    }

    private let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
    private let carriageReturn = UInt8(ascii: "\r")
}
