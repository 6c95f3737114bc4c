/// The stock on the start date: placed at time 0 with equilibrium stays.
extension RegionSimulation {
    mutating func seedInitialStock() {
        let region = plan.region
        let bwOrigins = DiscreteSampler(weights: plan.originWeights.bw)
        let moOrigins = DiscreteSampler(weights: plan.originWeights.mo)
        let stream = RandomStream(key: streamBase)
        var serial: UInt64 = 0
        func newClient(_ sim: inout RegionSimulation, inCare: Bool, shelter: Bool) -> Int32 {
            let origins = shelter ? moOrigins : bwOrigins
            let seed = sim.clientSeed(.initial, municipality: 0, serial: serial)
            serial += 1
            let unknown = stream.bernoulli(region.initialUnknownOriginShare ?? region.unknownOriginShare)
            let origin = unknown ? ClientTable.unknownOrigin : Int32(stream.discrete(origins))
            let lasting = stream.bernoulli(sim.plan.scenario.lastingNeedShare)
            // Only BW clients using a place are legacy (000 L3243–3246): the waiting list is new
            // clients, and shelter days stay the centrumgemeente's until MO's own decentralisation.
            let legacy = inCare && !shelter
            let slot = sim.clients.add(origin: origin, lastingNeed: lasting, legacy: legacy, cohort: false,
                                       streamSeed: seed, time: 0)
            sim.openPayments(slot)
            sim.drawSegment(slot, from: stream)
            if legacy, let d = sim.plan.scenario.legacyIndicationRemaining {
                sim.beginDraws(slot)
                sim.scheduleIndicationEnd(slot, at: d.sample(sim.clientStream))
            }
            return slot
        }
        for s in CareState.allCases {
            for _ in 0..<(region.initial.inCare[s] ?? 0) {
                let slot = newClient(&self, inCare: true, shelter: s == .shelter)
                enterCare(slot, s, at: 0, equilibrium: true)
            }
        }
        for s in CareState.allCases {
            for _ in 0..<(region.initial.waiting[s] ?? 0) {
                let slot = newClient(&self, inCare: false, shelter: s == .shelter)
                beginDraws(slot)
                joinQueue(slot, s, at: 0)
            }
        }
    }
}
