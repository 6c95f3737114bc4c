/// Reads the `finance` section (see docs/scenario-reference.md and docs/finance.md).
extension ScenarioReader {
    static let financeKeys = ["price_index", "tariff_per_day", "waiting_support_per_day", "fixed_cost_per_place_per_year",
                              "investments", "woonplaatsbeginsel", "mo_decentralised_from", "ingroeipad",
                              "cap_per_inhabitant", "wlz", "risk_pool", "deficit_threshold_share",
                              "decentralisation_year", "mo_money_path", "fixed_cost_allocation", "residents_elsewhere_ratio",
                              "national", "cap_scope", "evaluation"]

    /// What a euro amount must be (``ScenarioLimits/euro``).
    static let euroPerYear = "euro per year in 0…10¹²"

    func readFinance(_ f: Field) -> FinanceSpec? {
        guard let m = f.mapping(allowed: Self.financeKeys, required: ["tariff_per_day", "ingroeipad"]) else { return nil }
        var ok = true
        func check<T>(_ value: T?, given field: Field?) -> T? {
            if field != nil && value == nil { ok = false }
            return value
        }
        let index = check(m["price_index"].flatMap { readYearPath($0, expected: "a price index in 0…1000", max: 1000) },
                          given: m["price_index"])
        let tariffs = check(m["tariff_per_day"].flatMap { readPerState($0, expected: "euro per client-day in 0…10¹²") }, given: m["tariff_per_day"])
        let waiting = check(m["waiting_support_per_day"]?.euro("euro per day"), given: m["waiting_support_per_day"])
        let fixed = check(m["fixed_cost_per_place_per_year"].flatMap { readPerState($0, expected: "euro per place per year in 0…10¹²") },
                          given: m["fixed_cost_per_place_per_year"])
        var investments: [Int: Double] = [:]
        if let inv = m["investments"] {
            if let points = readByYear(inv, value: { $0.euro("euro") }) {
                for p in points { investments[p.year] = p.value }
            } else { ok = false }
        }
        var woonplaatsbeginsel = true
        var originPaysYears: Double?
        var scope = FinanceSpec.WoonplaatsbeginselScope.facilities
        if let w = m["woonplaatsbeginsel"] {
            if case .mapping = w.node {
                if let wm = w.mapping(allowed: ["origin_pays_years", "scope"]) {
                    if let y = wm["origin_pays_years"] { originPaysYears = check(y.positive(), given: y) }
                    if let sf = wm["scope"] { scope = check(readChoice(sf, FinanceSpec.WoonplaatsbeginselScope.self), given: sf) ?? scope }
                } else { ok = false }
            } else if let b = w.bool() { woonplaatsbeginsel = b } else { ok = false }
        }
        var moYear: Int?
        if let mo = m["mo_decentralised_from"] {
            if case let .scalar(s) = mo.node, s.string == "never" {
                moYear = nil
            } else {
                moYear = mo.integer(in: 1990...2100, expected: "a year (1990–2100) or `never`")
                if moYear == nil { ok = false }
            }
        }
        let path = m["ingroeipad"].flatMap(readIngroeipad)
        if path == nil { ok = false }
        let cap = check(m["cap_per_inhabitant"]?.euro("euro per inhabitant"), given: m["cap_per_inhabitant"])
        var wlz: WlzSettlement?
        var wlzTarget = FinanceSpec.WlzSettlementTarget.centrumgemeente
        if let w = m["wlz"] {
            if let wm = w.mapping(allowed: ["deduction_per_year", "expected_outflow_per_year", "cost_per_client_per_year", "settlement_to"],
                                  required: ["deduction_per_year", "expected_outflow_per_year", "cost_per_client_per_year"]),
               let d = wm["deduction_per_year"].flatMap({ readYearPath($0, expected: Self.euroPerYear) }),
               let e = wm["expected_outflow_per_year"].flatMap({ readYearPath($0, expected: "clients per year in 0…10⁶", max: 1e6) }),
               let c = wm["cost_per_client_per_year"]?.euro("euro per client per year") {
                wlz = WlzSettlement(deductionPerYear: d, expectedOutflowPerYear: e, costPerClientPerYear: c)
            } else { ok = false }
            // Read on its own, so its problem is reported beside the others'.
            if case let .mapping(node) = w.node, let t = node["settlement_to"] {
                let field = w.child("settlement_to", t)
                wlzTarget = check(readChoice(field, FinanceSpec.WlzSettlementTarget.self), given: field) ?? wlzTarget
            }
        }
        let decentralisation = check(m["decentralisation_year"]?.integer(in: 1990...2100, expected: "a year (1990–2100)"),
                                     given: m["decentralisation_year"])
        let moMoney = check(m["mo_money_path"].flatMap { readChoice($0, FinanceSpec.MOMoneyPath.self) }, given: m["mo_money_path"])
        let allocation = check(m["fixed_cost_allocation"].flatMap { readChoice($0, FinanceSpec.CostAllocation.self) },
                               given: m["fixed_cost_allocation"])
        let elsewhere = check(m["residents_elsewhere_ratio"]?.number(in: 0...100, expected: "a ratio in [0, 100]"),
                              given: m["residents_elsewhere_ratio"])
        var pool: RiskPool?
        if let p = m["risk_pool"] {
            if let pm = p.mapping(allowed: ["threshold_share", "coverage"], required: ["threshold_share"]),
               let t = pm["threshold_share"]?.nonNegative() {
                let c = pm["coverage"]?.probability()
                if pm["coverage"] != nil && c == nil { ok = false }
                pool = RiskPool(thresholdShare: t, coverage: c ?? 1)
            } else { ok = false }
        }
        let threshold = check(m["deficit_threshold_share"]?.nonNegative(), given: m["deficit_threshold_share"])
        if let decentralisation, let path, decentralisation > path.startYear {
            m["decentralisation_year"]?.error("expected a year no later than ingroeipad.start_year (\(path.startYear)): the phase-in starts with the new system; found \(decentralisation)")
            ok = false
        }
        let national = check(m["national"].flatMap(readNationalBudget), given: m["national"])
        let capScope = check(m["cap_scope"].flatMap { readChoice($0, FinanceSpec.CapScope.self) }, given: m["cap_scope"])
        // Reported, but the finance is still read, so that the regions' money is checked against it too.
        if let scope = m["cap_scope"] {
            if m["national"] == nil {
                scope.error("`cap_scope` applies to a national distribution (`finance.national`); a region's own budget is capped per municipality")
            } else if m["cap_per_inhabitant"] == nil {
                scope.error("`cap_scope` needs `cap_per_inhabitant`: without a cap there is nothing to scope")
            }
        }
        if national != nil, let p = m["ingroeipad"], let path, case .legacyRunoff = path.profile {
            p.error("expected a national profile (`national-runoff`, `linear`, …), found `legacy-runoff`: under a national distribution one ingroeipad holds for the nation (000 L3295-3299), not one per region")
        }
        let evaluation = check(m["evaluation"].flatMap(readEvaluation), given: m["evaluation"])
        guard ok, let tariffs, let path else { return nil }
        var spec = FinanceSpec(priceIndex: index ?? YearPath(constant: 1), tariffPerDay: tariffs,
                               waitingSupportPerDay: waiting ?? 0, fixedCostPerPlacePerYear: fixed ?? [:],
                               investments: investments, woonplaatsbeginsel: woonplaatsbeginsel,
                               originPaysYears: originPaysYears, moDecentralisedFrom: moYear, ingroeipad: path,
                               capPerInhabitant: cap, wlz: wlz, riskPool: pool, deficitThresholdShare: threshold ?? 0.05)
        spec.decentralisationYear = decentralisation
        spec.moMoneyPath = moMoney ?? .atOnce
        spec.wlzSettlementTo = wlzTarget
        spec.fixedCostAllocation = allocation ?? .use
        spec.woonplaatsbeginselScope = scope
        spec.residentsElsewhereRatio = elsewhere ?? 0
        spec.national = national
        spec.capScope = capScope ?? .region
        spec.evaluation = evaluation
        return spec
    }

