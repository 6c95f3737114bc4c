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
}
