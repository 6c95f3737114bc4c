extension Array where Element == Double {
    /// The weights scaled to sum to 1, or nil when they sum to nothing.
    var normalisedShares: [Double]? {
        let sum = reduce(0, +)
        return sum > 0 ? map { $0 / sum } : nil
    }
}
