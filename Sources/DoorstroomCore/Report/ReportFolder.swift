import Foundation

/// What a report is made from: a finished run folder or batch folder, read
/// from its files alone (so a report can be made again, later, anywhere).
public struct ReportFolder: Sendable {
    public enum Kind: Sendable { case run, batch }

    public let path: String
    public let kind: Kind
    /// `manifest.json`, as JSON objects.
    let manifest: [String: JSONValue]
    let summary: PercentileTable
    /// A batch's `differences.csv`, if it has a reference.
    let differences: PercentileTable?
    /// `ingroeipad.csv`: its rows by column name, if present.
    let ingroeipad: [[String: String]]
    /// `stress.csv` as heat-map cells and `sensitivity.csv` as tornado bars, if present.
    let stressCells: StressTableReader?
    let sensitivityBars: SensitivityTableReader?

    /// Reads the folder; every problem is an ``InputError`` naming the file.
    public init(path: String) throws(InputError) {
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        self.path = folder
        func file(_ name: String) -> String { folder + "/" + name }
        let object = try Self.manifest(in: folder)
        manifest = object
        kind = object["batch_id"] != nil ? .batch : .run
        summary = try PercentileTable(file: file("summary.csv"))
        let exists = { (name: String) in FileManager.default.fileExists(atPath: file(name)) }
        differences = exists("differences.csv") ? try PercentileTable(file: file("differences.csv")) : nil
        ingroeipad = try Self.rows(of: file("ingroeipad.csv"))
        stressCells = exists("stress.csv") ? try StressTableReader(file: file("stress.csv")) : nil
        sensitivityBars = exists("sensitivity.csv") ? try SensitivityTableReader(file: file("sensitivity.csv")) : nil
    }

    /// A CSV file's rows by column name (either dialect); none if the file does not exist.
    static func rows(of file: String) throws(InputError) -> [[String: String]] {
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        var reading = try ChartTableReading(file: file, required: [], kind: "CSV table")
        var rows: [[String: String]] = []
        while let row = reading.nextRow() { rows.append(row.cells.mapValues(\.text)) }
        try reading.finish()
        return rows
    }

    /// The metrics the scenario has observed series of.
    public var observedMetrics: [String] {
        var names: [String] = []
        for series in manifest["observed"]?.array ?? [] {
            if let m = series["metric"]?.string, !names.contains(m) { names.append(m) }
        }
        return names
    }

    /// The observed points of `metric` (totals of all the run's regions), from the manifest.
    public func observed(_ metric: String) -> [(year: Int, value: Double)] { Self.observed(metric, manifest: manifest) }

    /// The observed points of `metric` in the manifest of the run folder `folder`
    /// (none if it has no readable manifest), without reading its tables.
    public static func observed(_ metric: String, inRunFolder folder: String) -> [(year: Int, value: Double)] {
        (try? manifest(in: folder)).map { observed(metric, manifest: $0) } ?? []
    }

    static func observed(_ metric: String, manifest: [String: JSONValue]) -> [(year: Int, value: Double)] {
        var points: [(year: Int, value: Double)] = []
        for series in manifest["observed"]?.array ?? [] where series["metric"]?.string == metric {
            if case let .object(values)? = series["values"] {
                for (year, value) in values {
                    if let y = Int(year), case let .number(x) = value { points.append((y, x)) }
                }
            }
        }
        return points.sorted { $0.year < $1.year }
    }

    /// The `manifest.json` of `folder`, as a JSON object.
    static func manifest(in folder: String) throws(InputError) -> [String: JSONValue] {
        let path = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError([Diagnostic(file: path, line: 1, column: 1, field: "",
                                         message: "not a finished run or batch folder: it has no readable manifest.json")])
        }
        guard case let .object(object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw InputError([Diagnostic(file: path, line: 1, column: 1, field: "", message: "expected a JSON object")])
        }
        return object
    }

    /// A top-level string of the manifest.
    func string(_ key: String) -> String? { manifest[key]?.string }
}

/// A JSON value, for reading manifests without binding the report to their Swift types.
indirect enum JSONValue: Decodable, Sendable {
    case string(String), number(Double), bool(Bool), null
    case array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let x = try? c.decode(Double.self) { self = .number(x) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var string: String? {
        switch self {
        case let .string(s): s
        case let .number(x): x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(x)
        case let .bool(b): String(b)
        default: nil
        }
    }

    var array: [JSONValue] { if case let .array(a) = self { a } else { [] } }
    subscript(key: String) -> JSONValue? { if case let .object(o) = self { o[key] } else { nil } }
}
