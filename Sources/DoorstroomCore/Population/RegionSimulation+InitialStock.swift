/// The stock on the start date: placed at time 0 with equilibrium stays.
extension RegionSimulation {
    mutating func seedInitialStock() {
        let region = plan.region
        let origins = DiscreteSampler(weights: plan.populationWeights)
        let stream = RandomStream(key: streamBase)
        var serial: UInt64 = 0
        func newClient(_ sim: inout RegionSimulation) -> Int32 {
            let seed = sim.clientSeed(.initial, municipality: 0, serial: serial)
            serial += 1
            let unknown = stream.bernoulli(region.unknownOriginShare)
            let origin = unknown ? ClientTable.unknownOrigin : Int32(stream.discrete(origins))
            let lasting = stream.bernoulli(sim.plan.scenario.lastingNeedShare)
            let slot = sim.clients.add(origin: origin, lastingNeed: lasting, legacy: true, cohort: false,
                                       streamSeed: seed, time: 0)
            if let segments = sim.segmentSampler { sim.clients.segment[Int(slot)] = UInt8(stream.discrete(segments)) }
            if let d = sim.plan.scenario.legacyIndicationRemaining {
                sim.beginDraws(slot)
                sim.schedule(.indicationEnd, at: d.sample(sim.clientStream), client: slot,
                             tag: sim.clients.generation[Int(slot)])
            }
            return slot
        }
        for s in CareState.allCases {
            for _ in 0..<(region.initial.inCare[s] ?? 0) {
                let slot = newClient(&self)
                enterCare(slot, s, at: 0, equilibrium: true)
            }
        }
        for s in CareState.allCases {
            for _ in 0..<(region.initial.waiting[s] ?? 0) {
                let slot = newClient(&self)
                beginDraws(slot)
                joinQueue(slot, s, at: 0)
            }
        }
    }
}
