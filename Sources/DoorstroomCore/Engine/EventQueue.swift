/// The pending events of a region simulation, earliest first.
///
/// Events are kept in three lanes, and ``popMin()`` takes the earliest of
/// their heads by ``Event``'s order, which is total (the rank holds a unique
/// sequence number), so events come out exactly as from a single heap:
///
/// - a year's arrivals (and dwellings), all known on 1 January and the larger
///   part of the pending events: appended as a batch, sorted once, and read
///   in order;
/// - events that are mostly cancelled before they are due (a waiting
///   client's renege: most are admitted first, and patience is long): a
///   small heap of their own, cleared of the cancelled ones whenever it has
///   doubled, so they neither crowd the main heap nor are popped in vain;
/// - everything else (stays, reviews, the next year): a heap, which then
///   stays small.
struct EventQueue {
    private let heap = EventHeap()
    private let cancellable = EventHeap()
    /// The size at which ``cancellable`` is next cleared of cancelled events.
    private var purgeAt = EventQueue.minimumPurge
    private static let minimumPurge = 64
    /// Batched events; `batch[next...]` are still pending.
    private var batch: [Event] = []
    private var next = 0
    /// Whether `batch[next...]` needs sorting before the next pop.
    private var unsorted = false
    /// ``sortBatch()``'s work arrays.
    private var scratch: [Event] = [], bucketStarts: [Int32] = [], eventBuckets: [Int32] = []

    /// Adds one event.
    mutating func insert(_ event: Event) { heap.insert(event) }

    /// Adds an event that is usually cancelled before it is due.
    ///
    /// `isLive` tells whether a pending event of this lane may still happen;
    /// once false for an event it must stay false (the caller discards such
    /// an event when it is popped anyway). It is called only when the lane
    /// has doubled since it was last cleared, so clearing costs O(1) per
    /// insertion, amortised.
    mutating func insertCancellable(_ event: Event, isLive: (Event) -> Bool) {
        if cancellable.count >= purgeAt {
            cancellable.removeAll { !isLive($0) }
            purgeAt = Swift.max(Self.minimumPurge, 2 * cancellable.count)
        }
        cancellable.insert(event)
    }

    /// Adds an event known well in advance: a year's arrival or dwelling.
    mutating func insertBatched(_ event: Event) {
        if next > 0 {
            batch.removeFirst(next)
            next = 0
        }
        batch.append(event)
        unsorted = true
    }

    /// Removes and returns the earliest pending event.
    @inline(__always) mutating func popMin() -> Event? {
        if unsorted {
            sortBatch()
            unsorted = false
        }
        // The earlier heap head, then the batch's head against it.
        var head = heap.min
        var cancellableFirst = false
        if let c = cancellable.min, head.map({ c < $0 }) ?? true {
            head = c
            cancellableFirst = true
        }
        if next < batch.count, head.map({ batch[next] < $0 }) ?? true {
            next += 1
            return batch[next - 1]
        }
        return cancellableFirst ? cancellable.popMin() : heap.popMin()
    }

    /// Sorts the pending batch by ``Event``'s order: a bucket sort by time
    /// (arrivals are spread evenly over their year), then one insertion sort
    /// over the whole. A time's bucket never decreases with the time, and
    /// equal times share a bucket, so an event never moves past the start of
    /// its bucket and the result is the one a comparison sort gives, in about
    /// half the time. The work arrays are kept from year to year.
    private mutating func sortBatch() {
        let n = batch.count - next
        guard n > 1 else { return }
        precondition(n < Int(Int32.max), "a year's batch of \(n) events")
        var sorted = scratch, starts = bucketStarts, buckets = eventBuckets
        (scratch, bucketStarts, eventBuckets) = ([], [], [])
        defer { (scratch, bucketStarts, eventBuckets) = (sorted, starts, buckets) }
        if sorted.count < n { sorted = Array(repeating: batch[next], count: n) }
        if buckets.count < n { buckets = Array(repeating: 0, count: n) }
        if starts.count < n + 1 { starts = Array(repeating: 0, count: n + 1) }
        let first = next
        batch.withUnsafeMutableBufferPointer { all in
            var a = UnsafeMutableBufferPointer(rebasing: all[first...])
            var lo = Double.infinity, hi = -Double.infinity
            for e in a { (lo, hi) = (min(lo, e.time), max(hi, e.time)) }
            guard hi > lo, hi.isFinite, lo.isFinite else { return a.sort() }
            let scale = Double(n) / (hi - lo)
            sorted.withUnsafeMutableBufferPointer { out in
                starts.withUnsafeMutableBufferPointer { start in
                    buckets.withUnsafeMutableBufferPointer { bucket in
                        for b in 0...n { start[b] = 0 }
                        for i in 0..<n {
                            let b = Int32(min(n - 1, Int((a[i].time - lo) * scale)))
                            bucket[i] = b
                            start[Int(b) + 1] += 1
                        }
                        for b in 0..<n { start[b + 1] += start[b] }
                        for i in 0..<n {
                            let b = Int(bucket[i])
                            out[Int(start[b])] = a[i]
                            start[b] += 1
                        }
                    }
                }
                _ = a.update(fromContentsOf: out[0..<n])
            }
            for i in 1..<n {
                let e = a[i]
                var j = i
                while j > 0 && e < a[j - 1] {
                    a[j] = a[j - 1]
                    j -= 1
                }
                a[j] = e
            }
        }
    }
}

