import Foundation

/// Reads the flows: intake, access, segments, stays and the Wlz transfer.
extension ScenarioReader {
    func readIntake(_ f: Field) -> IntakeSpec? {
        guard let m = f.mapping(allowed: ["rate_per_10k", "trend_per_year", "dispersion_shape"],
                                required: ["rate_per_10k"]) else { return nil }
        let rate = m["rate_per_10k"].flatMap {
            readYearPath($0, expected: "arrivals per 10,000 inhabitants per year in 0…\(Int(ScenarioLimits.ratePer10k))",
                         max: ScenarioLimits.ratePer10k)
        }
        let trendField = m["trend_per_year"]
        let trend = trendField?.number(in: (-1.0).nextUp...10, expected: "a relative change per year in (−1, 10]")
        let k = ScenarioLimits.dispersionShape
        let shapeField = m["dispersion_shape"]
        let shape = shapeField?.number(in: k, expected: "a shape in \(k.lowerBound)…\(Int(k.upperBound))")
        guard let rate, shapeField == nil || shape != nil, trendField == nil || trend != nil else { return nil }
        return IntakeSpec(ratePer10k: rate, trendPerYear: trend ?? 0, dispersionShape: shape)
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

    /// `reentry`: one `{probability, delay}` for every care state, or one per
    /// state left (`{shelter: {probability, delay}, intramural: …}`); states
    /// not named have no re-entry.
    func readReentry(_ f: Field) -> [CareState: ReentrySpec]? {
        func spec(_ f: Field) -> ReentrySpec? {
            guard let m = f.mapping(allowed: ["probability", "delay"], required: ["probability", "delay"]) else { return nil }
            // Near 1 every client comes back almost for ever: 0.99 is 99 returns a client on average.
            let p = m["probability"]?.number(in: 0...ScenarioLimits.reentryProbability, expected: "a probability in [0, 0.99]")
            let d = m["delay"].flatMap { readDistribution($0) }
            guard let p, let d else { return nil }
            return ReentrySpec(probability: p, delay: d)
        }
        // The flat form has only `probability` and `delay` (and `source`); any other key means the per-state form.
        var perState = false
        if case let .mapping(node) = f.node {
            perState = node.keys.contains { !["probability", "delay", "source"].contains($0.scalar?.string ?? "") }
        }
        if !perState {
            guard let s = spec(f) else { return nil }
            return Dictionary(uniqueKeysWithValues: CareState.allCases.map { ($0, s) })
        }
        guard let m = f.mapping(allowed: CareState.allCases.map(\.key)) else { return nil }
        var result: [CareState: ReentrySpec] = [:]
        var ok = true
        for state in CareState.allCases {
            guard let sf = m[state.key] else { continue }
            if let s = spec(sf) { result[state] = s } else { ok = false }
        }
        return ok ? result : nil
    }

    func readAppliesTo(_ f: Field) -> Bool? {
        switch f.string() {
        case "lasting_need": return true
        case "all": return false
        case nil: return nil
        case let s?: f.error("expected `lasting_need` or `all`, found `\(s)`"); return nil
        }
    }
}
