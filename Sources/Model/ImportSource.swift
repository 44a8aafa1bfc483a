/// What a registry was imported from: each data file's name, size and SHA-256, recorded by `gongshi import`
/// in the same transaction as the rows it loaded. A build compares it with `data/` as it is now, so that a
/// registry older than the files a clerk edited is never published as if it were current.
public struct ImportSource: Sendable, Hashable, Codable {
    public var file: String
    public var sha256: String
    public var bytes: Int

    public init(file: String, sha256: String, bytes: Int) {
        self.file = file; self.sha256 = sha256; self.bytes = bytes
    }

    /// How `now` differs from what was imported: one line per file, or none; `change` is E301's key for it.
    public static func differences(imported: [ImportSource], now: [ImportSource]) -> [(file: String, change: String)] {
        let before = Dictionary(imported.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(now.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [(String, String)] = []
        for file in Set(before.keys).union(after.keys).sorted() {
            switch (before[file], after[file]) {
            case (nil, _?): lines.append((file, "E301.added"))
            case (_?, nil): lines.append((file, "E301.removed"))
            case let (a?, b?) where a != b: lines.append((file, "E301.changed"))
            default: break
            }
        }
        return lines
    }
}
