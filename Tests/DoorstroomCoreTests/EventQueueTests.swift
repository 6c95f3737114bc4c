import Testing
@testable import DoorstroomCore

/// The event queue's three lanes (heap, cancellable heap, sorted batch) must
/// give the events in exactly the order of one sorted list, and clearing the
/// cancellable lane may drop only events that can no longer happen.
@Suite("Event queue")
struct EventQueueTests {
    @Test("pops every live event once, in Event order, whichever lane it was put in; drops only dead ones")
    func popsInOrder() {
        let stream = RandomStream(seed: 21)
        for trial in 0..<200 {
            var queue = EventQueue()
            var sequence: UInt64 = 0
            // Dead is for good, as a renege whose client was admitted.
            var dead = Set<UInt64>()
            var pending: [Event] = []
            var popped: [Event] = []
            var now = 0.0
            let steps = 200 + Int(stream.uniform() * 2_000)
            // Coarse times in some trials, so that ties in time are broken by kind and sequence.
            let coarse = trial % 3 == 0
            func time(after t: Double) -> Double {
                let dt = stream.exponential(mean: 30)
                return coarse ? (t + dt).rounded(.up) : t + dt
            }
            // Some trials insert more than they pop, so that the cancellable lane
            // grows past its clearing size (64) many times.
            let (insertBelow, killBelow) = trial % 2 == 0 ? (0.35, 0.55) : (0.5, 0.8)
            for _ in 0..<steps {
                let u = stream.uniform()
                if u < insertBelow || pending.isEmpty {
                    sequence += 1
                    let kind = Event.Kind(rawValue: UInt8(stream.uniform() * 14))!
                    let event = Event(time: Event.normalised(time(after: now)), rank: UInt64(kind.rawValue) << 56 | sequence,
                                      client: Int32(sequence), tag: 0)
                    pending.append(event)
                    switch stream.uniform() {
                    case ..<0.3: queue.insert(event)
                    case ..<0.7: queue.insertCancellable(event) { !dead.contains(UInt64($0.client)) }
                    default:
                        // A batch holds events of the year ahead, added before any of them is due.
                        queue.insertBatched(event)
                    }
                } else if u < killBelow {
                    // Kill a pending event (the simulation would discard it when popped).
                    let e = pending[Int(stream.uniform() * Double(pending.count))]
                    dead.insert(UInt64(e.client))
                } else {
                    guard let e = queue.popMin() else { break }
                    popped.append(e)
                    now = e.time
                    pending.removeAll { $0.rank == e.rank }
                }
            }
            while let e = queue.popMin() { popped.append(e) }
            #expect(zip(popped, popped.dropFirst()).allSatisfy { $0 < $1 }, "trial \(trial): out of order")
            #expect(Set(popped.map(\.rank)).count == popped.count, "trial \(trial): an event came out twice")
            let poppedSequences = Set(popped.map { UInt64($0.client) })
            let lost = (1...sequence).filter { !poppedSequences.contains($0) && !dead.contains($0) }
            #expect(lost.isEmpty, "trial \(trial): live events lost: \(lost.prefix(5))")
        }
    }
}
