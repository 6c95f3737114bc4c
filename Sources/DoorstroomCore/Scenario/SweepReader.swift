import Foundation
import Yams

/// A sweep: one base scenario and the variations of it to run side by side,
/// as a batch. Every point is the base with settings laid over it (as
/// `--set` would), and runs under a stable readable name:
///
/// ```yaml
/// sweep: den-haag-stress
/// base: ../den-haag/baseline.yaml
/// grid:                                   # every combination, first key slowest
///   finance.ingroeipad.years: [5, 10, 15]
///   finance.ingroeipad.profile: [linear, legacy-runoff]
///   stay.intramural.wlz.exponential.mean_years: {low: 30, mid: 20, high: 10}   # labelled levels
/// points:                                 # and/or named points
///   - {name: no-cap, set: {finance.cap_per_inhabitant: ~}}
/// ```
///
/// The base itself is always a point, `<sweep>-base`, and the default
/// reference of the batch's paired differences. A grid point is named
/// `<sweep>-<key>-<label>-…` with the last segment of each path as key
/// (`den-haag-stress-years-5-profile-linear`).
public struct Sweep: Sendable {
    /// The sweep's name, the prefix of its points' names.
    public var name: String
    /// The sweep file.
    public var file: String
    /// The base scenario file (as named in the sweep file, resolved against it).
    public var base: String
    /// The point the others are compared with.
    public var reference: String
    /// Every point, the base first.
    public var entries: [BatchEntry]

    /// Whether the file at `path` is a sweep file: a line `sweep:` at the top level.
    public static func isSweepFile(_ path: String) -> Bool {
        // InputFile refuses FIFOs and devices without blocking; the loader then reports them.
        guard case let .success(data) = InputFile.read(path) else { return false }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { $0.hasPrefix("sweep:") }
    }

    /// Grid points, at most.
    public static let maximumPoints = 10_000

    /// Reads a sweep file; throws every problem at once.
    public static func load(path: String) throws(ScenarioError) -> Sweep {
        let context = ReadContext(baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent())
        let directory = (path as NSString).deletingLastPathComponent
        guard case let .success(data) = InputFile.read(path) else {
            throw ScenarioError([Diagnostic(file: path, line: 1, column: 1, field: "",
                                            message: "cannot read the sweep file (does it exist, is it a regular file of at most 8 MiB?)")])
        }
        guard let text = String(data: data, encoding: .utf8), let node = composeYAML(text, file: path, log: context.log) else {
            if context.log.isEmpty {
                throw ScenarioError([Diagnostic(file: path, line: 1, column: 1, field: "", message: "not UTF-8 text")])
            }
            throw ScenarioError(context.log.sorted)
        }
        let root = Field(node: node, path: "", file: path, source: nil, context: context)
        let sweep = SweepReader(file: path, directory: directory).read(root)
        guard context.log.isEmpty, let sweep else { throw ScenarioError(context.log.sorted) }
        return sweep
    }
}

/// Turns a sweep file's nodes into points.
struct SweepReader {
    let file: String
    let directory: String

    /// One axis of the grid: a field path and its levels (label, value).
    struct Axis {
        let path: String
        let levels: [(label: String, setting: Setting)]
    }

