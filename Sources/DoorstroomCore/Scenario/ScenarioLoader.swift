import Crypto
import Foundation
import Yams

/// A scenario as loaded from its files, with what the manifest needs.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// The scenario file as named to the loader.
    public var file: String
    /// SHA-256 of the scenario file and every file it includes, in reading order.
    public var sha256: String
}

/// Reads and validates scenario files (YAML, with CSV tables and YAML
/// sections included by relative path). Every problem is collected; an
/// invalid scenario throws one ``ScenarioError`` that lists them all.
public enum ScenarioLoader {
    /// Loads the scenario file at `path`; `overrides` replaces numbers by field
    /// path (for calibration).
    public static func load(path: String, overrides: [String: Double] = [:]) throws(ScenarioError) -> LoadedScenario {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError([Diagnostic(file: path, line: nil, column: nil, field: "",
                                            message: "cannot read the scenario file (does it exist?)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError([Diagnostic(file: path, line: nil, column: nil, field: "", message: "not UTF-8 text")])
        }
        return try load(text: text, file: path, baseDirectory: url.deletingLastPathComponent(), bytes: data,
                        overrides: overrides)
    }

    /// Loads a scenario from YAML text; relative paths resolve against `baseDirectory`.
    public static func load(text: String, file: String = "<scenario>", baseDirectory: URL,
                            bytes: Data? = nil, overrides: [String: Double] = [:]) throws(ScenarioError) -> LoadedScenario {
        let context = ReadContext(baseDirectory: baseDirectory)
        context.addFile(file, bytes ?? Data(text.utf8))
        context.register(file, directory: baseDirectory)
        guard let node = composeYAML(text, file: file, log: context.log),
              let (merged, rootFile) = resolveBase(node, file: file, context: context, depth: 0) else {
            throw ScenarioError(context.log.sorted)
        }
        var document = merged
        for (path, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let patched = NodePatch.setting(document, path: path, to: value) else {
                throw ScenarioError([Diagnostic(file: file, line: nil, column: nil, field: path,
                                                message: "no number at this path to set (check the calibration parameter)")])
            }
            document = patched
        }
        let root = Field(node: document, path: "", file: rootFile, source: nil, context: context)
        let reader = ScenarioReader(context: context)
        let scenario = reader.read(root)
        guard context.log.isEmpty, var scenario else { throw ScenarioError(context.log.sorted) }
        scenario.parameters = context.parameters
        var hasher = SHA256()
        for f in context.files { hasher.update(data: f.bytes) }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return LoadedScenario(scenario: scenario, file: file, sha256: hex)
    }
}

extension ScenarioLoader {
    /// Lays a variant over its `base:` file (recursively). Returns the merged
    /// document and the file of its root (the deepest base).
    static func resolveBase(_ node: Node, file: String, context: ReadContext, depth: Int) -> (Node, String)? {
        guard case let .mapping(m) = node, let baseNode = m["base"] else { return (node, file) }
        let field = Field(node: baseNode, path: "base", file: file, source: nil, context: context)
        guard depth < 8 else {
            field.error("too many nested `base:` files (more than 8); is there a cycle?")
            return nil
        }
        guard let path = field.string() else { return nil }
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            field.error("expected the path of the base scenario (a YAML file), found `\(path)`")
            return nil
        }
        guard let (name, text) = context.readText(path, from: field),
              let baseRoot = composeYAML(text, file: name, log: context.log),
              let (base, rootFile) = resolveBase(baseRoot, file: name, context: context, depth: depth + 1) else { return nil }
        var top = m
        top["base"] = nil
        var origins = context.overlayFiles
        let merged = ScenarioOverlay.merge(base: base, over: .mapping(top), path: "", topFile: file, origins: &origins)
        context.overlayFiles = origins
        return (merged, rootFile)
    }
}

/// Turns checked nodes into the scenario model.
struct ScenarioReader {
    let context: ReadContext

    static let topKeys = ["scenario", "description", "period", "replications", "seed", "region", "regions",
                          "intake", "access", "stay", "lasting_need_share", "waiting", "reentry", "legacy",
                          "wlz_transfer", "finance", "base", "observed", "calibration", "cohort_year", "segments"]

