import Foundation

/// Reads duration distributions (in years; returned in days).
extension ScenarioReader {
    func readDistribution(_ f: Field) -> Distribution? {
        var unused = false
        return readDistribution(f, appliesTo: &unused, allowAppliesTo: false)
    }

    /// `{gamma: {mean_years: 4.5, shape: 1.5}, applies_to: lasting_need, source: …}`.
    /// A stay's route (`allowAppliesTo`) is at least ``ScenarioLimits/shortestStayYears``.
    func readDistribution(_ f: Field, appliesTo lastingOnly: inout Bool, allowAppliesTo: Bool = true) -> Distribution? {
        let shortest = allowAppliesTo ? ScenarioLimits.shortestStayYears : 0
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
                  let mean = pm["mean_years"]?.duration("a mean", shortest: shortest) else { return nil }
            return .exponential(mean: mean * y)
        case "gamma":
            guard let pm = p.mapping(allowed: ["mean_years", "shape"], required: ["mean_years", "shape"]) else { return nil }
            let mean = pm["mean_years"]?.duration("a mean", shortest: shortest), shape = pm["shape"]?.shape()
            guard let mean, let shape else { return nil }
            return .gamma(shape: shape, scale: mean * y / shape)
        case "weibull":
            guard let pm = p.mapping(allowed: ["scale_years", "shape"], required: ["scale_years", "shape"]) else { return nil }
            let scale = pm["scale_years"]?.duration("a scale", shortest: shortest), shape = pm["shape"]?.shape()
            guard let scale, let shape else { return nil }
            return .weibull(scale: scale * y, shape: shape)
        case "lognormal":
            guard let pm = p.mapping(allowed: ["mean_years", "sigma"], required: ["mean_years", "sigma"]) else { return nil }
            let r = ScenarioLimits.sigma
            let mean = pm["mean_years"]?.duration("a mean", shortest: shortest), sigma = pm["sigma"]?.number(in: r, expected: "a sigma in \(r.lowerBound)…\(Int(r.upperBound))")
            guard let mean, let sigma else { return nil }
            return .lognormal(mu: log(mean * y) - sigma * sigma / 2, sigma: sigma)
        case "fixed":
            guard let pm = p.mapping(allowed: ["years"], required: ["years"]),
                  let v = pm["years"]?.duration(shortest: shortest, zeroAllowed: true) else { return nil }
            return .fixed(v * y)
        default:  // empirical
            guard let pm = p.mapping(allowed: ["years", "cumulative"], required: ["years", "cumulative"]),
                  let xs = pm["years"]?.sequence(), let ps = pm["cumulative"]?.sequence() else { return nil }
            guard xs.count <= ScenarioLimits.empiricalPoints else {
                p.error("expected at most \(ScenarioLimits.empiricalPoints) points, found \(xs.count)")
                return nil
            }
            let x = xs.map { $0.number(in: 0...ScenarioLimits.longestYears, expected: "years in 0…\(Int(ScenarioLimits.longestYears))") }
            let c = ps.map { $0.probability() }
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
            // The mean of the piecewise-linear CDF through (0, 0) and the points.
            var mean = 0.0
            for i in xv.indices {
                let (x0, c0): (Double, Double) = i == 0 ? (0, 0) : (xv[i - 1], cv[i - 1])
                mean += (cv[i] - c0) * (x0 + xv[i]) / 2
            }
            guard mean >= shortest else {
                p.error("expected a mean of at least \(shortest) years for a stay, found \(String(format: "%.3g", mean))")
                return nil
            }
            return .empirical(points: xv.map { $0 * y }, cumulative: cv)
        }
    }
}
