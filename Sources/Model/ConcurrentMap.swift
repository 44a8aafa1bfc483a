import Foundation

extension RandomAccessCollection where Index == Int {
    /// `map` on all cores, in order: for pure transforms of independent items (a year's results, an
    /// agency's profile). Items are handed out in chunks, so that a short transform is not lost in the
    /// hand-over; `chunk` 1 gives each item its own turn (few, long items).
    public func concurrentMap<T>(chunk: Int = 1, _ transform: (Element) -> T) -> [T] {
        let count = self.count, first = startIndex
        guard count > 1 else { return map(transform) }
        let chunks = (count + chunk - 1) / chunk
        var slots = [T?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                nonisolated(unsafe) let items = self
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for i in c * chunk..<Swift.min(count, (c + 1) * chunk) { out[i] = transform(items[first + i]) }
                }
            }
        }
        return slots.map { $0! }
    }
}
