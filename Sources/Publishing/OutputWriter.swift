import Registry
import Evaluation
import CSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a build so that the output changes in one step and only where it changed.
///
/// Two trees sit side by side: the output (`public/`, what is served) and a hidden spare
/// (`.public.spare/`, the build before). A build brings the spare up to date — a file whose bytes equal
/// the output's is hard-linked from it, a changed file is written anew, a file no longer built is
/// removed — and then swaps the two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`). A build
/// that fails or is killed never touches the output (a spare it had begun to change stays marked
/// incomplete, and the next build starts it again); a build that changes nothing writes nothing.
///
/// Each tree's `SHA256SUMS` is its manifest. Files in the spare are never opened for writing in place
/// (they may share an inode with the output): new bytes go to a new file renamed over the old one.
/// Files are written with POSIX calls: Foundation's writers fsync every file.
public final class OutputWriter: @unchecked Sendable {
    public let output: String
    /// The spare tree: the build before the output's, and the next build while one runs.
    public let spare: String
    let parent: String
    let name: String

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// What a build did to the output.
    public enum Outcome: Equatable, Sendable {
        /// Nothing differed from the output: nothing was written.
        case unchanged
        /// The output was replaced; `written` files got new bytes, `linked` were shared with the build before.
        case replaced(written: Int, linked: Int, removed: Int)
    }

    static let manifestName = "SHA256SUMS"
    static let incompleteMarker = ".gongshi-incomplete"

    private let lock = NSLock()
    /// Relative path → size and SHA-256 (hex) of every file of this build.
    private var sizes: [String: Int] = [:]
    private var hashes: [String: String] = [:]
    /// Files of this build written into the spare (the rest will be linked from the output or are there).
    private var writtenToSpare: Set<String> = []
    /// Folders known to exist in the spare.
    private var spareDirectories: Set<String> = [""]
    private var spareIsPrepared = false
    /// The output's and the spare's files, by their manifests.
    private let outputFiles: [String: String]
    private var spareFiles: [String: String]
    private var manifestWritten = false

    public var files: [String: Int] { lock.withLock { sizes } }
    public func checksum(of relative: String) -> String? { lock.withLock { hashes[relative] } }
    public func size(of relative: String) -> Int? { lock.withLock { sizes[relative] } }

