extension Region {
    /// The names the outputs give to units that are not municipalities
    /// (``unitNames``): a municipality, region or centrumgemeente of one of
    /// these names, in any case, would make its rows ambiguous.
    static let reservedUnitNames = ["unknown", "outside", "ALL"]
}

/// Why `name` cannot name a municipality, region or centrumgemeente, or nil
/// if it can. Names end up as text fields of `summary.csv` and
/// `replications.csv`, so besides the reserved unit names they may not start
/// like a spreadsheet formula (`=`, `+`, `-`, `@`: CSV injection) nor hold
/// control characters or NUL.
func unitNameProblem(_ name: String) -> String? {
    if let reserved = Region.reservedUnitNames.first(where: { $0.lowercased() == name.lowercased() }) {
        return "`\(name)` is reserved: the outputs name a unit `\(reserved)` "
            + "(`unknown`: origin unknown, `outside`: outside the region, `ALL`: the region); choose another name"
    }
    if let first = name.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) {
        return "a name may not start with `\(first)`: spreadsheet programs would read it as a formula, found `\(name)`"
    }
    if name.hasInvisibleControls {
        return "a name may not contain control characters, line breaks or bidi controls, found `\(name)`"
    }
    return nil
}
