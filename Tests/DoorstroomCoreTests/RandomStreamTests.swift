import CGSL
import Testing
@testable import DoorstroomCore

@Suite("Random streams")
struct RandomStreamTests {
    @Test("the generator is xoshiro256** (reference outputs for state 1, 2, 3, 4)")
    func referenceOutputs() {
        let stream = RandomStream(seed: 0)
        let state = gsl_rng_state(stream.generator)!.assumingMemoryBound(to: UInt64.self)
        for i in 0..<4 { state[i] = UInt64(i + 1) }
        let outputs = (0..<4).map { _ in stream.nextUInt64() }
        #expect(outputs == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test("the same key gives the same draws; a reseed restarts the stream")
    func reproducible() {
        let key = StreamKey(masterSeed: 20220101, replication: 17, region: 3, purpose: .arrivals(municipality: 2, kind: 0))
        let a = RandomStream(key: key), b = RandomStream(key: key)
        let drawsA = (0..<100).map { _ in a.gamma(shape: 1.5, scale: 2) }
        let drawsB = (0..<100).map { _ in b.gamma(shape: 1.5, scale: 2) }
        #expect(drawsA == drawsB)
        a.reseed(key: key)
        #expect((0..<100).map { _ in a.gamma(shape: 1.5, scale: 2) } == drawsA)
    }

    @Test("every component of a key changes the stream")
    func componentsMatter() {
        let base = StreamKey(masterSeed: 1, replication: 0, region: 0, purpose: .initialPopulation)
        var variants = [base]
        var k = base; k.masterSeed = 2; variants.append(k)
        k = base; k.replication = 1; variants.append(k)
        k = base; k.region = 1; variants.append(k)
        k = base; k.purpose = .custom(0); variants.append(k)
        k = base; k.purpose = .client(municipality: 0, kind: 0, serial: 0); variants.append(k)
        k = base; k.purpose = .client(municipality: 0, kind: 0, serial: 1); variants.append(k)
        k = base; k.purpose = .client(municipality: 1, kind: 0, serial: 0); variants.append(k)
        #expect(Set(variants.map(\.seed)).count == variants.count)
    }

    @Test("10^6 derived streams have 10^6 distinct first draws")
    func noCollisions() {
        let stream = RandomStream(seed: 0)
        var firsts = Set<UInt64>(minimumCapacity: 1_000_000)
        for replication in 0..<250_000 {
            for region in 0..<4 {
                stream.reseed(key: StreamKey(masterSeed: 7, replication: replication, region: region, purpose: .initialPopulation))
                firsts.insert(stream.nextUInt64())
            }
        }
        #expect(firsts.count == 1_000_000)
    }

    @Test("the seed uses all 64 bits (mt19937 would not)")
    func fullSeed() {
        let a = RandomStream(seed: 1), b = RandomStream(seed: 1 | (1 << 40))
        #expect(a.nextUInt64() != b.nextUInt64())
    }
}

/// Sample moments against the distribution's, within 4 standard errors.
///
/// SE of the mean: σ/√n. SE of the sample variance: √((m₄ − s⁴)/n), with m₄
/// the sample fourth central moment (the delta-method standard error).
@Suite("GSL samplers: moments, n = 10^5, tolerance 4 standard errors")
struct SamplerMomentTests {
    static let n = 100_000

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let mean: Double
        let variance: Double
        let draw: @Sendable (RandomStream) -> Double
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let wk = 1.5, wl = 2.0
        let g1 = gsl_sf_gamma(1 + 1 / wk), g2 = gsl_sf_gamma(1 + 2 / wk)
        let lm = 0.5, ls = 0.5
        let discrete = DiscreteSampler(weights: [1, 2, 3, 4])
        return [
            Case(name: "exponential(mean 2)", mean: 2, variance: 4) { $0.exponential(mean: 2) },
            Case(name: "gamma(1.5, 2)", mean: 3, variance: 6) { $0.gamma(shape: 1.5, scale: 2) },
            Case(name: "weibull(2, 1.5)", mean: wl * g1, variance: wl * wl * (g2 - g1 * g1)) { $0.weibull(scale: 2, shape: 1.5) },
            Case(name: "lognormal(0.5, 0.5)", mean: exp(lm + ls * ls / 2),
                 variance: (exp(ls * ls) - 1) * exp(2 * lm + ls * ls)) { $0.lognormal(mu: 0.5, sigma: 0.5) },
            Case(name: "beta(2, 5)", mean: 2.0 / 7, variance: 10.0 / (49 * 8)) { $0.beta(a: 2, b: 5) },
            Case(name: "uniform(1, 3)", mean: 2, variance: 4.0 / 12) { $0.uniform(from: 1, to: 3) },
            Case(name: "poisson(5)", mean: 5, variance: 5) { Double($0.poisson(mean: 5)) },
            Case(name: "binomial(20, 0.3)", mean: 6, variance: 4.2) { Double($0.binomial(trials: 20, p: 0.3)) },
            Case(name: "negative binomial(0.4, 3)", mean: 4.5, variance: 11.25) { Double($0.negativeBinomial(p: 0.4, n: 3)) },
            Case(name: "discrete(1, 2, 3, 4)", mean: 2, variance: 1) { Double($0.discrete(discrete)) },
        ]
    }()

