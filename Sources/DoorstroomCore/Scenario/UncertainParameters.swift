import CGSL
import Dispatch
import Foundation
import Yams

/// One scenario number given as a distribution, `{uncertain: {…}}`.
public struct UncertainParameter: Hashable, Sendable {
    /// The field path, as in diagnostics (`finance.tariff_per_day.intramural`).
    public var path: String
    public var distribution: ParameterDistribution
    /// The distribution as written, when it was a range (`range 10…30 (80 %), normal`).
    public var written: String?
    /// Where the `uncertain:` mapping was written.
    public var location: SourceLocation
    /// The `source:` note in force.
    public var source: String?
    /// The stream key's hash of ``path``.
    public var pathHash: UInt64 { StreamKey.pathHash(path) }
}

/// The uncertain parameters of a scenario and what is needed to read the
/// scenario again with drawn values: each replication draws every parameter
/// once, from a stream keyed by the seed, the replication and the
/// parameter's field path, substitutes the values into the scenario document
/// and reads it (see docs/uncertainty.md).
public struct UncertainParameters: Sendable {
    public let parameters: [UncertainParameter]
    /// The scenario document after bases and settings, uncertain numbers still in it.
    let document: NodeBox
    let rootFile: String
    let baseDirectory: URL
    let overlayFiles: [String: String]
    let directories: [String: URL]
    let files: FileCache

    /// The field paths, in document order.
    public var paths: [String] { parameters.map(\.path) }

    /// Replication `replication`'s drawn values, in parameter order.
    public func values(replication: Int, seed: UInt64) -> [Double] {
        parameters.map { p in
            let stream = RandomStream(key: StreamKey(masterSeed: seed, replication: replication, region: 0,
                                                     purpose: .parameter(pathHash: p.pathHash)))
            return p.distribution.value(forUniform: stream.uniform())
        }
    }

    /// The central values (medians), used to read and validate the scenario once.
    public var centralValues: [Double] { parameters.map(\.distribution.median) }

    /// The scenario of one replication: the document with that replication's
    /// draws, read again, under `base`'s name, seed and replications.
    public func scenario(replication: Int, base: Scenario) throws(ScenarioError) -> Scenario {
        var s = try read(values(replication: replication, seed: base.seed)).get()
        s.name = base.name
        s.seed = base.seed
        s.replications = base.replications
        s.parameters = base.parameters
        return s
    }

    /// The scenario with `values` in place of the uncertain numbers, or every problem found.
    func read(_ values: [Double]) -> Result<Scenario, ScenarioError> {
        let context = ReadContext(baseDirectory: baseDirectory)
        context.overlayFiles = overlayFiles
        context.directories = directories
        context.fileCache = files
        let document = Self.substitute(values, of: parameters, in: document.node)
        guard let scenario = ScenarioLoader.read(document, rootFile: rootFile, context: context) else {
            return .failure(ScenarioError(context.log.sorted))
        }
        return .success(scenario)
    }

    /// `document` with each parameter's mapping replaced by its value, written
    /// as a plain number at the mapping's place (for diagnostics).
    static func substitute(_ values: [Double], of parameters: [UncertainParameter], in document: Node) -> Node {
        var node = document
        for (p, v) in zip(parameters, values) {
            guard let segments = NodePatch.segments(p.path) else { continue }
            node = NodePatch.replacing(node, segments[...]) { old in
                .scalar(Node.Scalar("\(v)", Tag(.float), .plain, old?.mark))
            } ?? node
        }
        return node
    }

    /// Each parameter at the lowest and the highest value it can draw, the
    /// others at their medians: the first end the scenario refuses, per
    /// parameter, as an error at the `uncertain:` mapping.
    func checkEnds() -> [Diagnostic] {
        let central = centralValues
        var problems: [Diagnostic] = []
        for (i, p) in parameters.enumerated() {
            for (end, value) in [("lowest", p.distribution.lowest), ("highest", p.distribution.highest)] {
                var values = central
                values[i] = value
                guard case let .failure(error) = read(values) else { continue }
                let what = p.distribution.isBounded ? "end of its support" : "value it can draw (its \(end == "lowest" ? "0.05" : "99.95") % quantile)"
                problems.append(Diagnostic(
                    file: p.location.file, line: p.location.line, column: p.location.column, field: p.path,
                    message: "\(p.distribution)'s \(end) \(what), \(String(format: "%.6g", value)), is not a value this "
                        + "field accepts: \(Self.firstProblem(error))"))
                break
            }
        }
        return problems
    }

