/// The routes out of one care state, split by whether a client has a lasting
/// need, with what equilibrium sampling needs precomputed.
struct CompetingRisks: Sendable {
    /// Routes for clients without / with a lasting need (indices into `all`).
    let applicable: [[Int]]
    let all: [Route]
    /// Upper bounds on the sojourn, exceeded with probability ≤ 1e-7, per lasting-need flag.
    let sojournCap: [Double]
    /// True when every applicable route is exponential (memoryless).
    let memoryless: [Bool]
    /// Routes that end care whatever else the client waits for (death, the
    /// Wlz, moving away): a client stuck in place keeps facing them.
    let exposes: [Bool]

    init(routes: [Route]) {
        all = routes
        let plain = routes.indices.filter { !routes[$0].lastingNeedOnly }
        applicable = [plain, Array(routes.indices)]
        sojournCap = applicable.map { idx in
            // The sojourn is the minimum of the latent times, so it is below
            // every route's own upper quantile.
            idx.map { routes[$0].distribution.upperQuantile(1e-7) }.min() ?? .infinity
        }
        exposes = routes.map { r in
            switch r.destination {
            case .exit(.died), .exit(.wlz), .exit(.movedOut): return true
            default: return false
            }
        }
        memoryless = applicable.map { idx in
            idx.allSatisfy { if case .exponential = routes[$0].distribution { return true } else { return false } }
        }
    }

    /// Draws the latent time to every applicable route; the earliest wins.
    /// Returns the route index and the sojourn, or nil if no route applies.
    @inline(__always)
    func draw(lastingNeed: Bool, _ stream: RandomStream) -> Sojourn? {
        var best: Sojourn?
        var exposure = (route: -1, time: Double.infinity)
        for r in applicable[lastingNeed ? 1 : 0] {
            let t = all[r].distribution.sample(stream)
            if best == nil || t < best!.time {
                if let b = best, exposes[b.route], b.time < exposure.time { exposure = (b.route, b.time) }
                best = Sojourn(route: r, time: t)
            } else if exposes[r], t < exposure.time {
                exposure = (r, t)
            }
        }
        best?.exposureRoute = exposure.route
        best?.exposureTime = exposure.time
        return best
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
