import CGSL
import Testing
@testable import DoorstroomCore

/// Percentiles by selection (``OrderStatistics``): the yearly wait's 90th
/// percentile is taken this way, and must be the number GSL gives on the
/// sorted values, bit for bit.
@Suite("Percentiles by selection")
struct OrderStatisticsTests {
    @Test("quantile by selection equals gsl_stats_quantile_from_sorted_data of the sorted values, bit for bit")
    func matchesSortedQuantile() {
        let stream = RandomStream(seed: 11)
        var mismatches: [String] = []
        // Lengths around the insertion-sort cut-off and beyond; values with many
        // ties (waits in whole days) and without; every level on a grid plus the ends.
        for trial in 0..<1_000 {
            let n = 1 + Int(stream.uniform() * (trial < 400 ? 40 : 1_500))
            let tied = trial % 2 == 0
            let values = (0..<n).map { _ in tied ? (stream.uniform() * 30).rounded(.down) : stream.exponential(mean: 90) }
            let sorted = values.sorted()
            for level in [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1, stream.uniform()] {
                let expected = sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, n, level) }
                var work = values
                let got = work.withUnsafeMutableBufferPointer { OrderStatistics.quantile($0, level: level) }
                if got.bitPattern != expected.bitPattern { mismatches.append("n \(n) level \(level): \(got) vs \(expected)") }
                if work.sorted() != sorted { mismatches.append("n \(n): selection lost or changed values") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    @Test("select puts the k-th smallest at k, nothing greater before it and nothing smaller after it")
    func selectPartitions() {
        let stream = RandomStream(seed: 12)
        for _ in 0..<500 {
            let n = 1 + Int(stream.uniform() * 500)
            var values = (0..<n).map { _ in (stream.uniform() * 10).rounded(.down) }
            let k = Int(stream.uniform() * Double(n))
            let kth = values.sorted()[k]
            values.withUnsafeMutableBufferPointer { OrderStatistics.select($0, k) }
            #expect(values[k] == kth)
            #expect(values[..<k].allSatisfy { $0 <= kth } && values[(k + 1)...].allSatisfy { $0 >= kth })
        }
    }
}
