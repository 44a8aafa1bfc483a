import CSupport
import Cryptography
import Evaluation
import Foundation
import GRDBSQLite
import Model
import Rendering

/// What the last build was made from, kept beside the output (`.public.stamp`, never published), and when
/// it was done. When a build's inputs hash the same and the output is still exactly as that build left it
/// (`OutputTree`), the output is already what the build would write — byte for byte, since a build is a
/// pure function of its inputs — and nothing is loaded, rendered or written.
///
/// The inputs are every file a build reads — the registry (and its WAL), `config.toml`, `data/`, `pages/`,
/// `notices/`, `templates/`, `static/`, the theme — and the as-of date, the output path, the signing key's
/// public half and the gongshi executable itself. `trustedBefore` is the file system's time when the build
/// finished: files in the output and its spare changed since then are not trusted. Deleting the stamp
/// therefore forces a full build: every file is rendered and written again.
public struct BuildStamp: Codable, Equatable, Sendable {
    var inputs: String = ""
    var trustedBefore: FileTime?
    var pages = 0
    var files = 0
    var bytes = 0
    /// The build's warnings, said again when it is skipped.
    var warnings: [Diagnostic] = []
    /// When the output next changes by itself, said again when the build is skipped.
    var nextChange: NextChange?
    /// The day the output shows (`--as-of`): what the workbench says is published now. Absent in older stamps.
    var asOf: String?
    /// Art. 13–14: each final year's published list (`open-data/grades-YEAR.csv`) as this build left it, and the
    /// digest of the data it was made from (`FrozenList.heldDigest`): the next build whose data digest the same
    /// and whose output still holds that file need not read the list again to know the data do not contradict it.
    var frozenLists: [String: FrozenListMark]?

    public struct FrozenListMark: Codable, Equatable, Sendable {
        /// SHA-256 of the list as written.
        var file: String
        var held: String
        /// The gongshi that wrote it (another may write the list's columns otherwise).
        var executable: String
    }

    /// `CalendarChange` as the stamp keeps it: the day and each reason's words.
    public struct NextChange: Codable, Equatable, Sendable {
        public var date: String
        public var reasons: [String]
        init(_ change: CalendarChange) {
            date = change.date.iso
            reasons = change.reasons.map(\.label)
        }
    }

    public init() {}

    init(inputs: String, pages: Int, files: Int, bytes: Int, warnings: [Diagnostic]) {
        self.inputs = inputs; self.pages = pages; self.files = files; self.bytes = bytes; self.warnings = warnings
    }

    static func path(output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".stamp"
    }

    /// The hash of everything a build of `layout` as of `asOf` reads.
    static func inputs(layout: SiteLayout, theme: ThemeSource, asOf: CivilDate, signing: MinisignKey?, data: [ImportSource]?) -> String {
        var lines: [String] = ["gongshi build stamp 3", "as-of \(asOf)", "output \(layout.output)",
                               "signing \(signing?.publicKeyLine ?? "none")",
                               "executable \(CommandLine.executableIdentity)",
                               "registry \(registryHash(layout.registry) ?? "none")",
                               "registry-wal \(walHash(layout.registry + "-wal") ?? "none")",
                               "config \(fileHash(layout.config) ?? "none")", "base-url \(layout.baseURL ?? "config")"]
        for source in data ?? [] { lines.append("data/\(source.file) \(source.sha256)") }
        lines += folderLines([("pages", layout.pages), ("notices", layout.notices), ("static", layout.staticFiles)])
        lines += templateLines(layout: layout, theme: theme)
        return Digest.sha256(Array(lines.joined(separator: "\n").utf8)).hex
    }

    /// The theme and the site's templates, file by file (a built-in theme is part of the executable).
    static func templateLines(layout: SiteLayout, theme: ThemeSource) -> [String] {
        (theme.folder == nil ? ["theme built-in"] : [])
            + folderLines([("templates", layout.templates)] + (theme.folder.map { [("theme", $0)] } ?? []))
    }

    static func folderLines(_ folders: [(name: String, path: String)]) -> [String] {
        folders.flatMap { folder in
            Theme.files(under: folder.path).map { "\(folder.name)/\($0) \(fileHash(folder.path + "/" + $0) ?? "?")" }
        }
    }

