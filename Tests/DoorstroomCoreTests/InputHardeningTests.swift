import Foundation
import Testing
@testable import DoorstroomCore

/// Each input that broke the promised error form, the "every problem at
/// once" promise or the resource limits (issue 9, classes 3, 4, 6 and 7),
/// with the clear error it gets now.
@Suite("Hostile input")
struct InputHardeningTests {
    /// A fresh folder holding `files`.
    func folder(_ files: [String: Data]) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-hostile-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, data) in files { try? data.write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// The problems of `scenario.yaml` written with `files` beside it.
    func problems(_ yaml: String, _ files: [String: Data] = [:]) -> [Diagnostic] {
        problems(Data(yaml.utf8), files)
    }

    func problems(_ yaml: Data, _ files: [String: Data] = [:]) -> [Diagnostic] {
        var all = files
        all["scenario.yaml"] = yaml
        let dir = folder(all)
        do {
            _ = try ScenarioLoader.load(path: dir.appendingPathComponent("scenario.yaml").path)
            return []
        } catch { return error.diagnostics }
    }

    static let head = """
        scenario: hostile
        period: {start_year: 2022, end_year: 2023}

        """
    static let csvRegion = "region: {name: R, centrumgemeente: A, municipalities: m.csv}\n"
    static let listRegion = "region: {name: R, centrumgemeente: A, municipalities: [{name: A, population: 1000}]}\n"

    @Test("a duplicated key is reported at the duplicate, with its path and no file dump, and other problems still")
    func duplicateKey() {
        let found = problems(Self.head + Self.listRegion + "lasting_need_share: 0.2\nlasting_need_share: 0.3\nreplications: 0\n")
        let duplicate = found.first { $0.message.contains("duplicate key") }
        #expect(duplicate?.line == 5 && duplicate?.column == 1 && duplicate?.field == "lasting_need_share", "\(found)")
        #expect(duplicate?.message.contains("first given on line 4") == true)
        #expect(!found.contains { $0.message.contains("Context") || $0.description.contains("\n") })
        #expect(found.contains { $0.field == "replications" && $0.line == 6 }, "the other problem is found too: \(found)")
        // In a flow mapping, at the duplicate's column.
        let flow = problems(Self.head.replacingOccurrences(of: "end_year: 2023}", with: "end_year: 2023, end_year: 2024}") + Self.listRegion)
        #expect(flow.map(\.description) == ["\(flow.first?.file ?? ""):2:44: error: period.end_year: duplicate key `end_year` (first given on line 2); the first value is used"])
    }

    @Test("not UTF-8: the line and column of the first bad byte, in the scenario and in a table")
    func notUTF8() {
        var yaml = Data((Self.head + "description: \"caf").utf8)
        yaml.append(contentsOf: [0xE9, 0x22, 0x0A])  // Latin-1 é
        yaml.append(Data(Self.listRegion.utf8))
        let inYAML = problems(yaml)
        #expect(inYAML.count == 1 && inYAML[0].line == 3 && inYAML[0].column == 18, "\(inYAML)")
        #expect(inYAML[0].message.contains("not UTF-8"))
        let inCSV = problems(Self.head + Self.csvRegion, ["m.csv": Data("name,population\nA,1000\nB\u{FF},12\n".utf8).replacingUTF8Marker()])
        #expect(inCSV.count == 1 && inCSV[0].file.hasSuffix("m.csv") && inCSV[0].line == 3 && inCSV[0].column == 2, "\(inCSV)")
    }

    @Test("a newline or control character in a value cannot break the line or forge another; long values are cut")
    func escapedValues() {
        let forged = problems(Self.head.replacingOccurrences(of: "scenario: hostile",
                                                              with: "scenario: \"x\\nscenario.yaml:1:1: error: forged\\u202E\\t\"") + Self.listRegion)
        #expect(forged.count == 1)
        let line = forged[0].description
        #expect(!line.contains("\n") && !line.contains("\t") && !line.contains("\u{202E}"), "\(line)")
        #expect(line.contains("`x\\nscenario.yaml:1:1: error: forged\\u{202E}\\t`"), "\(line)")
        #expect(line.hasPrefix(forged[0].file + ":1:11: error: scenario: "))
        let long = problems(Self.head.replacingOccurrences(of: "scenario: hostile", with: "scenario: " + String(repeating: "X", count: 5_000))
                            + Self.listRegion)
        #expect(long.count == 1 && long[0].description.count < 400 && long[0].description.contains("XXX…`"), "\(long)")
        // A diagnostic without a known place still has the form (the start of the file).
        #expect(Diagnostic(file: "f.yaml", line: nil, column: nil, field: "", message: "m").description == "f.yaml:1:1: error: m")
    }

    @Test("CSV errors carry the cell's column and the column's name")
    func csvColumns() {
        let csv = "name,population,objective_share\n# a comment\nA,1000,0.5\n  Bee ,  -3,0.5\n"
        let found = problems(Self.head + Self.csvRegion, ["m.csv": Data(csv.utf8)])
        #expect(found.map(\.description) == ["\(found.first?.file ?? ""):4:10: error: population: expected a whole number in 1…100000000, found `-3`"], "\(found)")
        let header = problems(Self.head + Self.csvRegion, ["m.csv": Data("name,populaton\nA,1\n".utf8)])
        #expect(header.contains { $0.line == 1 && $0.column == 6 && $0.field == "header" && $0.message.contains("did you mean `population`") })
        // A spreadsheet's byte-order mark is not part of the first column's name.
        #expect(problems(Self.head + Self.csvRegion, ["m.csv": Data("\u{FEFF}name,population\r\nA,1\r\n".utf8)]).isEmpty)
    }

    @Test("a short or long CSV row does not hide the table's other problems")
    func csvRowsAllChecked() {
        let csv = "name,population,objective_share\nA,1000\nB,-5,0.5\nC,10,0.5,extra\nD,abc,0.2\n"
        let found = problems(Self.head + Self.csvRegion, ["m.csv": Data(csv.utf8)])
        let at = Set(found.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field)" })
        #expect(at == ["2:7:", "3:3:population", "4:10:", "5:3:population"], "\(found)")
        #expect(found.first { $0.line == 2 }?.message == "malformed CSV: expected 3 fields as in the header, found 2")
        #expect(problems(Self.head + Self.csvRegion, ["m.csv": Data("name,population\nA,100000001\n".utf8)])
            .contains { $0.field == "population" && $0.message.contains("1…100000000") })
    }

    @Test("reserved, formula-like and control-character names are refused, and the CSV writer escapes formulas")
    func unitNames() {
        let csv = "name,population\nA,1000\nall,5\n=HYPERLINK(1),5\n@x,5\n-1,5\n+a,5\nOut\u{0}side,5\n"
        let found = problems(Self.head + Self.csvRegion, ["m.csv": Data(csv.utf8)])
        #expect(found.map(\.line) == [3, 4, 5, 6, 7, 8], "\(found)")
        #expect(found.allSatisfy { $0.field == "name" && $0.column == 1 })
        #expect(found[0].message.contains("reserved") && found[1].message.contains("formula") && found[5].message.contains("control"))
        let list = problems(Self.head + "region: {name: R, centrumgemeente: A, municipalities: "
                            + "[{name: A, population: 1000}, {name: unknown, population: 5}]}\n")
        #expect(list.count == 1 && list[0].field == "region.municipalities[1].name" && list[0].message.contains("reserved"), "\(list)")
        #expect(CSVFormat.field("=1+1") == "\"'=1+1\"" && CSVFormat.field("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(CSVFormat.field("-x,y") == "\"'-x,y\"" && CSVFormat.field("Den Haag") == "Den Haag")
        #expect(CSVFormat.field("a\r\nb") == "\"a\r\nb\"")
    }

    @Test("files above 8 MiB, devices and FIFOs are refused at the field that names them, without hanging")
    func fileLimits() throws {
        let big = Data(repeating: 0x41, count: InputFile.maximumBytes + 1)
        let found = problems(Self.head + Self.csvRegion, ["m.csv": big])
        #expect(found.count == 1 && found[0].line == 3 && found[0].field == "region.municipalities", "\(found)")
        #expect(found[0].message.contains("too large") && found[0].message.contains("8 MiB"))
        let tooBigScenario = problems(big)
        #expect(tooBigScenario.count == 1 && tooBigScenario[0].line == 1 && tooBigScenario[0].message.contains("too large"))

        let dir = folder(["scenario.yaml": Data((Self.head + "region: {name: R, centrumgemeente: A, municipalities: z.csv}\n"
                                                 + "stay: f.yaml\n").utf8)])
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("z.csv").path, withDestinationPath: "/dev/zero")
        #expect(mkfifo(dir.appendingPathComponent("f.yaml").path, 0o600) == 0)
        let started = Date()
        var special: [Diagnostic] = []
        do { _ = try ScenarioLoader.load(path: dir.appendingPathComponent("scenario.yaml").path) } catch { special = error.diagnostics }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(special.contains { $0.field == "region.municipalities" && $0.message.contains("a character device, not a regular file") }, "\(special)")
        #expect(special.contains { $0.field == "stay" && $0.message.contains("a pipe (FIFO), not a regular file") }, "\(special)")
    }

    @Test("an alias bomb is refused in well under a second, also as a mapping key")
    func aliasBomb() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1...9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        let started = Date()
        let bomb = problems(lines.joined(separator: "\n") + "\n")
        #expect(bomb.count == 1 && bomb[0].message.contains("alias bomb"), "\(bomb)")
        let asKey = problems(lines.prefix(3).joined(separator: "\n") + "\n? *a2\n: 1\n")
        #expect(asKey.count == 1 && asKey[0].line == 4 && asKey[0].message.contains("cannot be a key"), "\(asKey)")
        #expect(Date().timeIntervalSince(started) < 1)
        // A few aliases within the limit are fine.
        let small = problems(Self.head + Self.listRegion + "waiting: {patience: &p {exponential: {mean_years: 1}}}\n"
                             + "legacy: {indication_remaining: *p}\n")
        #expect(small.isEmpty, "\(small)")
    }

    @Test("a line break other than a newline is refused where it is")
    func unusualLineBreaks() {
        let found = problems(Self.head + "description: a\u{2028}b\n" + Self.listRegion)
        #expect(found.count == 1 && found[0].line == 3 && found[0].column == 15 && found[0].message.contains("U+2028"), "\(found)")
        let crlf = problems((Self.head + Self.listRegion).replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.isEmpty, "\(crlf)")
    }
}

private extension Data {
    /// The data with each U+00FF (written in the source as a marker) replaced
    /// by the single byte 0xFF, which is never UTF-8.
    func replacingUTF8Marker() -> Data {
        var out = Data()
        var i = startIndex
        while i < endIndex {
            if self[i] == 0xC3, index(after: i) < endIndex, self[index(after: i)] == 0xBF {
                out.append(0xFF)
                i = index(i, offsetBy: 2)
            } else {
                out.append(self[i])
                i = index(after: i)
            }
        }
        return out
    }
}
