import Foundation

/// Reads regions and their municipality tables.
extension ScenarioReader {
    func readRegion(_ f: Field) -> Region? {
        guard let m = f.mapping(allowed: ["name", "centrumgemeente", "municipalities", "unknown_origin_share",
                                          "outside_region_share", "initial", "capacity", "dwellings_per_year", "budget",
                                          "historical_share", "objective_share", "specialist_places"],
                                required: ["name", "centrumgemeente", "municipalities"]) else { return nil }
        let name = m["name"]?.string()
        // The region's name is written into every output row, as a municipality's is.
        if let name, let why = unitNameProblem(name) { m["name"]?.error(why) }
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
        let nationalShares = readNationalShares(historical: m["historical_share"], objective: m["objective_share"])
        if let places = m["specialist_places"] {
            carveOut(places, capacity: &capacity, initial: &initial)
        }
        // Shares given but unreadable are reported; the region is then not read, so no later check calls them missing.
        let sharesFailed = nationalShares == nil && (m["historical_share"] != nil || m["objective_share"] != nil)
        guard let name, let centre, let municipalities, !sharesFailed else { return nil }
        var region = Region(name: name, centrumgemeente: centre, municipalities: municipalities,
                            unknownOriginShare: unknown, initial: initial, capacity: capacity, dwellingsPerYear: dwellings,
                            budget: budget)
        region.outsideRegionShare = outside
        region.initialUnknownOriginShare = initialUnknown
        region.nationalShares = nationalShares
        return region
    }

    /// A region's shares of the national macro budgets: `historical_share`
    /// and `objective_share`, each `{bw: …, mo: …}` (MO as BW when left out).
    func readNationalShares(historical: Field?, objective: Field?) -> NationalShares? {
        func read(_ f: Field) -> (bw: Double, mo: Double)? {
            guard let m = f.mapping(allowed: ["bw", "mo"], required: ["bw"]), let bw = m["bw"]?.probability() else { return nil }
            guard let mo = m["mo"] else { return (bw, bw) }
            return mo.probability().map { (bw, $0) }
        }
        switch (historical, objective) {
        case (nil, nil): return nil
        case let (h?, nil): h.error("expected `objective_share` beside `historical_share`: a region's money under a national distribution needs both")
        case let (nil, o?): o.error("expected `historical_share` beside `objective_share`: a region's money under a national distribution needs both")
        case let (h?, o?):
            let (hs, os) = (read(h), read(o))
            guard let hs, let os else { return nil }
            return NationalShares(historicalBW: hs.bw, historicalMO: hs.mo, objectiveBW: os.bw, objectiveMO: os.mo)
        }
        return nil
    }

    /// `specialist_places`: places of national specialist institutions in
    /// the region (001 L143–149), taken out of its capacity and, as they are
    /// full, out of its start stock: their clients are purchased nationally.
    func carveOut(_ f: Field, capacity: inout [CareState: YearPath<Double>], initial: inout InitialStock) {
        let states: [CareState] = [.intramural, .tussenvorm]
        guard let m = f.mapping(allowed: states.map(\.key)) else { return }
        for state in states {
            guard let field = m[state.key], let places = field.integer(in: 0...Int(ScenarioLimits.places)) else { continue }
            guard let path = capacity[state] else {
                field.error("expected `capacity.\(state.key)` for the region: specialist places come out of its places")
                continue
            }
            guard let least = path.values.min(), Double(places) <= least else {
                field.error("expected at most the region's fewest \(state.key) places (\(path.values.min().map { String(Int($0)) } ?? "0")), found \(places)")
                continue
            }
            capacity[state] = YearPath(zip(path.years, path.values).map { ($0, $1 - Double(places)) })
            let stock = initial.inCare[state] ?? 0
            guard places <= stock else {
                field.error("expected at most the region's \(stock) \(state.key) clients at the start (the places are full), found \(places)")
                continue
            }
            initial.inCare[state] = stock - places
        }
    }

    /// A list in the YAML, or a CSV file with columns name, population[, objective_share].
    func readMunicipalities(_ f: Field) -> [Municipality]? {
        var result: [Municipality] = []
        var names: [NameEntry] = []
        var failed = false
        if case let .scalar(s) = f.node {
            guard s.string.hasSuffix(".csv") else {
                f.error("expected a list of municipalities or the path of a CSV file, found \(f.found)")
                return nil
            }
            guard let table = readMunicipalityTable(s.string, from: f) else { return nil }
            (result, names, failed) = (table.municipalities, table.names, !table.ok)
        } else {
            guard let items = f.sequence() else { return nil }
            if items.isEmpty { f.error("expected at least one municipality"); return nil }
            for item in items {
                guard let m = item.mapping(allowed: Self.municipalityColumns, required: ["name", "population"]) else { failed = true; continue }
                let name = m["name"]?.string()
                let pop = m["population"]?.integer(in: 1...100_000_000)
                var municipality = Municipality(name: name ?? "", population: pop ?? 1)
                for (column, keyPath) in Municipality.shareColumns {
                    guard let field = m[column] else { continue }
                    municipality[keyPath: keyPath] = field.probability()
                    if municipality[keyPath: keyPath] == nil { failed = true }
                }
                if let name, let field = m["name"] {
                    names.append(NameEntry(name: name, field: field, file: field.file, line: field.line, column: field.column))
                }
                guard name != nil, pop != nil else { failed = true; continue }
                result.append(municipality)
            }
        }
        if !checkNames(names) { failed = true }
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

    /// Reports duplicated names and names that cannot name a unit of the
    /// outputs (``unitNameProblem(_:)``: reserved, formula-like, control
    /// characters). Returns whether all were fine.
    func checkNames(_ names: [NameEntry]) -> Bool {
        var seen = Set<String>()
        var ok = true
        for entry in names {
            var problems: [String] = []
            if let why = unitNameProblem(entry.name) { problems.append(why) }
            if !seen.insert(entry.name).inserted { problems.append("duplicate municipality `\(entry.name)`") }
            for message in problems {
                ok = false
                if let field = entry.field { field.error(message) } else {
                    context.log.add(Diagnostic(file: entry.file, line: entry.line, column: entry.column, field: "name",
                                               message: message))
                }
            }
        }
        return ok
    }
}