    /// SHA-256 of a file's bytes, mapped rather than read (a national registry is gigabytes).
    static func fileHash(_ path: String) -> String? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { Digest.sha256($0.bindMemory(to: UInt8.self)).hex }
    }

    /// The WAL's bytes; an empty WAL holds nothing, as none does: the first reader after an import creates an
    /// empty one, and the next build must not take that for a changed registry.
    static func walHash(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return nil }
        return fileHash(path)
    }

    /// The registry's bytes but for three counters in SQLite's header (file change counter, schema cookie,
    /// version-valid-for) that move when a connection merely opens it: GRDB starts a WAL by creating and
    /// dropping a table, so every build would otherwise see a "changed" registry.
    static func registryHash(_ path: String) -> String? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        guard data.count >= 100 && data.prefix(16) == Data("SQLite format 3\0".utf8) else { return fileHash(path) }
        var header = [UInt8](data.prefix(100))
        for range in [24..<28, 40..<44, 92..<96] { header.replaceSubrange(range, with: [0, 0, 0, 0]) }
        let rest = data.withUnsafeBytes { Digest.sha256(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[100...])).hex }
        return Digest.sha256(header).hex + rest
    }

    static func load(output: String) -> BuildStamp? {
        guard let data = FileManager.default.contents(atPath: path(output: output)) else { return nil }
        return try? JSONDecoder().decode(BuildStamp.self, from: data)
    }

    /// The stamp of the build that made `output`, if its inputs were `inputs` and the output is, file for
    /// file on disk, as that build left it.
    static func matching(output: String, inputs: String) -> BuildStamp? {
        guard let stamp = load(output: output), stamp.inputs == inputs, let mark = stamp.trustedBefore,
              OutputTree.scan(output, trustedBefore: mark).isAsBuilt else { return nil }
        return stamp
    }

    /// Records the build that just made `output`; a stamp that cannot be written only costs the next build time.
    func save(output: String) {
        let path = Self.path(output: output)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        let temporary = path + ".new"
        unlink(temporary)
        if FileManager.default.createFile(atPath: temporary, contents: data) { _ = rename(temporary, path) }
    }

    /// What the build that made `output` published, as the workbench shows it; nil when no build is recorded.
    public static func published(output: String) -> Published? {
        load(output: output).map { Published(asOf: $0.asOf.flatMap { CivilDate(iso: $0) }, pages: $0.pages, files: $0.files,
                                               warnings: $0.warnings, nextChange: $0.nextChange) }
    }

    /// A recorded build, as far as anyone outside the build needs it.
    public struct Published: Sendable {
        public var asOf: CivilDate?
        public var pages: Int
        public var files: Int
        public var warnings: [Diagnostic]
        public var nextChange: NextChange?
    }

    /// Before a build changes the output: a stamp must never describe an output it did not make.
    static func remove(output: String) { unlink(path(output: output)) }
}

extension CommandLine {
    /// The running executable, for the build stamp: a new gongshi may render the same inputs differently.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    }

    /// What identifies the running gongshi's bytes: the linker's build ID (a hash of the executable, read
    /// from memory), else the SHA-256 of the file (hashing the large executable itself is a cost on every build);
    /// and the versions of the shared libraries whose output goes into the site — SQLite writes its version
    /// into open-data/gongshi.sqlite, zlib deflates the workbooks and Word files, cmark writes the pages'
    /// HTML — so that a system update of one of them is a new build, not a stamp or memo of the old one.
    static let executableIdentity: String = {
        var id = [UInt8](repeating: 0, count: 64)
        let length = Int(gongshi_executable_build_id(&id, Int32(id.count)))
        let executable = length > 0 ? "build-id " + Array(id.prefix(length)).hex : "sha256 " + (BuildStamp.fileHash(executablePath) ?? "?")
        return executable + " " + libraryVersions
    }()

    static var libraryVersions: String {
        "sqlite \(String(cString: sqlite3_libversion())) zlib \(String(cString: gongshi_zlib_version())) cmark \(Markdown.libraryVersion) sodium \(Sodium.libraryVersion)"
    }
}
