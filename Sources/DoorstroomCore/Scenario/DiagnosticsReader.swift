/// Reads the `diagnostics` section.
extension ScenarioReader {
    static let diagnosticsKeys = ["stationary", "drift_tolerance"]

    func readDiagnostics(_ f: Field) -> DiagnosticsSpec? {
        guard let m = f.mapping(allowed: Self.diagnosticsKeys) else { return nil }
        var spec = DiagnosticsSpec()
        var ok = true
        if let s = m["stationary"] {
            if let b = s.bool() { spec.stationary = b } else { ok = false }
        }
        if let t = m["drift_tolerance"] {
            if let x = t.positive() { spec.driftTolerance = x } else { ok = false }
        }
        return ok ? spec : nil
    }
}
