// Benchmarks: draws per second of the generators and samplers, and engine
// throughput on the default scenario. Run with `make bench` (release build).
import CGSL
import DoorstroomCore
import Foundation

let seconds = BenchClock.seconds

/// Million draws per second, best of three runs of n draws.
func rate(_ n: Int, _ draw: () -> Double) -> Double {
    var sink = 0.0
    let best = (0..<3).map { _ in seconds { for _ in 0..<n { sink += draw() } } }.min()!
    if sink == .infinity { print("") }  // keeps the loop from being optimised away
    return Double(n) / best / 1e6
}

let n = 20_000_000
print("Draws per second (millions, one core, best of 3 × \(n / 1_000_000) M):")
print("sampler          xoshiro256**   mt19937    taus2")
let ours = RandomStream(seed: 1)
let others = [cgsl_rng_mt19937(), cgsl_rng_taus2()].map { gsl_rng_alloc($0)! }
let samplers: [(String, (UnsafeMutablePointer<gsl_rng>) -> Double)] = [
    ("uniform", { gsl_rng_uniform($0) }),
    ("exponential", { gsl_ran_exponential($0, 2) }),
    ("gamma(1.5)", { gsl_ran_gamma($0, 1.5, 2) }),
    ("lognormal", { gsl_ran_lognormal($0, 0, 0.5) }),
    ("weibull", { gsl_ran_weibull($0, 2, 1.5) }),
    ("poisson(5)", { Double(gsl_ran_poisson($0, 5)) }),
]
for (name, f) in samplers {
    let a = rate(n, { f(ours.generator) })
    let b = others.map { g in rate(n, { f(g) }) }
    print(name.padding(toLength: 16, withPad: " ", startingAt: 0)
          + String(format: "%10.1f  %9.1f  %8.1f", a, b[0], b[1]))
}
print(String(format: "xoshiro256** inlined uniform (RandomStream.uniform): %.1f M/s", rate(n, { ours.uniform() })))

let path = CommandLine.arguments.dropFirst().first ?? "Scenarios/den-haag/baseline.yaml"
if let loaded = try? ScenarioLoader.load(path: path) {
    var scenario = loaded.scenario
    scenario.replications = 200
    for threads in [1, 2] {
        let t = seconds { _ = MonteCarloRunner(threads: threads).run(scenario) }
        print(String(format: "engine: %@, %d replications × %d region(s), %d thread(s): %.2f s (%.1f replications/s)",
                     scenario.name, scenario.replications, scenario.regions.count, threads, t, Double(scenario.replications) / t))
    }
}
