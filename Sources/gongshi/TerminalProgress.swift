import Foundation
import Messages

/// Pages rendered, on a terminal only: one line rewritten in place (`页面 1234/20000（每秒 250 页）`) at most five
/// times a second, and its last state when all are done. A pipe or a file sees nothing of it; the rate is the
/// terminal's business and reaches no output.
final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds
    private var shown: UInt64 = 0

    /// On a terminal and not `--quiet`: the reporter; else nil (nothing is counted for it).
    static func pages(quiet: Bool) -> (@Sendable (Int, Int) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) != 0 else { return nil }
        let progress = TerminalProgress()
        return { done, total in progress.show(done, total) }
    }

    func show(_ done: Int, _ total: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock()
        defer { lock.unlock() }
        guard done == total || now - shown > 200_000_000 else { return }
        shown = now
        let seconds = Double(now - started) / 1e9
        let rate = seconds > 0 ? Int(Double(done) / seconds) : done
        let line = MessageCatalogue.text("progress.pages", Speech.language, ["done": "\(done)", "total": "\(total)", "rate": "\(rate)"])
        FileHandle.standardError.write(Data(("\r" + line + (done == total ? "\n" : "")).utf8))
    }
}
