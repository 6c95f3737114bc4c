/// What a region's client simulation needs, computed once per region and
/// shared by all its replications: calendar, capacities and expected intake per year.
struct RegionPlan: Sendable {
    let scenario: Scenario
    let region: Region
    let regionIndex: Int
    /// The municipality index of the centrumgemeente (a name search, so kept).
    let centre: Int32
    /// Day (from 1 January of the start year) on which each year starts; one
    /// more entry for the end of the period.
    let yearStartDay: [Double]
    /// Places per state per year; nil = no limit.
    let capacity: [[Int?]]
    /// Dwellings per year; nil = housing is no constraint.
    let dwellings: [Int]?
    /// Expected BW and MO arrivals per municipality per year, before dispersion.
    let bwMean: [[Double]]
    let moMean: [[Double]]
    let bwExtraMean: [[Double]]
    let moFamilyMean: [[Double]]
    /// Access shares per year.
    let access: [AccessShares]
    /// Origin weights of BW and MO clients (documented origin shares, else
    /// population), for the initial stock.
    let originWeights: (bw: [Double], mo: [Double])
    /// Where BW facility places are, for the municipality a client is housed in.
    let places: DiscreteSampler?
    /// The routes out of every state, per segment: read-only, shared by the
    /// region's replications (its quantiles take GSL's inverse CDFs to compute).
    let risks: CompetingRisks
    /// The scenario's re-entry after independence, by state left (indexed by
    /// raw value: read on every exit, where a dictionary's hashing showed).
    let reentry: [ReentrySpec?]

    /// The client side only: money is planned per finance variant in ``PaymentPlan``.
    init(scenario: Scenario, regionIndex: Int) {
        self.scenario = scenario
        self.regionIndex = regionIndex
        let region = scenario.regions[regionIndex]
        self.region = region
        centre = Int32(region.centrumgemeenteIndex)
        let start = CivilDate(year: scenario.startYear, month: 1, day: 1).daysSinceEpoch
        yearStartDay = (scenario.startYear...scenario.endYear + 1).map {
            Double(CivilDate(year: $0, month: 1, day: 1).daysSinceEpoch - start)
        }
        let years = scenario.years
        capacity = years.map { y in
            CareState.allCases.map { s in region.capacity[s].map { Int($0.value(in: y).rounded()) } }
        }
        dwellings = region.dwellingsPerYear.map { p in years.map { Int(p.value(in: $0).rounded()) } }
        let population = region.population
        func means(_ spec: IntakeSpec?, _ shares: [Double]) -> [[Double]] {
            years.map { y in
                shares.map { share in
                    guard let spec else { return 0 }
                    return spec.expectedArrivals(population: population, year: y, startYear: scenario.startYear) * share
                }
            }
        }
        let bwShares = region.originShares(\.bwOriginShare), moShares = region.originShares(\.moOriginShare)
        bwMean = means(scenario.bwIntake, bwShares)
        moMean = means(scenario.moIntake, moShares)
        moFamilyMean = means(scenario.moFamilyIntake, moShares)
        bwExtraMean = years.map { _ in bwShares.map { scenario.bwExtraPerYear * $0 } }
        originWeights = (bw: bwShares, mo: moShares)
        access = years.map { scenario.access.value(in: $0) }
        let placeShares = region.municipalities.map { $0.placesShare ?? 0 }
        places = placeShares.contains { $0 > 0 } ? DiscreteSampler(weights: placeShares) : nil
        reentry = CareState.allCases.map { scenario.reentry[$0] }
        risks = CompetingRisks.shared(staysBySegment: scenario.segments.isEmpty ? [scenario.stays] : scenario.segments.map(\.stays))
    }
}

import Foundation
