/// The care states a scenario can put clients in: those with clients or a
/// waiting list at the start, those new applicants are sent to (the access
/// decision for BW, the shelter for MO), and every state a stay route leads
/// to from one of these. A tariff matters only for these states.
struct OccupiedStates {
    let states: Set<CareState>

    init(_ scenario: Scenario) {
        var found = Set<CareState>()
        for region in scenario.regions {
            for (state, n) in region.initial.inCare where n > 0 { found.insert(state) }
            for (state, n) in region.initial.waiting where n > 0 { found.insert(state) }
        }
        let bwIntake = scenario.bwIntake.map { $0.ratePer10k.values.contains { $0 > 0 } } ?? false
        if bwIntake || scenario.bwExtraPerYear > 0 {
            for shares in scenario.access.values {
                if shares.intramural > 0 { found.insert(.intramural) }
                if shares.tussenvorm > 0 { found.insert(.tussenvorm) }
                if shares.ambulant > 0 { found.insert(.ambulant) }
            }
        }
        if [scenario.moIntake, scenario.moFamilyIntake].contains(where: { $0?.ratePer10k.values.contains { $0 > 0 } ?? false }) {
            found.insert(.shelter)
        }
        let routeSets = [scenario.stays] + scenario.segments.map(\.stays)
        var grew = true
        while grew {
            grew = false
            for stays in routeSets {
                for (from, routes) in stays where found.contains(from) {
                    for case let .state(to) in routes.map(\.destination) where !found.contains(to) {
                        found.insert(to)
                        grew = true
                    }
                }
            }
        }
        states = found
    }

    func contains(_ state: CareState) -> Bool { states.contains(state) }
}
