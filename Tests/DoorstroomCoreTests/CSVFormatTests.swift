import Foundation
import Testing
@testable import DoorstroomCore

/// Number formatting of the CSV writers (``CSVFormat``).
@Suite("CSV number formatting")
struct CSVFormatTests {
    /// `summary.csv`'s statistics go through C's `%.10g` directly (Foundation's
    /// format parser was a third of the time of writing it); the bytes must
    /// be those `String(format:)` gave, or every summary would change.
    @Test("statistics are written as String(format: \"%.10g\") writes them, over 200,000 doubles of every magnitude")
    func statisticMatchesFoundation() {
        let stream = RandomStream(seed: 7)
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 1e-300, 5e-324, .greatestFiniteMagnitude, 123_456_789.012_345,
                                9_999_999_999.5, 0.000_012_345_678_95, 1e10, 1e-10]
        for _ in 0..<200_000 {
            // A random sign, mantissa and decimal exponent from 10⁻³⁰ to 10³⁰, and every tenth one rounded to
            // few digits (sums of money and counts are), where ties in the tenth digit are likelier.
            let exponent = Double(Int(stream.uniform() * 61) - 30)
            var x = (stream.uniform() * 2 - 1) * pow(10, exponent)
            if stream.uniform() < 0.1 { x = (x * 1e4).rounded() / 1e4 }
            values.append(x)
        }
        let differing = values.filter { CSVFormat.statistic($0) != String(format: "%.10g", $0 == 0 ? 0 : $0) }
        #expect(differing.isEmpty, "differ: \(differing.prefix(5))")
        #expect(CSVFormat.statistic(.nan) == "" && CSVFormat.statistic(.infinity) == "")
        #expect(CSVFormat.statistic(-0.0) == "0")
    }
}
