/// Makes warnings that point at the field they are about, in the file and
/// at the line and column where the scenario wrote it.
struct WarningLocator {
    let loaded: LoadedScenario

    /// The path of region `index` as the scenario spells it: `region` for a
    /// scenario with one `region:`, else `regions[index]`.
    func regionPath(_ index: Int) -> String {
        let listed = "regions[\(index)]"
        return loaded.locations[listed] != nil || loaded.locations["region"] == nil ? listed : "region"
    }

    /// A warning at `field`; if the field was not written (a default), at the
    /// nearest enclosing field that was, and failing that at the file.
    func warning(_ field: String, _ message: String) -> Diagnostic {
        var path = field
        while loaded.locations[path] == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
            path = String(path[..<cut])
        }
        let at = loaded.location(of: path)
        return Diagnostic(file: at.file, line: at.line, column: at.column, field: field, message: message,
                          severity: .warning)
    }
}
