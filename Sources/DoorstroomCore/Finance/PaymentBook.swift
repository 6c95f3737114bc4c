/// One finance variant's costs inside a client simulation: who pays for
/// each client now, the days each payer pays for, the year's costs, and the
/// variant's own yearly results (budgets and balances are settled after the
/// simulation, ``BudgetSettlement``).
///
/// The client simulation tells every book what happens; a book never
/// changes what happens to clients, which is why several finance variants
/// can share one simulation exactly.
struct PaymentBook {
    let plan: PaymentPlan
    /// Who pays for each client slot now (an origin-style unit index; -1 = safety net).
    private(set) var payer: [Int32] = []
    /// What is paid for each client slot: a care state, waiting support, or -1 for nothing.
    private(set) var paidSlot: [Int8] = []
    private var paidDays: PaidDays
    private let ledger: CostLedger
    /// MO is paid by the municipality of origin (from the MO decentralisation year).
    var moDecentralised = false
    /// The variant's yearly results, laid out as ``YearlyRecorder/values``.
    private(set) var values: [Double]

    init(plan: PaymentPlan) {
        self.plan = plan
        paidDays = PaidDays(municipalityCount: plan.region.municipalities.count)
        ledger = CostLedger(finance: plan.finance, region: plan.region, years: plan.years)
        values = Array(repeating: 0, count: plan.years.count * paidDays.unitCount * Metric.count)
    }

    /// A client takes `slot`: nothing is paid for it yet.
    mutating func open(_ slot: Int32, origin: Int32) {
        let i = Int(slot)
        if i == payer.count {
            payer.append(origin)
            paidSlot.append(-1)
        } else {
            payer[i] = origin
            paidSlot[i] = -1
        }
    }

    /// Moves the client's paid days to `payer` paying for `slot` (-1: nothing) from time `t`.
    mutating func pay(_ client: Int32, by payer: Int32, for slot: Int, at t: Double) {
        let i = Int(client)
        let before = Int(paidSlot[i])
        guard before != slot || self.payer[i] != payer else { return }
        paidDays.move(from: self.payer[i], fromSlot: before, to: payer, toSlot: slot, at: t)
        paidSlot[i] = Int8(slot)
        self.payer[i] = payer
    }

    /// Closes year `y` at time `end`: takes the year's client metrics from
    /// `flows`, prices the paid days and closes the year's costs.
    mutating func closeYear(_ y: Int, at end: Double, capacity: [Int?], flows: [Double]) {
        let size = paidDays.unitCount * Metric.count
        let range = y * size..<(y + 1) * size
        values.replaceSubrange(range, with: flows[range])
        paidDays.closeYear(y, at: end, rates: plan.rates[y], values: &values)
        ledger.close(year: y, capacity: capacity, values: &values)
    }
}
