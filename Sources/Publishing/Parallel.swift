import Dispatch
import Foundation

/// Work spread over all cores. Errors are deterministic: the one of the lowest-numbered item that
/// failed is thrown, whatever order the cores ran in (later items are skipped once one has failed).
enum Parallel {
    static func forEach(_ count: Int, _ body: (Int) throws -> Void) throws {
        let lock = NSLock()
        nonisolated(unsafe) var failure: (index: Int, error: Error)?
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: count) { i in
                if let failure = lock.withLock({ failure }), failure.index < i { return }
                do { try body(i) } catch {
                    lock.withLock { if failure == nil || failure!.index > i { failure = (i, error) } }
                }
            }
        }
        if let failure { throw failure.error }
    }

    /// Runs each task on some core; the longest first, so the cores finish together.
    static func run(_ tasks: [() throws -> Void]) throws {
        try forEach(tasks.count) { try tasks[$0]() }
    }
}
