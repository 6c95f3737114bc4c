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

    init(routes: [Route]) {
        all = routes
        let plain = routes.indices.filter { !routes[$0].lastingNeedOnly }
        applicable = [plain, Array(routes.indices)]
        sojournCap = applicable.map { idx in
            // The sojourn is the minimum of the latent times, so it is below
            // every route's own upper quantile.
            idx.map { routes[$0].distribution.upperQuantile(1e-7) }.min() ?? .infinity
        }
        memoryless = applicable.map { idx in
            idx.allSatisfy { if case .exponential = routes[$0].distribution { return true } else { return false } }
        }
    }

    /// Draws the latent time to every applicable route; the earliest wins.
    /// Returns the route index and the sojourn, or nil if no route applies.
    @inline(__always)
    func draw(lastingNeed: Bool, _ stream: RandomStream) -> (route: Int, time: Double)? {
        var best: (Int, Double)?
        for r in applicable[lastingNeed ? 1 : 0] {
            let t = all[r].distribution.sample(stream)
            if best == nil || t < best!.1 { best = (r, t) }
        }
        return best
    }
}
