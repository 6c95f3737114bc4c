import Foundation

/// Reads `replications.csv` back (the inverse of ``ReplicationTable``). Its
/// values are shortest round-trip decimals, so every double reads back
/// exactly (−0, written as 0, as 0); an empty field is an undefined value (NaN).
///
/// The rows of one replication lie together (as written, and as shards'
/// files concatenated); the first replication's rows fix the row set, which
/// every other replication must repeat exactly once. The replications must
/// form one unbroken range.
public enum ReplicationTableReader {
    /// Where a row first appears (1-based line; columns of its key fields).
    public struct RowOrigin: Hashable, Sendable {
        public var line: Int
        public var regionColumn: Int
        public var municipalityColumn: Int
        public var yearColumn: Int
    }

    /// The samples with, per row, where it first appears.
    public struct Table: Sendable {
        public var samples: ReplicationSamples
        public var origins: [RowOrigin]
    }

    static let keyColumns = ["replication", "region", "municipality", "year"]
    /// Reading stops after this many problems: a wrong file gives one per row.
    static let maxProblems = 20

    /// Parses `bytes`, naming `file` in errors; throws every problem found
    /// (up to ``maxProblems``), each with its line and column.
    public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> Table {
        var reader = Reader(bytes: bytes, file: file)
        let table = reader.run()
        guard reader.problems.isEmpty, let table else {
            throw InputError(reader.problems.isEmpty
                             ? [Diagnostic(file: file, line: 1, column: 1, field: "header", message: "no header")]
                             : reader.problems)
        }
        return table
    }

    private struct Reader {
        let bytes: [UInt8]
        let file: String
        var fields = CSVFields()
        var problems: [Diagnostic] = []
        var stopped: Bool { problems.count >= ReplicationTableReader.maxProblems }

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            fields = CSVFields(bytes: bytes)
        }

        mutating func problem(_ field: String, _ message: String, line: Int, column: Int) {
            guard !stopped else { return }
            problems.append(Diagnostic(file: file, line: line, column: column, field: field, message: message))
            if stopped {
                problems.append(Diagnostic(file: file, line: line, column: column, field: "row",
                                           message: "stopped reading after \(ReplicationTableReader.maxProblems) problems"))
            }
        }

        mutating func problem(_ field: String, _ message: String, at f: CSVFields.Field) {
            problem(field, message, line: f.line, column: f.column)
        }

        mutating func run() -> Table? {
            guard let header = fields.next() else {
                if let e = fields.error {
                    problem("header", e.message, line: e.line, column: e.column)
                } else {
                    problem("header", "expected the header \(keyColumns.joined(separator: ",")),<metrics>, found an empty file",
                            line: 1, column: 1)
                }
                return nil
            }
            guard let metrics = readHeader(header) else { return nil }
            let width = keyColumns.count + metrics.count

            var rows: [ResultRow] = []
            var origins: [RowOrigin] = []
            var rowIndex: [ResultRow: Int] = [:]
            var firstReplication: Int?
            var blocks: [Block] = []
            var seenReplications = Set<Int>()
            var current: Block?

            while !stopped, let record = fields.next() {
                let start = record[0]
                guard record.count == width else {
                    let extra = record.count > width
                    problem("row", "expected \(width) fields (as the header), found \(record.count)",
                            line: start.line, column: extra ? record[width].column : start.column)
                    continue
                }
                guard let replication = integer(record[0]) else {
                    problem("replication", "expected a whole number, found `\(written(record[0]))`", at: record[0]); continue
                }
                guard let year = integer(record[3]) else {
                    problem("year", "expected a year, found `\(written(record[3]))`", at: record[3]); continue
                }
                let row = ResultRow(region: text(record[1]), municipality: text(record[2]), year: year)
                var values = [Double](repeating: .nan, count: metrics.count)
                var valid = true
                for (k, f) in record[keyColumns.count...].enumerated() where !f.isEmpty {
                    guard let x = number(f) else {
                        problem(Metric.all[metrics[k]].name, "expected a number or an empty field, found `\(written(f))`", at: f)
                        valid = false
                        continue
                    }
                    values[k] = x
                }
                guard valid else { continue }

                if current?.replication != replication {
                    // A problem in the first replication leaves its row set unknown: checking the others against it would only repeat it.
                    if current != nil && current?.replication == firstReplication && !problems.isEmpty { break }
                    if let block = current, closes(block, rows: rows, first: firstReplication) { blocks.append(block) }
                    current = nil
                    guard seenReplications.insert(replication).inserted else {
                        problem("replication", "replication \(replication) appears again; a replication's rows must lie together",
                                at: record[0])
                        continue
                    }
                    if firstReplication == nil { firstReplication = replication }
                    let defining = replication == firstReplication
                    current = Block(replication: replication, line: start.line,
                                    values: defining ? [] : [Double](repeating: .nan, count: rows.count * metrics.count),
                                    filled: defining ? [] : [Bool](repeating: false, count: rows.count))
                }
                guard var block = current else { continue }  // the rest of a repeated replication
                current = nil  // keep the block's arrays uniquely referenced while it changes
                if block.replication == firstReplication {
                    if rowIndex[row] != nil {
                        problem("replication", "replication \(replication) has the row (\(row.region), \(row.municipality), "
                                + "\(row.year)) twice", at: record[0])
                    } else {
                        rowIndex[row] = rows.count
                        rows.append(row)
                        origins.append(RowOrigin(line: start.line, regionColumn: record[1].column,
                                                 municipalityColumn: record[2].column, yearColumn: record[3].column))
                        block.values += values
                        block.filled.append(true)
                    }
                } else if let i = rowIndex[row] {
                    if block.filled[i] {
                        problem("replication", "replication \(replication) has the row (\(row.region), \(row.municipality), "
                                + "\(row.year)) twice", at: record[0])
                    } else {
                        block.filled[i] = true
                        block.values.replaceSubrange(i * metrics.count..<(i + 1) * metrics.count, with: values)
                    }
                } else {
                    problem("municipality", "the row (\(row.region), \(row.municipality), \(row.year)) is not among the rows "
                            + "of replication \(firstReplication!), the first in the file", at: record[1])
                }
                current = block
            }
            if let e = fields.error { problem("row", e.message, line: e.line, column: e.column) }
            if let block = current, closes(block, rows: rows, first: firstReplication) { blocks.append(block) }
            guard problems.isEmpty else { return nil }
            guard !blocks.isEmpty else {
                problem("replication", "expected rows after the header, found none", line: 2, column: 1)
                return nil
            }
            blocks.sort { $0.replication < $1.replication }
            for (previous, next) in zip(blocks, blocks.dropFirst()) where next.replication != previous.replication + 1 {
                problem("replication", "replications \(previous.replication + 1)…\(next.replication - 1) are missing "
                        + "(the file has \(previous.replication) and then \(next.replication))", line: next.line, column: 1)
                return nil
            }
            var all: [Double] = []
            all.reserveCapacity(blocks.count * rows.count * metrics.count)
            for i in blocks.indices {
                all += blocks[i].values
                blocks[i].values = []
            }
            let range = blocks[0].replication..<(blocks[blocks.count - 1].replication + 1)
            return Table(samples: ReplicationSamples(rows: rows, metrics: metrics, replications: range, values: all),
                         origins: origins)
        }