/// A 4-ary min-heap of events: half the levels of a binary heap, and the
/// four children of a node are adjacent, so their loads overlap; a pop is a
/// chain of dependent loads, level by level, and popping was a tenth of the
/// engine's time. (swift-collections' `Heap` is a min-max heap, whose
/// sift-down compares children and grandchildren on every level; the engine
/// only ever needs the minimum.) The minimum is unique (``Event``'s order is
/// total), so the order in which events come out does not depend on the
/// heap's layout.
private final class EventHeap {
    // Plain memory rather than an array: an array in a struct checked its
    // uniqueness on every insert and pop. A heap belongs to one simulation
    // and is never shared between threads.
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<Event>
    @exclusivity(unchecked) private var capacity = 64
    @exclusivity(unchecked) private(set) var count = 0

    init() { storage = .allocate(capacity: capacity) }

    deinit { storage.deallocate() }

    private var items: UnsafeMutableBufferPointer<Event> { UnsafeMutableBufferPointer(start: storage, count: count) }

    @inline(__always) var min: Event? { count > 0 ? storage[0] : nil }

    /// Removes the events that `shouldBeRemoved` picks, and makes the rest a
    /// heap again (Floyd's: sifting down every parent, last first, in O(n)).
    func removeAll(where shouldBeRemoved: (Event) -> Bool) {
        var kept = 0
        for i in 0..<count where !shouldBeRemoved(storage[i]) {
            storage[kept] = storage[i]
            kept += 1
        }
        count = kept
        let a = items
        guard a.count > 1 else { return }
        for i in stride(from: (a.count - 2) / 4, through: 0, by: -1) { Self.siftDown(a, from: i) }
    }

    /// Moves the event at `i` down until no child is smaller.
    private static func siftDown(_ a: UnsafeMutableBufferPointer<Event>, from i: Int) {
        let event = a[i]
        var i = i
        while 4 * i + 1 < a.count {
            var child = 4 * i + 1
            for k in (child + 1)..<Swift.min(4 * i + 5, a.count) where a[k] < a[child] { child = k }
            guard a[child] < event else { break }
            a[i] = a[child]
            i = child
        }
        a[i] = event
    }

    func insert(_ event: Event) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Event>.allocate(capacity: 2 * capacity)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        count += 1
        Self.siftUp(items, event, from: count - 1)
    }

    /// Places `event` at the hole `i` or, moving parents down, above it.
    @inline(__always)
    private static func siftUp(_ a: UnsafeMutableBufferPointer<Event>, _ event: Event, from i: Int) {
        var i = i
        while i > 0 {
            let parent = (i - 1) / 4
            guard event < a[parent] else { break }
            a[i] = a[parent]
            i = parent
        }
        a[i] = event
    }

    func popMin() -> Event? {
        guard count > 0 else { return nil }
        count -= 1
        let last = storage[count]
        guard count > 0 else { return last }
        let top = storage[0]
        do {
            let a = items
            // Floyd's: move the hole at the root down to a leaf along the
            // smallest children (chosen without branches where all four
            // exist), then sift `last`, a leaf before, up from there: it
            // rarely rises far.
            let n = a.count
            var i = 0
            while 4 * i + 4 < n {
                let c = 4 * i + 1
                let l = c + (a[c + 1].key < a[c].key ? 1 : 0)
                let r = c + 2 + (a[c + 3].key < a[c + 2].key ? 1 : 0)
                let child = a[r].key < a[l].key ? r : l
                a[i] = a[child]
                i = child
            }
            if 4 * i + 1 < n {
                var child = 4 * i + 1
                for k in (child + 1)..<Swift.min(4 * i + 5, n) where a[k] < a[child] { child = k }
                a[i] = a[child]
                i = child
            }
            Self.siftUp(a, last, from: i)
        }
        return top
    }
}
