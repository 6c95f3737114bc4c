import CGSL

extension CompetingRisks {
    /// The route and remaining time of a client found in this state at a
    /// random moment of a stationary process, so that a stationary scenario
    /// started from its stock shows no warm-up transient.
    ///
    /// In equilibrium the time already spent, the age A, has density
    /// S(a)/E[S] (``EquilibriumAge``), and given A every route's latent time
    /// is its own, conditioned on exceeding A (the client is still here). So
    /// the age is drawn first, then the stay as ``draw(_:_:age:)`` draws it
    /// with each route beyond A. Times are from now. When every route is
    /// exponential the residual is simply a fresh draw.
    func equilibriumResidual(_ g: Group, _ stream: RandomStream) -> Sojourn? {
        if g.memoryless { return draw(g, stream) }
        guard g.age >= 0 else { return lengthBiasedResidual(g, stream) }
        guard let age = equilibriumAge(ages[g.age], g, stream) else { return lengthBiasedResidual(g, stream) }
        return draw(g, stream, age: age)
    }

    /// An age drawn from S(a)/E[S] by rejection from the table's step envelope;
    /// nil only if a million proposals were all rejected, which the
    /// envelope's efficiency rules out (about nine in ten for smooth routes,
    /// at least three in four over the review's sweep of 1,827 sets of routes).
    private func equilibriumAge(_ table: AgeTable, _ g: Group, _ stream: RandomStream) -> Double? {
        let points = agePoints.baseAddress! + table.gridStart
        let survival = ageSurvival.baseAddress! + table.gridStart
        let end = points[table.intervals], sEnd = survival[table.intervals]
        for _ in 0..<1_000_000 {
            let i = Int(gsl_ran_discrete(stream.generator, table.sampler))
            if i == table.intervals {
                // The tail: S(a) ≤ S(E)·e^(−h(a−E)).
                let a = end + stream.exponential(mean: 1 / table.tailHazard)
                if stream.uniform() * sEnd * exp(-table.tailHazard * (a - end)) < self.survival(g, at: a) { return a }
            } else {
                let a = points[i] + (points[i + 1] - points[i]) * stream.uniform()
                // Kept with probability S(a)/S(aᵢ); S(aᵢ₊₁) ≤ S(a) decides most draws.
                let w = stream.uniform() * survival[i]
                if w < survival[i + 1] || w < self.survival(g, at: a) { return a }
            }
        }
        return nil
    }

    /// The fallback for routes whose tails admit no exact envelope: the
    /// length-biased sojourn by rejection (a draw kept with probability
    /// t / cap, `cap` bounding the sojourn but with probability 1e-7), split
    /// at a uniform point.
    private func lengthBiasedResidual(_ g: Group, _ stream: RandomStream) -> Sojourn? {
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
        // Acceptance is mean/cap: reachable only for very heavy tails (a
        // lognormal with σ above about 3, whose cap is far beyond its mean),
        // which then start from a plain draw, without the length bias.
        return draw(g, stream)
    }
}
