import CGSL
import Foundation

/// Fits scenario parameters to observed series (`doorstroom calibrate`).
///
/// The loss measures each observation's distance from the simulated mean in
/// units of the model's own spread of a single observation, weighted by series,
///
///     L(θ) = Σ_series w_series Σ_years (mean_sim(θ) − observed)² / max(var_sim(θ), 1),
///
/// with w from `calibration.weights` (1 when not given) and mean and variance
/// taken across `calibration.replications` replications that use the same
/// seed at every θ (common random numbers),
/// so the loss is smooth enough for GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`). Each parameter is searched on the
/// logit scale of its [lower, upper] interval. Standard errors come from the
/// curvature at the optimum, cov = 2 H⁻¹ (H the Hessian of L by central
/// differences), mapped back to each parameter's scale — an approximation that
/// treats the standardised residuals as independent with variance 1/w.
public struct Calibrator: Sendable {
    public struct Estimate: Sendable {
        public var path: String
        public var start: Double
        public var fitted: Double
        /// Approximate standard error; NaN when the curvature is not positive definite.
        public var standardError: Double
        public var lower: Double
        public var upper: Double
    }

    public struct FitRow: Sendable {
        public var series: String
        public var year: Int
        public var observed: Double
        public var summary: SampleSummary
        public var withinBand90: Bool { observed >= summary.p05 && observed <= summary.p95 }
    }

    public struct Result: Sendable {
        public var estimates: [Estimate]
        public var loss: Double
        public var iterations: Int
        public var converged: Bool
        public var fit: [FitRow]
        public var fitReplications: Int
    }

    public var path: String
    public var threads: Int
    /// Replications for the final comparison of observed and simulated series.
    public var fitReplications: Int

    public init(path: String, threads: Int, fitReplications: Int = 200) {
        self.path = path
        self.threads = threads
        self.fitReplications = fitReplications
    }

    public func run(progress: ((Int, Double) -> Void)? = nil) throws -> Result {
        let loaded = try ScenarioLoader.load(path: path)
        guard let spec = loaded.scenario.calibration else { throw CalibrationError.noCalibration(path) }
        guard !loaded.scenario.observed.isEmpty else { throw CalibrationError.noObservations(path) }
        let start = try spec.parameters.map { p -> Double in
            guard let record = loaded.scenario.parameters.first(where: { $0.path == p.path || $0.path == p.path + ".value" }),
                  let v = Double(record.value) else { throw CalibrationError.unknownPath(p.path) }
            guard v > p.lower && v < p.upper else { throw CalibrationError.startOutside(p.path, v) }
            return v
        }
        let objective = Objective(path: path, spec: spec, threads: threads)
        let n = spec.parameters.count
        let x0 = zip(spec.parameters, start).map { Objective.toSearch($1, $0) }

        // Nelder–Mead over the logit-scaled parameters.
        let box = Unmanaged.passRetained(objective)
        defer { box.release() }
        var function = gsl_multimin_function(
            f: { x, params in
                let objective = Unmanaged<Objective>.fromOpaque(params!).takeUnretainedValue()
                return objective.loss(search: (0..<x!.pointee.size).map { gsl_vector_get(x, $0) })
            },
            n: n, params: box.toOpaque())
        let x = gsl_vector_alloc(n)!, step = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x); gsl_vector_free(step) }
        for i in 0..<n {
            gsl_vector_set(x, i, x0[i])
            gsl_vector_set(step, i, 0.5)
        }
        let minimiser = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n)!
        defer { gsl_multimin_fminimizer_free(minimiser) }
        gsl_multimin_fminimizer_set(minimiser, &function, x, step)
        var iterations = 0, converged = false
        while iterations < spec.maxIterations {
            iterations += 1
            if gsl_multimin_fminimizer_iterate(minimiser) != GSL_SUCCESS { break }
            let size = gsl_multimin_fminimizer_size(minimiser)
            progress?(iterations, minimiser.pointee.fval)
            if gsl_multimin_test_size(size, 1e-3) == GSL_SUCCESS { converged = true; break }
        }
        let best = (0..<n).map { gsl_vector_get(minimiser.pointee.x, $0) }
        let fitted = zip(spec.parameters, best).map { Objective.fromSearch($1, $0) }
        let errors = objective.standardErrors(at: best)
        let estimates = spec.parameters.indices.map { i in
            Estimate(path: spec.parameters[i].path, start: start[i], fitted: fitted[i], standardError: errors[i],
                     lower: spec.parameters[i].lower, upper: spec.parameters[i].upper)
        }
        let fit = try objective.fit(at: fitted, replications: fitReplications)
        return Result(estimates: estimates, loss: minimiser.pointee.fval, iterations: iterations, converged: converged,
                      fit: fit, fitReplications: fitReplications)
    }
}

/// The loss as a function of the search variables.
private final class Objective {
    let path: String
    let spec: CalibrationSpec
    let threads: Int
    var evaluations = 0

    init(path: String, spec: CalibrationSpec, threads: Int) {
        self.path = path
        self.spec = spec
        self.threads = threads
    }

    static func toSearch(_ value: Double, _ p: CalibrationSpec.Parameter) -> Double {
        let u = (value - p.lower) / (p.upper - p.lower)
        return log(u / (1 - u))
    }

    static func fromSearch(_ x: Double, _ p: CalibrationSpec.Parameter) -> Double {
        p.lower + (p.upper - p.lower) / (1 + exp(-x))
    }

