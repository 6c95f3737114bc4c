/// A count that changes at event times (clients in a state, days paid by a
/// payer) with its integral over time since the last close: the time average
/// of a year is the integral over its length. Level, integral and time of
/// the last change are kept together, so a change touches one element.
struct TimeIntegral {
    var level = 0
    var integral = 0.0
    var lastChange = 0.0

    /// Changes the level by `delta` at `t`.
    @inline(__always) mutating func change(by delta: Int, at t: Double) {
        integral += Double(level) * (t - lastChange)
        lastChange = t
        level += delta
    }

    /// The integral up to `t`; it starts again from 0 there.
    @inline(__always) mutating func close(at t: Double) -> Double {
        integral += Double(level) * (t - lastChange)
        lastChange = t
        defer { integral = 0 }
        return integral
    }
}

extension FixedBuffer<TimeIntegral> {
    /// Changes the levels at `i` and `j` (a unit and `ALL`) by `delta` at `t`.
    @inline(__always) func change(_ i: Int, _ j: Int, by delta: Int, at t: Double) {
        pointer(i).pointee.change(by: delta, at: t)
        pointer(j).pointee.change(by: delta, at: t)
    }
}
