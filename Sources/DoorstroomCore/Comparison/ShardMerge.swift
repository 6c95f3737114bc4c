import Foundation

/// The partial run folders of one run (`run --shard I/N`), checked to belong
/// together — one scenario (name and SHA-256), seed, number of replications,
/// shard count and pilot, every shard 1…N exactly once — and read back into
/// the results a single run would have had (`doorstroom merge`).
public struct ShardMerge: Sendable {
    /// The parts, in shard order.
    public private(set) var parts: [FinishedRun]
    /// The shard object every part shares, but for its own block (that of the first part).
    public let shard: Manifest.ShardInfo
    /// The first part's manifest: scenario, hash, seed.
    public var header: FinishedRun.Header { parts[0].header }
    /// The pilot size the parts share.
    public var pilotReplications: Int { parts[0].header.pilotReplications ?? 100 }

    /// Reads the manifests of `folders` and checks that they are the shards
    /// of one run; throws every problem found, each naming its folder.
    public init(folders: [String]) throws(InputError) {
        var problems: [Diagnostic] = []
        var read: [FinishedRun] = []
        for folder in folders {
            do {
                let part = try FinishedRun(folder: folder)
                problems += part.problems
                guard part.header.shard != nil else {
                    let (line, column) = part.location(of: "scenario")
                    problems.append(Diagnostic(file: part.path("manifest.json"), line: line, column: column, field: "shard",
                                               message: "not a partial run folder: its manifest has no `shard` (write the parts "
                                               + "with `doorstroom run --shard I/N`)"))
                    continue
                }
                read.append(part)
            } catch {
                problems += error.diagnostics
            }
        }
        guard let reference = read.first, let shard = reference.header.shard else { throw InputError(problems) }
        let ref = reference.header
        var blocks = ShardBlocks<FinishedRun>()
        for part in read {
            let h = part.header, s = h.shard!
            let manifest = part.path("manifest.json")
            func foreign(_ key: String, _ what: String, _ mine: String, _ theirs: String) {
                let (line, column) = part.location(of: key)
                problems.append(Diagnostic(file: manifest, line: line, column: column, field: FinishedRun.snakeCase(key),
                                           message: "a foreign part: \(what) \(mine), but \(reference.folder) has \(theirs)"))
            }
            if h.scenario != ref.scenario { foreign("scenario", "scenario", "`\(h.scenario)`", "`\(ref.scenario)`") }
            if h.scenarioSha256 != ref.scenarioSha256 {
                foreign("scenarioSha256", "the scenario's SHA-256 is", h.scenarioSha256, ref.scenarioSha256 + " (the scenario changed between the shards)")
            }
            if h.seed != ref.seed { foreign("seed", "seed", "\(h.seed)", "\(ref.seed)") }
            if s.totalReplications != shard.totalReplications {
                foreign("shard", "a run of", "\(s.totalReplications) replications", "\(shard.totalReplications)")
            }
            if s.count != shard.count { foreign("shard", "one of", "\(s.count) shards", "\(shard.count)") }
            if s.settings != shard.settings {
                foreign("shard", "--set", s.settings.isEmpty ? "none" : s.settings.joined(separator: " "),
                        shard.settings.isEmpty ? "none" : shard.settings.joined(separator: " "))
            }
            if (h.pilotReplications ?? 100) != (ref.pilotReplications ?? 100) {
                foreign("pilotReplications", "--pilot-replications", "\(h.pilotReplications ?? 100)", "\(ref.pilotReplications ?? 100)")
            }
            // Without the checksum, replications.csv could have been changed unnoticed: a part must have it.
            if s.replicationsSha256 == nil {
                let (line, column) = part.location(of: "shard")
                problems.append(Diagnostic(file: manifest, line: line, column: column, field: "shard.replications_sha256",
                                           message: "expected the SHA-256 of the part's replications.csv, which every shard records, "
                                           + "found no such field (the manifest was edited, or the part is not one `run --shard` "
                                           + "or `batch --shard` wrote); run shard \(s.index)/\(s.count) again"))
                continue
            }
            blocks.add(part, folder: part.folder, index: s.index, of: s.count, total: s.totalReplications,
                       firstReplication: s.firstReplication, replications: s.replications, range: h.replicationRange,
                       count: shard.count, manifest: manifest, location: part.location(of: "shard"), problems: &problems)
        }
        if problems.isEmpty {
            problems += blocks.missing(count: shard.count, total: shard.totalReplications, folder: reference.folder, given: folders.count)
        }
        guard problems.isEmpty else { throw InputError(problems) }
        parts = (1...shard.count).map { blocks.byIndex[$0]! }
        self.shard = shard
    }