    @Test(arguments: cases)
    func moments(_ c: Case) {
        let stream = RandomStream(key: StreamKey(masterSeed: 99, replication: 0, region: 0, purpose: .custom(1)))
        let x = (0..<Self.n).map { _ in c.draw(stream) }
        let n = Double(Self.n)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let m4 = x.reduce(0) { $0 + pow($1 - mean, 4) } / n
        let seMean = (c.variance / n).squareRoot()
        let seVariance = ((m4 - variance * variance) / n).squareRoot()
        #expect(abs(mean - c.mean) < 4 * seMean, "mean \(mean) vs \(c.mean), SE \(seMean)")
        #expect(abs(variance - c.variance) < 4 * seVariance, "variance \(variance) vs \(c.variance), SE \(seVariance)")
    }
}

/// Kolmogorov–Smirnov against `gsl_cdf_*`, n = 10^5: reject at 1 % when
/// D·(√n + 0.12 + 0.11/√n) > 1.628 (Stephens' approximation of the critical value).
@Suite("GSL samplers: Kolmogorov–Smirnov against gsl_cdf at 1 %")
struct KolmogorovSmirnovTests {
    static let distributions: [Distribution] = [
        .exponential(mean: 2), .gamma(shape: 1.5, scale: 2), .gamma(shape: 0.7, scale: 1),
        .weibull(scale: 2, shape: 1.5), .lognormal(mu: 0.5, sigma: 0.8),
        .empirical(points: [1, 2, 5], cumulative: [0.2, 0.7, 1]),
    ]

    static func statistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let x = sample.sorted()
        let n = Double(x.count)
        var d = 0.0
        for (i, v) in x.enumerated() {
            let f = cdf(v)
            d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        return d
    }

    @Test(arguments: distributions)
    func doesNotReject(_ distribution: Distribution) {
        let stream = RandomStream(key: StreamKey(masterSeed: 5, replication: 0, region: 0, purpose: .custom(2)))
        let n = 100_000
        let d = Self.statistic((0..<n).map { _ in distribution.sample(stream) }, cdf: distribution.cdf)
        let rn = Double(n).squareRoot()
        #expect(d * (rn + 0.12 + 0.11 / rn) < 1.628, "D = \(d)")
    }

    @Test("the test has power: a gamma sample is rejected against the exponential with the same mean")
    func hasPower() {
        let stream = RandomStream(seed: 11)
        let n = 100_000
        let sample = (0..<n).map { _ in stream.gamma(shape: 1.5, scale: 2) }
        let d = Self.statistic(sample, cdf: Distribution.exponential(mean: 3).cdf)
        let rn = Double(n).squareRoot()
        #expect(d * (rn + 0.12 + 0.11 / rn) > 1.628)
    }

    @Test("Distribution.mean and upperQuantile agree with GSL")
    func meansAndQuantiles() {
        #expect(abs(Distribution.gamma(shape: 2, scale: 3).mean - 6) < 1e-12)
        #expect(abs(Distribution.empirical(points: [1, 3], cumulative: [0.5, 1]).mean - (0.5 * 0.5 + 0.5 * 2)) < 1e-12)
        let d = Distribution.weibull(scale: 2, shape: 1.5)
        #expect(abs(d.cdf(d.upperQuantile(0.1)) - 0.9) < 1e-9)
    }
}
