/// The monitor of the days one payment book pays for: client-days per payer
/// unit and paid slot (a care state, or support while waiting), integrated
/// over time and priced when a year closes.
///
/// Units are those of ``YearlyRecorder``: the municipalities, `unknown`,
/// `outside` and `ALL`; every change is booked on the payer's unit and on `ALL`.
struct PaidDays {
    /// What a payer pays for, per day: a care state, or support while waiting.
    static let slotCount = CareState.allCases.count + 1
    static let waitingSupportSlot = CareState.allCases.count

    let unitCount: Int
    let allUnit: Int
    /// [unit][slot].
    private let days: FixedBuffer<TimeIntegral>

    init(municipalityCount: Int) {
        unitCount = municipalityCount + 3
        allUnit = municipalityCount + 2
        days = FixedBuffer(repeating: TimeIntegral(), count: unitCount * Self.slotCount)
    }

    /// Moves one client's paid days from (`from`, `fromSlot`) to (`to`, `toSlot`)
    /// at time `t`; a slot of -1 means nothing is paid.
    mutating func move(from: Int32, fromSlot: Int, to: Int32, toSlot: Int, at t: Double) {
        if fromSlot >= 0 {
            days.change(YearlyRecorder.unit(origin: from, allUnit: allUnit) * Self.slotCount + fromSlot,
                        allUnit * Self.slotCount + fromSlot, by: -1, at: t)
        }
        if toSlot >= 0 {
            days.change(YearlyRecorder.unit(origin: to, allUnit: allUnit) * Self.slotCount + toSlot,
                        allUnit * Self.slotCount + toSlot, by: 1, at: t)
        }
    }

    /// Closes year `y` (0-based) at time `end`: writes each unit's cost per
    /// slot, priced by `rates`, into `values` laid out as ``YearlyRecorder/values``.
    mutating func closeYear(_ y: Int, at end: Double, rates: CostRates, values: inout [Double]) {
        for u in 0..<unitCount {
            let base = (y * unitCount + u) * Metric.count
            for slot in 0..<Self.slotCount {
                let i = u * Self.slotCount + slot
                values[base + (slot == Self.waitingSupportSlot ? Metric.costWaitingSupport : Metric.cost + slot)] =
                    days.pointer(i).pointee.close(at: end) * rates.perDay[slot]
            }
        }
    }
}
