import Foundation
import Model
import Publishing

/// 定时: the site changes by itself on the days `nextChange` names (a notice period ends, results take effect, a
/// record's window closes). On such a day the workbench builds and publishes again with no one present — the same
/// `publication`, recorded as the schedule's run. It looks at the injected clock once per tick; nothing is due
/// until something has been published (a first publication is the clerk's).
extension Workbench {
    /// The day the published output next changes by itself, when that day has come: the scheduled run is due.
    func scheduleDue() -> CivilDate? {
        guard let built = BuildStamp.published(output: layout.output), let shown = built.asOf,
              let next = built.nextChange.flatMap({ CivilDate(iso: $0.date) }) else { return nil }
        let today = options.clock.today
        return shown < today && next <= today ? next : nil
    }

    /// Runs until the workbench stops: every `tick`, a due publication.
    func runSchedule(tick: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            guard scheduleDue() != nil else { continue }
            _ = await changes.run { self.publication(by: "schedule") }
        }
    }
}
