/// Paths as text, without touching the file system.
enum PathText {
    /// `path` with `.` components, repeated and trailing `/` removed and each
    /// `name/..` pair taken out, lexically (symbolic links are not resolved):
    /// `Sweeps/../Scenarios/x.yaml` becomes `Scenarios/x.yaml`. A leading
    /// `..` of a relative path stays; `/..` is `/`. An empty result is `.`.
    static func normalised(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
