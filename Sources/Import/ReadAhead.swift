import Foundation
import Model

/// Makes item i + 1 on another core while the caller works on item i: a two-stage pipeline that holds at
/// most two items at once. `make` must be safe to run beside the caller (it reads, and writes only its result).
final class ReadAhead<Item>: @unchecked Sendable {
    private let count: Int
    private let make: (Int) -> Item
    private var pending: (index: Int, done: DispatchGroup, result: Slot)?

    private final class Slot: @unchecked Sendable { var item: Item? }

    init(count: Int, make: @escaping (Int) -> Item) {
        self.count = count
        self.make = make
    }

    /// Waits for the item started last, when the caller stops taking before the end.
    func finish() {
        pending?.done.wait()
        pending = nil
    }

    /// Item i (items are taken in order, each once), with item i + 1 started meanwhile.
    func take(_ index: Int) -> Item {
        let item: Item
        if let pending, pending.index == index {
            pending.done.wait()
            item = pending.result.item!
        } else {
            item = make(index)
        }
        pending = nil
        if index + 1 < count {
            let slot = Slot(), done = DispatchGroup(), next = index + 1
            DispatchQueue.global().async(group: done) { [self] in slot.item = make(next) }
            pending = (next, done, slot)
        }
        return item
    }
}
