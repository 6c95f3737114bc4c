/// The rules for a run id, the name of a run folder: 1 to 100 characters
/// from `A–Z a–z 0–9 . _ -`, not starting with `.`. So an id names exactly
/// one visible folder inside `<output>/<scenario>/`: it cannot be empty,
/// `.` or `..`, contain `/`, escape the output folder, or clash with the
/// hidden staging and lock names.
public enum RunID {
    /// The longest run id accepted.
    public static let maxLength = 100

    /// What is wrong with `id`, as `expected …, found …`, or nil when it is
    /// valid. The id is echoed escaped and shortened.
    public static func problem(_ id: String) -> String? {
        let expected = "expected 1 to \(maxLength) characters of A–Z a–z 0–9 . _ - not starting with `.`"
        let scalars = Array(id.unicodeScalars)
        let reason: String
        if scalars.isEmpty {
            return "\(expected), found an empty id"
        } else if scalars.count > maxLength {
            reason = "\(scalars.count) characters"
        } else if scalars[0] == "." {
            reason = "starts with `.`"
        } else if let bad = scalars.first(where: { !isAllowed($0) }) {
            reason = "`\(escaped(String(bad)))` is not allowed"
        } else {
            return nil
        }
        return "\(expected), found `\(shortened(id))` (\(reason))"
    }

    static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": return true
        default: return false
        }
    }

    /// `text` with control, format and line-separator characters written as
    /// `\u{…}`, so an echoed value can neither garble nor forge a line.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// At most 40 characters of `text`, escaped, with `…` when cut.
    static func shortened(_ text: String) -> String {
        let limit = 40
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return escaped(text) }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars.prefix(limit))
        return escaped(String(head)) + "…"
    }
}
