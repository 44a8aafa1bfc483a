import Cryptography
import Foundation
import Model
import Rendering
#if canImport(Glibc)
import Glibc
#endif

/// What each page and dataset of the last build was made from, kept beside the output (`.public.memo`,
/// never published): its `ContentKey` and the files it wrote, with their SHA-256 and size. A build that
/// finds the same key for a page, under the same executable, theme and signing key, takes the page's
/// files from the output instead of rendering, hashing and scanning them again — a build is a pure
/// function of its inputs, so the same key makes the same bytes.
///
/// Nothing here is believed without the disk: a file is taken only when a tree the writer trusts
/// (`OutputTree`) holds exactly that hash at that path, so a stale, foreign or damaged memo costs time,
/// never a wrong byte. Deleting the stamp or the memo forces every page to be rendered again.
final class RenderMemo: @unchecked Sendable {
    struct File: Equatable {
        var path: String
        var sha256: String
        var size: Int
    }

    struct Entry: Equatable {
        var key: [UInt8]
        var files: [File]
    }

    static let magic = Array("gongshi render memo 1\n".utf8)

    /// What a build renders with besides its pages' contexts: the executable (and so the built-in theme),
    /// a theme folder's and the site's templates, and the signing key (whose secret no output may hold).
    let environment: [UInt8]
    /// The last build's entries, by the first path of each output (read only).
    private let previous: [String: Entry]
    private let lock = NSLock()
    private var current: [String: Entry] = [:]

    init(environment: [UInt8], previous: [String: Entry] = [:]) {
        self.environment = environment
        self.previous = previous
    }

    static func path(output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".memo"
    }

    /// The environment of a build with this theme and key.
    static func environment(layout: SiteLayout, theme: ThemeSource, signing: MinisignKey?) -> [UInt8] {
        let lines = ["gongshi render memo 1", "executable \(CommandLine.executableIdentity)",
                     "signing \(signing?.publicKeyLine ?? "none")"] + BuildStamp.templateLines(layout: layout, theme: theme)
        return Digest.sha256(Array(lines.joined(separator: "\n").utf8))
    }

    /// The memo beside `output` if it was written in this environment; otherwise an empty one.
    static func load(output: String, environment: [UInt8]) -> RenderMemo {
        guard let data = FileManager.default.contents(atPath: path(output: output)) else { return RenderMemo(environment: environment) }
        return RenderMemo(environment: environment, previous: decode([UInt8](data), environment: environment) ?? [:])
    }

    /// Whether the last build made `id` under this environment (it may still have been made from another key).
    func remembers(_ id: String) -> Bool { previous[id] != nil }

    /// Takes the files `id`'s last build wrote from `key`, if the key is the same, the files are the
    /// ones expected, and the writer finds each of them, as it was, in a tree it trusts.
    func reuse(_ id: String, key: [UInt8], paths: [String], into writer: OutputWriter) throws -> Bool {
        guard let entry = previous[id], entry.key == key, entry.files.map(\.path) == paths,
              try writer.reuse(entry.files.map { ($0.path, $0.sha256, $0.size) }) else { return false }
        lock.withLock { current[id] = entry }
        return true
    }

    /// Records what `id` was made from and the files the writer now holds for it.
    func record(_ id: String, key: [UInt8], paths: [String], from writer: OutputWriter) {
        var files: [File] = []
        for path in paths {
            guard let sha256 = writer.checksum(of: path), let size = writer.size(of: path) else { return }
            files.append(File(path: path, sha256: sha256, size: size))
        }
        lock.withLock { current[id] = Entry(key: key, files: files) }
    }

    /// This build's entries, beside the output; a memo that cannot be written only costs the next build time.
    func save(output: String) {
        let entries = lock.withLock { current }
        var bytes = Self.magic + environment
        bytes.reserveCapacity(entries.count * 256)
        Self.append(entries.count, to: &bytes)
        for (id, entry) in entries.sorted(by: { $0.key < $1.key }) {
            Self.append(id, to: &bytes)
            bytes += entry.key
            Self.append(entry.files.count, to: &bytes)
            for file in entry.files {
                Self.append(file.path, to: &bytes)
                Self.append(file.sha256, to: &bytes)
                Self.append(file.size, to: &bytes)
            }
        }
        let path = Self.path(output: output)
        let temporary = path + ".new"
        unlink(temporary)
        if FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) { _ = rename(temporary, path) }
    }

    /// Before a build changes the output, like the stamp: the memo is only trusted beside a finished build.
    static func remove(output: String) { unlink(path(output: output)) }

    private static func append(_ number: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(number).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        append(text.utf8.count, to: &bytes)
        bytes += text.utf8
    }

    /// The entries of a memo's bytes, or nil for another environment or any bytes that are not a whole memo.
    static func decode(_ bytes: [UInt8], environment: [UInt8]) -> [String: Entry]? {
        var reader = Reader(bytes: bytes)
        guard reader.take(magic.count) == magic[...], reader.take(environment.count) == environment[...],
              let count = reader.number() else { return nil }
        var entries: [String: Entry] = [:]
        for _ in 0..<count {
            guard let id = reader.text(), let key = reader.take(32), let fileCount = reader.number() else { return nil }
            var files: [File] = []
            for _ in 0..<fileCount {
                guard let path = reader.text(), let sha256 = reader.text(), let size = reader.number() else { return nil }
                files.append(File(path: path, sha256: sha256, size: size))
            }
            entries[id] = Entry(key: Array(key), files: files)
        }
        return reader.offset == bytes.count ? entries : nil
    }

    /// Reads the memo's fields, refusing any length that runs past the end.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
            guard n >= 0, n <= bytes.count - offset else { return nil }
            defer { offset += n }
            return bytes[offset..<offset + n]
        }

        mutating func number() -> Int? {
            guard let raw = take(8) else { return nil }
            let value = raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            // Counts and sizes of a real memo are far below this; anything above is damage.
            return value < 1 << 48 ? Int(value) : nil
        }

        mutating func text() -> String? {
            guard let n = number(), let raw = take(n) else { return nil }
            return String(validating: raw, as: UTF8.self)
        }
    }
}