    /// Reads the scenario of every replication in `replications` (in
    /// parallel), so that a run never stops in the middle: the problems of
    /// the first replication whose draws together are refused (a limit on a
    /// product such as the expected applicants, or a sum), at the parameters.
    public func check(base: Scenario, replications: Range<Int>, threads: Int) -> [Diagnostic] {
        let failures = FirstFailure()
        let count = replications.count
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count {
                let r = replications.lowerBound + i
                if failures.isBefore(r), case let .failure(e) = read(values(replication: r, seed: base.seed)) {
                    failures.record(r, e)
                }
                i += workers
            }
        }
        guard let (r, error) = failures.first else { return [] }
        let drawn = zip(paths, values(replication: r, seed: base.seed)).map { "\($0) = \(String(format: "%.6g", $1))" }
        let at = parameters[0].location
        return [Diagnostic(file: at.file, line: at.line, column: at.column, field: parameters[0].path,
                           message: "replication \(r) draws \(drawn.joined(separator: ", ")), and together they are refused: "
                               + "\(Self.firstProblem(error)); narrow the distributions")]
    }

    static func firstProblem(_ error: ScenarioError) -> String {
        guard let d = error.diagnostics.first else { return "invalid" }
        return d.field.isEmpty ? d.message : "\(d.field): \(d.message)"
    }
}

/// The lowest replication whose scenario was refused, found by several threads.
private final class FirstFailure: @unchecked Sendable {
    // Invariant: `found` is only touched under `lock`.
    private let lock = NSLock()
    private var found: (Int, ScenarioError)?

    func isBefore(_ r: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return found.map { r < $0.0 } ?? true
    }

    func record(_ r: Int, _ e: ScenarioError) {
        lock.lock()
        defer { lock.unlock() }
        if found.map({ r < $0.0 }) ?? true { found = (r, e) }
    }

    var first: (Int, ScenarioError)? {
        lock.lock()
        defer { lock.unlock() }
        return found
    }
}

/// A YAML document shared read-only between threads (Yams' nodes are values,
/// but not marked `Sendable`).
final class NodeBox: @unchecked Sendable {
    // Invariant: never mutated after init; each read patches a copy.
    let node: Node
    init(_ node: Node) { self.node = node }
}

// MARK: - Reading `uncertain:` mappings

extension ScenarioLoader {
    /// Fields that may not be uncertain: they name, size or seed the run, or
    /// are data rather than parameters.
    static let certainFields: Set<String> = ["scenario", "description", "period", "replications", "seed", "cohort_year",
                                             "observed", "calibration", "diagnostics", "base"]

    /// Every `{uncertain: …}` mapping of `document`, read and checked, in
    /// document order; problems go to the context's log.
    static func collectUncertain(_ document: Node, rootFile: String, context: ReadContext) -> [UncertainParameter] {
        var found: [UncertainParameter] = []
        func walk(_ field: Field, _ source: String?) {
            switch field.node {
            case let .mapping(m):
                if m["uncertain"] != nil {
                    let top = field.path.split(separator: ".").first.map { String($0.split(separator: "[")[0]) } ?? ""
                    if certainFields.contains(top) || field.path.isEmpty {
                        field.error("`\(top)` cannot be uncertain; only model parameters (numbers of the regions, intake, "
                                    + "stays, legacy, finance, …) may be given as a distribution")
                        return
                    }
                    if let p = readUncertain(field) { found.append(p) }
                    return
                }
                var note = source
                if let s = m["source"]?.scalar?.string { note = s }
                for (k, v) in m {
                    guard let key = k.scalar?.string, key != "source" else { continue }
                    walk(field.child(key, v, source: note), note)
                }
            case let .sequence(list):
                for (i, v) in list.enumerated() { walk(field.element(i, v), source) }
            default:
                return
            }
        }
        walk(Field(node: document, path: "", file: rootFile, source: nil, context: context), nil)
        return found
    }