    func read(_ root: Field) -> Scenario? {
        guard let top = root.mapping(allowed: Self.topKeys, required: ["scenario", "period"]) else { return nil }
        let name = top["scenario"].flatMap(scenarioName)
        let description = top["description"]?.string() ?? ""
        let period = top["period"].flatMap(readPeriod)
        let replications = top["replications"]?.integer(in: 1...10_000_000) ?? 1000
        let seed = top["seed"]?.integer(in: 0...Int.max).map { UInt64($0) } ?? 1

        var regions: [Region]?
        switch (top["region"], top["regions"]) {
        case let (r?, nil): regions = readRegion(r).map { [$0] }
        case let (nil, list?):
            let items = list.sequence() ?? []
            if items.isEmpty, list.sequence() != nil { list.error("expected at least one region") }
            let read = items.map(readRegion)
            regions = read.contains { $0 == nil } ? nil : read.compactMap { $0 }
            if let names = regions?.map(\.name), Set(names).count != names.count {
                list.error("region names must be unique")
            }
        case (_?, _?):
            top.owner.error("give either `region` (one) or `regions` (a list), not both")
        case (nil, nil):
            top.owner.error("missing required field `regions` (or `region`)")
        }

        var bw: IntakeSpec?, mo: IntakeSpec?
        var bwExtra = 0.0
        if let intake = top["intake"].flatMap(included), let m = intake.mapping(allowed: ["bw", "mo", "bw_extra"]) {
            bw = m["bw"].flatMap(readIntake)
            mo = m["mo"].flatMap(readIntake)
            if let e = m["bw_extra"], let em = e.mapping(allowed: ["per_year"], required: ["per_year"]) {
                bwExtra = em["per_year"]?.nonNegative() ?? 0
            }
        }
        let access = top["access"].flatMap(included).flatMap(readAccess)
            ?? YearPath(constant: AccessShares(intramural: 1, tussenvorm: 0, ambulant: 0))
        let stays = top["stay"].flatMap(included).flatMap(readStays) ?? [:]
        let lastingNeed = top["lasting_need_share"]?.probability() ?? 0

        var patience: Distribution?
        if let w = top["waiting"].flatMap(included), let m = w.mapping(allowed: ["patience"]) {
            patience = m["patience"].flatMap { readDistribution($0) }
        }
        var reentry: ReentrySpec?
        if let r = top["reentry"].flatMap(included),
           let m = r.mapping(allowed: ["probability", "delay"], required: ["probability", "delay"]),
           let p = m["probability"]?.probability(), let d = m["delay"].flatMap({ readDistribution($0) }) {
            reentry = ReentrySpec(probability: p, delay: d)
        }
        var window = 365.0
        var indication: Distribution?
        var leaveAtReindication = 0.0
        if let l = top["legacy"].flatMap(included),
           let m = l.mapping(allowed: ["indication_remaining", "return_window_days", "leave_at_reindication"]) {
            indication = m["indication_remaining"].flatMap { readDistribution($0) }
            window = m["return_window_days"]?.nonNegative() ?? 365
            leaveAtReindication = m["leave_at_reindication"]?.probability() ?? 0
        }
        let transfer = period.flatMap { p in top["wlz_transfer"].flatMap { readTransfer($0, startYear: p.start) } }
        var finance: FinanceSpec?
        if let f = top["finance"].flatMap(included) {
            finance = readFinance(f)
            if finance != nil, let regions {
                for (r, region) in regions.enumerated() {
                    if region.municipalities.contains(where: { $0.objectiveShare == nil }) {
                        f.error("finance needs `objective_share` for every municipality; region `\(region.name)` lacks it")
                    }
                    if region.budget == nil {
                        f.error("finance needs a `budget` for every region; regions[\(r)] (`\(region.name)`) has none")
                    }
                }
            }
            if finance == nil { return nil }
        }

        let segments = top["segments"].flatMap(included).flatMap { readSegments($0, stays: stays) }
        if top["segments"] != nil && segments == nil { return nil }
        let observed = top["observed"].flatMap(included).flatMap(readObserved) ?? []
        let calibration = top["calibration"].flatMap(included).flatMap(readCalibration)

        guard let name, let period, let regions else { return nil }
        var scenario = Scenario(name: name, description: description, startYear: period.start, endYear: period.end,
                        replications: replications, seed: seed, regions: regions, bwIntake: bw,
                        bwExtraPerYear: bwExtra, moIntake: mo,
                        access: access, stays: stays, lastingNeedShare: lastingNeed, patience: patience,
                        reentry: reentry, legacyReturnWindowDays: window, legacyIndicationRemaining: indication,
                        wlzTransfer: transfer, finance: finance)
        scenario.legacyLeaveAtReindication = leaveAtReindication
        scenario.segments = segments ?? []
        if let c = top["cohort_year"], let year = c.integer(in: period.start...period.end,
                                                              expected: "a year of the period (\(period.start)–\(period.end))") {
            scenario.cohortYear = year
        }
        scenario.observed = observed
        scenario.calibration = calibration
        return scenario
    }

