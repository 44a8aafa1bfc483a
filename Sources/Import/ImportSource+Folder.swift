import Cryptography
import Model

extension ImportSource {
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
}
