/// One slot per work item of a `concurrentPerform`, each written (and
/// updated) only by the work item that owns it, and read after
/// `concurrentPerform` has returned, which orders every write before.
final class ParallelSlots<Element>: @unchecked Sendable {
    // Invariant: slot i is touched by one work item at a time only.
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, initial: Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: initial, count: count)
    }

    func set(_ i: Int, _ value: Element) { base[i] = value }

    /// Changes slot `i` in place (by its owner only).
    func update<R>(_ i: Int, _ body: (inout Element) -> R) -> R { body(&base[i]) }

    func read(_ i: Int) -> Element { base[i] }

    func take() -> [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
