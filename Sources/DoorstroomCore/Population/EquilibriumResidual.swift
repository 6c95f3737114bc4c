extension CompetingRisks {
    /// The route and remaining time of a client found in this state at a
    /// random moment of a stationary process, so that a stationary scenario
    /// started from its stock shows no warm-up transient.
    ///
    /// In equilibrium the sojourns of the clients present are length-biased
    /// (density ∝ t·f(t), with the winning route attached) and the time
    /// already spent is uniform within the sojourn. We sample the
    /// length-biased sojourn by rejection: draw a sojourn as usual and accept
    /// it with probability t / cap, where `cap` bounds the sojourn except
    /// with probability 1e-7; then split it at a uniform point. When every
    /// route is exponential the residual is simply a fresh draw.
    /// The losing routes' latent times are shifted by the time already spent,
    /// so a client found in place faces them as one admitted then would.
    func equilibriumResidual(_ g: Group, _ stream: RandomStream) -> Sojourn? {
        if g.memoryless { return draw(g, stream) }
        let cap = g.sojournCap
        for _ in 0..<100_000 {
            guard var sojourn = draw(g, stream) else { return nil }
            let t = sojourn.time
            if t >= cap || stream.uniform() * cap < t {
                sojourn.time = t * stream.uniformPositive()
                sojourn.exposureTime -= t - sojourn.time
                return sojourn
            }
        }
        // Unreachable for any distribution a scenario can declare (acceptance
        // is mean/cap); fall back to a plain draw rather than loop forever.
        return draw(g, stream)
    }
}
