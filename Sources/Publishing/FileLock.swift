import Foundation
import Model
#if canImport(Glibc)
import Glibc
#endif

/// One gongshi at a time: an exclusive `flock` on a lock file beside what it guards — `.public.lock` beside
/// an output (build), `registry.sqlite.lock` beside a registry (import and bundle write it). The kernel
/// releases the lock when the process ends, however it ends: a killed build never leaves one behind.
/// A second gongshi does not wait: it stops at once and says who holds the lock.
public final class FileLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32

    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String { "\(path) is locked by \(holder)" }
    }

    /// Takes the lock or throws `Busy` (another process holds it) or `OutputWriter.Failure` (no lock file).
    public init(path: String, purpose: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw OutputWriter.Failure(path: path, "E900.lockFile", ["reason": "\(String(cString: strerror(errno)))"]) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() } ?? ""
            close(fd)
            fd = -1
            throw Busy(path: path, holder: holder.isEmpty ? "another gongshi" : holder)
        }
        let text = Array("gongshi \(purpose), process \(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Releases the lock (also when the object goes away, or the process ends).
    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// The lock file for an output folder: `.NAME.lock` beside it.
    public static func outputPath(_ output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".lock"
    }

    /// The lock file for a registry: `NAME.lock` beside it.
    public static func registryPath(_ registry: String) -> String { registry + ".lock" }
}