    func results(_ values: [Double], replications: Int) throws -> RunResults {
        let overrides = Dictionary(uniqueKeysWithValues: zip(spec.parameters.map(\.path), values))
        var scenario = try ScenarioLoader.load(path: path, overrides: overrides).scenario
        scenario.replications = replications
        let lastObserved = scenario.observed.flatMap { $0.values.keys }.max() ?? scenario.endYear
        scenario.endYear = max(scenario.startYear, min(scenario.endYear, lastObserved))
        scenario.finance = nil  // the fit is on clients; the decentralisation year is kept (stored in the scenario)
        return MonteCarloRunner(threads: threads).run(scenario)
    }

    func loss(search x: [Double]) -> Double {
        evaluations += 1
        let values = zip(spec.parameters, x).map { Self.fromSearch($1, $0) }
        guard let r = try? results(values, replications: spec.replications) else { return .greatestFiniteMagnitude }
        var loss = 0.0
        for series in r.scenario.observed {
            let weight = spec.weight(of: series.name)
            for (year, observed) in series.values {
                let sims = (0..<r.replicationCount).compactMap { series.simulated(r, replication: $0, year: year) }
                guard !sims.isEmpty else { continue }
                let s = SampleSummary(sims)
                let variance = s.sd.isFinite ? s.sd * s.sd : 0
                loss += weight * (s.mean - observed) * (s.mean - observed) / max(variance, 1)
            }
        }
        return loss
    }

    /// √diag(2 H⁻¹) on each parameter's own scale (delta method from the logit scale).
    func standardErrors(at x: [Double]) -> [Double] {
        let n = x.count, h = 0.05
        let f0 = loss(search: x)
        func f(_ d: [(Int, Double)]) -> Double {
            var y = x
            for (i, s) in d { y[i] += s }
            return loss(search: y)
        }
        let hessian = gsl_matrix_alloc(n, n)!, inverse = gsl_matrix_alloc(n, n)!
        let permutation = gsl_permutation_alloc(n)!
        defer { gsl_matrix_free(hessian); gsl_matrix_free(inverse); gsl_permutation_free(permutation) }
        for i in 0..<n {
            gsl_matrix_set(hessian, i, i, (f([(i, h)]) - 2 * f0 + f([(i, -h)])) / (h * h))
            for j in 0..<i {
                let v = (f([(i, h), (j, h)]) - f([(i, h), (j, -h)]) - f([(i, -h), (j, h)]) + f([(i, -h), (j, -h)])) / (4 * h * h)
                gsl_matrix_set(hessian, i, j, v)
                gsl_matrix_set(hessian, j, i, v)
            }
        }
        var sign: Int32 = 0
        guard gsl_linalg_LU_decomp(hessian, permutation, &sign) == GSL_SUCCESS,
              gsl_linalg_LU_invert(hessian, permutation, inverse) == GSL_SUCCESS else {
            return Array(repeating: .nan, count: n)
        }
        return (0..<n).map { i in
            let variance = 2 * gsl_matrix_get(inverse, i, i)
            let p = spec.parameters[i]
            let s = 1 / (1 + exp(-x[i]))
            let slope = (p.upper - p.lower) * s * (1 - s)
            return variance > 0 ? slope * variance.squareRoot() : .nan
        }
    }

    func fit(at values: [Double], replications: Int) throws -> [Calibrator.FitRow] {
        let r = try results(values, replications: replications)
        var rows: [Calibrator.FitRow] = []
        for series in r.scenario.observed {
            for year in series.values.keys.sorted() {
                let sims = (0..<r.replicationCount).compactMap { series.simulated(r, replication: $0, year: year) }
                guard !sims.isEmpty else { continue }
                rows.append(Calibrator.FitRow(series: series.name, year: year, observed: series.values[year]!,
                                              summary: SampleSummary(sims)))
            }
        }
        return rows
    }
}

public enum CalibrationError: Error, CustomStringConvertible {
    case noCalibration(String)
    case noObservations(String)
    case unknownPath(String)
    case startOutside(String, Double)

    public var description: String {
        switch self {
        case let .noCalibration(f): return "\(f): error: calibration: the scenario has no `calibration` section"
        case let .noObservations(f): return "\(f): error: observed: the scenario has no observed series to fit"
        case let .unknownPath(p): return "error: calibration.parameters.\(p): no number at this path in the scenario"
        case let .startOutside(p, v): return "error: calibration.parameters.\(p): the scenario's value \(v) is not strictly between lower and upper"
        }
    }
}

extension Calibrator.Result {
    /// `parameters.csv`: path, start, fitted, standard error, bounds.
    public var parametersCSV: String {
        "path,start,fitted,standard_error,lower,upper\n" + estimates.map {
            [CSVFormat.field($0.path), CSVFormat.statistic($0.start), CSVFormat.statistic($0.fitted),
             CSVFormat.statistic($0.standardError), CSVFormat.statistic($0.lower), CSVFormat.statistic($0.upper)]
                .joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// `fit.csv`: observed against simulated per series and year, with the 90 % band.
    public var fitCSV: String {
        "series,year,observed,mean,p05,p50,p95,within_90\n" + fit.map {
            "\($0.series),\($0.year),\(CSVFormat.statistic($0.observed)),\(CSVFormat.statistic($0.summary.mean)),"
                + "\(CSVFormat.statistic($0.summary.p05)),\(CSVFormat.statistic($0.summary.p50)),"
                + "\(CSVFormat.statistic($0.summary.p95)),\($0.withinBand90)"
        }.joined(separator: "\n") + "\n"
    }
}
