/// Percentiles by selection rather than a full sort: the same numbers as
/// `gsl_stats_quantile_from_sorted_data` on the sorted values (Hyndman–Fan
/// type 7), bit for bit, in linear expected time. The values are reordered.
enum OrderStatistics {
    /// The `level` quantile (0...1) of `values` (at least one, none NaN),
    /// interpolated between the order statistics ⌊(n−1)·level⌋ and the next,
    /// exactly as GSL does.
    static func quantile(_ values: UnsafeMutableBufferPointer<Double>, level: Double) -> Double {
        let n = values.count
        precondition(n > 0, "a quantile needs at least one value")
        let index = level * Double(n - 1)
        let lhs = Int(index)
        let delta = index - Double(lhs)
        select(values, lhs)
        if lhs == n - 1 { return values[lhs] }
        // Everything after position lhs is at least values[lhs]: the next order statistic is their minimum.
        var next = values[lhs + 1]
        for i in (lhs + 2)..<n where values[i] < next { next = values[i] }
        return (1 - delta) * values[lhs] + delta * next
    }

    /// Reorders `a` so that a[k] is the value a sort would put there, with
    /// nothing greater before it and nothing smaller after it (Hoare's
    /// selection with a median-of-three pivot, insertion sort for short ranges).
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var lo = 0, hi = a.count - 1
        while hi - lo > 16 {
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
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
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