    /// Reads every part's `replications.csv` and joins them: the parts must
    /// have the same rows and metric columns.
    public mutating func readReplications() throws(InputError) -> ReplicationSamples {
        var values: [Double] = []
        var first: ReplicationSamples?
        for i in parts.indices {
            try parts[i].readReplications()
            // Every part has it (checked by init).
            if let recorded = parts[i].header.shard?.replicationsSha256, recorded != parts[i].replicationsSHA256 {
                throw InputError([Diagnostic(file: parts[i].path("replications.csv"), line: 1, column: 1, field: "replications",
                                             message: "changed after the shard wrote it: its SHA-256 is \(parts[i].replicationsSHA256), "
                                             + "the part's manifest.json recorded \(recorded); run the shard again")])
            }
            let samples = parts[i].table!.samples
            parts[i].dropTable()
            if let first {
                guard samples.metrics == first.metrics, samples.rows == first.rows else {
                    throw InputError([Diagnostic(file: parts[i].path("replications.csv"), line: 1, column: 1, field: "replications",
                                                 message: "a foreign part: its rows or metric columns differ from those of "
                                                 + "\(parts[0].path("replications.csv"))")])
                }
            } else {
                first = samples
            }
            values += samples.values
        }
        let total = shard.totalReplications
        return ReplicationSamples(rows: first!.rows, metrics: first!.metrics, replications: 0..<total, values: values)
    }

    /// The yearly values of `scenario`'s results (values[region][replication],
    /// laid out as ``RunResults/values``) from `samples`, which must hold every
    /// unit, year and metric a full run of the scenario writes; what it does
    /// not write is 0.
    public func values(of scenario: Scenario, from samples: ReplicationSamples) throws(InputError) -> [[[Double]]] {
        let template = RunResults(scenario: scenario, values: [])
        let metrics = Metric.all.indices.filter { template.reports(Metric.all[$0]) }
        let file = parts[0].path("replications.csv")
        guard samples.metrics == metrics else {
            throw InputError([Diagnostic(file: file, line: 1, column: 1, field: "header",
                                         message: "expected every metric the scenario reports (\(metrics.count)), found "
                                         + "\(samples.metrics.count) (was the shard run with --metrics?)")])
        }
        var cells: [ResultRow: (region: Int, offset: Int)] = [:]
        var expected = 0
        for (r, region) in scenario.regions.enumerated() {
            let units = template.unitNames[r]
            for u in units.indices where template.reports(unit: u, region: r) {
                for (y, year) in scenario.years.enumerated() {
                    cells[ResultRow(region: region.name, municipality: units[u], year: year)] = (r, (y * units.count + u) * Metric.count)
                    expected += 1
                }
            }
        }
        guard samples.rows.count == expected else {
            throw InputError([Diagnostic(file: file, line: 1, column: 1, field: "replications",
                                         message: "expected \(expected) rows per replication (every region, unit and year of the "
                                         + "scenario), found \(samples.rows.count)")])
        }
        let places = try samples.rows.map { row throws(InputError) in
            guard let place = cells[row] else {
                throw InputError([Diagnostic(file: file, line: 1, column: 1, field: "replications",
                                             message: "the row (\(row.region), \(row.municipality), \(row.year)) is not one of the scenario's")])
            }
            return place
        }
        let sizes = template.unitNames.map { $0.count * scenario.years.count * Metric.count }
        let n = samples.replications.count
        var values = sizes.map { size in [[Double]](repeating: [Double](repeating: 0, count: size), count: n) }
        let stride = samples.rows.count * samples.metrics.count
        for rep in 0..<n {
            for (i, place) in places.enumerated() {
                let base = rep * stride + i * samples.metrics.count
                for (k, m) in samples.metrics.enumerated() {
                    values[place.region][rep][place.offset + m] = samples.values[base + k]
                }
            }
        }
        return values
    }
}
