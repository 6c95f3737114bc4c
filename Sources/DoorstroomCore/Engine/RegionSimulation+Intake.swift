/// New applicants: arrival, attributes and the access decision.
extension RegionSimulation {
    mutating func arrive(_ kind: IntakeKind, municipality m: Int, at t: Double) {
        clientEvents &+= 1
        let counter = kind.rawValue * municipalityCount + m
        let serial = arrivalSerial[counter]
        arrivalSerial[counter] = serial + 1
        let seed = clientSeed(kind, municipality: m, serial: serial)
        clientStream.reseed(seed)
        // One uniform for the origin, so a new outside share leaves every other draw unchanged.
        let u = clientStream.uniform()
        let outside = kind == .bw || kind == .bwExtra ? plan.region.outsideRegionShare : 0
        let origin = u < plan.region.unknownOriginShare ? ClientTable.unknownOrigin
            : u < plan.region.unknownOriginShare + outside ? ClientTable.outsideOrigin : Int32(m)
        let lasting = clientStream.bernoulli(plan.scenario.lastingNeedShare)
        let slot = clients.add(origin: origin, lastingNeed: lasting, legacy: false, cohort: false,
                               streamSeed: seed, time: t)
        openPayments(slot)
        drawSegment(slot, from: clientStream)
        clients.step[Int(slot)] = 1
        switch kind {
        case .bw:
            recorder.count(Metric.intakeBW, origin: origin)
            decideAccess(slot, at: t)
        case .bwExtra:
            recorder.count(Metric.intakeBWExtra, origin: origin)
            decideAccess(slot, at: t)
        case .moFamily:
            recorder.count(Metric.intakeMOFamily, origin: origin)
            request(slot, .shelter, at: t)
        case .mo, .initial:
            recorder.count(Metric.intakeMO, origin: origin)
            request(slot, .shelter, at: t)
        }
    }

    /// The access decision for a BW applicant, with the shares of the year.
    mutating func decideAccess(_ slot: Int32, at t: Double) {
        let a = plan.access[yearIndex]
        let u = clientStream.uniform()
        if u < a.intramural { request(slot, .intramural, at: t) }
        else if u < a.intramural + a.tussenvorm { request(slot, .tussenvorm, at: t) }
        else if u < a.intramural + a.tussenvorm + a.ambulant { request(slot, .ambulant, at: t) }
        else { exit(slot, .diverted, at: t) }
    }
}
