/// The name of a run's private staging folder,
/// `.<run-id>.<pid>.<random>.partial`: hidden, unique to its process (two
/// runs never share one), and naming the pid that a later run checks to
/// tell a live staging folder from one a killed run left behind.
struct StagingName: Equatable {
    let runID: String
    let pid: Int32
    /// Eight lower-case hex digits.
    let random: String

    init(runID: String, pid: Int32, random: String) {
        self.runID = runID
        self.pid = pid
        self.random = random
    }

    /// A new name for this process.
    init(runID: String, pid: Int32) {
        let r = String(UInt32.random(in: .min ... .max), radix: 16)
        self.init(runID: runID, pid: pid, random: String(repeating: "0", count: 8 - r.count) + r)
    }

    var text: String { ".\(runID).\(pid).\(random).partial" }

    /// Reads a name written by ``text``, or nil for anything else. Read from
    /// the end, since run ids may contain dots.
    init?(parsing name: String) {
        guard name.hasPrefix("."), name.hasSuffix(".partial") else { return nil }
        let parts = name.dropFirst().dropLast(".partial".count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3,
              let pid = Int32(parts[parts.count - 2]), pid > 0,
              parts[parts.count - 1].count == 8,
              parts[parts.count - 1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let id = parts.dropLast(2).joined(separator: ".")
        guard RunID.problem(id) == nil else { return nil }
        self.init(runID: id, pid: pid, random: String(parts[parts.count - 1]))
    }
}
