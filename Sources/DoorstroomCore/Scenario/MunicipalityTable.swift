/// Reads a municipality table from a CSV file, checking every cell.
extension ScenarioReader {
    /// The columns a municipality table may have.
    static var municipalityColumns: [String] { ["name", "population"] + Municipality.shareColumns.map(\.name) }

    /// A name as read, with where it was written, for ``checkNames(_:)``.
    struct NameEntry {
        let name: String
        /// The YAML field of the name, for a list in the scenario.
        let field: Field?
        let file: String
        let line: Int?
        let column: Int?
    }

    /// The municipalities of the CSV table at `path` (named by `f`), or nil
    /// with every problem of the table in the log: header, malformed rows
    /// and each bad cell, at its line and column.
    func readMunicipalityTable(_ path: String, from f: Field) -> (municipalities: [Municipality], names: [NameEntry], ok: Bool)? {
        guard let (file, text) = context.readText(path, from: f),
              let table = CSVTable.parse(text, file: file, log: context.log) else { return nil }
        var ok = table.isWellFormed
        let columns = Self.municipalityColumns
        for (column, at) in zip(table.header, table.headerColumns) where !columns.contains(column) {
            let hint = closestKey(to: column, in: columns).map { " (did you mean `\($0)`?)" } ?? ""
            context.log.add(Diagnostic(file: file, line: table.headerLine, column: at, field: "header",
                                       message: "unknown column `\(column)`\(hint); expected \(columns.joined(separator: ", "))"))
            ok = false
        }
        for column in ["name", "population"] where !table.header.contains(column) {
            context.log.add(Diagnostic(file: file, line: table.headerLine, column: 1, field: "header",
                                       message: "missing column `\(column)`"))
            ok = false
        }
        var result: [Municipality] = []
        var names: [NameEntry] = []
        for row in table.rows {
            func bad(_ column: String, _ cell: CSVTable.Cell, _ message: String) {
                context.log.add(Diagnostic(file: file, line: row.line, column: cell.column, field: column, message: message))
                ok = false
            }
            // A cell missing from a short row is reported with the row already.
            let name = row["name"]?.text ?? ""
            if let cell = row["name"] {
                if cell.text.isEmpty { bad("name", cell, "expected a municipality name, found an empty value") }
                else { names.append(NameEntry(name: cell.text, field: nil, file: file, line: row.line, column: cell.column)) }
            }
            var population = 1
            if let cell = row["population"] {
                if let n = Int(cell.text), (1...100_000_000).contains(n) {
                    population = n
                    context.record(ParameterRecord(path: "\(f.path)[\(name)].population", value: cell.text, source: f.source ?? file))
                } else {
                    let found = cell.text.isEmpty ? "an empty value" : "`\(cell.text)`"
                    bad("population", cell, "expected a whole number in 1…100000000, found \(found)")
                }
            }
            var municipality = Municipality(name: name, population: population)
            for (column, keyPath) in Municipality.shareColumns {
                guard let cell = row[column], !cell.text.isEmpty else { continue }
                guard let v = Double(cell.text), (0...1).contains(v) else {
                    bad(column, cell, "expected a share in [0, 1], found `\(cell.text)`")
                    continue
                }
                municipality[keyPath: keyPath] = v
                context.record(ParameterRecord(path: "\(f.path)[\(name)].\(column)", value: cell.text, source: f.source ?? file))
            }
            result.append(municipality)
        }
        if table.rows.isEmpty {
            context.log.add(Diagnostic(file: file, line: table.headerLine, column: 1, field: "",
                                       message: "expected at least one municipality"))
            ok = false
        }
        return (result, names, ok)
    }
}