    /// `national`: the macro budgets and the specialist institutions' carve-out.
    func readNationalBudget(_ f: Field) -> NationalBudget? {
        guard let m = f.mapping(allowed: ["budget", "specialist_institutions"], required: ["budget"]) else { return nil }
        let specialist = m["specialist_institutions"].flatMap { readYearPath($0, expected: Self.euroPerYear) }
        guard let b = m["budget"], let bm = b.mapping(allowed: ["bw", "mo"], required: ["bw"]),
              let bw = bm["bw"].flatMap({ readYearPath($0, expected: Self.euroPerYear) }) else { return nil }
        let mo = bm["mo"].flatMap { readYearPath($0, expected: Self.euroPerYear) }
        if bm["mo"] != nil && mo == nil { return nil }
        if m["specialist_institutions"] != nil && specialist == nil { return nil }
        if let specialist, let s = m["specialist_institutions"] {
            // The years either path names (a constant path names none); the paths are linear in between.
            let named = Set(specialist.years + bw.years).filter { $0 >= 1990 }.sorted()
            if let year = (named.isEmpty ? [0] : named).first(where: { specialist.value(in: $0) > bw.value(in: $0) }) {
                let when = named.isEmpty ? "" : " in \(year)"
                s.error("expected at most the macro BW budget (\(Amount.euro(bw.value(in: year)))\(when)), found \(Amount.euro(specialist.value(in: year)))")
                return nil
            }
        }
        return NationalBudget(bw: bw, mo: mo ?? YearPath(constant: 0), specialistInstitutions: specialist)
    }

