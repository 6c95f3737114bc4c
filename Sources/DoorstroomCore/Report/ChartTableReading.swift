import Foundation

/// Reading a result table (either CSV dialect) for a chart: its rows, one
/// at a time, and typed cells whose problems become diagnostics naming the
/// file, line and column. Shared by every reader of the report's tables
/// (``PercentileTable``, ``StressTableReader``, ``SensitivityTableReader``,
/// ``ReportFolder``).
///
/// A malformed line anywhere in the file makes the file's problems those of
/// its lines alone, as if the rows had not been read: ``finish()`` throws them
/// rather than the cells' problems.
struct ChartTableReading {
    let file: String
    let log = DiagnosticLog()
    private var rows: CSVTable.RowReader
    /// The problems of the lines, apart from those of the cells.
    private let parseLog: DiagnosticLog

    /// Reads the header of `file` and checks it has the `required` columns of a `kind` (`stress.csv`, …).
    init(file: String, required: [String], kind: String) throws(InputError) {
        self.file = file
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw InputError([Diagnostic(file: file, line: 1, column: 1, field: "",
                                         message: "cannot read it (\((error as NSError).localizedDescription))")])
        }
        let parseLog = DiagnosticLog()
        guard let text = CSVDialect.rfc4180Text(of: data), let rows = CSVTable.RowReader(text, file: file, log: parseLog) else {
            throw InputError(parseLog.diagnostics.isEmpty
                ? [Diagnostic(file: file, line: 1, column: 1, field: "", message: "expected UTF-8 text")] : parseLog.diagnostics)
        }
        let missing = required.filter { !rows.header.contains($0) }
        guard missing.isEmpty else {
            throw InputError([Diagnostic(file: file, line: rows.headerLine, column: 1, field: "",
                                         message: "expected the columns of a \(kind); missing \(missing.joined(separator: ", "))")])
        }
        (self.rows, self.parseLog) = (rows, parseLog)
    }

    var header: [String] { rows.header }

    /// The column named `name`, whether or not the table has it.
    func column(_ name: String) -> CSVTable.Column { rows.column(name) }

    /// The next row; nil at the end of the file.
    mutating func nextRow() -> CSVTable.Row? { rows.next() }

    /// Reads the rows not yet read, then throws the problems of the lines if
    /// there were any, else every problem logged while reading the rows.
    mutating func finish() throws(InputError) {
        while rows.next() != nil {}
        guard parseLog.isEmpty else { throw InputError(parseLog.diagnostics) }
        guard log.isEmpty else { throw InputError(log.sorted) }
    }

    func problem(_ row: CSVTable.Row, _ column: CSVTable.Column, _ message: String) {
        log.add(Diagnostic(file: file, line: row.line, column: row[column]?.column ?? 1, field: column.name, message: message))
    }

    func text(_ row: CSVTable.Row, _ column: CSVTable.Column) -> String { row[column]?.text ?? "" }

    /// A number within `range`; nil for an empty cell (an undefined statistic)
    /// and, with a diagnostic, for anything else that is not such a number.
    func number(_ row: CSVTable.Row, _ column: CSVTable.Column, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let cell = row[column], !cell.text.isEmpty else { return nil }
        guard let x = Double(cell.text), x.isFinite else {
            problem(row, column, "expected a number, found `\(cell.text)`")
            return nil
        }
        if let range, !range.contains(x) {
            problem(row, column, "expected a number from \(range.lowerBound) to \(range.upperBound), found `\(cell.text)`")
            return nil
        }
        return x
    }

    /// A whole number of at least `minimum`; nil, with a diagnostic, otherwise.
    func integer(_ row: CSVTable.Row, _ column: CSVTable.Column, minimum: Int = 0, what: String = "a whole number") -> Int? {
        let found = text(row, column)
        guard let x = Int(found), x >= minimum else {
            problem(row, column, "expected \(what), found `\(found)`")
            return nil
        }
        return x
    }
}

/// The same by column name, looked up at every call: for the small tables. A
/// reader of many rows finds its columns once, with ``column(_:)``.
extension ChartTableReading {
    func problem(_ row: CSVTable.Row, _ column: String, _ message: String) { problem(row, self.column(column), message) }

    func text(_ row: CSVTable.Row, _ column: String) -> String { text(row, self.column(column)) }

    func number(_ row: CSVTable.Row, _ column: String, in range: ClosedRange<Double>? = nil) -> Double? {
        number(row, self.column(column), in: range)
    }

    func integer(_ row: CSVTable.Row, _ column: String, minimum: Int = 0, what: String = "a whole number") -> Int? {
        integer(row, self.column(column), minimum: minimum, what: what)
    }
}
