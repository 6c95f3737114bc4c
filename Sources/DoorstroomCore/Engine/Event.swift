/// A scheduled event of the region simulation.
///
/// Events are ordered by time, then by kind (the fixed order of simultaneous
/// events below), then by the order in which they were scheduled, so a run is
/// fully determined by its seed.
struct Event: Comparable {
    /// Simultaneous events happen in this order.
    enum Kind: UInt8 {
        /// The first day of a month: the month-end levels of the month before (with `--monthly`).
        case monthEnd = 0
        /// 1 January: close the previous year, new capacities, this year's arrivals and dwellings.
        case yearStart
        /// The one-off Wlz transfer.
        case wlzTransfer
        /// A dwelling becomes available.
        case dwelling
        /// A stay ends along the client's drawn route.
        case stayEnd
        /// A client stuck in place (blocked, or waiting for a transfer) dies or moves to the Wlz.
        case exposure
        /// A legacy client's indication ends: the client moves to the new regime.
        case indicationEnd
        /// The woonplaatsbeginsel period of a client ends: the payer may change.
        case payerReview
        /// A waiting client's patience runs out.
        case renege
        /// A client who left to independence comes back.
        case reentry
        /// A new BW applicant.
        case arrivalBW
        /// An extra BW applicant, outside the recorded inflow.
        case arrivalBWExtra
        /// A new MO applicant.
        case arrivalMO
        /// A new MO family (a household counted as one client).
        case arrivalMOFamily
        /// The end of the period.
        case end
    }

    var time: Double
    /// Kind in the top byte, scheduling sequence below: the tie-breakers.
    var rank: UInt64
    var client: Int32
    /// The client's epoch (path events) or generation (indication end), or
    /// the municipality of an arrival.
    var tag: UInt32

    var kind: Kind { Kind(rawValue: UInt8(rank >> 56))! }

    /// `time` as events hold it: −0 becomes +0, so that its bits order as
    /// its value (``key``). Event times are never negative or NaN.
    @inline(__always) static func normalised(_ time: Double) -> Double {
        assert(time >= 0, "event time \(time)")
        return time + 0
    }

    /// Time, then rank, as one 128-bit number: times are never negative, and
    /// the bits of non-negative doubles order as the doubles do, so this is
    /// the order of (time, rank), compared without branches.
    @inline(__always) var key: UInt128 { UInt128(time.bitPattern) << 64 | UInt128(rank) }

    @inline(__always) static func < (a: Event, b: Event) -> Bool { a.key < b.key }
}
