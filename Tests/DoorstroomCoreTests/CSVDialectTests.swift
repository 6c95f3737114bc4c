import Foundation
import Testing
@testable import DoorstroomCore

/// `--csv-dialect excel-nl` (issue #11 item 4): `;` between fields, decimal
/// commas and a UTF-8 byte-order mark, so Excel and LibreOffice with Dutch
/// settings read every number as the number it is.
@Suite("CSV dialects", .serialized)
struct CSVDialectTests {
    func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-dialect-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A reader as a Dutch-locale spreadsheet reads a CSV file, written apart
    /// from the tool's own code: a byte-order mark, `;` between fields,
    /// quoted fields with "" for a quote, and a number with a decimal comma.
    enum Cell: Equatable {
        case number(Double)
        case text(String)
    }

    static func read(_ data: Data, separator: Character, decimal: Character) -> [[Cell]] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[Cell]] = [], row: [Cell] = [], field = "", quoted = false, inQuotes = false
        func cell() -> Cell {
            if !quoted, !field.isEmpty, field.allSatisfy({ $0.isNumber || $0 == "-" || $0 == decimal || $0 == "e" || $0 == "+" }),
               let x = Double(decimal == "." ? field : field.replacingOccurrences(of: String(decimal), with: ".")),
               !field.contains(decimal == "," ? "." : ",") {
                return .number(x)
            }
            return .text(field)
        }
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoted = true
            } else if c == separator {
                row.append(cell()); field = ""; quoted = false
            } else if c == "\n" {
                row.append(cell()); field = ""; quoted = false
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        return rows
    }

    @Test("excel-nl: every cell of every file a Dutch-locale reader gets back equals the default file's: numbers as the same numbers")
    func dutchReaderGetsTheNumbers() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let fixture = TestSupport.fixture("finance/scenario.yaml")
        let common = ["run", fixture, "--output", out.path, "--replications", "8", "--keep-replications", "--quiet"]
        #expect(try TestSupport.runTool(common + ["--run-id", "rfc"]).status == 0)
        let r = try TestSupport.runTool(common + ["--run-id", "nl", "--csv-dialect", "excel-nl"])
        #expect(r.status == 0, "\(r.err)")
        let folder = out.appendingPathComponent("finance-small")
        var numbers = 0
        for file in ["summary.csv", "metrics.csv", "ingroeipad.csv", "replications.csv"] {
            let rfc = try Data(contentsOf: folder.appendingPathComponent("rfc/\(file)"))
            let nl = try Data(contentsOf: folder.appendingPathComponent("nl/\(file)"))
            #expect(nl.starts(with: [0xEF, 0xBB, 0xBF]), "\(file) has no byte-order mark")
            #expect(!rfc.starts(with: [0xEF, 0xBB, 0xBF]))
            let expected = Self.read(rfc, separator: ",", decimal: ".")
            let got = Self.read(nl, separator: ";", decimal: ",")
            #expect(got.count == expected.count && got.count > 1, "\(file)")
            for (a, b) in zip(expected, got) {
                #expect(a == b, "\(file): \(a) read as \(b)")
                numbers += a.filter { if case .number = $0 { return true } else { return false } }.count
            }
            // A point in a numeric cell would be read by Dutch settings as a thousands separator.
            for row in got { for case let .text(t) in row { #expect(Double(t) == nil, "\(file): the number \(t) was read as text") } }
        }
        #expect(numbers > 1000)
        let manifest = try String(contentsOf: folder.appendingPathComponent("nl/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"csv_dialect\" : \"excel-nl\""))
    }

    @Test("excel-nl by hand: separators, decimal marks, quoting, neutralised formulas, empty cells; read back exactly")
    func transcodingByHand() {
        let rfc = "name,x,y,note\n\"a,b\",-1.5,2e-07,\"'=cmd|x\"\nc;d,10,,\"say \"\"hi\"\"\"\n"
        let nl = CSVDialect.excelNL.render(rfc)
        #expect([UInt8](nl) == [0xEF, 0xBB, 0xBF]
                + Array("name;x;y;note\n\"a,b\";-1,5;2e-07;\"'=cmd|x\"\n\"c;d\";10;;\"say \"\"hi\"\"\"\n".utf8))
        #expect(CSVDialect.rfc4180Text(of: nl) == "name,x,y,note\n\"a,b\",-1.5,2e-07,\"'=cmd|x\"\n\"c;d\",10,,\"say \"\"hi\"\"\"\n")
        #expect(CSVDialect.rfc4180.render(rfc) == Data(rfc.utf8))
        #expect(CSVDialect.rfc4180Text(of: Data(rfc.utf8)) == rfc)
    }

    @Test("a batch in excel-nl: the same files as the default dialect's, transcoded; compare reads its run folders")
    func batchAndCompare() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = TestSupport.fixture("finance/scenario.yaml")
        let tariff = dir.appendingPathComponent("tariff.yaml")
        try "base: \(base)\nscenario: tariff\nfinance:\n  tariff_per_day: {intramural: 150}\n".write(to: tariff, atomically: true, encoding: .utf8)
        let common = ["batch", base, tariff.path, "--output", dir.appendingPathComponent("out").path,
                      "--reference", "finance-small", "--replications", "6", "--keep-replications", "--quiet"]
        #expect(try TestSupport.runTool(common + ["--batch-id", "rfc"]).status == 0)
        let r = try TestSupport.runTool(common + ["--batch-id", "nl", "--csv-dialect", "excel-nl"])
        #expect(r.status == 0, "\(r.err)")
        let out = dir.appendingPathComponent("out")
        for file in ["summary.csv", "differences.csv", "stress.csv", "tariff/replications.csv"] {
            let rfc = try String(contentsOf: out.appendingPathComponent("rfc/\(file)"), encoding: .utf8)
            let nl = try Data(contentsOf: out.appendingPathComponent("nl/\(file)"))
            #expect(nl == CSVDialect.excelNL.render(rfc), "\(file)")
        }
        let index = try Data(contentsOf: out.appendingPathComponent("nl/index.csv"))
        #expect(index.starts(with: [0xEF, 0xBB, 0xBF] + Array("scenario;file;".utf8)))
        let compared = try TestSupport.runTool(["compare", out.appendingPathComponent("nl/finance-small").path,
                                                out.appendingPathComponent("nl/tariff").path, "--output",
                                                dir.appendingPathComponent("cmp").path, "--run-id", "c", "--quiet"])
        #expect(compared.status == 0, "\(compared.err)")
        #expect(try String(contentsOf: dir.appendingPathComponent("cmp/tariff-vs-finance-small/c/differences.csv"), encoding: .utf8)
                == String(contentsOf: out.appendingPathComponent("rfc/differences.csv"), encoding: .utf8))
    }

    /// The transcoder as it was before it copied unquoted fields from the
    /// input as they stand: byte by byte into a field buffer.
    static func referenceTranscode(_ input: [UInt8], from: UInt8, to: UInt8, decimal: (from: UInt8, to: UInt8)) -> [UInt8] {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        func isNumber(_ field: [UInt8]) -> Bool {
            var i = 0
            func digits() -> Int {
                let start = i
                while i < field.count, field[i] >= UInt8(ascii: "0"), field[i] <= UInt8(ascii: "9") { i += 1 }
                return i - start
            }
            if i < field.count, field[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
            if i < field.count, field[i] == decimal.from {
                i += 1
                guard digits() > 0 else { return false }
            }
            if i < field.count, field[i] == UInt8(ascii: "e") || field[i] == UInt8(ascii: "E") {
                i += 1
                if i < field.count, field[i] == UInt8(ascii: "+") || field[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return false }
            }
            return i == field.count
        }
        var out: [UInt8] = [], field: [UInt8] = [], quoted = false, i = 0
        func emit() {
            if !quoted, isNumber(field) {
                out += field.map { $0 == decimal.from ? decimal.to : $0 }
            } else if quoted || field.contains(where: { $0 == to || $0 == quote || $0 == newline || $0 == cr }) {
                out.append(quote)
                for b in field {
                    if b == quote { out.append(quote) }
                    out.append(b)
                }
                out.append(quote)
            } else {
                out += field
            }
            field.removeAll()
            quoted = false
        }
        while i < input.count {
            let b = input[i]
            if b == quote && field.isEmpty && !quoted {
                quoted = true
                i += 1
                while i < input.count {
                    if input[i] == quote {
                        if i + 1 < input.count && input[i + 1] == quote { field.append(quote); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(input[i])
                    i += 1
                }
                continue
            }
            if b == from { emit(); out.append(to) } else if b == newline { emit(); out.append(newline) } else { field.append(b) }
            i += 1
        }
        if !field.isEmpty || quoted { emit() }
        return out
    }

    @Test("transcoding copies unquoted fields as they stand and gives the bytes the byte-by-byte transcoder gave, both ways")
    func transcodingMatchesTheReference() {
        var rng = SplitMix64(seed: 2_026)
        let pieces = ["\"", "\"\"", ",", ";", ".", "-", "e", "E+", "12", "0", "3.5", "4,25", "-1e-3", "\n", "\r\n", "\r", " ", "x", "é", ""]
        let directions: [(from: UInt8, to: UInt8, decimal: (from: UInt8, to: UInt8))] =
            [(UInt8(ascii: ","), UInt8(ascii: ";"), (UInt8(ascii: "."), UInt8(ascii: ","))),
             (UInt8(ascii: ";"), UInt8(ascii: ","), (UInt8(ascii: ","), UInt8(ascii: ".")))]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...16, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            for d in directions {
                var found: [UInt8] = []
                Array(text.utf8).withUnsafeBufferPointer { CSVDialect.transcode($0, from: d.from, to: d.to, decimal: d.decimal, into: &found) }
                let expected = Self.referenceTranscode(Array(text.utf8), from: d.from, to: d.to, decimal: d.decimal)
                #expect(found == expected, "\(text.debugDescription)")
            }
        }
    }
}
