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
        let replications = top["replications"]?.integer(in: 1...ScenarioLimits.replications) ?? 1000
        let seed = top["seed"]?.integer(in: 0...ScenarioLimits.seed).map { UInt64($0) } ?? 1

        var regions: [Region]?
        switch (top["region"], top["regions"]) {
        case let (r?, nil): regions = readRegion(r).map { [$0] }
        case let (nil, list?):
            let items = list.sequence() ?? []
            if items.isEmpty, list.sequence() != nil { list.error("expected at least one region") }
            if items.count > ScenarioLimits.regions {
                list.error("expected at most \(ScenarioLimits.regions) regions, found \(items.count)")
            }
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
                bwExtra = em["per_year"]?.number(in: 0...ScenarioLimits.extraPerYear,
                                                 expected: "applicants per year in 0…\(Int(ScenarioLimits.extraPerYear))") ?? 0
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
            window = m["return_window_days"]?.number(in: 0...36_525, expected: "days in 0…36525") ?? 365
            leaveAtReindication = m["leave_at_reindication"]?.probability() ?? 0
            if let d = m["at_decentralisation"], let dm = d.mapping(allowed: ["indication_remaining", "leave_at_reindication"]) {
                atDecentralisation = (dm["indication_remaining"].flatMap { readDistribution($0) },
                                      dm["leave_at_reindication"]?.probability())
            }
        }
        let transfer = period.flatMap { p in top["wlz_transfer"].flatMap { readTransfer($0, startYear: p.start) } }
        // A section that fails is reported and reading goes on, so that every problem is listed at once.
        var failed = false
        var finance: FinanceSpec?
        if let f = top["finance"].flatMap(included) {
            finance = readFinance(f)
            if let finance, let regions {
                let path = top["region"] != nil ? { (_: Int) in "region" } : { (r: Int) in "regions[\(r)]" }
                for (r, region) in regions.enumerated() {
                    if region.municipalities.contains(where: { $0.objectiveShare == nil }) {
                        f.error("finance needs `objective_share` for every municipality; region `\(region.name)` lacks it")
                    }
                    checkMoney(of: region, at: path(r), finance: finance, in: f)
                }
                if let national = finance.national, let field = f.mapping(allowed: Self.financeKeys)?["national"] {
                    checkNationalShares(regions, national: national, at: field)
                }
            }
            if finance == nil { failed = true }
            if let rule = finance?.evaluation, let period {
                checkEvaluation(rule, period: period, in: f)
            }
        } else if let regions, regions.contains(where: { $0.nationalShares != nil }) {
            top.owner.error("regions give `historical_share` and `objective_share`, which need `finance` with `national`")
        }

        let segments = top["segments"].flatMap(included).flatMap { readSegments($0, stays: stays) }
        if top["segments"] != nil && segments == nil { failed = true }
        let observed = top["observed"].flatMap(included).flatMap(readObserved) ?? []
        let calibration = top["calibration"].flatMap(included).flatMap { readCalibration($0, observed: observed) }
        let diagnostics = top["diagnostics"].flatMap(readDiagnostics)
        var cohortYear: Int?
        if let c = top["cohort_year"], let period {
            cohortYear = c.integer(in: period.start...period.end, expected: "a year of the period (\(period.start)–\(period.end))")
        }
        if let regions, let period {
            checkExpectedArrivals(regions: regions, period: period, intake: [bw, mo, moFamily], extra: bwExtra, at: top)
        }

        guard !failed, let name, let period, let regions else { return nil }
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
        if let cohortYear { scenario.cohortYear = cohortYear }
        scenario.observed = observed
        scenario.calibration = calibration
        scenario.diagnostics = diagnostics ?? DiagnosticsSpec()
        return scenario
    }

    /// A region's money: its own `budget`, or with a national distribution its shares of the macro budgets.
    func checkMoney(of region: Region, at path: String, finance: FinanceSpec, in f: Field) {
        func report(_ key: String, _ message: String) { error(atFirstOf: ["\(path).\(key)"], else: f, message) }
        if finance.national != nil {
            if region.budget != nil {
                report("budget", "expected no `budget` for a region under a national distribution (`finance.national`): its money is its `historical_share` and `objective_share` of the macro budgets")
            }
            if region.nationalShares == nil {
                f.error("a national distribution (`finance.national`) needs `historical_share` and `objective_share` for every region; \(path) (`\(region.name)`) has none")
            }
        } else {
            if region.budget == nil {
                f.error("finance needs a `budget` for every region; \(path) (`\(region.name)`) has none")
            }
            if region.nationalShares != nil {
                report("historical_share", "expected `historical_share` and `objective_share` only under a national distribution (`finance.national`); a region with its own `budget` has neither")
            }
        }
    }

    /// Reports `message` at the first of `paths` that was written in a file
    /// (where the reader saw it), else at `field`.
    func error(atFirstOf paths: [String], else field: Field, _ message: String) {
        guard let path = paths.first(where: { context.locations[$0] != nil }), let at = context.locations[path] else {
            field.error(message)
            return
        }
        context.log.add(Diagnostic(file: at.file, line: at.line, column: at.column, field: path, message: message))
    }

    /// An evaluation needs a year within the period after its first, and the
    /// years it measures before it.
    func checkEvaluation(_ rule: BudgetEvaluationRule, period: (start: Int, end: Int), in f: Field) {
        // At the key if it is written, else at the evaluation (a default value has no place of its own).
        func report(_ key: String, _ message: String) {
            error(atFirstOf: ["finance.evaluation.\(key)", "finance.evaluation"], else: f, message)
        }
        if rule.firstYear <= period.start || rule.firstYear > period.end {
            report("first_year", "expected a year after the period's first year and within it (\(period.start + 1)–\(period.end)): an evaluation measures the years before it; found \(rule.firstYear)")
        } else if rule.measuredYears > rule.firstYear - period.start {
            report("measured_years", "expected at most the \(rule.firstYear - period.start) simulated year(s) before the first evaluation in \(rule.firstYear), found \(rule.measuredYears)")
        }
    }

    /// The regions' shares of the macro budgets: each kind sums to at most 1
    /// (1 for the whole country; less for a scenario of some regions).
    func checkNationalShares(_ regions: [Region], national: NationalBudget, at f: Field) {
        let shares = regions.compactMap(\.nationalShares)
        let kinds: [(String, KeyPath<NationalShares, Double>)] = [
            ("historical_share.bw", \.historicalBW), ("historical_share.mo", \.historicalMO),
            ("objective_share.bw", \.objectiveBW), ("objective_share.mo", \.objectiveMO)]
        for (name, keyPath) in kinds {
            let sum = shares.map { $0[keyPath: keyPath] }.reduce(0, +)
            if sum > 1 + 1e-6 {
                f.error("expected the regions' `\(name)` to sum to at most 1 (the whole country), found \(String(format: "%.9g", sum))")
            }
        }
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
        guard ScenarioLimits.isValidName(s) else {
            f.error("expected a name of at most \(ScenarioLimits.nameLength) lower-case letters, digits, `-` and `_` "
                    + "(it names the output folder), found `\(s)`")
            return nil
        }
        return s
    }

    func readPeriod(_ f: Field) -> (start: Int, end: Int)? {
        guard let m = f.mapping(allowed: ["start_year", "end_year"], required: ["start_year", "end_year"]) else { return nil }
        let s = m["start_year"]?.integer(in: 1990...2100), e = m["end_year"]?.integer(in: 1990...2100)
        guard let s, let e else { return nil }
        guard s <= e else { m["end_year"]?.error("expected a year ≥ start_year (\(s)), found \(e)"); return nil }
        return (s, e)
    }

    /// The expected applicants of a region in any year, all intake streams
    /// together, may not exceed ``ScenarioLimits/expectedArrivalsPerRegionYear``:
    /// the rate, the trend and the population are each within bounds, but
    /// their product need not be.
    func checkExpectedArrivals(regions: [Region], period: (start: Int, end: Int), intake: [IntakeSpec?],
                               extra: Double, at top: Mapping) {
        let limit = ScenarioLimits.expectedArrivalsPerRegionYear
        for region in regions {
            for year in period.start...period.end {
                let total = IntakeSpec.expectedArrivals(of: intake, extraPerYear: extra, population: region.population,
                                                        year: year, startYear: period.start)
                guard total > limit else { continue }
                (top["intake"] ?? top.owner).error(
                    "expected at most \(Int(limit)) applicants per region per year (rate × population / 10,000 × "
                    + "(1 + trend)^years), found \(String(format: "%.3g", total)) for region `\(region.name)` in \(year)")
                return
            }
        }
    }

    // MARK: Paths over years

    /// A number, or a mapping from years to numbers (interpolated in between).
    /// A mapping from years (1990–2100, increasing) to values read by `value`.
    func readByYear<T>(_ f: Field, value: (Field) -> T?) -> [(year: Int, value: T)]? {
        // An `{uncertain: …}` that could not be read is reported at its own place, not again as a year path.
        if f.isUncertain { return nil }
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
    func readYearPath(_ f: Field, expected: String, max: Double = ScenarioLimits.euro) -> YearPath<Double>? {
        let read = { (field: Field) in field.number(in: 0...max, expected: expected) }
        if case .mapping(let m) = f.node, m["value"] == nil {
            return readByYear(f, value: read).map { YearPath($0) }
        }
        return read(f).map { YearPath(constant: $0) }
    }
}
