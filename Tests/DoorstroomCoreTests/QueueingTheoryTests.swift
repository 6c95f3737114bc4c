import CGSL
import Foundation
import Testing
@testable import DoorstroomCore

/// The engine against queueing theory. Each tolerance is 4 Monte Carlo
/// standard errors of the estimate, computed from the independent
/// replications themselves.
@Suite("Engine against queueing theory")
struct QueueingTheoryTests {
    static let year = Distribution.daysPerYear

    /// M/G/∞: Poisson arrivals at rate λ, any stay with mean m, no capacity
    /// limit: the number in care is Poisson(λm), so its mean and its variance
    /// are both λm. Checked on the year-end stock of the last of 20 years,
    /// when the start-date stock has long left.
    @Test("M/G/∞: mean occupancy λm and variance equal to the mean", arguments: [
        Distribution.gamma(shape: 2, scale: 1 * year),
        Distribution.lognormal(mu: log(2 * year) - 0.32, sigma: 0.8),
    ])
    func mgInfinity(_ stay: Distribution) {
        let lambda = 100.0, m = stay.mean / Self.year
        let scenario = TestSupport.singleServerScenario(
            arrivalsPerYear: lambda, stay: [Route(destination: .exit(.independent), distribution: stay)],
            initialInCare: Int(lambda * m), years: 2012...2031, replications: 1000)
        let results = MonteCarloRunner(threads: 2).run(scenario)
        let x = results.sample(region: 0, year: 19, unit: results.allUnit(region: 0), metric: Metric.occupancyEnd)
        let s = SampleSummary(x)
        let n = Double(x.count)
        let mu = lambda * m
        // Poisson(μ): var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ = μ + 3μ², σ⁴ = μ².
        let seVariance = ((mu + 2 * mu * mu) / n).squareRoot()
        #expect(abs(s.mean - mu) < 4 * (mu / n).squareRoot(), "mean \(s.mean) vs λm = \(mu)")
        #expect(abs(s.sd * s.sd - mu) < 4 * seVariance, "variance \(s.sd * s.sd) vs λm = \(mu)")
    }

    /// Erlang C probability of waiting for M/M/c with offered load a = λ/μ.
    static func erlangC(servers c: Int, load a: Double) -> Double {
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let top = term * Double(c) / (Double(c) - a)  // a^c/c! · c/(c − a)
        return top / (sum + top)
    }

    /// M/M/c, FIFO, no reneging: mean waiting-list length Lq = C·ρ/(1 − ρ)
    /// and mean wait Wq = C/(cμ − λ), averaged over years 3–30 of a 30-year run.
    @Test("M/M/c: waiting-list length and wait match Erlang C")
    func erlangCQueue() {
        let c = 10, lambda = 14.0, mu = 2.0  // per year: mean stay half a year, load 7, ρ = 0.7
        let scenario = TestSupport.singleServerScenario(
            arrivalsPerYear: lambda,
            stay: [Route(destination: .exit(.independent), distribution: .exponential(mean: Self.year / mu))],
            capacity: Double(c), initialInCare: 7, years: 2000...2029, replications: 300)
        let results = MonteCarloRunner(threads: 2).run(scenario)
        let all = results.allUnit(region: 0)
        let years = 2..<30
        var lq: [Double] = [], wq: [Double] = []
        for rep in 0..<results.replicationCount {
            var queueSum = 0.0, waitSum = 0.0, admitted = 0.0
            for y in years {
                queueSum += results.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.waitingMean)
                let n = results.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.careInflow)
                // No admission, no wait (NaN, undefined): nothing to add.
                if n > 0 { waitSum += n * results.value(region: 0, replication: rep, year: y, unit: all, metric: Metric.waitDaysMean) }
                admitted += n
            }
            lq.append(queueSum / Double(years.count))
            wq.append(waitSum / admitted / Self.year)
        }
        let C = Self.erlangC(servers: c, load: lambda / mu)
        let rho = lambda / (Double(c) * mu)
        let lqTheory = C * rho / (1 - rho), wqTheory = C / (Double(c) * mu - lambda)
        let l = TestSupport.meanAndSE(lq), w = TestSupport.meanAndSE(wq)
        #expect(abs(l.mean - lqTheory) < 4 * l.se, "Lq \(l.mean) ± \(l.se) vs \(lqTheory)")
        #expect(abs(w.mean - wqTheory) < 4 * w.se, "Wq \(w.mean) ± \(w.se) years vs \(wqTheory)")
        // Little's law on the simulated quantities themselves: Lq = λ·Wq.
        #expect(abs(l.mean - lambda * w.mean) < 4 * (l.se + lambda * w.se))
    }

    /// A stationary scenario (gamma stays, so not memoryless) started from its
    /// equilibrium stock shows no warm-up: the first year's mean occupancy is
    /// λm, and the per-replication trend over ten years is zero. A naive start
    /// (fresh stays for the stock) would lose a quarter of the stock in the
    /// first years: mean residual 1.5 years instead of 2.
    @Test("stationary start: no trend in yearly mean occupancy")
    func noWarmUp() {
        let lambda = 100.0
        let stay = Distribution.gamma(shape: 2, scale: Self.year)  // mean 2 years
        let scenario = TestSupport.singleServerScenario(
            arrivalsPerYear: lambda, stay: [Route(destination: .exit(.independent), distribution: stay)],
            initialInCare: 200, replications: 400)
        let results = MonteCarloRunner(threads: 2).run(scenario)
        let all = results.allUnit(region: 0)
        var first: [Double] = [], slopes: [Double] = []
        let years = (0..<10).map(Double.init)
        for rep in 0..<results.replicationCount {
            let occ = (0..<10).map {
                results.value(region: 0, replication: rep, year: $0, unit: all, metric: Metric.occupancyMean)
            }
            first.append(occ[0])
            var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
            years.withUnsafeBufferPointer { x in
                occ.withUnsafeBufferPointer { y in
                    _ = gsl_fit_linear(x.baseAddress, 1, y.baseAddress, 1, 10, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
                }
            }
            slopes.append(c1)
        }
        let f = TestSupport.meanAndSE(first), s = TestSupport.meanAndSE(slopes)
        #expect(abs(f.mean - 200) < 4 * f.se, "first-year mean occupancy \(f.mean) ± \(f.se) vs 200")
        #expect(abs(s.mean) < 4 * s.se, "trend \(s.mean) ± \(s.se) clients a year")
    }
}
