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
    private var level: [Int]
    private var integral: [Double]
    private var lastChange: [Double]

    init(municipalityCount: Int) {
        unitCount = municipalityCount + 3
        allUnit = municipalityCount + 2
        level = Array(repeating: 0, count: unitCount * Self.slotCount)
        integral = Array(repeating: 0, count: unitCount * Self.slotCount)
        lastChange = Array(repeating: 0, count: unitCount * Self.slotCount)
    }

    /// Moves one client's paid days from (`from`, `fromSlot`) to (`to`, `toSlot`)
    /// at time `t`; a slot of -1 means nothing is paid.
    mutating func move(from: Int32, fromSlot: Int, to: Int32, toSlot: Int, at t: Double) {
        if fromSlot >= 0 {
            shift(YearlyRecorder.unit(origin: from, allUnit: allUnit), fromSlot, -1, at: t)
            shift(allUnit, fromSlot, -1, at: t)
        }
        if toSlot >= 0 {
            shift(YearlyRecorder.unit(origin: to, allUnit: allUnit), toSlot, 1, at: t)
            shift(allUnit, toSlot, 1, at: t)
        }
    }

    @inline(__always) private mutating func shift(_ u: Int, _ slot: Int, _ delta: Int, at t: Double) {
        let i = u * Self.slotCount + slot
        integral[i] += Double(level[i]) * (t - lastChange[i])
        lastChange[i] = t
        level[i] += delta
    }

    /// Closes year `y` (0-based) at time `end`: writes each unit's cost per
    /// slot, priced by `rates`, into `values` laid out as ``YearlyRecorder/values``.
    mutating func closeYear(_ y: Int, at end: Double, rates: CostRates, values: inout [Double]) {
        for u in 0..<unitCount {
            let base = (y * unitCount + u) * Metric.count
            for slot in 0..<Self.slotCount {
                let i = u * Self.slotCount + slot
                integral[i] += Double(level[i]) * (end - lastChange[i])
                lastChange[i] = end
                values[base + (slot == Self.waitingSupportSlot ? Metric.costWaitingSupport : Metric.cost + slot)] =
                    integral[i] * rates.perDay[slot]
                integral[i] = 0
            }
        }
    }
}
