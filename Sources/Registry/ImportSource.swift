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

    public init(file: String, contents: [UInt8]) {
        self.init(file: file, sha256: Digest.sha256(contents).hex, bytes: contents.count)
    }

    /// The data folder now, as `import` reads it: every file at its top but hidden ones and Excel's lock
    /// files, in name order.
    /// Nil when the folder does not exist or holds no file (a registry from another system).
    public static func fingerprint(of folder: SiteFolder) -> [ImportSource]? {
        let listing = folder.list(recursive: false)
        guard listing.exists else { return nil }
        var sources: [ImportSource] = []
        // Excel's lock file (`~$登记册.xlsx`) says only that the workbook is open; what is saved is what counts.
        for name in listing.files where !name.hasPrefix("~$") {
            switch folder.sha256(name) {
            case .success(let h): sources.append(ImportSource(file: name, sha256: h.hex, bytes: h.bytes))
            case .failure: sources.append(ImportSource(file: name, sha256: "unreadable", bytes: -1))
            }
        }
        // A folder in data/ is a change too: import would refuse it (links: `SiteFolder.list` names them).
        for folder in listing.folders { sources.append(ImportSource(file: folder, sha256: "folder", bytes: -1)) }
        return sources.isEmpty && listing.diagnostics.isEmpty ? nil : sources.sorted { $0.file < $1.file }
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
