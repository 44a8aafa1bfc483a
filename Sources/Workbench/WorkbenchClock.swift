import Foundation
import Model

/// The workbench's only source of time: what "today" is (the day a publication is built as of) and the moment
/// an upload or an acceptance is recorded. Injected, so that a test advances the calendar by writing a date into
/// a file (`--clock-file`) instead of waiting for one: the schedule and the home page read nothing else.
public struct WorkbenchClock: Sendable {
    /// Today's date and the time of day, in the bureau's time zone.
    let read: @Sendable () -> (day: CivilDate, time: String)
    /// Seconds since 1970, for sessions and login delays: the real clock's, or the file's day at noon plus the
    /// seconds the workbench has run (a session still ages in a test that fixes the day).
    let epoch: @Sendable () -> Int64

    /// The real clock, in China Standard Time (the bureau's day, whatever the server's zone).
    public static let system = WorkbenchClock(read: {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date())
        let day = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        return (day, String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!))
    }, epoch: { Int64(Date().timeIntervalSince1970) })

    /// A clock whose day is the date written in `path` (`YYYY-MM-DD`), read again at every question; noon all day.
    public static func file(_ path: String) -> WorkbenchClock {
        @Sendable func day() -> CivilDate {
            let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return CivilDate(iso: text) ?? CivilDate(year: 2000, month: 1, day: 1)!
        }
        let started = Date()
        return WorkbenchClock(read: { (day(), "12:00:00") },
                              epoch: { Int64(day().dayNumber) * 86_400 + 4 * 3600 + Int64(Date().timeIntervalSince(started)) })
    }

    func seconds() -> Int64 { epoch() }

    /// A moment of `seconds()` as the pages show it, in China Standard Time: `2026-03-06 14:05`.
    func describe(_ seconds: Int64) -> String {
        let local = seconds + 8 * 3600
        let day = CivilDate(dayNumber: Int(local / 86_400))
        let rest = Int(local % 86_400)
        return "\(day.iso) " + String(format: "%02d:%02d", rest / 3600, rest % 3600 / 60)
    }

    public var today: CivilDate { read().day }

    /// `2026-03-06 14:05:09`: when something was recorded, as the pages show it.
    func stamp() -> String {
        let now = read()
        return "\(now.day.iso) \(now.time)"
    }
}
