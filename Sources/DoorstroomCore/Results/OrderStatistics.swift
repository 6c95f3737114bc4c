/// Percentiles by selection rather than a full sort: the same numbers as
/// `gsl_stats_quantile_from_sorted_data` on the sorted values (Hyndman–Fan
/// type 7), in about linear time; bit for bit but for the sign of a zero
/// (selection may put a −0 where a stable sort puts a +0 tied with it; both
/// are written as 0). The values are reordered.
enum OrderStatistics {
    /// The `level` quantile (0...1) of `values` (at least one, none NaN),
    /// interpolated between the order statistics ⌊(n−1)·level⌋ and the next,
    /// exactly as GSL does.
    static func quantile(_ values: UnsafeMutableBufferPointer<Double>, level: Double) -> Double {
        quantiles(values, levels: [level])[0]
    }

    /// The quantiles at `levels` (each 0...1) of `values` (at least one, none
    /// NaN), as ``quantile(_:level:)`` gives each: the order statistics they
    /// need are selected together.
    static func quantiles(_ values: UnsafeMutableBufferPointer<Double>, levels: [Double]) -> [Double] {
        let n = values.count
        precondition(n > 0, "a quantile needs at least one value")
        let positions = levels.map { level -> (lhs: Int, delta: Double) in
            let index = level * Double(n - 1)
            let lhs = Int(index)
            return (lhs, index - Double(lhs))
        }
        var wanted: [Int] = []
        wanted.reserveCapacity(2 * positions.count)
        for p in positions {
            wanted.append(p.lhs)
            if p.lhs < n - 1 { wanted.append(p.lhs + 1) }
        }
        wanted.sort()
        select(values, wanted[...], in: 0, n - 1)
        return positions.map { p in
            p.lhs == n - 1 ? values[p.lhs] : (1 - p.delta) * values[p.lhs] + p.delta * values[p.lhs + 1]
        }
    }

    /// Reorders `a` so that a[k] is the value a sort would put there, with
    /// nothing greater before it and nothing smaller after it.
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        select(a, [k], in: 0, a.count - 1)
    }

    /// Puts every position of `ks` (ascending, within lo...hi) in its sorted
    /// place: Hoare partitions with a median-of-three pivot, into the sides
    /// that still hold a wanted position; insertion sort for short ranges.
    private static func select(_ a: UnsafeMutableBufferPointer<Double>, _ ks: ArraySlice<Int>, in lower: Int, _ upper: Int) {
        var lo = lower, hi = upper, ks = ks
        while !ks.isEmpty {
            guard hi - lo > 16 else {
                insertionSort(a, lo, hi)
                return
            }
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // [lo, j] ≤ pivot ≤ [i, hi]; anything strictly between equals the pivot.
            let left = ks.prefix(while: { $0 <= j })
            let right = ks.drop(while: { $0 < i })
            if !left.isEmpty && !right.isEmpty { select(a, left, in: lo, j) }
            if right.isEmpty {
                (ks, hi) = (left, j)
            } else {
                (ks, lo) = (right, i)
            }
        }
    }

    private static func insertionSort(_ a: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int) {
        guard hi > lo else { return }
        for i in (lo + 1)...hi {
            let x = a[i]
            var j = i - 1
            while j >= lo && x < a[j] {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = x
        }
    }
}
