/// A value that changes over the years: given at some years, interpolated
/// linearly between them and held constant before the first and after the
/// last. A single value holds for every year.
public struct YearPath<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The years given, strictly increasing, and their values.
    public let years: [Int]
    public let values: [Value]

    public init(_ points: [(year: Int, value: Value)]) {
        precondition(!points.isEmpty, "a YearPath needs at least one point")
        years = points.map(\.year)
        values = points.map(\.value)
    }

    public init(constant: Value) { self.init([(0, constant)]) }

    /// The surrounding points of `year` and the weight of the upper one.
    func bracket(_ year: Double) -> (lower: Int, upper: Int, weight: Double) {
        if year <= Double(years[0]) { return (0, 0, 0) }
        for i in 1..<years.count where year < Double(years[i]) {
            let w = (year - Double(years[i - 1])) / Double(years[i] - years[i - 1])
            return (i - 1, i, w)
        }
        return (years.count - 1, years.count - 1, 0)
    }
}

extension YearPath where Value == Double {
    /// The value in `year`, interpolated.
    public func value(in year: Int) -> Double {
        let (l, u, w) = bracket(Double(year))
        return values[l] * (1 - w) + values[u] * w
    }
}

extension YearPath where Value == AccessShares {
    /// The shares in `year`, interpolated share by share (sums stay 1).
    public func value(in year: Int) -> AccessShares {
        let (l, u, w) = bracket(Double(year))
        return values[l].blended(with: values[u], weight: w)
    }
}
