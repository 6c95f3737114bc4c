import CGSL

/// The monitor of one region-replication: it integrates levels over time,
/// counts flows, and closes each calendar year into a flat array of metric
/// values. The engine tells it what happens; it never looks at the engine.
///
/// Units are the region's municipalities (by origin), then `unknown`,
/// `outside` and `ALL` (``Region/unitNames``); every change is booked on the
/// client's unit and on `ALL`.
struct YearlyRecorder {
    /// Time-integrated levels.
    enum Level: Int, CaseIterable {
        case occupancy0, occupancy1, occupancy2, occupancy3
        case waiting0, waiting1, waiting2, waiting3
        case blocked
        case legacy

        static func occupancy(_ s: CareState) -> Int { s.rawValue }
        static func waiting(_ s: CareState) -> Int { 4 + s.rawValue }
        static let blockedIndex = 8
        static let legacyIndex = 9
    }

    static let levelCount = Level.allCases.count

    let unitCount: Int
    let allUnit: Int
    let yearCount: Int
    /// Result: [year][unit][metric].
    var values: [Double]
    /// [unit][level].
    private let cells: FixedBuffer<TimeIntegral>
    /// Counters of the current year: [unit][metric].
    private let counters: FixedBuffer<Double>
    private var waits: [[Double]]
    private var cohortInCare: [Int]
    private var cohortIntramural: [Int]
    /// Cohort clients in intramural care when the cohort was marked.
    private var cohortBase: [Int]
    /// Whether the cohort has been marked (its first client counted): before
    /// that, the `cohort_…` metrics are undefined.
    private var cohortFormed = false
    private var yearStart: Double = 0

    init(municipalityCount: Int, yearCount: Int) {
        unitCount = municipalityCount + 3
        allUnit = municipalityCount + 2
        self.yearCount = yearCount
        values = Array(repeating: 0, count: yearCount * unitCount * Metric.count)
        cells = FixedBuffer(repeating: TimeIntegral(), count: unitCount * Self.levelCount)
        counters = FixedBuffer(repeating: 0, count: unitCount * Metric.count)
        waits = Array(repeating: [], count: unitCount)
        cohortInCare = Array(repeating: 0, count: unitCount)
        cohortIntramural = Array(repeating: 0, count: unitCount)
        cohortBase = Array(repeating: 0, count: unitCount)
    }

    /// The unit of a client with this origin.
    @inline(__always) func unit(origin: Int32) -> Int { Self.unit(origin: origin, allUnit: allUnit) }

    /// The unit of a client with this origin, in a layout whose `ALL` unit is `allUnit`.
    @inline(__always) static func unit(origin: Int32, allUnit: Int) -> Int {
        if origin >= 0 { return Int(origin) }
        return origin == ClientTable.unknownOrigin ? allUnit - 2 : allUnit - 1
    }

    /// Changes a level by `delta` at time `t`.
    @inline(__always) mutating func change(_ l: Int, origin: Int32, by delta: Int, at t: Double) {
        let own = unit(origin: origin) * Self.levelCount + l, all = allUnit * Self.levelCount + l
        cells.change(own, all, by: delta, at: t)
    }

    /// Adds to a counted metric.
    @inline(__always) mutating func count(_ metric: Int, origin: Int32, _ amount: Double = 1) {
        let own = unit(origin: origin) * Metric.count + metric, all = allUnit * Metric.count + metric
        counters[own] += amount
        counters[all] += amount
    }

    /// Records the wait of a client admitted from outside care.
    mutating func wait(_ days: Double, origin: Int32) {
        waits[unit(origin: origin)].append(days)
        waits[allUnit].append(days)
    }

    /// Month-end levels, [month][unit][monthly metric], when asked for.
    var monthly: [Double] = []

