import HeapModule

/// The pending events of a region simulation, earliest first.
///
/// A year's arrivals are all drawn on 1 January and are the larger part of
/// the pending events, so they are kept apart: appended as a batch, sorted
/// once, and read in order. Events scheduled one at a time (stays, reviews,
/// the next year) go into a binary heap, which then stays small.
/// ``popMin()`` takes the earlier of the two heads by ``Event``'s order,
/// which is total (the rank holds a unique sequence number), so events come
/// out exactly as from a single heap.
struct EventQueue {
    private var heap = Heap<Event>()
    /// Batched events; `batch[next...]` are still pending.
    private var batch: [Event] = []
    private var next = 0
    /// Whether `batch[next...]` needs sorting before the next pop.
    private var unsorted = false

    /// Adds one event.
    mutating func insert(_ event: Event) { heap.insert(event) }

    /// Adds an event known well in advance, such as a year's arrival.
    mutating func insertBatched(_ event: Event) {
        if next > 0 {
            batch.removeFirst(next)
            next = 0
        }
        batch.append(event)
        unsorted = true
    }

    /// Removes and returns the earliest pending event.
    mutating func popMin() -> Event? {
        if unsorted {
            batch[next...].sort()
            unsorted = false
        }
        guard next < batch.count else { return heap.popMin() }
        if let first = heap.min, first < batch[next] { return heap.popMin() }
        next += 1
        return batch[next - 1]
    }
}
