import Foundation
import Testing
@testable import DoorstroomCore

/// The CSV reader of scenario tables and result files (``CSVTable``).
@Suite("CSV table reading")
struct CSVTableTests {
    /// The reader trims cells itself (Foundation's trimming was most of the
    /// time of reading a large `summary.csv`); it must trim exactly what
    /// `trimmingCharacters(in: .whitespaces)` trims, or a scenario table's
    /// names and numbers would read differently.
    @Test("a cell is trimmed exactly as trimmingCharacters(in: .whitespaces) trims it, for every scalar of the BMP")
    func trimmingMatchesFoundation() throws {
        // Scalars that are CSV syntax (line breaks, the separator, quotes, a
        // comment line's `#`) cannot stand bare at the start of a cell.
        let syntax: Set<UInt32> = [0x0A, 0x0D, 0x2C, 0x22, 0x23]
        let scalars = (0..<0x10000).compactMap(Unicode.Scalar.init).filter { !syntax.contains($0.value) }
        var text = "cell\n"
        for c in scalars { text += "\(c)\(c)x\(c)\n" }
        let log = DiagnosticLog()
        let table = try #require(CSVTable.parse(text, file: "t.csv", log: log))
        #expect(log.isEmpty)
        try #require(table.rows.count == scalars.count)
        var mismatches: [String] = []
        for (c, row) in zip(scalars, table.rows) {
            let expected = "\(c)\(c)x\(c)".trimmingCharacters(in: .whitespaces)
            if row["cell"]?.text != expected { mismatches.append(String(format: "U+%04X", c.value)) }
        }
        #expect(mismatches.isEmpty, "trimmed differently: \(mismatches.prefix(10))")
    }

    /// A cell or a problem, comparable.
    static func describe(_ result: Result<[CSVTable.Cell], CSVTable.Problem>) -> String {
        switch result {
        case let .success(cells): cells.map { "\($0.column):\($0.text.debugDescription)" }.joined(separator: " | ")
        case let .failure(p): "problem at \(p.column): \(p.message)"
        }
    }

    /// A random line of CSV syntax, white space of every kind the reader
    /// treats differently, and letters (some not ASCII).
    static func randomLine(_ rng: inout SplitMix64, plain: Bool) -> String {
        let plainPieces = ["a", "7", "-1.5e3", ",", ",", " ", "  ", "\t", "\u{0B}", "\u{0C}", "\r", "#", "x y", ""]
        let otherPieces = ["\"", "\"\"", "é", "\u{A0}", "\u{200B}", "\u{3000}", "\u{FEFF}", "Súdwest-Fryslân"]
        let pieces = plain ? plainPieces : plainPieces + otherPieces + otherPieces
        return (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test("a plain line (ASCII, no quotes) splits as bytes exactly as scalar by scalar; any line, whichever way the reader takes")
    func plainLinesSplitAsTheGeneralReaderSplitsThem() {
        var rng = SplitMix64(seed: 20_260_101)
        for plain in [true, false] {
            for _ in 0..<20_000 {
                let line = Self.randomLine(&rng, plain: plain)
                let scalars = Array(line.unicodeScalars)
                let general = Self.describe(CSVTable.splitRecord(scalars))
                let chosen = Array(line.utf8).withUnsafeBufferPointer { CSVTable.record($0) }
                #expect(Self.describe(chosen.map(\.fields)) == general, "line \(line.debugDescription)")
                if case let .success(found) = chosen { #expect(found.end == scalars.count + 1) }
                if plain {
                    let bytes = Array(line.utf8).withUnsafeBufferPointer { CSVTable.splitPlainRecord($0) }
                    #expect(Self.describe(.success(bytes)) == general, "line \(line.debugDescription)")
                }
            }
        }
    }

    /// The table as read line by line of scalars, every line through
    /// ``CSVTable/splitRecord(_:)`` (the reader before it split plain lines
    /// as bytes): rows, header and every problem in order.
    static func referenceReading(_ text: String) -> String {
        var out: [String] = []
        var records: [(line: Int, fields: [CSVTable.Cell], end: Int)] = []
        for (i, raw) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let bytes = raw.last == 0x0D ? raw.dropLast() : raw
            var line = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            if i == 0 && line.first == "\u{FEFF}" { line.removeFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "#" { continue }
            switch CSVTable.splitRecord(line) {
            case let .success(fields): records.append((i + 1, fields, line.count + 1))
            case let .failure(p): out.append("\(i + 1):\(p.column): malformed CSV: \(p.message)")
            }
        }
        guard let head = records.first else { return (out + ["1:1: the table is empty; expected a header row"]).joined(separator: "\n") }
        var seen = Set<String>()
        for cell in head.fields where !seen.insert(cell.text).inserted {
            out.append("\(head.line):\(cell.column): duplicate column `\(cell.text)`")
        }
        for r in records.dropFirst() where r.fields.count != head.fields.count {
            let column = r.fields.count > head.fields.count ? r.fields[head.fields.count].column : r.end
            out.append("\(r.line):\(column): malformed CSV: expected \(head.fields.count) fields as in the header, found \(r.fields.count)")
        }
        out.append("header \(head.line): \(describe(.success(head.fields)))")
        for r in records.dropFirst() { out.append("row \(r.line): \(describe(.success(Array(r.fields.prefix(head.fields.count)))))") }
        return out.joined(separator: "\n")
    }

    /// The table as ``CSVTable/parse(_:file:log:)`` reads it, written as ``referenceReading(_:)`` writes it.
    static func reading(_ text: String) -> String {
        let log = DiagnosticLog()
        let table = CSVTable.parse(text, file: "t.csv", log: log)
        var out = log.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
        if let table {
            #expect(table.isWellFormed == log.isEmpty)
            let header = zip(table.header, table.headerColumns).map { CSVTable.Cell(text: $0, column: $1) }
            out.append("header \(table.headerLine): \(describe(.success(header)))")
            for row in table.rows { out.append("row \(row.line): \(describe(.success(row.fields)))") }
        }
        return out.joined(separator: "\n")
    }

    @Test("a whole table reads as line by line of scalars: byte-order mark, CRLF, blank and comment lines, bad lines, short and long rows")
    func tablesReadAsTheGeneralReaderReadsThem() {
        var rng = SplitMix64(seed: 4_180)
        let headers = ["a,b,c", "\u{FEFF}a,b,c", "a, b ,a", "\"a\",b", "", "# comment"]
        for _ in 0..<2_000 {
            var lines = [headers.randomElement(using: &rng)!]
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                lines.append(Self.randomLine(&rng, plain: rng.chance(0.5)) + (rng.chance(0.3) ? "\r" : ""))
            }
            let text = lines.joined(separator: "\n") + (rng.chance(0.5) ? "\n" : "")
            #expect(Self.reading(text) == Self.referenceReading(text), "text \(text.debugDescription)")
        }
    }
}
