import Foundation

/// Reads regions and their municipality tables.
extension ScenarioReader {
    func readRegion(_ f: Field) -> Region? {
        guard let m = f.mapping(allowed: ["name", "centrumgemeente", "municipalities", "unknown_origin_share",
                                          "outside_region_share", "initial", "capacity", "dwellings_per_year", "budget"],
                                required: ["name", "centrumgemeente", "municipalities"]) else { return nil }
        let name = m["name"]?.string()
        let centre = m["centrumgemeente"]?.string()
        let municipalities = m["municipalities"].flatMap(readMunicipalities)
        if let municipalities, municipalities.count > ScenarioLimits.municipalitiesPerRegion {
            m["municipalities"]?.error("expected at most \(ScenarioLimits.municipalitiesPerRegion) municipalities, found \(municipalities.count)")
        }
        if let centre, let municipalities, !municipalities.contains(where: { $0.name == centre }) {
            m["centrumgemeente"]?.error("expected one of the region's municipalities (\(municipalities.map(\.name).joined(separator: ", "))), found `\(centre)`")
        }
        let unknown = m["unknown_origin_share"]?.probability() ?? 0
        let outside = m["outside_region_share"]?.probability() ?? 0
        if unknown + outside > 1 {
            m["outside_region_share"]?.error("expected unknown_origin_share + outside_region_share ≤ 1, found \(unknown + outside)")
        }
        var initial = InitialStock()
        var initialUnknown: Double?
        if let i = m["initial"].flatMap(included),
           let im = i.mapping(allowed: CareState.allCases.map(\.key) + ["waiting", "unknown_origin_share"]) {
            initialUnknown = im["unknown_origin_share"]?.probability()
            let stock = 0...ScenarioLimits.initialStockPerState
            for state in CareState.allCases {
                if let n = im[state.key]?.integer(in: stock) { initial.inCare[state] = n }
            }
            if let w = im["waiting"], let wm = w.mapping(allowed: CareState.allCases.map(\.key)) {
                for state in CareState.allCases {
                    if let n = wm[state.key]?.integer(in: stock) { initial.waiting[state] = n }
                }
            }
        }
        var capacity: [CareState: YearPath<Double>] = [:]
        if let c = m["capacity"].flatMap(included), let cm = c.mapping(allowed: CareState.allCases.map(\.key)) {
            for state in CareState.allCases {
                if let p = cm[state.key].flatMap({
                    readYearPath($0, expected: "a number of places in 0…\(Int(ScenarioLimits.places))", max: ScenarioLimits.places)
                }) {
                    capacity[state] = p
                }
            }
        }
        let dwellings = m["dwellings_per_year"].flatMap {
            readYearPath($0, expected: "a number of dwellings in 0…\(Int(ScenarioLimits.dwellingsPerYear))",
                         max: ScenarioLimits.dwellingsPerYear)
        }
        var budget: RegionBudget?
        if let b = m["budget"].flatMap(included), let bm = b.mapping(allowed: ["bw", "mo"], required: ["bw"]) {
            let bw = bm["bw"].flatMap { readYearPath($0, expected: Self.euroPerYear) }
            let mo = bm["mo"].flatMap { readYearPath($0, expected: Self.euroPerYear) } ?? YearPath(constant: 0)
            budget = bw.map { RegionBudget(bw: $0, mo: mo) }
        }
        guard let name, let centre, let municipalities else { return nil }
        var region = Region(name: name, centrumgemeente: centre, municipalities: municipalities,
                            unknownOriginShare: unknown, initial: initial, capacity: capacity, dwellingsPerYear: dwellings,
                            budget: budget)
        region.outsideRegionShare = outside
        region.initialUnknownOriginShare = initialUnknown
        return region
    }

