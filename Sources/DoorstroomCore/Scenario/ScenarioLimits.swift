/// The bounds on every number of a scenario that becomes a count, an
/// allocation or an argument of a GSL sampler, checked when the scenario is
/// read, so a scenario that validates also runs. docs/scenario-reference.md
/// ("Limits") states each one; a test checks that each is enforced.
///
/// The bounds are far beyond the Dutch figures (about 30,000 BW places
/// nationally, 17.9 million inhabitants) and well inside what the engine's
/// integer types and GSL accept: a Poisson mean above about 4.29 × 10⁹ makes
/// `gsl_ran_poisson` return wrong counts or not return at all, and client
/// slots are 32-bit.
public enum ScenarioLimits {
    /// Characters of a scenario name (it names the output folder).
    public static let nameLength = 100

    /// Whether `name` is a valid scenario name: 1 to ``nameLength`` lower-case
    /// letters, digits, `-` and `_` (it names a folder, so it never starts with
    /// `.` nor holds `/`).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.count <= nameLength
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
    /// Regions in one scenario.
    public static let regions = 500
    /// Municipalities in one region.
    public static let municipalitiesPerRegion = 1_000
    /// Inhabitants of one municipality.
    public static let population = 100_000_000
    /// Clients in care, or waiting, per care state on the start date.
    public static let initialStockPerState = 1_000_000
    /// Places per care state (a capacity path's values).
    public static let places = 1_000_000.0
    /// Dwellings per year.
    public static let dwellingsPerYear = 1_000_000.0
    /// Applicants per 10,000 inhabitants per year (`rate_per_10k`).
    public static let ratePer10k = 10_000.0
    /// Extra BW applicants per year (`bw_extra.per_year`).
    public static let extraPerYear = 1_000_000.0
    /// Expected applicants of one region in one year, all intake streams
    /// together, after the trend: bounds the Poisson means and the client table.
    public static let expectedArrivalsPerRegionYear = 1_000_000.0
    /// The smallest `dispersion_shape`: with k ≥ 0.1 the gamma factor exceeds
    /// 1,000 with probability below 10⁻⁴⁰, so a Poisson mean stays below 10⁹.
    public static let dispersionShape: ClosedRange<Double> = 0.1...1_000_000
    /// The longest duration (mean, scale or fixed value of a stay, delay,
    /// patience or indication), in years.
    public static let longestYears = 1_000.0
    /// The shortest mean, scale or fixed value of a stay, in years (about
    /// 9 hours), so that clients passing between states cannot pile up events
    /// without time advancing. Other durations may be 0 (fixed) or any
    /// positive mean.
    public static let shortestStayYears = 0.001
    /// Shapes of gamma and Weibull distributions.
    public static let shape: ClosedRange<Double> = 0.01...10_000
    /// `sigma` of a lognormal distribution.
    public static let sigma: ClosedRange<Double> = 0.001...10
    /// Points of an empirical distribution.
    public static let empiricalPoints = 10_000
    /// Euro amounts (budgets, tariffs, costs) per year or per day.
    public static let euro = 1e12
    /// The largest re-entry probability: a client returns 1/(1 − p) − 1
    /// times on average, so at 0.99 about 99 times, each a full stay.
    public static let reentryProbability = 0.99
    /// Replications of one run.
    public static let replications = 10_000_000
    /// The largest master seed: seeds are whole numbers, kept exactly.
    public static let seed = Int(Int64.max)
    /// First replication of a shard plus its replications.
    public static let replicationIndex = 1 << 40
    /// Worker threads.
    public static let threads = 1_024
}