    /// A section given as a path to a YAML file is read from that file.
    func included(_ f: Field) -> Field? {
        guard case let .scalar(s) = f.node else { return f }
        let path = s.string
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            f.error("expected a mapping or the path of a YAML file, found \(f.found)")
            return nil
        }
        guard let (name, text) = context.readText(path, from: f),
              let node = composeYAML(text, file: name, log: context.log) else { return nil }
        return Field(node: node, path: f.path, file: name, source: f.source, context: context)
    }

    func scenarioName(_ f: Field) -> String? {
        guard let s = f.string() else { return nil }
        let ok = s.unicodeScalars.allSatisfy { CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_").contains($0) }
        guard ok else {
            f.error("expected a name of lower-case letters, digits, `-` and `_` (it names the output folder), found `\(s)`")
            return nil
        }
        return s
    }

    func readPeriod(_ f: Field) -> (start: Int, end: Int)? {
        guard let m = f.mapping(allowed: ["start_year", "end_year"], required: ["start_year", "end_year"]),
              let s = m["start_year"]?.integer(in: 1990...2100),
              let e = m["end_year"]?.integer(in: 1990...2100) else { return nil }
        guard s <= e else { m["end_year"]?.error("expected a year ≥ start_year (\(s)), found \(e)"); return nil }
        return (s, e)
    }

    // MARK: Regions

    func readRegion(_ f: Field) -> Region? {
        guard let m = f.mapping(allowed: ["name", "centrumgemeente", "municipalities", "unknown_origin_share",
                                          "initial", "capacity", "dwellings_per_year", "budget"],
                                required: ["name", "centrumgemeente", "municipalities"]) else { return nil }
        let name = m["name"]?.string()
        let centre = m["centrumgemeente"]?.string()
        let municipalities = m["municipalities"].flatMap(readMunicipalities)
        if let centre, let municipalities, !municipalities.contains(where: { $0.name == centre }) {
            m["centrumgemeente"]?.error("expected one of the region's municipalities (\(municipalities.map(\.name).joined(separator: ", "))), found `\(centre)`")
        }
        let unknown = m["unknown_origin_share"]?.probability() ?? 0
        var initial = InitialStock()
        if let i = m["initial"].flatMap(included),
           let im = i.mapping(allowed: CareState.allCases.map(\.key) + ["waiting"]) {
            for state in CareState.allCases {
                if let n = im[state.key]?.integer(in: 0...10_000_000) { initial.inCare[state] = n }
            }
            if let w = im["waiting"], let wm = w.mapping(allowed: CareState.allCases.map(\.key)) {
                for state in CareState.allCases {
                    if let n = wm[state.key]?.integer(in: 0...10_000_000) { initial.waiting[state] = n }
                }
            }
        }
        var capacity: [CareState: YearPath<Double>] = [:]
        if let c = m["capacity"].flatMap(included), let cm = c.mapping(allowed: CareState.allCases.map(\.key)) {
            for state in CareState.allCases {
                if let p = cm[state.key].flatMap({ readYearPath($0, expected: "a number of places ≥ 0") }) {
                    capacity[state] = p
                }
            }
        }
        let dwellings = m["dwellings_per_year"].flatMap { readYearPath($0, expected: "a number of dwellings ≥ 0") }
        var budget: RegionBudget?
        if let b = m["budget"].flatMap(included), let bm = b.mapping(allowed: ["bw", "mo"], required: ["bw"]) {
            let bw = bm["bw"].flatMap { readYearPath($0, expected: "euro per year ≥ 0") }
            let mo = bm["mo"].flatMap { readYearPath($0, expected: "euro per year ≥ 0") } ?? YearPath(constant: 0)
            budget = bw.map { RegionBudget(bw: $0, mo: mo) }
        }
        guard let name, let centre, let municipalities else { return nil }
        return Region(name: name, centrumgemeente: centre, municipalities: municipalities,
                      unknownOriginShare: unknown, initial: initial, capacity: capacity, dwellingsPerYear: dwellings,
                      budget: budget)
    }

    /// A list in the YAML, or a CSV file with columns name, population[, objective_share].
    func readMunicipalities(_ f: Field) -> [Municipality]? {
        var result: [Municipality] = []
        var nameLines: [(String, Field?, Int?)] = []
        var failed = false
        let columns = ["name", "population", "objective_share", "places_share"]
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
                let share = shareColumn("objective_share"), places = shareColumn("places_share")
                context.record(ParameterRecord(path: "\(f.path)[\(name)].population", value: popText, source: f.source ?? file))
                nameLines.append((name, nil, row.line))
                result.append(Municipality(name: name, population: pop ?? 1, objectiveShare: share, placesShare: places))
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
                let share = m["objective_share"]?.probability()
                let places = m["places_share"]?.probability()
                if (m["objective_share"] != nil && share == nil) || (m["places_share"] != nil && places == nil) { failed = true }
                guard let name, let pop else { failed = true; continue }
                nameLines.append((name, item, nil))
                result.append(Municipality(name: name, population: pop, objectiveShare: share, placesShare: places))
            }
            checkNames(nameLines, file: f.file, field: f)
        }
        for (column, values) in [("objective_share", result.map(\.objectiveShare)), ("places_share", result.map(\.placesShare))] {
            let shares = values.compactMap { $0 }
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

    private func checkNames(_ names: [(String, Field?, Int?)], file: String, field: Field) {
        var seen = Set<String>()
        for (name, item, line) in names where !seen.insert(name).inserted {
            if let item { item.error("duplicate municipality `\(name)`") } else {
                context.log.add(Diagnostic(file: file, line: line, column: nil, field: "name", message: "duplicate municipality `\(name)`"))
            }
        }
    }

    // MARK: Paths over years

    /// A number, or a mapping from years to numbers (interpolated in between).
    /// A mapping from years (1990–2100, increasing) to values read by `value`.
    func readByYear<T>(_ f: Field, value: (Field) -> T?) -> [(year: Int, value: T)]? {
        guard let entries = f.freeMapping() else { return nil }
        var points: [(year: Int, value: T)] = []
        var ok = true
        for (key, field) in entries {
            guard let year = Int(key), (1990...2100).contains(year) else {
                field.error("expected a year (1990–2100) as key, found `\(key)`")
                ok = false
                continue
            }
            if let last = points.last?.year, year <= last {
                field.error("years must be in increasing order; \(year) follows \(last)")
                ok = false
            }
            guard let v = value(field) else { ok = false; continue }
            points.append((year, v))
        }
        if entries.isEmpty { f.error("expected at least one year"); ok = false }
        return ok ? points : nil
    }

    /// A number, or a mapping from years to numbers (interpolated in between).
    func readYearPath(_ f: Field, expected: String) -> YearPath<Double>? {
        let read = { (field: Field) in field.number(in: 0...Double.greatestFiniteMagnitude, expected: expected) }
        if case .mapping(let m) = f.node, m["value"] == nil {
            return readByYear(f, value: read).map { YearPath($0) }
        }
        return read(f).map { YearPath(constant: $0) }
    }

    // MARK: Flows

    func readIntake(_ f: Field) -> IntakeSpec? {
        guard let m = f.mapping(allowed: ["rate_per_10k", "trend_per_year", "dispersion_shape"],
                                required: ["rate_per_10k"]) else { return nil }
        let rate = m["rate_per_10k"].flatMap { readYearPath($0, expected: "arrivals per 10,000 inhabitants per year, ≥ 0") }
        let trend = m["trend_per_year"]?.number(in: -0.99...10, expected: "a relative change per year in (−1, 10]") ?? 0
        let shape = m["dispersion_shape"]?.positive()
        if m["dispersion_shape"] != nil && shape == nil { return nil }
        guard let rate else { return nil }
        return IntakeSpec(ratePer10k: rate, trendPerYear: trend, dispersionShape: shape)
    }

    func readAccess(_ f: Field) -> YearPath<AccessShares>? {
        guard case let .mapping(m) = f.node else {
            f.error("expected access shares or a mapping from years to shares, found \(f.found)")
            return nil
        }
        let byYear = m.keys.contains { Int($0.scalar?.string ?? "") != nil }
        if !byYear { return readShares(f).map { YearPath(constant: $0) } }
        return readByYear(f, value: readShares).map { YearPath($0) }
    }

    func readShares(_ f: Field) -> AccessShares? {
        let keys = ["intramural", "tussenvorm", "ambulant", "diverted"]
        guard let m = f.mapping(allowed: keys) else { return nil }
        var values: [String: Double] = [:]
        var ok = true
        for k in keys {
            if let field = m[k] {
                if let v = field.probability() { values[k] = v } else { ok = false }
            }
        }
        guard ok else { return nil }
        let sum = values.values.reduce(0, +)
        guard abs(sum - 1) <= 1e-6 else {
            f.error("expected shares summing to 1 (within 1e-6), found a sum of \(String(format: "%.6g", sum))")
            return nil
        }
        return AccessShares(intramural: values["intramural"] ?? 0, tussenvorm: values["tussenvorm"] ?? 0,
                            ambulant: values["ambulant"] ?? 0, diverted: values["diverted"] ?? 0)
    }

    /// `segments: {name: {share: …, stay: {state: {route: distribution}}}}`.
    func readSegments(_ f: Field, stays: [CareState: [Route]]) -> [Segment]? {
        guard let entries = f.freeMapping() else { return nil }
        var result: [Segment] = []
        var ok = true
        for (name, field) in entries {
            guard let m = field.mapping(allowed: ["share", "stay"], required: ["share"]),
                  let share = m["share"]?.probability() else { ok = false; continue }
            var merged = stays
            if let s = m["stay"] {
                guard let own = readStays(s) else { ok = false; continue }
                for (state, routes) in own {
                    let replaced = Set(routes.map(\.destination))
                    merged[state] = (stays[state] ?? []).filter { !replaced.contains($0.destination) } + routes
                }
            }
            result.append(Segment(name: name, share: share, stays: merged))
        }
        if entries.count > 255 { f.error("expected at most 255 segments"); ok = false }
        let sum = result.map(\.share).reduce(0, +)
        if ok && abs(sum - 1) > 1e-6 {
            f.error("expected segment shares summing to 1 (within 1e-6), found a sum of \(String(format: "%.6g", sum))")
            ok = false
        }
        return ok && !result.isEmpty ? result : nil
    }

    func readStays(_ f: Field) -> [CareState: [Route]]? {
        guard let m = f.mapping(allowed: CareState.allCases.map(\.key)) else { return nil }
        var stays: [CareState: [Route]] = [:]
        var ok = true
        for state in CareState.allCases {
            guard let sf = m[state.key] else { continue }
            let allowed = Destination.routeKeys.keys.filter { $0 != state.key }.sorted()
            guard let rm = sf.mapping(allowed: allowed) else { ok = false; continue }
            var routes: [Route] = []
            for key in rm.order {
                guard let rf = rm[key], let destination = Destination.routeKeys[key] else { continue }
                var lastingOnly = false
                guard let d = readDistribution(rf, appliesTo: &lastingOnly) else { ok = false; continue }
                routes.append(Route(destination: destination, distribution: d, lastingNeedOnly: lastingOnly))
            }
            stays[state] = routes
        }
        return ok ? stays : nil
    }

    func readTransfer(_ f: Field, startYear: Int) -> WlzTransfer? {
        guard let m = f.mapping(allowed: ["date", "share", "applies_to", "from"], required: ["date", "share"]) else { return nil }
        let share = m["share"]?.probability()
        var day: Double?
        if let df = m["date"], let text = df.string() {
            if let d = CivilDate(text) {
                day = Double(d.daysSinceEpoch - CivilDate(year: startYear, month: 1, day: 1).daysSinceEpoch)
                if day! < 0 { df.error("expected a date on or after the start of the period (\(startYear)-01-01), found \(text)"); day = nil }
            } else {
                df.error("expected a date as YYYY-MM-DD, found `\(text)`")
            }
        }
        var lastingOnly = true
        if let a = m["applies_to"] { lastingOnly = readAppliesTo(a) ?? true }
        var from: [CareState] = [.intramural]
        if let ff = m["from"], let items = ff.sequence() {
            from = items.compactMap { item in
                guard let s = item.string() else { return nil }
                guard let st = CareState.allCases.first(where: { $0.key == s }) else {
                    item.error("expected a care state (\(CareState.allCases.map(\.key).joined(separator: ", "))), found `\(s)`")
                    return nil
                }
                return st
            }
        }
        guard let share, let day else { return nil }
        return WlzTransfer(day: day, share: share, lastingNeedOnly: lastingOnly, from: from)
    }

    func readAppliesTo(_ f: Field) -> Bool? {
        switch f.string() {
        case "lasting_need": return true
        case "all": return false
        case nil: return nil
        case let s?: f.error("expected `lasting_need` or `all`, found `\(s)`"); return nil
        }
    }

    // MARK: Distributions

    func readDistribution(_ f: Field) -> Distribution? {
        var unused = false
        return readDistribution(f, appliesTo: &unused, allowAppliesTo: false)
    }

    /// `{gamma: {mean_years: 4.5, shape: 1.5}, applies_to: lasting_need, source: …}`.
    func readDistribution(_ f: Field, appliesTo lastingOnly: inout Bool, allowAppliesTo: Bool = true) -> Distribution? {
        let kinds = ["exponential", "gamma", "weibull", "lognormal", "empirical", "fixed"]
        guard let m = f.mapping(allowed: kinds + (allowAppliesTo ? ["applies_to"] : [])) else { return nil }
        if let a = m["applies_to"], let v = readAppliesTo(a) { lastingOnly = v }
        let given = kinds.filter { m[$0] != nil }
        guard given.count == 1, let kind = given.first, let p = m[kind] else {
            f.error("expected exactly one distribution (\(kinds.joined(separator: ", "))), found \(given.isEmpty ? "none" : given.joined(separator: " and "))")
            return nil
        }
        let y = Distribution.daysPerYear
        switch kind {
        case "exponential":
            guard let pm = p.mapping(allowed: ["mean_years"], required: ["mean_years"]),
                  let mean = pm["mean_years"]?.positive() else { return nil }
            return .exponential(mean: mean * y)
        case "gamma":
            guard let pm = p.mapping(allowed: ["mean_years", "shape"], required: ["mean_years", "shape"]) else { return nil }
            let mean = pm["mean_years"]?.positive(), shape = pm["shape"]?.positive()
            guard let mean, let shape else { return nil }
            return .gamma(shape: shape, scale: mean * y / shape)
        case "weibull":
            guard let pm = p.mapping(allowed: ["scale_years", "shape"], required: ["scale_years", "shape"]) else { return nil }
            let scale = pm["scale_years"]?.positive(), shape = pm["shape"]?.positive()
            guard let scale, let shape else { return nil }
            return .weibull(scale: scale * y, shape: shape)
        case "lognormal":
            guard let pm = p.mapping(allowed: ["mean_years", "sigma"], required: ["mean_years", "sigma"]) else { return nil }
            let mean = pm["mean_years"]?.positive(), sigma = pm["sigma"]?.positive()
            guard let mean, let sigma else { return nil }
            return .lognormal(mu: log(mean * y) - sigma * sigma / 2, sigma: sigma)
        case "fixed":
            guard let pm = p.mapping(allowed: ["years"], required: ["years"]),
                  let v = pm["years"]?.nonNegative() else { return nil }
            return .fixed(v * y)
        default:  // empirical
            guard let pm = p.mapping(allowed: ["years", "cumulative"], required: ["years", "cumulative"]),
                  let xs = pm["years"]?.sequence(), let ps = pm["cumulative"]?.sequence() else { return nil }
            let x = xs.map { $0.nonNegative() }, c = ps.map { $0.probability() }
            guard !x.contains(where: { $0 == nil }), !c.contains(where: { $0 == nil }) else { return nil }
            let xv = x.compactMap { $0 }, cv = c.compactMap { $0 }
            guard !xv.isEmpty, xv.count == cv.count else {
                p.error("expected `years` and `cumulative` lists of the same, non-zero length, found \(xv.count) and \(cv.count)")
                return nil
            }
            guard zip(xv, xv.dropFirst()).allSatisfy({ $0 < $1 }), zip(cv, cv.dropFirst()).allSatisfy({ $0 <= $1 }),
                  xv[0] > 0 else {
                p.error("expected strictly increasing positive `years` and non-decreasing `cumulative`")
                return nil
            }
            guard abs(cv.last! - 1) <= 1e-9 else {
                p.error("expected the last cumulative probability to be 1, found \(cv.last!)")
                return nil
            }
            return .empirical(points: xv.map { $0 * y }, cumulative: cv)
        }
    }
}