    /// Records the levels now as the end of month `m` (0-based from the start).
    mutating func snapshotMonth(_ m: Int) {
        let k = Metric.monthly.count
        for u in 0..<unitCount {
            let base = (m * unitCount + u) * k
            var inCare = 0
            for s in 0..<4 {
                let occupied = cells[u * Self.levelCount + s].level
                monthly[base + s] = Double(occupied)
                monthly[base + 4 + s] = Double(cells[u * Self.levelCount + 4 + s].level)
                inCare += occupied
            }
            monthly[base + 8] = Double(cells[u * Self.levelCount + Level.blockedIndex].level)
            monthly[base + 9] = Double(inCare)
        }
    }

    mutating func addCohortBase(origin: Int32) {
        cohortFormed = true
        cohortBase[unit(origin: origin)] += 1
        cohortBase[allUnit] += 1
    }

    mutating func adjustCohort(origin: Int32, inCare: Int, intramural: Int) {
        cohortFormed = true
        let u = unit(origin: origin)
        cohortInCare[u] += inCare
        cohortInCare[allUnit] += inCare
        cohortIntramural[u] += intramural
        cohortIntramural[allUnit] += intramural
    }

    /// Closes year `y` (0-based) at time `end`; `capacity` gives the places
    /// per state in force (nil = no limit). Money is closed by the payment books.
    mutating func closeYear(_ y: Int, at end: Double, capacity: [Double?]) {
        let length = end - yearStart
        for u in 0..<unitCount {
            let base = (y * unitCount + u) * Metric.count
            for l in 0..<Self.levelCount {
                let i = u * Self.levelCount + l
                let mean = cells.pointer(i).pointee.close(at: end) / length
                let now = Double(cells[i].level)
                switch l {
                case 0..<4:
                    values[base + Metric.occupancyMean + l] = mean
                    values[base + Metric.occupancyEnd + l] = now
                case 4..<8:
                    values[base + Metric.waitingMean + l - 4] = mean
                    values[base + Metric.waitingEnd + l - 4] = now
                case Level.blockedIndex:
                    values[base + Metric.blockedMean] = mean
                    values[base + Metric.blockedEnd] = now
                default:
                    values[base + Metric.legacyMean] = mean
                    values[base + Metric.legacyEnd] = now
                }
            }
            for m in 0..<Metric.count where counters[u * Metric.count + m] != 0 {
                values[base + m] += counters[u * Metric.count + m]
                counters[u * Metric.count + m] = 0
            }
            var inCare = 0.0
            for s in CareState.allCases { inCare += values[base + Metric.occupancyEnd + s.rawValue] }
            values[base + Metric.inCareEnd] = inCare
            // Undefined values are NaN (an empty field in the outputs), never 0:
            // the cohort before it is formed, a share of an empty base, the
            // wait of a year in which nobody was admitted, the utilisation of
            // places without a limit.
            values[base + Metric.cohortInCareEnd] = cohortFormed ? Double(cohortInCare[u]) : .nan
            values[base + Metric.cohortIntramuralEnd] = cohortFormed ? Double(cohortIntramural[u]) : .nan
            values[base + Metric.cohortIntramuralShare] = cohortBase[u] > 0 ? Double(cohortIntramural[u]) / Double(cohortBase[u]) : .nan
            if waits[u].isEmpty {
                values[base + Metric.waitDaysMean] = .nan
                values[base + Metric.waitDaysP90] = .nan
            } else {
                // A sum rather than GSL's running mean (a division per value),
                // and selection rather than a sort: these were a tenth of a run.
                var sum = 0.0
                for w in waits[u] { sum += w }
                values[base + Metric.waitDaysMean] = sum / Double(waits[u].count)
                values[base + Metric.waitDaysP90] = waits[u].withUnsafeMutableBufferPointer {
                    OrderStatistics.quantile($0, level: 0.9)
                }
                waits[u].removeAll(keepingCapacity: true)
            }
            if u == allUnit {
                for s in CareState.allCases {
                    let places = capacity[s.rawValue] ?? 0
                    values[base + Metric.capacity + s.rawValue] = places
                    values[base + Metric.utilisation + s.rawValue] =
                        places > 0 ? values[base + Metric.occupancyMean + s.rawValue] / places : .nan
                }
            }
        }
        yearStart = end
    }
}