    /// `{uncertain: {normal: {mean: 10, sd: 2}}, source: …}`; see docs/uncertainty.md.
    static func readUncertain(_ f: Field) -> UncertainParameter? {
        guard let outer = f.mapping(allowed: ["uncertain"], required: ["uncertain"]), let spec = outer["uncertain"],
              let m = spec.mapping(allowed: ParameterDistribution.families) else { return nil }
        let given = ParameterDistribution.families.filter { m[$0] != nil }
        guard given.count == 1, let family = given.first, let p = m[family] else {
            spec.error("expected exactly one distribution (\(ParameterDistribution.families.joined(separator: ", "))), "
                       + "found \(given.isEmpty ? "none" : given.joined(separator: " and "))")
            return nil
        }
        let any = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
        let positive = Double.leastNormalMagnitude...Double.greatestFiniteMagnitude
        func numbers(_ keys: [String], _ ranges: [ClosedRange<Double>], _ expected: [String]) -> [Double]? {
            guard let pm = p.mapping(allowed: keys, required: keys) else { return nil }
            let read = zip(keys, zip(ranges, expected)).map { k, re in pm[k]?.number(in: re.0, expected: re.1) }
            guard read.allSatisfy({ $0 != nil }) else { return nil }
            return read.compactMap { $0 }
        }
        let shape = ScenarioLimits.shape, sigma = ScenarioLimits.sigma
        var distribution: ParameterDistribution?
        var written: String?
        switch family {
        case "normal":
            if let v = numbers(["mean", "sd"], [any, positive], ["a finite number", "a standard deviation > 0"]) {
                distribution = .normal(mean: v[0], sd: v[1])
            }
        case "lognormal":
            if let v = numbers(["median", "sigma"], [positive, sigma], ["a median > 0", "a sigma in \(sigma.lowerBound)…\(Int(sigma.upperBound))"]) {
                distribution = .lognormal(median: v[0], sigma: v[1])
            }
        case "gamma":
            if let v = numbers(["mean", "sd"], [positive, positive], ["a mean > 0", "a standard deviation > 0"]) {
                let k = (v[0] / v[1]) * (v[0] / v[1])
                if shape.contains(k) { distribution = .gamma(mean: v[0], sd: v[1]) } else {
                    p.error("expected mean / sd with a square (the shape) in \(shape.lowerBound)…\(Int(shape.upperBound)), found \(String(format: "%.4g", k))")
                }
            }
        case "beta":
            let e = "a shape in \(shape.lowerBound)…\(Int(shape.upperBound))"
            if let v = numbers(["a", "b"], [shape, shape], [e, e]) { distribution = .beta(a: v[0], b: v[1]) }
        case "uniform":
            if let v = numbers(["min", "max"], [any, any], ["a finite number", "a finite number"]) {
                if v[0] < v[1] { distribution = .uniform(min: v[0], max: v[1]) } else {
                    p.error("expected min < max, found \(v[0]) and \(v[1])")
                }
            }
        case "triangular":
            if let v = numbers(["min", "mode", "max"], [any, any, any], Array(repeating: "a finite number", count: 3)) {
                if v[0] < v[2], v[0] <= v[1], v[1] <= v[2] { distribution = .triangular(min: v[0], mode: v[1], max: v[2]) } else {
                    p.error("expected min ≤ mode ≤ max and min < max, found \(v[0]), \(v[1]) and \(v[2])")
                }
            }
        default:  // range
            guard let pm = p.mapping(allowed: ["low", "high", "coverage", "family"], required: ["low", "high", "coverage"]) else { return nil }
            let low = pm["low"]?.number(), high = pm["high"]?.number()
            let coverage = pm["coverage"]?.number(in: 0.5...0.999, expected: "a coverage in 0.5…0.999 (0.8 for an 80 % range)")
            let kind = pm["family"].map { $0.string() } ?? "normal"
            guard let low, let high, let coverage, let kind else { return nil }
            guard kind == "normal" || kind == "lognormal" else {
                pm["family"]?.error("expected `normal` or `lognormal`, found `\(kind)`")
                return nil
            }
            guard low < high else { p.error("expected low < high, found \(low) and \(high)"); return nil }
            // low and high are the (1 − c)/2 and (1 + c)/2 quantiles.
            let z = gsl_cdf_ugaussian_Pinv((1 + coverage) / 2)
            if kind == "normal" {
                distribution = .normal(mean: (low + high) / 2, sd: (high - low) / (2 * z))
            } else {
                guard low > 0 else { pm["low"]?.error("expected low > 0 for a lognormal range, found \(low)"); return nil }
                let s = log(high / low) / (2 * z)
                guard sigma.contains(s) else { p.error("expected a range whose sigma is in \(sigma.lowerBound)…\(Int(sigma.upperBound)), found \(String(format: "%.4g", s))"); return nil }
                distribution = .lognormal(median: (low * high).squareRoot(), sigma: s)
            }
            func n(_ x: Double) -> String { String(format: "%.6g", x) }
            written = "range \(n(low))…\(n(high)) (\(n(coverage * 100)) %), \(kind)"
        }
        guard let distribution else { return nil }
        return UncertainParameter(path: f.path, distribution: distribution, written: written,
                                  location: SourceLocation(file: f.file, line: f.line, column: f.column), source: outer.source)
    }
}
