/// A fixed number of trivial values in memory of their own, changed in
/// place through a reference: the engine's hot counters and levels.
///
/// An array held in a struct checks that it is uniquely referenced on every
/// write (a call per event and counter, a few per cent of a run); a buffer
/// behind a `let` reference checks nothing. Like ``ClientTable``, a buffer
/// belongs to one simulation and is never shared between threads; a struct
/// that holds one shares it when copied, so such structs are not copied.
final class FixedBuffer<Element: BitwiseCopyable> {
    let count: Int
    private let base: UnsafeMutablePointer<Element>

    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(1, count))
        base.initialize(repeating: value, count: count)
    }

    deinit { base.deallocate() }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    /// The element at `i`, changed in place.
    @inline(__always) func pointer(_ i: Int) -> UnsafeMutablePointer<Element> { base + i }
}
