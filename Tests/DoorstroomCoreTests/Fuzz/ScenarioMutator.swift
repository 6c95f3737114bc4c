import Foundation

/// Seeded mutations of scenario files (YAML) and their tables (CSV): the
/// slips people make and the input an attacker would write. Each returns the
/// new bytes and a one-line description for the failure report.
enum ScenarioMutator {
    /// Values that stress every reader: signs, zero, overflow, non-finite,
    /// null, empty, hexadecimal, digit grouping.
    static let extremes = ["-1", "0", "1", "1e19", "1e308", "-1e308", "1e-320", ".nan", "NaN", ".inf", "-.inf",
                           "99999999999999999999999", "9223372036854775807", "9223372036854775808", "4294967296",
                           "~", "\"\"", "0x7fffffff", "1_000", "2.5", "1,000"]
    /// Text that must never break a line of output or be run as a formula.
    static let hostileText = ["\u{0}", "\t", "\r", "\n", "\r\n", "\u{1B}[31m", "\u{202E}", "\u{2028}", "\u{85}",
                              "\nscenario.yaml:1:1: error: forged\n", "=HYPERLINK(1)", "ALL", "unknown", "\u{7F}", "'", "\"", ","]

    static func mutate(_ data: Data, isCSV: Bool, using rng: inout SplitMix64) -> (Data, String) {
        let kinds: [Kind] = isCSV ? Kind.csv : Kind.yaml
        let kind = kinds.randomElement(using: &rng)!
        return kind.apply(to: data, using: &rng)
    }

    enum Kind: CaseIterable {
        case flipByte, deleteBytes, duplicateLine, deleteLine, swapLines, extremeNumber, extremeValue, hostileValue, truncate
        case misspellKey, nullValue, aliasBomb, shortenRow, lengthenRow, hostileCell

        static let yaml: [Kind] = [.flipByte, .deleteBytes, .duplicateLine, .duplicateLine, .deleteLine, .swapLines,
                                   .extremeNumber, .extremeValue, .extremeValue, .extremeValue, .hostileValue, .hostileValue,
                                   .truncate,
                                   .misspellKey, .misspellKey, .nullValue, .aliasBomb]
        static let csv: [Kind] = [.flipByte, .deleteBytes, .duplicateLine, .deleteLine, .extremeNumber, .extremeNumber,
                                  .hostileValue, .truncate, .shortenRow, .shortenRow, .lengthenRow, .hostileCell, .hostileCell]

        func apply(to data: Data, using rng: inout SplitMix64) -> (Data, String) {
            var bytes = [UInt8](data)
            var text: String { String(decoding: bytes, as: UTF8.self) }
            switch self {
            case .flipByte:
                guard !bytes.isEmpty else { return (data, "flip: empty") }
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                let bit = UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                bytes[i] ^= bit
                return (Data(bytes), "flip bit \(bit) of byte \(i)")
            case .deleteBytes:
                guard !bytes.isEmpty else { return (data, "delete: empty") }
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                let n = min(Int.random(in: 1...20, using: &rng), bytes.count - i)
                bytes.removeSubrange(i..<(i + n))
                return (Data(bytes), "delete \(n) bytes at \(i)")
            case .truncate:
                let i = Int.random(in: 0...bytes.count, using: &rng)
                return (Data(bytes.prefix(i)), "truncate at byte \(i)")
            case .duplicateLine, .deleteLine, .swapLines:
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let i = Int.random(in: 0..<lines.count, using: &rng)
                switch self {
                case .duplicateLine: lines.insert(lines[i], at: i + 1)
                case .deleteLine: lines.remove(at: i)
                default: let j = Int.random(in: 0..<lines.count, using: &rng); lines.swapAt(i, j)
                }
                return (Data(lines.joined(separator: "\n").utf8), "\(self) at line \(i + 1)")
            case .extremeNumber:
                let value = ScenarioMutator.extremes.randomElement(using: &rng)!
                return replaceMatch(of: /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/, in: text, with: { _ in value }, using: &rng,
                                    what: "number → \(value)")
            case .extremeValue:
                // A number that is a YAML value (after `key: `, in a list or `{…}`), not one inside a note.
                let value = ScenarioMutator.extremes.randomElement(using: &rng)!
                return replaceMatch(of: /(?<lead>: |\[|, )-?\d[\d.eE+-]*(?=[,}\]\s]|$)/, in: text,
                                    with: { match in "\(match.prefix(while: { !$0.isNumber && $0 != "-" }))\(value)" },
                                    using: &rng, what: "value → \(value)")
            case .hostileValue:
                let value = ScenarioMutator.hostileText.randomElement(using: &rng)!
                let s = text
                guard !s.isEmpty else { return (Data(value.utf8), "hostile text in an empty file") }
                let offset = Int.random(in: 0..<s.unicodeScalars.count, using: &rng)
                var scalars = Array(s.unicodeScalars)
                scalars.insert(contentsOf: value.unicodeScalars, at: offset)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                return (Data(String(view).utf8), "insert \(value.debugDescription) at scalar \(offset)")
            case .misspellKey:
                let (position, edit) = (Int(rng.next() % 1_000), Int(rng.next() % 3))
                return replaceMatch(of: /[a-z_]{3,}(?=:)/, in: text, with: { key in
                    var k = Array(key)
                    let i = position % k.count
                    switch edit {
                    case 0: k.remove(at: i)
                    case 1: k.insert("x", at: i)
                    default: k[i] = k[i] == "a" ? "e" : "a"
                    }
                    return String(k)
                }, using: &rng, what: "misspell a key")
            case .nullValue:
                return replaceMatch(of: /: [^\s{}\[\],#][^\n,}\]]*/, in: text, with: { _ in ": ~" }, using: &rng,
                                    what: "a value → ~")
            case .aliasBomb:
                var lines = ["bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
                for i in 1...9 { lines.append("bomb\(i): &b\(i) [" + Array(repeating: "*b\(i - 1)", count: 10).joined(separator: ", ") + "]") }
                if rng.chance(0.5) { lines.append("? *b9\n: 1") }
                return (Data((text + "\n" + lines.joined(separator: "\n") + "\n").utf8), "append an alias bomb")
            case .shortenRow, .lengthenRow, .hostileCell:
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let rows = lines.indices.filter { $0 > 0 && lines[$0].contains(",") && !lines[$0].hasPrefix("#") }
                guard let i = rows.randomElement(using: &rng) else { return (data, "\(self): no row") }
                var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                switch self {
                case .shortenRow: cells.removeLast()
                case .lengthenRow: cells.append("7")
                default:
                    let j = Int.random(in: 0..<cells.count, using: &rng)
                    cells[j] = (ScenarioMutator.extremes + ScenarioMutator.hostileText).randomElement(using: &rng)!
                }
                lines[i] = cells.joined(separator: ",")
                return (Data(lines.joined(separator: "\n").utf8), "\(self) at line \(i + 1)")
            }
        }

        /// Replaces one match of `regex`, chosen at random.
        private func replaceMatch(of regex: some RegexComponent, in text: String, with replacement: (Substring) -> String,
                                  using rng: inout SplitMix64, what: String) -> (Data, String) {
            let ranges = text.ranges(of: regex)
            guard let range = ranges.randomElement(using: &rng) else { return (Data(text.utf8), "\(what): no match") }
            var s = text
            let line = s[..<range.lowerBound].filter { $0 == "\n" }.count + 1
            s.replaceSubrange(range, with: replacement(text[range]))
            return (Data(s.utf8), "\(what) on line \(line) (was `\(text[range])`)")
        }
    }
}
