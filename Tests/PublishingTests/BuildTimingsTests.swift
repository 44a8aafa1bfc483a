import Cryptography
import Foundation
import Testing
@testable import Publishing

@Suite("build --timings")
struct BuildTimingsTests {
    @Test("A kind's time is the CPU its work used: a thread that waits while another core works adds almost nothing")
    func kindsAreCPUTime() throws {
        let timings = BuildTimings()
        let started = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let worker = Thread {
            started.wait()
            timings.measure("working") {
                var bytes = [UInt8](repeating: 7, count: 1 << 20)
                for _ in 0..<40 { bytes = Digest.sha256(bytes) + bytes.dropFirst(32) }
            }
            done.signal()
        }
        worker.start()
        timings.measure("waiting") {
            started.signal()
            done.wait()
        }
        let kinds = Dictionary(uniqueKeysWithValues: timings.report().kinds.map { ($0.name, $0.cpuMilliseconds) })
        let working = try #require(kinds["working"]), waiting = try #require(kinds["waiting"])
        #expect(working > 5)
        #expect(waiting < working / 4, "waiting \(waiting) ms, working \(working) ms")
    }
}
