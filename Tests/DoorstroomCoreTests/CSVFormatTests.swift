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

    /// The report's charts write coordinates and labels with C's `%.*f`
    /// directly; report.html must stay byte for byte what `String(format:)` made.
    @Test("fixed decimals are written as String(format: \"%.Nf\") writes them, N = 0…3, over 200,000 doubles and the ties")
    func fixedMatchesFoundation() {
        let stream = RandomStream(seed: 11)
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, -0.25, 0.35, 2.5, -2.5, 0.0005, 1e-300, 5e-324, 1e15, 1e22, 1e60, -1e60,
                                .greatestFiniteMagnitude, .nan, .infinity, -.infinity]
        for _ in 0..<200_000 {
            let exponent = Double(Int(stream.uniform() * 31) - 15)
            var x = (stream.uniform() * 2 - 1) * pow(10, exponent)
            // Halves, quarters and eighths are exact ties at some number of decimals; chart coordinates
            // (pixels from sums of a few values) often are such numbers.
            if stream.uniform() < 0.2 { x = (x * 8).rounded() / 8 }
            values.append(x)
        }
        for decimals in 0...3 {
            let differing = values.filter { CSVFormat.fixed($0, decimals: decimals) != String(format: "%.\(decimals)f", $0) }
            #expect(differing.isEmpty, "%.\(decimals)f differs: \(differing.prefix(5))")
        }
    }
}
