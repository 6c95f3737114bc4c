import Foundation

/// The scenarios of a batch, loaded and checked before anything runs: every
/// problem of every entry at once, two entries under one name, and a
/// reference that is not one of them.
///
/// All scenarios run on one seed and one replication range, the batch's, so
/// that replication r meets the same luck in every scenario wherever the
/// scenarios agree (common random numbers: streams are keyed by seed,
/// replication, region and purpose).
public struct BatchPlan: Sendable {
    /// The entries, in batch order.
    public var entries: [BatchEntry]
    /// Each entry's scenario, under its batch name, with the batch's seed and replications.
    public var scenarios: [LoadedScenario]
    /// The seed of every scenario.
    public var seed: UInt64
    /// The replications of every scenario.
    public var replications: Range<Int>
    /// The index in ``scenarios`` of the scenario the others are compared against, if any.
    public var reference: Int?

    /// Loads every entry. The seed and the replication count are `seed` and
    /// `replications` if given, else the first entry's; `reference` must name
    /// one of the scenarios. Throws every problem found.
    public init(entries: [BatchEntry], seed: UInt64? = nil, replications: Int? = nil,
                reference: String? = nil) throws(InputError) {
        var problems: [Diagnostic] = []
        var loaded: [LoadedScenario] = []
        for entry in entries {
            do {
                var scenario = try ScenarioLoader.load(path: entry.file, settings: entry.settings)
                if let name = entry.name {
                    guard ScenarioLimits.isValidName(name) else {
                        problems.append(Self.diagnostic(scenario, field: "scenario",
                            "expected a batch name of at most \(ScenarioLimits.nameLength) lower-case letters, digits, "
                            + "`-` and `_` (it names a folder), found `\(name)`"))
                        continue
                    }
                    scenario.scenario.name = name
                }
                loaded.append(scenario)
            } catch {
                problems += error.diagnostics
            }
        }
        var firstFile: [String: String] = [:]
        for scenario in loaded {
            let name = scenario.scenario.name
            if let other = firstFile[name] {
                problems.append(Self.diagnostic(scenario, field: "scenario",
                    "the name `\(name)` is also the name of \(other) in this batch; "
                    + "the scenarios of a batch need distinct names (give one its own `scenario:`)"))
            } else {
                firstFile[name] = scenario.file
            }
        }
        var referenceIndex: Int?
        if let reference, problems.isEmpty {
            referenceIndex = loaded.firstIndex { $0.scenario.name == reference }
            if referenceIndex == nil {
                let names = loaded.map(\.scenario.name).joined(separator: ", ")
                problems.append(Diagnostic(file: "--reference", line: 1, column: 1, field: "reference",
                                           message: "expected the name of one of the batch's scenarios (\(names)), found `\(reference)`"))
            }
        }
        if let r = referenceIndex {
            problems += Self.shapeProblems(loaded, reference: r)
        }
        guard problems.isEmpty, let first = loaded.first else { throw InputError(problems) }
        let batchSeed = seed ?? first.scenario.seed
        let count = replications ?? first.scenario.replications
        for i in loaded.indices {
            loaded[i].scenario.seed = batchSeed
            loaded[i].scenario.replications = count
            // A scenario with uncertain parameters: every replication's draws are read before anything runs.
            problems += loaded[i].uncertainty?.check(base: loaded[i].scenario, replications: 0..<count,
                                                     threads: ProcessInfo.processInfo.activeProcessorCount) ?? []
        }
        guard problems.isEmpty else { throw InputError(problems) }
        self.entries = entries
        scenarios = loaded
        self.seed = batchSeed
        self.replications = 0..<count
        self.reference = referenceIndex
    }

    /// The scenario names, in batch order.
    public var names: [String] { scenarios.map(\.scenario.name) }

    /// The order in which the scenarios are computed: the reference first
    /// (every other scenario's differences need it), then the rest in batch order.
    public var computeOrder: [Int] {
        guard let reference else { return Array(scenarios.indices) }
        return [reference] + scenarios.indices.filter { $0 != reference }
    }

    /// The most memory the results of one shared client simulation may hold
    /// (every scenario's per-replication values are kept until written): 2 GiB.
    public static let sharedResultBytes = 2 << 30

    /// The client simulations the batch runs: groups of scenarios (indices,
    /// in compute order) with equal ``ClientFlows``, each simulated once with
    /// a payment book per scenario. A group larger than `maxBytes` of results
    /// is split, so a very large scenario may still be simulated once per
    /// finance variant. A scenario with uncertain parameters is simulated
    /// alone. The first scenario of a group names its simulation.
    public func clientSimulations(maxBytes: Int = BatchPlan.sharedResultBytes) -> [[Int]] {
        var groups: [[Int]] = []
        var open: [ClientFlows: Int] = [:]  // the group still taking members, by client flows
        var bytes: [Int] = []
        for i in computeOrder {
            // With uncertain parameters each replication has clients of its own draws: never shared.
            guard scenarios[i].uncertainty == nil else {
                groups.append([i])
                bytes.append(0)
                continue
            }
            let scenario = scenarios[i].scenario
            let size = Self.resultBytes(of: scenario, replications: replications.count)
            let flows = ClientFlows(scenario)
            if let g = open[flows], bytes[g] + size <= maxBytes {
                groups[g].append(i)
                bytes[g] += size
            } else {
                open[flows] = groups.count
                groups.append([i])
                bytes.append(size)
            }
        }
        return groups
    }

    /// For each scenario, in batch order, the name of the scenario whose client simulation it shares (its own if none).
    public var clientSimulationNames: [String] {
        var names = self.names
        for group in clientSimulations() { for i in group { names[i] = self.names[group[0]] } }
        return names
    }

    /// The bytes of per-replication values a run of `scenario` holds.
    static func resultBytes(of scenario: Scenario, replications: Int) -> Int {
        let cells = scenario.regions.reduce(0) { $0 + ($1.municipalities.count + 3) * Metric.count }
        return replications * scenario.years.count * cells * MemoryLayout<Double>.size
    }

    /// Each scenario's regions, municipalities or years that the reference
    /// lacks or has alone: paired differences need the same rows in both.
    static func shapeProblems(_ scenarios: [LoadedScenario], reference r: Int) -> [Diagnostic] {
        let reference = scenarios[r]
        let referenceRows = PairedDifferences.rows(of: reference.scenario)
        var problems: [Diagnostic] = []
        for (i, scenario) in scenarios.enumerated() where i != r {
            let rows = PairedDifferences.rows(of: scenario.scenario)
            for difference in PairedDifferences.shapeDifferences(reference: referenceRows, variant: rows) {
                let field = difference.field == "year" ? "period" : scenario.locations["regions"] != nil ? "regions" : "region"
                problems.append(diagnostic(scenario, field: field,
                    "\(difference.message), the reference being \(reference.scenario.name) (\(reference.file)); "
                    + "scenarios compared against it need the same regions, municipalities and years"))
            }
        }
        return problems
    }

    private static func diagnostic(_ scenario: LoadedScenario, field: String, _ message: String) -> Diagnostic {
        let at = scenario.location(of: field)
        return Diagnostic(file: at.file, line: at.line ?? 1, column: at.line == nil ? 1 : at.column, field: field,
                          message: message)
    }
}
