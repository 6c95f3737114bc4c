/// The routes out of every care state, per client segment, with what drawing
/// a stay needs precomputed: the table the engine reads on every entry into
/// care.
///
/// It is laid out flat in memory of its own (``Storage``) and read through
/// plain pointers, so drawing a stay retains and releases nothing; a table
/// of nested arrays of enums cost a tenth of the national scenario's
/// simulation time in reference counting alone. It is never written after
/// it is made, so the threads of a run share one per region.
struct CompetingRisks: @unchecked Sendable {
    /// One route as the engine samples it: plain values only.
    struct RouteSampler {
        enum Kind { case exponential, gamma, weibull, lognormal, empirical, fixed }
        var kind: Kind
        var a: Double
        var b: Double
        /// An empirical table's points start here in ``Storage/points``
        /// (and its cumulative probabilities in ``Storage/cumulative``).
        var tableStart: Int
        var tableCount: Int
        var destination: Destination
        /// Whether the route ends care whatever else the client waits for
        /// (death, the Wlz, moving away): a client stuck in place keeps facing it.
        var exposes: Bool
    }

    /// The routes that apply to one (segment, state, lasting need).
    struct Group {
        /// Where the state's routes start in ``Storage/routes``, in the
        /// scenario's order (a route's index is relative to it).
        var routeBase: Int
        /// The applicable route indices are `members[start..<start + count]`.
        var start: Int
        var count: Int
        /// An upper bound on the sojourn, exceeded with probability ≤ 1e-7.
        var sojournCap: Double
        /// Every applicable route is exponential (memoryless).
        var memoryless: Bool
    }

    /// Owns the table's memory.
    final class Storage: @unchecked Sendable {
        // Invariant: written only in `init`, read-only afterwards.
        let groups: UnsafeMutableBufferPointer<Group>
        let members: UnsafeMutableBufferPointer<Int>
        let routes: UnsafeMutableBufferPointer<RouteSampler>
        let points: UnsafeMutableBufferPointer<Double>
        let cumulative: UnsafeMutableBufferPointer<Double>

        init(groups: [Group], members: [Int], routes: [RouteSampler], points: [Double], cumulative: [Double]) {
            func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
                let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
                _ = b.initialize(from: a)
                return b
            }
            (self.groups, self.members, self.routes) = (copy(groups), copy(members), copy(routes))
            (self.points, self.cumulative) = (copy(points), copy(cumulative))
        }

