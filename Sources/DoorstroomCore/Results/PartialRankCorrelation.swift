import CGSL
import Foundation

/// Partial rank correlation coefficients (PRCC) of an outcome with each of p
/// inputs, over n paired samples (Marino et al. 2008, J. Theor. Biol. 254:178).
///
/// The inputs and the outcome are replaced by their ranks (ties get their
/// average rank). For input j, the ranks of the other p − 1 inputs (and a
/// constant) are regressed out of both input j's ranks and the outcome's by
/// least squares; PRCC_j is the Pearson correlation of the two residuals.
///
/// The interval is Fisher's: z = atanh(r) is about normal with standard error
/// 1 / √(n − 3 − q) for a partial correlation controlling q variables
/// (Fisher 1924; Anderson, *An Introduction to Multivariate Statistical
/// Analysis*, §4.3); here q = p − 1, so 1 / √(n − 2 − p), and the interval is
/// tanh(z ± z₁₋α/₂ · se). It is undefined (nil) when n − 2 − p < 1.
public struct PartialRankCorrelation {
    /// One coefficient and its interval; nil fields where undefined (a
    /// constant outcome or input, or too few samples).
    public struct Estimate: Equatable, Sendable {
        public var prcc: Double?
        public var low: Double?
        public var high: Double?
        public var n: Int
    }

    /// Number of samples.
    public let n: Int
    /// Number of inputs.
    public let p: Int
    /// Per input j: its centred rank residual after regressing out the
    /// others, and an orthonormal basis of the others' centred ranks.
    private let inputResiduals: [[Double]]
    private let bases: [[[Double]]]

    /// Prepares the inputs: `inputs[j][i]` is input j in sample i.
    public init(inputs: [[Double]]) {
        p = inputs.count
        n = inputs.first?.count ?? 0
        let ranked = inputs.map { Self.centred(Self.ranks($0)) }
        var residuals: [[Double]] = []
        var bases: [[[Double]]] = []
        for j in 0..<p {
            let basis = Self.orthonormalBasis(ranked.indices.filter { $0 != j }.map { ranked[$0] })
            bases.append(basis)
            residuals.append(Self.residual(ranked[j], basis))
        }
        inputResiduals = residuals
        self.bases = bases
    }

    /// PRCC of `outcome` (one value per sample) with each input, and a
    /// `confidence` interval for each.
    public func estimates(_ outcome: [Double], confidence: Double = 0.95) -> [Estimate] {
        precondition(outcome.count == n, "one outcome per sample")
        let y = Self.centred(Self.ranks(outcome))
        let df = n - 2 - p
        let zCrit = gsl_cdf_ugaussian_Pinv((1 + confidence) / 2)
        return (0..<p).map { j in
            guard !outcome.contains(where: \.isNaN), let r = Self.correlation(inputResiduals[j], Self.residual(y, bases[j])) else {
                return Estimate(prcc: nil, low: nil, high: nil, n: n)
            }
            // With n ≤ p + 2 nothing is left to estimate the partial correlation from (docs/uncertainty.md).
            guard df >= 1 else { return Estimate(prcc: nil, low: nil, high: nil, n: n) }
            let z = atanh(min(max(r, -1), 1)), se = 1 / Double(df).squareRoot()
            return Estimate(prcc: r, low: tanh(z - zCrit * se), high: tanh(z + zCrit * se), n: n)
        }
    }

    /// Ranks 1…n, ties given the average of the ranks they share.
    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var k = i
            while k + 1 < order.count && x[order[k + 1]] == x[order[i]] { k += 1 }
            let average = Double(i + k) / 2 + 1
            for m in i...k { ranks[order[m]] = average }
            i = k + 1
        }
        return ranks
    }

    static func centred(_ x: [Double]) -> [Double] {
        guard !x.isEmpty else { return x }
        let mean = x.reduce(0, +) / Double(x.count)
        return x.map { $0 - mean }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    /// An orthonormal basis of the span of centred `columns` (modified
    /// Gram–Schmidt; a column inside the span of the earlier ones is dropped).
    static func orthonormalBasis(_ columns: [[Double]]) -> [[Double]] {
        var basis: [[Double]] = []
        for c in columns {
            let original = dot(c, c).squareRoot()
            let v = residual(c, basis)
            let norm = dot(v, v).squareRoot()
            guard norm > 1e-9 * max(original, 1e-300) else { continue }
            basis.append(v.map { $0 / norm })
        }
        return basis
    }

    /// `x` minus its projection on the orthonormal `basis`.
    static func residual(_ x: [Double], _ basis: [[Double]]) -> [Double] {
        var v = x
        for q in basis {
            let c = dot(v, q)
            for i in v.indices { v[i] -= c * q[i] }
        }
        return v
    }

    /// Pearson correlation of two centred vectors; nil if either is (numerically) zero.
    static func correlation(_ a: [Double], _ b: [Double]) -> Double? {
        let aa = dot(a, a), bb = dot(b, b)
        guard aa > 1e-12 * Double(max(a.count, 1)), bb > 1e-12 * Double(max(b.count, 1)) else { return nil }
        return min(max(dot(a, b) / (aa * bb).squareRoot(), -1), 1)
    }
}
