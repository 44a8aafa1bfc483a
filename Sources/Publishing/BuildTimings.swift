import Foundation
import Messages
import Model
#if canImport(Glibc)
import Glibc
#endif

/// `gongshi build --timings`: how long each step of a build took and how much memory the process held when
/// it ended, and, within the render step, the CPU time each kind of output took on all cores together —
/// where a slow build spends its time, measured on the build itself. Said on standard error or in the JSON
/// report, never written into the output: no clock reaches a file of the site.
public final class BuildTimings: @unchecked Sendable {
    public struct Step: Sendable {
        /// The step's progress message (`[2/7] 读取登记册`).
        public var message: Message
        public var milliseconds: Double
        /// Resident memory of the process when the step ended.
        public var residentMB: Int
    }

    public struct Kind: Sendable {
        /// A page's template (`agency`, `grade-list`), or what else the step makes (`open-data`, `gongshi.sqlite`).
        public var name: String
        public var count: Int
        public var cpuMilliseconds: Double
    }

    private let lock = NSLock()
    private var marks: [(message: Message, at: UInt64, residentMB: Int)] = []
    private var kinds: [String: (count: Int, nanoseconds: UInt64)] = [:]
    private let started: UInt64

    public init() { started = Self.now() }

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// The step that `message` announces starts now (and the one before it ends).
    func begin(_ message: Message) {
        let at = Self.now(), resident = Self.residentMB()
        lock.withLock { marks.append((message, at, resident)) }
    }

    /// The CPU time the calling thread has used: a kind's time is what its work cost, not the time its thread
    /// waited for a core, a lock or the disk while the other cores ran.
    static func threadCPU() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Runs `body` (on this thread), adding the CPU time it used to `kind`'s. Safe on all cores at once.
    func measure<T>(_ kind: String, _ body: () throws -> T) rethrows -> T {
        let start = Self.threadCPU()
        defer {
            let elapsed = Self.threadCPU() - start
            lock.withLock {
                let sum = kinds[kind] ?? (0, 0)
                kinds[kind] = (sum.count + 1, sum.nanoseconds + elapsed)
            }
        }
        return try body()
    }

    /// `body`, its time added to `kind`'s when there are timings to add it to.
    static func measure<T>(_ timings: BuildTimings?, _ kind: String, _ body: () throws -> T) rethrows -> T {
        guard let timings else { return try body() }
        return try timings.measure(kind, body)
    }

    /// Milliseconds from `init` to the first step (starting up, the stamp, hashing data/); the steps so far,
    /// each ended by the next and the last by now; the kinds, most time first.
    public func report() -> (beforeFirstStep: Double, steps: [Step], peakMB: Int, kinds: [Kind]) {
        let end = Self.now(), resident = Self.residentMB()
        return lock.withLock {
            var steps: [Step] = []
            for (i, mark) in marks.enumerated() {
                let next = i + 1 < marks.count ? (marks[i + 1].at, marks[i + 1].residentMB) : (end, resident)
                steps.append(Step(message: mark.message, milliseconds: Double(next.0 - mark.at) / 1e6, residentMB: next.1))
            }
            let kinds = kinds.map { Kind(name: $0.key, count: $0.value.count, cpuMilliseconds: Double($0.value.nanoseconds) / 1e6) }
                .sorted { ($1.cpuMilliseconds, $0.name) < ($0.cpuMilliseconds, $1.name) }
            return (Double((marks.first?.at ?? end) - started) / 1e6, steps, Self.peakMB(), kinds)
        }
    }

    /// Resident memory now (`/proc/self/statm`), in MB; 0 where there is no /proc.
    static func residentMB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// The most the process has held (`VmHWM`), in MB.
    static func peakMB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kB / 1024
    }
}