        deinit {
            // Every element type is trivial: nothing to deinitialise.
            for b in [UnsafeMutableRawBufferPointer(groups), UnsafeMutableRawBufferPointer(members),
                      UnsafeMutableRawBufferPointer(routes), UnsafeMutableRawBufferPointer(points),
                      UnsafeMutableRawBufferPointer(cumulative)] { b.deallocate() }
        }
    }

    /// Keeps the memory alive as long as any copy of the table.
    let storage: Storage
    private let groups: UnsafeBufferPointer<Group>
    private let members: UnsafeBufferPointer<Int>
    private let routes: UnsafeBufferPointer<RouteSampler>
    private let points: UnsafeBufferPointer<Double>
    private let cumulative: UnsafeBufferPointer<Double>

    /// The table of `staysBySegment` (one entry when the scenario has no segments).
    init(staysBySegment: [[CareState: [Route]]]) {
        var groups: [Group] = [], members: [Int] = [], routes: [RouteSampler] = []
        var points: [Double] = [], cumulative: [Double] = []
        for stays in staysBySegment {
            for state in CareState.allCases {
                let declared = stays[state] ?? []
                let base = routes.count
                for r in declared {
                    var route = RouteSampler(kind: .fixed, a: 0, b: 0, tableStart: 0, tableCount: 0, destination: r.destination,
                                      exposes: false)
                    switch r.distribution {
                    case let .exponential(mean): (route.kind, route.a) = (.exponential, mean)
                    case let .gamma(shape, scale): (route.kind, route.a, route.b) = (.gamma, shape, scale)
                    case let .weibull(scale, shape): (route.kind, route.a, route.b) = (.weibull, scale, shape)
                    case let .lognormal(mu, sigma): (route.kind, route.a, route.b) = (.lognormal, mu, sigma)
                    case let .empirical(x, p):
                        (route.kind, route.tableStart, route.tableCount) = (.empirical, points.count, x.count)
                        points += x
                        cumulative += p
                    case let .fixed(x): (route.kind, route.a) = (.fixed, x)
                    }
                    switch r.destination {
                    case .exit(.died), .exit(.wlz), .exit(.movedOut): route.exposes = true
                    default: route.exposes = false
                    }
                    routes.append(route)
                }
                let plain = declared.indices.filter { !declared[$0].lastingNeedOnly }
                for applicable in [plain, Array(declared.indices)] {
                    groups.append(Group(
                        routeBase: base, start: members.count, count: applicable.count,
                        // The sojourn is the minimum of the latent times, so it is
                        // below every route's own upper quantile.
                        sojournCap: applicable.map { declared[$0].distribution.upperQuantile(1e-7) }.min() ?? .infinity,
                        memoryless: applicable.allSatisfy {
                            if case .exponential = declared[$0].distribution { return true } else { return false }
                        }))
                    members += applicable
                }
            }
        }
        storage = Storage(groups: groups, members: members, routes: routes, points: points, cumulative: cumulative)
        self.groups = UnsafeBufferPointer(storage.groups)
        self.members = UnsafeBufferPointer(storage.members)
        self.routes = UnsafeBufferPointer(storage.routes)
        self.points = UnsafeBufferPointer(storage.points)
        self.cumulative = UnsafeBufferPointer(storage.cumulative)
    }

    /// The group of a client in `state` of `segment`.
    @inline(__always)
    func group(segment: Int, state: CareState, lastingNeed: Bool) -> Group {
        groups[(segment * CareState.allCases.count + state.rawValue) * 2 + (lastingNeed ? 1 : 0)]
    }

    /// Where route `route` out of `state` leads.
    @inline(__always)
    func destination(segment: Int, state: CareState, route: Int) -> Destination {
        routes[group(segment: segment, state: state, lastingNeed: false).routeBase + route].destination
    }

    /// Draws the latent time to every applicable route; the earliest wins.
    /// Returns the route index and the sojourn, or nil if no route applies.
    @inline(__always)
    func draw(_ g: Group, _ stream: RandomStream) -> Sojourn? {
        var best: Sojourn?
        var exposure = (route: -1, time: Double.infinity)
        for k in g.start..<(g.start + g.count) {
            let r = members[k]
            let route = routes[g.routeBase + r]
            let t = sample(route, stream)
            if best == nil || t < best!.time {
                if let b = best, routes[g.routeBase + b.route].exposes, b.time < exposure.time { exposure = (b.route, b.time) }
                best = Sojourn(route: r, time: t)
            } else if route.exposes, t < exposure.time {
                exposure = (r, t)
            }
        }
        best?.exposureRoute = exposure.route
        best?.exposureTime = exposure.time
        return best
    }

    /// One draw of a route's latent time: the same GSL calls, in the same
    /// order, as ``Distribution/sample(_:)``.
    @inline(__always)
    private func sample(_ r: RouteSampler, _ stream: RandomStream) -> Double {
        switch r.kind {
        case .exponential: return stream.exponential(mean: r.a)
        case .gamma: return stream.gamma(shape: r.a, scale: r.b)
        case .weibull: return stream.weibull(scale: r.a, shape: r.b)
        case .lognormal: return stream.lognormal(mu: r.a, sigma: r.b)
        case .empirical:
            let range = r.tableStart..<(r.tableStart + r.tableCount)
            return Distribution.empiricalQuantile(stream.uniform(), points[range], cumulative[range])
        case .fixed: return r.a
        }
    }
}

/// A drawn stay in a state: the winning route and when it is taken, and the
/// earliest losing route that would end care all the same (death, Wlz,
/// moving away) with its latent time, for a client who is then stuck in place
/// waiting for a transfer or a dwelling. Times are from entry.
struct Sojourn {
    var route: Int
    var time: Double
    /// -1 when no such route applies.
    var exposureRoute = -1
    var exposureTime = Double.infinity
}
