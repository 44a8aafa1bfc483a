import Foundation
import Publishing

/// Each publication the workbench made, by the clerk or by the schedule, newest last (`.workbench/runs.json`): what
/// the home page lists. Kept to the last `limit` runs.
struct PublishLog: Sendable {
    struct Run: Codable, Sendable {
        var at: String
        var asOf: String
        /// "clerk" (the local user), "schedule", or the account that approved it.
        var by: String
        /// "published", "unchanged", "built" (no target) or "failed".
        var outcome: String
        var release: String?
        var previous: String?
        /// The problem, as the clerk was told it, when the run failed.
        var problem: String?
        /// The approved request it carried out.
        var request: Int64?
    }

    let path: String
    static let limit = 50

    func runs() -> [Run] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return (try? JSONDecoder().decode([Run].self, from: data)) ?? []
    }

    func append(_ run: Run) {
        let all = Array((runs() + [run]).suffix(Self.limit))
        try? DataDesk.write(all, to: path)
    }
}
