import Foundation
import Yams

/// Turns checked nodes into the scenario model.
struct ScenarioReader {
    let context: ReadContext

    static let topKeys = ["scenario", "description", "period", "replications", "seed", "region", "regions",
                          "intake", "access", "stay", "lasting_need_share", "waiting", "reentry", "legacy",
                          "wlz_transfer", "finance", "base", "observed", "calibration", "cohort_year", "segments",
                          "diagnostics"]

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

        var bw: IntakeSpec?, mo: IntakeSpec?, moFamily: IntakeSpec?
        var bwExtra = 0.0
        if let intake = top["intake"].flatMap(included), let m = intake.mapping(allowed: ["bw", "mo", "mo_family", "bw_extra"]) {
            bw = m["bw"].flatMap(readIntake)
            mo = m["mo"].flatMap(readIntake)
            moFamily = m["mo_family"].flatMap(readIntake)
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
        let reentry = top["reentry"].flatMap(included).flatMap(readReentry) ?? [:]
        var window = 365.0
        var indication: Distribution?
        var leaveAtReindication = 0.0
        var atDecentralisation: (indication: Distribution?, leave: Double?) = (nil, nil)
        if let l = top["legacy"].flatMap(included),
           let m = l.mapping(allowed: ["indication_remaining", "return_window_days", "leave_at_reindication", "at_decentralisation"]) {
            indication = m["indication_remaining"].flatMap { readDistribution($0) }
            window = m["return_window_days"]?.nonNegative() ?? 365
            leaveAtReindication = m["leave_at_reindication"]?.probability() ?? 0
            if let d = m["at_decentralisation"], let dm = d.mapping(allowed: ["indication_remaining", "leave_at_reindication"]) {
                atDecentralisation = (dm["indication_remaining"].flatMap { readDistribution($0) },
                                      dm["leave_at_reindication"]?.probability())
            }
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
        let calibration = top["calibration"].flatMap(included).flatMap { readCalibration($0, observed: observed) }
        let diagnostics = top["diagnostics"].flatMap(readDiagnostics)

        guard let name, let period, let regions else { return nil }
        var scenario = Scenario(name: name, description: description, startYear: period.start, endYear: period.end,
                        replications: replications, seed: seed, regions: regions, bwIntake: bw,
                        bwExtraPerYear: bwExtra, moIntake: mo,
                        access: access, stays: stays, lastingNeedShare: lastingNeed, patience: patience,
                        reentry: reentry, legacyReturnWindowDays: window, legacyIndicationRemaining: indication,
                        wlzTransfer: transfer, finance: finance)
        scenario.legacyLeaveAtReindication = leaveAtReindication
        if let finance { scenario.decentralisationYear = finance.decentralisationYear ?? finance.ingroeipad.startYear }
        scenario.decentralisationIndicationRemaining = atDecentralisation.indication
        scenario.decentralisationLeaveAtReindication = atDecentralisation.leave
        scenario.moFamilyIntake = moFamily
        scenario.segments = segments ?? []
        if let c = top["cohort_year"], let year = c.integer(in: period.start...period.end,
                                                              expected: "a year of the period (\(period.start)–\(period.end))") {
            scenario.cohortYear = year
        }
        scenario.observed = observed
        scenario.calibration = calibration
        scenario.diagnostics = diagnostics ?? DiagnosticsSpec()
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
              let node = composeYAML(text, file: name, log: context.log, path: f.path) else { return nil }
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
}
