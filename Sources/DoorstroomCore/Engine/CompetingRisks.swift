import CGSL
import Foundation

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
        /// 1 / mean for an exponential route (0 otherwise), divided once here
        /// rather than on every draw.
        var rate = 0.0
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
        /// The summed rate (per day) of the applicable exponential routes, and how many there are.
        var exponentialRate: Double
        var exponentialCount: Int
        /// The group's ``AgeTable`` in ``Storage/ages``, or -1: memoryless,
        /// or no exact envelope for the age (``EquilibriumAge``).
        var age: Int
    }

    /// An ``EquilibriumAge`` as the engine samples it: plain values only.
    struct AgeTable {
        /// The grid's points and survivals start here in ``Storage/agePoints`` and ``Storage/ageSurvival``.
        var gridStart: Int
        var intervals: Int
        /// Picks an interval (0..<intervals) or the tail (intervals).
        var sampler: UnsafeMutablePointer<gsl_ran_discrete_t>
        var tailHazard: Double
    }

    /// Owns the table's memory.
    final class Storage: @unchecked Sendable {
        // Invariant: written only in `init`, read-only afterwards.
        let groups: UnsafeMutableBufferPointer<Group>
        let members: UnsafeMutableBufferPointer<Int>
        let routes: UnsafeMutableBufferPointer<RouteSampler>
        let points: UnsafeMutableBufferPointer<Double>
        let cumulative: UnsafeMutableBufferPointer<Double>
        let ages: UnsafeMutableBufferPointer<AgeTable>
        let agePoints: UnsafeMutableBufferPointer<Double>
        let ageSurvival: UnsafeMutableBufferPointer<Double>
        /// Own the alias tables the ``AgeTable``s point to.
        let ageSamplers: [DiscreteSampler]

        init(groups: [Group], members: [Int], routes: [RouteSampler], points: [Double], cumulative: [Double],
             ages: [EquilibriumAge]) {
            func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
                let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
                _ = b.initialize(from: a)
                return b
            }
            (self.groups, self.members, self.routes) = (copy(groups), copy(members), copy(routes))
            (self.points, self.cumulative) = (copy(points), copy(cumulative))
            let samplers = ages.map { DiscreteSampler(weights: $0.weights) }
            var tables: [AgeTable] = [], start = 0
            for (age, sampler) in zip(ages, samplers) {
                tables.append(AgeTable(gridStart: start, intervals: age.points.count - 1, sampler: sampler.table,
                                       tailHazard: age.tailHazard))
                start += age.points.count
            }
            ageSamplers = samplers
            self.ages = copy(tables)
            agePoints = copy(ages.flatMap(\.points))
            ageSurvival = copy(ages.flatMap(\.survival))
        }

        deinit {
            // Every element type is trivial: nothing to deinitialise.
            for b in [UnsafeMutableRawBufferPointer(groups), UnsafeMutableRawBufferPointer(members),
                      UnsafeMutableRawBufferPointer(routes), UnsafeMutableRawBufferPointer(points),
                      UnsafeMutableRawBufferPointer(cumulative), UnsafeMutableRawBufferPointer(ages),
                      UnsafeMutableRawBufferPointer(agePoints), UnsafeMutableRawBufferPointer(ageSurvival)] { b.deallocate() }
        }
    }

    /// Keeps the memory alive as long as any copy of the table.
    let storage: Storage
    private let groups: UnsafeBufferPointer<Group>
    private let members: UnsafeBufferPointer<Int>
    private let routes: UnsafeBufferPointer<RouteSampler>
    private let points: UnsafeBufferPointer<Double>
    private let cumulative: UnsafeBufferPointer<Double>
    let ages: UnsafeBufferPointer<AgeTable>
    let agePoints: UnsafeBufferPointer<Double>
    let ageSurvival: UnsafeBufferPointer<Double>

    /// The table of `staysBySegment` (one entry when the scenario has no segments).
    init(staysBySegment: [[CareState: [Route]]]) {
        var groups: [Group] = [], members: [Int] = [], routes: [RouteSampler] = []
        var points: [Double] = [], cumulative: [Double] = []
        var ages: [EquilibriumAge] = []
        for stays in staysBySegment {
            for state in CareState.allCases {
                let declared = stays[state] ?? []
                let base = routes.count
                for r in declared {
                    var route = RouteSampler(kind: .fixed, a: 0, b: 0, tableStart: 0, tableCount: 0, destination: r.destination,
                                      exposes: false)
                    switch r.distribution {
                    case let .exponential(mean): (route.kind, route.a, route.rate) = (.exponential, mean, 1 / mean)
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
                    let memoryless = applicable.allSatisfy {
                        if case .exponential = declared[$0].distribution { return true } else { return false }
                    }
                    var age = -1
                    if !memoryless {
                        let samplers = applicable.map { routes[base + $0] }
                        let exact = EquilibriumAge(survival: { a in
                            samplers.reduce(1) { $0 * Self.survival($1, a, points, cumulative) }
                        }, routes: applicable.map { declared[$0].distribution })
                        if let exact {
                            age = ages.count
                            ages.append(exact)
                        }
                    }
                    let exponential = applicable.filter { routes[base + $0].kind == .exponential }
                    groups.append(Group(
                        routeBase: base, start: members.count, count: applicable.count,
                        // The sojourn is the minimum of the latent times, so it is
                        // below every route's own upper quantile.
                        sojournCap: applicable.map { declared[$0].distribution.upperQuantile(1e-7) }.min() ?? .infinity,
                        memoryless: memoryless,
                        exponentialRate: exponential.reduce(0) { $0 + routes[base + $1].rate },
                        exponentialCount: exponential.count, age: age))
                    members += applicable
                }
            }
        }
        storage = Storage(groups: groups, members: members, routes: routes, points: points, cumulative: cumulative,
                          ages: ages)
        self.groups = UnsafeBufferPointer(storage.groups)
        self.members = UnsafeBufferPointer(storage.members)
        self.routes = UnsafeBufferPointer(storage.routes)
        self.points = UnsafeBufferPointer(storage.points)
        self.cumulative = UnsafeBufferPointer(storage.cumulative)
        self.ages = UnsafeBufferPointer(storage.ages)
        self.agePoints = UnsafeBufferPointer(storage.agePoints)
        self.ageSurvival = UnsafeBufferPointer(storage.ageSurvival)
    }

    /// The table of `staysBySegment`, made once for all region plans (and
    /// replications) with the same stays: its age envelopes take GSL's CDFs
    /// at hundreds of points per state.
    static func shared(staysBySegment: [[CareState: [Route]]]) -> CompetingRisks {
        cache.table(for: staysBySegment)
    }

    private static let cache = TableCache()

    /// The most recently made tables, at most `limit` (a run with uncertain
    /// stays makes one per replication).
    private final class TableCache: @unchecked Sendable {
        // Invariant: `tables` is read and written only under `lock`.
        private let lock = NSLock()
        private var tables: [[[CareState: [Route]]]: CompetingRisks] = [:]
        private let limit = 64

        func table(for stays: [[CareState: [Route]]]) -> CompetingRisks {
            lock.lock()
            if let table = tables[stays] {
                lock.unlock()
                return table
            }
            lock.unlock()
            // Made outside the lock: two threads may both make one, the same.
            let table = CompetingRisks(staysBySegment: stays)
            lock.lock()
            defer { lock.unlock() }
            if tables.count >= limit { tables.removeAll() }
            tables[stays] = table
            return table
        }
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

    /// Draws a stay: the latent time of every applicable route that is not
    /// exponential, and one time for the exponential routes together (the
    /// earliest of independent exponentials is exponential with the summed
    /// rate, and it is each route's with probability ∝ its rate). The earliest
    /// wins. Returns the route index and the sojourn, or nil if no route applies.
    ///
    /// Given an `age` (time already spent, for the start stock), each route's
    /// latent time is conditioned on exceeding it, and times are from now.
    ///
    /// The exposure returned is the earliest losing route that is not
    /// exponential and ends care all the same; the losing exponential ones
    /// are memoryless, so their time is drawn only if the client gets stuck
    /// (``exposureAfterStayEnds(_:winner:_:)``).
    @inline(__always)
    func draw(_ g: Group, _ stream: RandomStream, age: Double = 0) -> Sojourn? {
        guard g.count > 0 else { return nil }
        var best = Sojourn(route: -1, time: .infinity)
        var exposure = (route: -1, time: Double.infinity)
        for k in g.start..<(g.start + g.count) {
            let r = members[k]
            let route = routes[g.routeBase + r]
            if route.kind == .exponential { continue }
            let t = age > 0 ? latentTime(route, beyond: age, stream) - age : sample(route, stream)
            if best.route < 0 || t < best.time {
                if best.route >= 0, routes[g.routeBase + best.route].exposes, best.time < exposure.time {
                    exposure = (best.route, best.time)
                }
                best = Sojourn(route: r, time: t)
            } else if route.exposes, t < exposure.time {
                exposure = (r, t)
            }
        }
        if g.exponentialCount > 0 {
            let t = stream.exponential(mean: 1 / g.exponentialRate)
            if best.route < 0 || t < best.time {
                if best.route >= 0, routes[g.routeBase + best.route].exposes, best.time < exposure.time {
                    exposure = (best.route, best.time)
                }
                best = Sojourn(route: exponentialRoute(g, excluding: -1, rate: g.exponentialRate, exposingOnly: false, stream),
                               time: t)
            }
        }
        best.exposureRoute = exposure.route
        best.exposureTime = exposure.time
        return best
    }

    /// For a client whose stay in `g` ended by route `winner` but who is
    /// stuck in place: the earliest exponential route that ends care all the
    /// same (death, the Wlz) among those that lost, and its time from now;
    /// nil if there is none. Memorylessness makes this a fresh draw.
    func exposureAfterStayEnds(_ g: Group, winner: Int, _ stream: RandomStream) -> (route: Int, time: Double)? {
        var rate = 0.0
        for k in g.start..<(g.start + g.count) {
            let r = members[k], route = routes[g.routeBase + r]
            if route.kind == .exponential, route.exposes, r != winner { rate += route.rate }
        }
        guard rate > 0 else { return nil }
        let t = stream.exponential(mean: 1 / rate)
        return (exponentialRoute(g, excluding: winner, rate: rate, exposingOnly: true, stream), t)
    }

    /// One of the group's exponential routes (but `excluding`; only exposing
    /// ones if asked), with probability ∝ its rate; `rate` is their sum. No
    /// draw when there is one.
    private func exponentialRoute(_ g: Group, excluding: Int, rate: Double, exposingOnly: Bool,
                                  _ stream: RandomStream) -> Int {
        var candidates = 0, only = -1
        for k in g.start..<(g.start + g.count) {
            let r = members[k], route = routes[g.routeBase + r]
            if route.kind == .exponential, r != excluding, !exposingOnly || route.exposes {
                candidates += 1
                only = r
            }
        }
        guard candidates > 1 else { return only }
        let u = stream.uniform() * rate
        var sum = 0.0
        for k in g.start..<(g.start + g.count) {
            let r = members[k], route = routes[g.routeBase + r]
            guard route.kind == .exponential, r != excluding, !exposingOnly || route.exposes else { continue }
            sum += route.rate
            if u < sum { return r }
        }
        return only  // rounding: u within an ulp of the sum
    }

    /// A route's latent time given that it exceeds `age` (> 0).
    private func latentTime(_ r: RouteSampler, beyond age: Double, _ stream: RandomStream) -> Double {
        switch r.kind {
        case .exponential:
            return age + stream.exponential(mean: r.a)
        case .fixed:
            return r.a
        case .gamma, .weibull, .lognormal, .empirical:
            // Plain draws until one exceeds the age: few when the age is
            // typical. A late age falls back on inversion of the
            // conditional survival, u·S(age); both give the same law.
            for _ in 0..<8 {
                let t = sample(r, stream)
                if t > age { return t }
            }
            let q = stream.uniformPositive() * Self.survival(r, age, points, cumulative)
            switch r.kind {
            case .gamma:
                // GSL's gamma inverse is iterative and, for large shapes, now and
                // then wrong without saying so: checked, else found by bisection.
                let x = gsl_cdf_gamma_Qinv(q, r.a, r.b)
                if x > age, x.isFinite, abs(Self.survival(r, x, points, cumulative) - q) <= 1e-6 * q { return x }
                return bisectedUpperQuantile(r, q, beyond: age)
            case .weibull: return max(age, gsl_cdf_weibull_Qinv(q, r.a, r.b))
            case .lognormal: return max(age, gsl_cdf_lognormal_Qinv(q, r.a, r.b))
            default:
                let range = r.tableStart..<(r.tableStart + r.tableCount)
                return max(age, Distribution.empiricalQuantile(1 - q, points[range], cumulative[range]))
            }
        }
    }

    /// The x > `age` with P(T > x) = q ≤ P(T > age), by bisection on the survival.
    private func bisectedUpperQuantile(_ r: RouteSampler, _ q: Double, beyond age: Double) -> Double {
        var lo = age, hi = age + max(age, 1)
        for _ in 0..<2_000 where Self.survival(r, hi, points, cumulative) > q { (lo, hi) = (hi, 2 * hi) }
        for _ in 0..<200 {
            let mid = lo + (hi - lo) / 2
            guard mid > lo && mid < hi else { break }
            if Self.survival(r, mid, points, cumulative) > q { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// The survival of the sojourn of `g` at `a`: the product of its routes'.
    func survival(_ g: Group, at a: Double) -> Double {
        var s = 1.0
        for k in g.start..<(g.start + g.count) {
            s *= Self.survival(routes[g.routeBase + members[k]], a, points, cumulative)
        }
        return s
    }

    /// P(T > x) for a route: the same GSL functions as ``Distribution/survival(_:)``.
    static func survival<C: RandomAccessCollection<Double>>(_ r: RouteSampler, _ x: Double, _ points: C, _ cumulative: C) -> Double
        where C.Index == Int {
        switch r.kind {
        case .exponential: return gsl_cdf_exponential_Q(x, r.a)
        case .gamma: return gsl_cdf_gamma_Q(x, r.a, r.b)
        case .weibull: return gsl_cdf_weibull_Q(x, r.a, r.b)
        case .lognormal: return gsl_cdf_lognormal_Q(x, r.a, r.b)
        case .empirical:
            let range = r.tableStart..<(r.tableStart + r.tableCount)
            return 1 - Distribution.empiricalCDF(x, points[range], cumulative[range])
        case .fixed: return x < r.a ? 1 : 0
        }
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
/// earliest losing route that is not exponential and would end care all the
/// same (death, Wlz, moving away) with its latent time, for a client who is
/// then stuck in place waiting for a transfer or a dwelling (the exponential
/// ones are drawn then). Times are from entry.
struct Sojourn {
    var route: Int
    var time: Double
    /// -1 when no such route applies.
    var exposureRoute = -1
    var exposureTime = Double.infinity
}
