/// Evaluation moments: every few years the money is re-based on the
/// simulated spending of the years before (000 L2200–2206, L3567–3603; 001
/// L167–169: an evaluation every four years; 004 L287–288: "in toekomst
/// herijken op feitelijke uitgaven").
///
/// At an evaluation year E the gap g = S / B − 1 is measured, with S the
/// spending (`cost_total` of the municipalities of every region) and B their
/// budgets over the `measuredYears` years before E; from E on the money
/// distributed (the macro budgets, or a region's own budget) is multiplied by
/// 1 + `gapClosed` × g. Optionally the BW objective shares move
/// `sharesMoved` of the way to each municipality's share of the measured BW
/// spending. Later evaluations measure against the re-based budgets, and
/// their factors multiply. Each replication is re-based on its own costs.
public struct BudgetEvaluationRule: Hashable, Sendable {
    /// The first evaluation year.
    public var firstYear: Int
    /// Years between evaluations.
    public var interval: Int
    /// Years of spending measured before each evaluation year.
    public var measuredYears: Int
    /// Share of the measured gap closed from the evaluation year on, in [0, 1].
    public var gapClosed: Double
    /// Share of the way the BW objective shares move to the shares of the
    /// measured BW spending, in [0, 1]; 0 re-bases the money only.
    public var sharesMoved: Double

    public init(firstYear: Int, interval: Int = 4, measuredYears: Int = 2, gapClosed: Double, sharesMoved: Double = 0) {
        self.firstYear = firstYear
        self.interval = interval
        self.measuredYears = measuredYears
        self.gapClosed = gapClosed
        self.sharesMoved = sharesMoved
    }

    /// The evaluation years among `years` that have at least one measured year before them.
    func evaluationYears(in years: [Int]) -> [Int] {
        guard let first = years.first, let last = years.last else { return [] }
        return stride(from: firstYear, through: last, by: interval).filter { $0 > first }
    }
}