    /// `evaluation`: the evaluation moments that re-base the money (``BudgetEvaluationRule``).
    func readEvaluation(_ f: Field) -> BudgetEvaluationRule? {
        guard let m = f.mapping(allowed: ["first_year", "every_years", "measured_years", "gap_closed", "objective_shares_moved"],
                                required: ["first_year", "gap_closed"]) else { return nil }
        let first = m["first_year"]?.integer(in: 1990...2100, expected: "a year (1990–2100)")
        let every = m["every_years"].map { $0.integer(in: 1...50, expected: "a number of years in 1…50") }
        let measured = m["measured_years"].map { $0.integer(in: 1...50, expected: "a number of years in 1…50") }
        let closed = m["gap_closed"]?.probability()
        let moved = m["objective_shares_moved"].map { $0.probability() }
        guard let first, let closed, every != .some(nil), measured != .some(nil), moved != .some(nil) else { return nil }
        return BudgetEvaluationRule(firstYear: first, interval: (every ?? 4) ?? 4, measuredYears: (measured ?? 2) ?? 2,
                                    gapClosed: closed, sharesMoved: (moved ?? 0) ?? 0)
    }

    /// One of the named choices of `T`, written as its raw value.
    func readChoice<T: RawRepresentable & CaseIterable>(_ f: Field, _ type: T.Type) -> T? where T.RawValue == String {
        guard let s = f.string() else { return nil }
        if let v = T(rawValue: s) { return v }
        f.error("expected one of \(T.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")), found `\(s)`")
        return nil
    }

    func readPerState(_ f: Field, expected: String) -> [CareState: Double]? {
        guard let m = f.mapping(allowed: CareState.allCases.map(\.key)) else { return nil }
        var result: [CareState: Double] = [:]
        var ok = true
        for s in CareState.allCases {
            guard let field = m[s.key] else { continue }
            if let v = field.number(in: 0...ScenarioLimits.euro, expected: expected) { result[s] = v } else { ok = false }
        }
        return ok ? result : nil
    }

    func readIngroeipad(_ f: Field) -> Ingroeipad? {
        guard let m = f.mapping(allowed: ["start_year", "years", "profile"], required: ["start_year", "years"]) else { return nil }
        let start = m["start_year"]?.integer(in: 1990...2100), years = m["years"]?.integer(in: 1...50)
        guard let start, let years else { return nil }
        var profile = Ingroeipad.Profile.linear
        if let p = m["profile"] {
            if case .sequence = p.node {
                guard let items = p.sequence() else { return nil }
                let w = items.map { $0.probability() }
                guard !w.contains(where: { $0 == nil }) else { return nil }
                let weights = w.compactMap { $0 }
                guard weights.count == years else {
                    p.error("expected \(years) weights, one per year of the ingroeipad, found \(weights.count)")
                    return nil
                }
                guard zip(weights, weights.dropFirst()).allSatisfy({ $0 <= $1 }), abs(weights.last! - 1) < 1e-9 else {
                    p.error("expected non-decreasing weights ending at 1")
                    return nil
                }
                profile = .explicit(weights)
            } else {
                switch p.string() {
                case "linear": profile = .linear
                case "front-loaded": profile = .frontLoaded
                case "back-loaded": profile = .backLoaded
                case "legacy-runoff": profile = .legacyRunoff
                case "national-runoff": profile = .nationalRunoff
                case nil: return nil
                case let s?:
                    p.error("expected `linear`, `front-loaded`, `back-loaded`, `legacy-runoff`, `national-runoff` or a list of weights, found `\(s)`")
                    return nil
                }
            }
        }
        return Ingroeipad(startYear: start, years: years, profile: profile)
    }
}