    /// A list in the YAML, or a CSV file with columns name, population[, objective_share].
    func readMunicipalities(_ f: Field) -> [Municipality]? {
        var result: [Municipality] = []
        var nameLines: [(String, Field?, Int?)] = []
        var failed = false
        let columns = ["name", "population"] + Municipality.shareColumns.map(\.name)
        if case let .scalar(s) = f.node {
            guard s.string.hasSuffix(".csv") else {
                f.error("expected a list of municipalities or the path of a CSV file, found \(f.found)")
                return nil
            }
            guard let (file, text) = context.readText(s.string, from: f),
                  let table = CSVTable.parse(text, file: file, log: context.log) else { return nil }
            for column in table.header where !columns.contains(column) {
                let hint = closestKey(to: column, in: columns).map { " (did you mean `\($0)`?)" } ?? ""
                context.log.add(Diagnostic(file: file, line: table.rows.first.map { $0.line - 1 } ?? 1, column: nil,
                                           field: "header", message: "unknown column `\(column)`\(hint); expected \(columns.joined(separator: ", "))"))
                failed = true
            }
            for column in ["name", "population"] where !table.header.contains(column) {
                context.log.add(Diagnostic(file: file, line: 1, column: nil, field: "header", message: "missing column `\(column)`"))
                failed = true
            }
            if failed { return nil }
            for row in table.rows {
                func bad(_ column: String, _ message: String) {
                    context.log.add(Diagnostic(file: file, line: row.line, column: nil, field: column, message: message))
                    failed = true
                }
                let name = row.values["name"] ?? ""
                if name.isEmpty { bad("name", "expected a municipality name, found an empty value") }
                let popText = row.values["population"] ?? ""
                let pop = Int(popText)
                if pop == nil || pop! <= 0 { bad("population", "expected a whole number > 0, found `\(popText)`") }
                func shareColumn(_ column: String) -> Double? {
                    guard let t = row.values[column], !t.isEmpty else { return nil }
                    guard let v = Double(t), (0...1).contains(v) else {
                        bad(column, "expected a share in [0, 1], found `\(t)`")
                        return nil
                    }
                    context.record(ParameterRecord(path: "\(f.path)[\(name)].\(column)", value: t, source: f.source ?? file))
                    return v
                }
                var municipality = Municipality(name: name, population: pop ?? 1)
                for (column, keyPath) in Municipality.shareColumns { municipality[keyPath: keyPath] = shareColumn(column) }
                context.record(ParameterRecord(path: "\(f.path)[\(name)].population", value: popText, source: f.source ?? file))
                nameLines.append((name, nil, row.line))
                result.append(municipality)
            }
            if table.rows.isEmpty {
                context.log.add(Diagnostic(file: file, line: 1, column: nil, field: "", message: "expected at least one municipality"))
                failed = true
            }
            checkNames(nameLines, file: file, field: f)
        } else {
            guard let items = f.sequence() else { return nil }
            if items.isEmpty { f.error("expected at least one municipality"); return nil }
            for item in items {
                guard let m = item.mapping(allowed: columns, required: ["name", "population"]) else { failed = true; continue }
                let name = m["name"]?.string()
                let pop = m["population"]?.integer(in: 1...100_000_000)
                var municipality = Municipality(name: name ?? "", population: pop ?? 1)
                for (column, keyPath) in Municipality.shareColumns {
                    guard let field = m[column] else { continue }
                    municipality[keyPath: keyPath] = field.probability()
                    if municipality[keyPath: keyPath] == nil { failed = true }
                }
                guard let name, pop != nil else { failed = true; continue }
                nameLines.append((name, item, nil))
                result.append(municipality)
            }
            checkNames(nameLines, file: f.file, field: f)
        }
        // A row whose share was unreadable is reported already; do not call the column incomplete too.
        for (column, keyPath) in Municipality.shareColumns where !failed {
            let shares = result.compactMap { $0[keyPath: keyPath] }
            guard !shares.isEmpty else { continue }
            if shares.count != result.count {
                f.error("\(column) must be given for every municipality or for none")
                failed = true
            } else if abs(shares.reduce(0, +) - 1) > 1e-6 {
                f.error("expected \(column) values summing to 1 (within 1e-6), found a sum of \(String(format: "%.6g", shares.reduce(0, +)))")
                failed = true
            }
        }
        return failed ? nil : result
    }

    func checkNames(_ names: [(String, Field?, Int?)], file: String, field: Field) {
        var seen = Set<String>()
        for (name, item, line) in names where !seen.insert(name).inserted {
            if let item { item.error("duplicate municipality `\(name)`") } else {
                context.log.add(Diagnostic(file: file, line: line, column: nil, field: "name", message: "duplicate municipality `\(name)`"))
            }
        }
    }
}