        /// One replication's rows, as they are read.
        struct Block {
            var replication: Int
            var line: Int
            var values: [Double]
            /// Which of the first replication's rows this one has had.
            var filled: [Bool]
        }

        /// Whether a finished block has every row of the first replication; reports the first it lacks.
        mutating func closes(_ block: Block, rows: [ResultRow], first: Int?) -> Bool {
            guard let missing = block.filled.firstIndex(of: false) else { return true }
            // A rejected row is missing too; saying so again would only repeat the problem.
            guard problems.isEmpty else { return false }
            let n = block.filled.count { !$0 }
            let row = rows[missing]
            let more = n > 1 ? " and \(n - 1) more" : ""
            problem("replication", "replication \(block.replication) lacks the row (\(row.region), \(row.municipality), "
                    + "\(row.year))\(more) that replication \(first ?? block.replication) has", line: block.line, column: 1)
            return false
        }

        /// The metric columns as catalogue indices, or nil after reporting the problems.
        mutating func readHeader(_ header: [CSVFields.Field]) -> [Int]? {
            var ok = true
            for (k, name) in keyColumns.enumerated() where k >= header.count || text(header[k]) != name {
                let at = k < header.count ? header[k] : header[header.count - 1]
                let found = k < header.count ? "`\(text(header[k]))`" : "the end of the line"
                problem("header", "expected column \(k + 1) to be `\(name)` (the header of replications.csv), found \(found)", at: at)
                return nil
            }
            var metrics: [Int] = []
            var seen = Set<Int>()
            for f in header.dropFirst(keyColumns.count) {
                let name = text(f)
                guard let m = Metric.index(of: name) else {
                    problem("header", "unknown metric `\(name)`; was the run written by another version of doorstroom?", at: f)
                    ok = false
                    continue
                }
                if !seen.insert(m).inserted {
                    problem("header", "the metric `\(name)` appears twice", at: f)
                    ok = false
                }
                metrics.append(m)
            }
            if ok && metrics.isEmpty {
                problem("header", "expected metric columns after `year`, found none", at: header[header.count - 1])
                return nil
            }
            return ok ? metrics : nil
        }

        func text(_ f: CSVFields.Field) -> String { fields.text(f) }

        /// A field as it is written, quotes included, for messages.
        func written(_ f: CSVFields.Field) -> String { f.quoted ? "\"" + fields.text(f) + "\"" : fields.text(f) }

        /// A whole number 0…10¹⁵ written in plain digits.
        func integer(_ f: CSVFields.Field) -> Int? {
            guard !f.quoted, (1...15).contains(f.end - f.start) else { return nil }
            var n = 0
            for i in f.start..<f.end {
                let c = bytes[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                n = n * 10 + Int(c - 0x30)
            }
            return n
        }

        /// A finite decimal number (digits, sign, point, exponent), as the writer writes them.
        func number(_ f: CSVFields.Field) -> Double? {
            guard !f.quoted else { return nil }
            for i in f.start..<f.end {
                switch bytes[i] {
                case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
                default: return nil
                }
            }
            guard let x = Double(String(decoding: bytes[f.start..<f.end], as: UTF8.self)), x.isFinite else { return nil }
            return x
        }
    }
}
