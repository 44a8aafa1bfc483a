import Foundation
import Rendering

/// What a reader would see change between two built outputs (the one published and a new build): the public
/// difference in the sentences `gongshi diff` writes, and the files added, changed and removed, read from each
/// output's `SHA256SUMS` (the manifest every build writes) rather than by hashing the trees again.
public struct OutputComparison: Sendable {
    public var sentences: [String]
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    /// Nothing was published before: every file is new, and there is nothing to compare sentences with.
    public var firstPublication: Bool

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    public init(sentences: [String], added: [String], changed: [String], removed: [String], firstPublication: Bool) {
        self.sentences = sentences; self.added = added; self.changed = changed; self.removed = removed; self.firstPublication = firstPublication
    }

    /// `old`: the output now published (nil or a folder without a build: a first publication); `new`: a fresh build.
    public static func between(old: String?, new: String) throws -> OutputComparison {
        let after = manifest(of: new)
        guard let old, let before = manifest(of: old) else {
            return OutputComparison(sentences: [], added: (after ?? [:]).keys.sorted(), changed: [], removed: [], firstPublication: true)
        }
        let now = after ?? [:]
        var sentences: [String] = []
        if let a = try? PublicationSnapshot(builtSite: old), let b = try? PublicationSnapshot(builtSite: new) {
            sentences = PublicationDiff.lines(from: a, to: b)
        }
        return OutputComparison(
            sentences: sentences,
            added: now.keys.filter { before[$0] == nil }.sorted(),
            changed: now.keys.filter { before[$0] != nil && before[$0] != now[$0] }.sorted(),
            removed: before.keys.filter { now[$0] == nil }.sorted(),
            firstPublication: false)
    }

    /// A build's `SHA256SUMS` as path → hash (it lists every file but itself, its signature and the public key),
    /// nil when the folder holds no build.
    static func manifest(of folder: String) -> [String: String]? {
        guard let bytes = FileManager.default.contents(atPath: folder + "/" + OutputTree.manifestName) else { return nil }
        return OutputTree.parseManifest([UInt8](bytes))
    }
}
