import Foundation

/// A CSV table read with its line numbers, so errors can point at a row.
///
/// RFC 4180: comma-separated, fields optionally in double quotes (`""` for a
/// quote inside). The first row is the header. Blank lines and lines starting
/// with `#` are skipped.
struct CSVTable {
    struct Row {
        let line: Int
        let values: [String: String]
    }

    let header: [String]
    let rows: [Row]

    /// Parses `text`; problems go to `log` as diagnostics on `file`.
    static func parse(_ text: String, file: String, log: DiagnosticLog) -> CSVTable? {
        var records: [(line: Int, fields: [String])] = []
        var ok = true
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            switch splitRecord(line) {
            case let .success(fields): records.append((i + 1, fields))
            case let .failure(problem):
                log.add(Diagnostic(file: file, line: i + 1, column: problem.column, field: "",
                                   message: "malformed CSV: \(problem.message)"))
                ok = false
            }
        }
        guard let head = records.first else {
            log.add(Diagnostic(file: file, line: 1, column: nil, field: "", message: "the table is empty; expected a header row"))
            return nil
        }
        let header = head.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [Row] = []
        for r in records.dropFirst() {
            guard r.fields.count == header.count else {
                log.add(Diagnostic(file: file, line: r.line, column: nil, field: "",
                                   message: "malformed CSV: expected \(header.count) fields as in the header, found \(r.fields.count)"))
                ok = false
                continue
            }
            var values: [String: String] = [:]
            for (h, v) in zip(header, r.fields) { values[h] = v.trimmingCharacters(in: .whitespaces) }
            rows.append(Row(line: r.line, values: values))
        }
        return ok ? CSVTable(header: header, rows: rows) : nil
    }

    struct Problem: Error {
        let column: Int
        let message: String
    }

    private static func splitRecord(_ line: String) -> Result<[String], Problem> {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var quotedField = false
        var column = 0
        var chars = Array(line)
        chars.append(",")  // sentinel ends the last field
        var i = 0
        while i < chars.count {
            let c = chars[i]
            column = i + 1
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count - 1, chars[i + 1] == "\"" { current.append("\""); i += 1 } else { inQuotes = false }
                } else if i == chars.count - 1 {
                    return .failure(Problem(column: column, message: "unterminated quoted field"))
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(current)
                current = ""
                quotedField = false
            } else if c == "\"" {
                guard current.trimmingCharacters(in: .whitespaces).isEmpty, !quotedField else {
                    return .failure(Problem(column: column, message: "quote inside an unquoted field"))
                }
                inQuotes = true
                quotedField = true
                current = ""
            } else {
                if quotedField && !c.isWhitespace {
                    return .failure(Problem(column: column, message: "text after a closing quote"))
                }
                current.append(c)
            }
            i += 1
        }
        return .success(fields)
    }
}
