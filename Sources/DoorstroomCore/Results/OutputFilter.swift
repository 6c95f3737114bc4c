/// Which cells a run's outputs hold, for runs too large to write whole
/// (`--metrics`, `--years`, `--regions-only`): it narrows `summary.csv`,
/// `replications.csv`, `monthly.csv` and `metrics.csv`, never the simulation.
public struct OutputFilter: Hashable, Sendable, Codable {
    /// Metric names to write, sorted (so that a filter always encodes alike); nil: all.
    public var metrics: [String]?
    /// Years to write; nil: the whole period.
    public var years: ClosedRange<Int>?
    /// Write only each region's `ALL` rows.
    public var regionsOnly = false

    public init(metrics: Set<String>? = nil, years: ClosedRange<Int>? = nil, regionsOnly: Bool = false) {
        self.metrics = metrics.map { $0.sorted() }
        self.years = years
        self.regionsOnly = regionsOnly
    }

    /// Whether the filter writes everything.
    public var isEmpty: Bool { metrics == nil && years == nil && !regionsOnly }

    /// Reads `--metrics a,b`: nil and the problem for an unknown name (with a hint).
    public static func metrics(_ list: String) -> Result<Set<String>, FilterError> {
        let names = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return .failure(FilterError("expected metric names separated by commas, found `\(list)`")) }
        let known = Metric.all.map(\.name)
        for name in names where Metric.index(of: name) == nil {
            let hint = closestKey(to: name, in: known).map { " (did you mean `\($0)`?)" } ?? ""
            return .failure(FilterError("unknown metric `\(name)`\(hint); metrics.csv lists them"))
        }
        return .success(Set(names))
    }

    /// Reads `--years 2025` or `--years 2025-2031`.
    public static func years(_ text: String) -> Result<ClosedRange<Int>, FilterError> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch parts.count {
        case 1: if let y = parts[0] { return .success(y...y) }
        case 2: if let a = parts[0], let b = parts[1], a <= b { return .success(a...b) }
        default: break
        }
        return .failure(FilterError("expected a year or a range of years such as 2025-2031, found `\(text)`"))
    }

    /// Why an option of the filter cannot be read.
    public struct FilterError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
