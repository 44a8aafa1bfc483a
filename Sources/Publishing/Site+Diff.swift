import Evaluation
import Foundation
import Model
import Rendering

/// `gongshi diff`: what changed between two dates, in sentences for a change notice.
extension Site {
    /// `gongshi diff --as-of A --to B`: the changes recorded between the two dates, and how the public
    /// content differs, in sentences a clerk can paste into a change notice.
    public func diff(from a: CivilDate, to b: CivilDate) throws -> (changes: [String], differences: [String]) {
        let checked = try loadChecked(plan: .diff, forPublication: true)
        log(.diff, .evaluateDiff, ["a": "\(a)", "b": "\(b)"])
        let before = checked.evaluator.evaluate(checked.registry.published, asOf: a)
        let after = checked.evaluator.evaluate(checked.registry.published, asOf: b)
        let wording = ChangeWording(publication: after)
        let (low, high) = a <= b ? (a, b) : (b, a)
        let entries = after.changes.filter { $0.date > low && $0.date <= high }.reversed()
        return (entries.map { "\($0.date.iso) \(wording.sentence($0))" },
                PublicationDiff.lines(from: PublicationSnapshot(before), to: PublicationSnapshot(after)))
    }

    public enum BundleOutcome: Sendable {
        /// Written to `path` and logged.
        case written(path: String, bundle: SharingBundle)
        /// `--dry-run`: what would be sent; nothing written, logged or numbered.
        case planned(BundlePlan)
        /// A delta with nothing in it: no bundle, and its number is not used.
        case nothingNew(BundlePlan)
    }
}