    func read(_ root: Field) -> Sweep? {
        guard let top = root.mapping(allowed: ["sweep", "description", "base", "reference", "grid", "points"],
                                     required: ["sweep", "base"]) else { return nil }
        let name = top["sweep"].flatMap { ScenarioReader(context: root.context).scenarioName($0) }
        var base = top["base"]?.string()
        if let b = base, !b.hasPrefix("/"), !directory.isEmpty { base = "\(directory)/\(b)" }
        // As a person would write it: `Scenarios/x.yaml`, not `Sweeps/../Scenarios/x.yaml` (index.csv, manifests, messages).
        base = base.map(PathText.normalised)
        let axes = top["grid"].flatMap(readGrid) ?? []
        let named = top["points"].flatMap(readPoints) ?? []
        guard let name, let base else { return nil }

        // Counted before anything is built: two axes of 10,000 values would be 10⁸ points.
        let count = axes.reduce(1.0) { $0 * Double(max($1.levels.count, 1)) }
        if count > Double(Sweep.maximumPoints) {
            top["grid"]?.error("expected at most \(Sweep.maximumPoints) grid points, found \(String(format: "%.0f", count))")
            return nil
        }
        if case .failure = InputFile.read(base) {
            // Reported once here, not once per point; the other problems are still found.
            top["base"]?.error("cannot read the base scenario `\(base)` (does it exist, is it a regular file of at most 8 MiB?)")
        }
        var entries = [BatchEntry(file: base, name: "\(name)-base")]
        var combinations: [[(label: String, setting: Setting, key: String)]] = [[]]
        for axis in axes {
            let key = Self.label(String(axis.path.split(separator: ".").last ?? ""))
            combinations = combinations.flatMap { prefix in axis.levels.map { prefix + [($0.label, $0.setting, key)] } }
            if combinations.count > Sweep.maximumPoints {
                top["grid"]?.error("expected at most \(Sweep.maximumPoints) grid points, found more")
                return nil
            }
        }
        if !axes.isEmpty {
            for combination in combinations {
                let suffix = combination.map { "\($0.key)-\($0.label)" }.joined(separator: "-")
                entries.append(BatchEntry(file: base, settings: combination.map(\.setting), name: "\(name)-\(suffix)"))
            }
        }
        for point in named {
            entries.append(BatchEntry(file: base, settings: point.settings, name: "\(name)-\(point.name)"))
        }
        var seen = Set<String>()
        for entry in entries {
            let n = entry.name ?? ""
            if n.count > ScenarioLimits.nameLength {
                (top["grid"] ?? top.owner).error("the point name `\(n)` is longer than \(ScenarioLimits.nameLength) characters; shorten the sweep name or the labels")
            }
            if !seen.insert(n).inserted {
                (top["points"] ?? top.owner).error("two points are named `\(n)`; give them different names or labels")
            }
        }
        var reference = "\(name)-base"
        if let r = top["reference"], let text = r.string() {
            reference = text == "base" ? reference : "\(name)-\(text)"
            if !seen.contains(reference) { r.error("expected `base` or the name of a point, found `\(text)`") }
        }
        return Sweep(name: name, file: file, base: base, reference: reference, entries: entries)
    }

    /// `grid: {path: [values] | {label: value}}`.
    func readGrid(_ f: Field) -> [Axis]? {
        guard let entries = f.freeMapping() else { return nil }
        var axes: [Axis] = []
        for (path, field) in entries {
            switch field.node {
            case let .sequence(values):
                var levels: [(String, Setting)] = []
                for (i, value) in values.enumerated() {
                    let element = field.element(i, value)
                    guard case let .scalar(s) = value else {
                        element.error("expected a number or a word; give structured levels as a mapping `label: value`")
                        continue
                    }
                    levels.append((Self.label(s.string), setting(path, value, at: element)))
                }
                axes.append(Axis(path: path, levels: levels))
            case .mapping:
                guard let labelled = field.freeMapping() else { continue }
                axes.append(Axis(path: path, levels: labelled.map { (Self.label($0.key), setting(path, $0.field.node, at: $0.field)) }))
            default:
                field.error("expected a list of values or a mapping `label: value`, found \(field.found)")
            }
            if axes.last?.levels.isEmpty == true { field.error("expected at least one value") }
        }
        return axes
    }

    /// `points: [{name, set: {path: value}}]`.
    func readPoints(_ f: Field) -> [(name: String, settings: [Setting])]? {
        guard let items = f.sequence() else { return nil }
        var points: [(String, [Setting])] = []
        for item in items {
            guard let m = item.mapping(allowed: ["name", "set"], required: ["name", "set"]),
                  let name = m["name"].flatMap({ ScenarioReader(context: f.context).scenarioName($0) }),
                  let set = m["set"]?.freeMapping() else { continue }
            points.append((name, set.map { setting($0.key, $0.field.node, at: $0.field) }))
        }
        return points
    }

    /// The setting of `path` to `value`, located where the value was written.
    func setting(_ path: String, _ value: Node, at field: Field) -> Setting {
        let text: String
        // A plain scalar is passed on as written; a quoted one (`""`, `"~"`, `"a: b"`) keeps its quotes.
        if case let .scalar(s) = value, s.style == .plain { text = s.string.isEmpty ? "~" : s.string } else {
            text = (try? Yams.serialize(node: value)) ?? ""
        }
        return Setting(path: path, value: text, origin: SourceLocation(file: field.file, line: field.line, column: field.column))
    }

    /// A value as a part of a name: lower case, other characters than `a-z 0-9 -` as `-`.
    static func label(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        return String(text.lowercased().map { allowed.contains($0) ? $0 : "-" })
    }
}