    public init(output: String) throws {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        self.output = url.path
        parent = url.deletingLastPathComponent().path
        name = url.lastPathComponent
        spare = "\(parent)/.\(name).spare"
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw Failure(path: parent, reason: "cannot create the folder (\(Self.reason(of: error)))")
        }
        Self.removeLeftovers(parent: parent, name: name)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Failure(path: self.output, reason: "exists and is not a folder")
        }
        outputFiles = Self.manifest(of: self.output) ?? [:]
        // A spare that a killed build was changing, or one without a manifest, cannot be trusted.
        if FileManager.default.fileExists(atPath: spare + "/" + Self.incompleteMarker) || Self.manifest(of: spare) == nil {
            try? FileManager.default.removeItem(atPath: spare)
        }
        spareFiles = Self.manifest(of: spare) ?? [:]
    }

    static func reason(of error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }

    /// Staging and old folders left by builds that were killed (and by older versions of gongshi).
    static func removeLeftovers(parent: String, name: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries where [".\(name).staging-", ".\(name).old-", ".\(name).scratch-"].contains(where: entry.hasPrefix) {
            try? FileManager.default.removeItem(atPath: "\(parent)/\(entry)")
        }
    }

    /// A tree's files by its `SHA256SUMS`, plus the files beside it at the top that it does not list
    /// (itself, its signature, the public key), hashed as they are. Nil when the tree has no manifest.
    static func manifest(of tree: String) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: tree + "/" + manifestName) else { return nil }
        var files: [String: String] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) where line.count > 66 {
            files[String(decoding: line.dropFirst(66), as: UTF8.self)] = String(decoding: line.prefix(64), as: UTF8.self)
        }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: tree)) ?? [] where files[entry] == nil && !entry.hasPrefix(".") {
            if let bytes = FileManager.default.contents(atPath: tree + "/" + entry) { files[entry] = Digest.sha256([UInt8](bytes)).hex }
        }
        return files
    }

    /// A relative path may not leave the output folder: no `..`, no absolute path, no NUL, no empty part.
    static func isSafe(_ relative: String) -> Bool {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0"), relative.utf8.count < 1024 else { return false }
        return relative.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != ".." && $0 != "." && !$0.isEmpty && $0.utf8.count <= 255 }
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    /// Records a file of the build; writes it only if the output does not already hold these bytes.
    /// Safe to call from several threads at once.
    public func write(_ relative: String, _ bytes: [UInt8]) throws {
        guard Self.isSafe(relative), !relative.hasPrefix(".") else { throw Failure(path: relative, reason: "refusing to write outside the output folder") }
        let hash = Digest.sha256(bytes).hex
        let (mustWrite, inSpare): (Bool, Bool) = try lock.withLock {
            guard sizes[relative] == nil else { throw Failure(path: relative, reason: "two pages were built for the same path") }
            sizes[relative] = bytes.count
            hashes[relative] = hash
            if outputFiles[relative] == hash || spareFiles[relative] == hash { return (false, true) }
            writtenToSpare.insert(relative)
            return (true, spareFiles[relative] != nil)
        }
        guard mustWrite else { return }
        try prepareSpare()
        try makeDirectories((relative as NSString).deletingLastPathComponent)
        try Self.writeNew(spare + "/" + relative, bytes, display: relative, expectNone: !inSpare)
    }

    public func copy(from source: String, to relative: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else { throw Failure(path: source, reason: "cannot read") }
        try write(relative, [UInt8](data))
    }

    /// `SHA256SUMS` of every file written so far (the format `sha256sum -c` reads); returns its bytes.
    @discardableResult
    public func writeManifest() throws -> [UInt8] {
        let sums = lock.withLock { hashes.sorted { $0.key < $1.key } }
        var text = ""
        text.reserveCapacity(sums.count * 100)
        for (path, hash) in sums { text += "\(hash)  \(path)\n" }
        let bytes = Array(text.utf8)
        try write(Self.manifestName, bytes)
        lock.withLock { manifestWritten = true }
        return bytes
    }

    /// Writes `bytes` to `path` in the spare. A file there that no other tree shares (one link) is
    /// rewritten in place, which spares the file system an inode; a shared one, or none, is replaced by a
    /// new file renamed over it, so the output's bytes are never touched. `expectNone`: the spare's
    /// manifest lists no file there, so first try creating it where it goes (a fresh build's every file).
    static func writeNew(_ path: String, _ bytes: [UInt8], display: String, expectNone: Bool = false) throws {
        var fd = expectNone ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644) : -1
        if fd < 0 { fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW) }
        var target = path
        var status = stat()
        if fd >= 0 && (fstat(fd, &status) != 0 || status.st_nlink != 1 || (status.st_mode & S_IFMT) != S_IFREG || ftruncate(fd, 0) != 0) {
            close(fd)
            fd = -1
        }
        if fd < 0 {
            target = path + ".gongshi-new"
            fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { throw Failure(path: display, reason: String(cString: strerror(errno))) }
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "nothing written"
                close(fd)
                if target != path { unlink(target) }
                throw Failure(path: display, reason: reason)
            }
            offset += n
        }
        close(fd)
        if target != path {
            guard rename(target, path) == 0 else { throw Failure(path: display, reason: String(cString: strerror(errno))) }
        }
    }

    /// Before the spare is first changed, mark it incomplete: a build killed from here on leaves a
    /// spare the next build will not trust.
    private func prepareSpare() throws {
        try lock.withLock {
            guard !spareIsPrepared else { return }
            if mkdir(spare, 0o755) != 0 && errno != EEXIST { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
            let fd = open(spare + "/" + Self.incompleteMarker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
            close(fd)
            for path in spareFiles.keys { spareDirectories.formUnion(Self.ancestors(of: path)) }
            spareIsPrepared = true
        }
    }

    static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var directory = (path as NSString).deletingLastPathComponent
        while !directory.isEmpty {
            result.append(directory)
            directory = (directory as NSString).deletingLastPathComponent
        }
        return result
    }

    private func makeDirectories(_ directory: String) throws {
        if lock.withLock({ spareDirectories.contains(directory) }) { return }
        try makeDirectories((directory as NSString).deletingLastPathComponent)
        if mkdir(spare + "/" + directory, 0o755) != 0 && errno != EEXIST {
            throw Failure(path: directory, reason: String(cString: strerror(errno)))
        }
        lock.withLock { _ = spareDirectories.insert(directory) }
    }

    /// Completes the spare (links what did not change, removes what is gone), flushes it to disk once,
    /// and swaps it with the output. Nothing happens when the build equals the output.
    @discardableResult
    public func commit() throws -> Outcome {
        if !lock.withLock({ manifestWritten }) { try writeManifest() }
        let built = lock.withLock { hashes }
        let outputExists = FileManager.default.fileExists(atPath: output)
        if outputExists && built == outputFiles { return .unchanged }
        try prepareSpare()
        var linked = 0
        for (path, hash) in built.sorted(by: { $0.key < $1.key }) where !writtenToSpare.contains(path) && spareFiles[path] != hash {
            // Not written, so the output holds these bytes: share them.
            try makeDirectories((path as NSString).deletingLastPathComponent)
            let target = spare + "/" + path
            let temporary = target + ".gongshi-new"
            unlink(temporary)
            guard link(output + "/" + path, temporary) == 0, rename(temporary, target) == 0 else {
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            linked += 1
        }
        var removed = 0
        var emptied: Set<String> = []
        for path in spareFiles.keys where built[path] == nil {
            if unlink(spare + "/" + path) == 0 { removed += 1 }
            emptied.formUnion(Self.ancestors(of: path))
        }
        // Deepest first; a folder that still holds files stays.
        for directory in emptied.sorted(by: { $0.count > $1.count }) { rmdir(spare + "/" + directory) }
        if gongshi_sync_filesystem(spare) != 0 { throw Failure(path: spare, reason: "sync: \(String(cString: strerror(errno)))") }
        guard unlink(spare + "/" + Self.incompleteMarker) == 0 else { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
        let outcome = Outcome.replaced(written: writtenToSpare.count, linked: linked, removed: removed)
        guard outputExists else {
            guard rename(spare, output) == 0 else { throw Failure(path: output, reason: String(cString: strerror(errno))) }
            return outcome
        }
        if gongshi_exchange_paths(spare, output) == 0 { return outcome }
        // File systems without RENAME_EXCHANGE: two renames, the old output kept until the new one is in place.
        let old = "\(parent)/.\(name).old-\(getpid())"
        guard rename(output, old) == 0 else { throw Failure(path: output, reason: String(cString: strerror(errno))) }
        guard rename(spare, output) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old, output)
            throw Failure(path: output, reason: reason)
        }
        _ = rename(old, spare)
        return outcome
    }
}
