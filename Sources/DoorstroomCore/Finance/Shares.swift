extension Array where Element == Double {
    /// The weights scaled to sum to 1, or nil when they sum to nothing.
    var normalisedShares: [Double]? {
        let sum = reduce(0, +)
        return sum > 0 ? map { $0 / sum } : nil
    }
}

extension Region {
    /// Each municipality's share of the region's inhabitants; all to the
    /// centrumgemeente in a region without any.
    var populationShares: [Double] {
        municipalities.map { Double($0.population) }.normalisedShares
            ?? municipalities.indices.map { $0 == centrumgemeenteIndex ? 1 : 0 }
    }

    /// The table's `objective_share`s, normalised: they sum to 1 within 1e-6
    /// as read, and the budgets must add up exactly.
    var objectiveShares: [Double] { Self.normalised(municipalities.map { $0.objectiveShare ?? 0 }) }

    /// The MO objective shares: `mo_objective_share`, else `objective_share`, normalised.
    var moObjectiveShares: [Double] {
        Self.normalised(municipalities.map { $0.moObjectiveShare ?? $0.objectiveShare ?? 0 })
    }

    private static func normalised(_ raw: [Double]) -> [Double] { raw.normalisedShares ?? raw }
}
