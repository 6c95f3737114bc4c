/// Reads the `observed` and `calibration` sections.
extension ScenarioReader {
    func readObserved(_ f: Field) -> [ObservedSeries]? {
        guard let entries = f.freeMapping() else { return nil }
        var result: [ObservedSeries] = []
        var ok = true
        let names = Metric.all.filter { !$0.finance }.map(\.name) + ["in_care_1_january"]
        for (key, field) in entries {
            let firstOfJanuary = key == "in_care_1_january"
            guard let metric = Metric.index(of: firstOfJanuary ? "in_care_end" : key), !Metric.all[metric].finance else {
                let hint = closestKey(to: key, in: names).map { " (did you mean `\($0)`?)" } ?? ""
                field.error("unknown series `\(key)`\(hint); expected a metric name or `in_care_1_january`")
                ok = false
                continue
            }
            guard let points = readYearPath(field, expected: "an observed value ≥ 0"), case .mapping = field.node else {
                if case .mapping = field.node {} else { field.error("expected a mapping from years to observed values") }
                ok = false
                continue
            }
            let values = Dictionary(uniqueKeysWithValues: zip(points.years, points.values))
            result.append(ObservedSeries(name: key, metric: metric, firstOfJanuary: firstOfJanuary, values: values,
                                         source: field.source))
        }
        return ok ? result : nil
    }

    /// - Parameter observed: the scenario's observed series, which `weights` must name.
    func readCalibration(_ f: Field, observed: [ObservedSeries]) -> CalibrationSpec? {
        guard let m = f.mapping(allowed: ["parameters", "replications", "max_iterations", "weights"], required: ["parameters"]) else { return nil }
        let replications = m["replications"]?.integer(in: 2...100_000) ?? 40
        let iterations = m["max_iterations"]?.integer(in: 1...10_000) ?? 200
        var weights: [String: Double] = [:]
        var weightsOK = true
        if let w = m["weights"] {
            if let entries = w.freeMapping() {
                let names = observed.map(\.name)
                for (name, field) in entries {
                    guard names.contains(name) else {
                        let hint = closestKey(to: name, in: names).map { " (did you mean `\($0)`?)" } ?? ""
                        field.error("`\(name)` is not an observed series\(hint); expected one of "
                                    + (names.isEmpty ? "the series under `observed` (there are none)" : names.map { "`\($0)`" }.joined(separator: ", ")))
                        weightsOK = false
                        continue
                    }
                    guard let x = field.positive() else { weightsOK = false; continue }
                    weights[name] = x
                }
            } else { weightsOK = false }
        }
        guard let entries = m["parameters"]?.freeMapping() else { return nil }
        var parameters: [CalibrationSpec.Parameter] = []
        var ok = true
        for (path, field) in entries {
            guard let pm = field.mapping(allowed: ["lower", "upper"], required: ["lower", "upper"]),
                  let lower = pm["lower"]?.number(), let upper = pm["upper"]?.number() else { ok = false; continue }
            guard lower < upper else {
                field.error("expected lower < upper, found \(lower) and \(upper)")
                ok = false
                continue
            }
            parameters.append(CalibrationSpec.Parameter(path: path, lower: lower, upper: upper))
        }
        if entries.isEmpty { m["parameters"]?.error("expected at least one parameter") }
        guard ok, weightsOK, !parameters.isEmpty else { return nil }
        return CalibrationSpec(parameters: parameters, replications: replications, maxIterations: iterations,
                               weights: weights)
    }
}
