import Foundation
import Model
import Publishing

/// 定时: the site changes by itself on the days `nextChange` names (a notice period ends, results take effect, a
/// record's window closes). On such a day the workbench builds and publishes again with no one present — the same
/// `publication`, recorded as the schedule's run. An approved request whose day has come is carried out the same way.
/// With accounts, the schedule publishes only inputs a second person approved (`Site.publish` refuses others). It
/// looks at the injected clock once per tick; nothing is due until something has been published (a first publication
/// is the clerk's); a run that failed is tried again an hour later, not every tick.
extension Workbench {
    /// The day the published output next changes by itself, when that day has come: the scheduled run is due.
    func scheduleDue() -> CivilDate? {
        guard let built = BuildStamp.published(output: layout.output), let shown = built.asOf,
              let next = built.nextChange.flatMap({ CivilDate(iso: $0.date) }) else { return nil }
        let today = options.clock.today
        return shown < today && next <= today ? next : nil
    }

    /// Runs until the workbench stops: every `tick`, an approved request whose day has come, or a due publication.
    func runSchedule(tick: Duration) async {
        var failedAt: Int64?
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            if let failed = failedAt, now - failed < 3600 { continue }
            let outcome: String? = await changes.run {
                if let request = self.dueApprovedRequest() {
                    _ = self.carryOut(request, by: "schedule")
                    return self.log.runs().last?.outcome
                }
                guard self.scheduleDue() != nil else { return nil }
                return self.publication(by: "schedule", asOf: self.options.clock.today).run.outcome
            }
            failedAt = outcome == "failed" ? now : nil
        }
    }
}
