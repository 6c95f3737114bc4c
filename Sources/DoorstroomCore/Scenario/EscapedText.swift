extension String {
    /// The text with every character that could break a one-line diagnostic
    /// written visibly: `\n`, `\r`, `\t`, and `\u{…}` for other control
    /// characters (NUL included), line and paragraph separators, bidi
    /// controls and the byte-order mark; longer than `limit` characters, cut with `…`.
    ///
    /// Every value a diagnostic echoes goes through this, so that no message
    /// can span two lines, forge a second `file:1:1: error:` line or reorder
    /// what a terminal shows.
    public func escapedForDiagnostic(limit: Int = 60) -> String {
        var result = ""
        var count = 0
        for scalar in unicodeScalars {
            let piece = Self.escape(scalar)
            if count + piece.count > limit {
                result += "…"
                return result
            }
            result += piece
            count += piece.count
        }
        return result
    }

    /// Whether any character of the text would be escaped by ``escapedForDiagnostic(limit:)``.
    var hasInvisibleControls: Bool { unicodeScalars.contains(where: Self.needsEscape) }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0 and C1 controls, DEL (NEL is 0x85)
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi controls
        case 0xFEFF: return true  // a byte-order mark: invisible, and makes `name` differ from `name`
        default: return false
        }
    }

    private static func escape(_ s: Unicode.Scalar) -> String {
        guard needsEscape(s) else { return String(s) }
        switch s {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{\(String(s.value, radix: 16, uppercase: true))}"
        }
    }
}
