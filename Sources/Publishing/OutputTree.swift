import CSupport
import Cryptography
import Foundation
import Model
#if canImport(Glibc)
import Glibc
#endif

/// A moment on the file system's own clock, as it stamps a file's change time (`st_ctim`).
public struct FileTime: Codable, Comparable, Sendable, Hashable {
    public var seconds: Int
    public var nanoseconds: Int

    public static func < (a: FileTime, b: FileTime) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }

    init(_ t: timespec) {
        seconds = Int(t.tv_sec)
        nanoseconds = Int(t.tv_nsec)
    }

    init(seconds: Int, nanoseconds: Int) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }
}

/// An output tree (the output or its spare) as it really is on disk, not as its manifest says.
///
/// A file's bytes are known without reading them when its manifest (`SHA256SUMS`) lists it and the file
/// has not changed since the build that wrote the manifest finished: the kernel sets a file's change time
/// (ctime) on every write, rename, link, chmod or chown, and no user can set it back. The build records
/// the file system's time when it is done (`trustedBefore`); any file changed later has a later ctime.
/// Whatever else is found — a file edited, added, replaced, linked or made a symlink, a folder with other
/// permissions — is not trusted and will be replaced or removed. Without a mark (no stamp: the first
/// build, or the stamp deleted to force a full build) nothing is trusted.
struct OutputTree {
    static let manifestName = "SHA256SUMS"
    /// Files at the top that the manifest cannot list: the signature of the manifest and the public key.
    static let unlistedFiles: Set<String> = ["SHA256SUMS.minisig", "minisign.pub"]
    /// In every tree gongshi makes: a folder without it, and not empty, is someone else's.
    static let ownerMark = ".gongshi-output"
    static let ownerMarkText = Array("This folder is written by gongshi build. Every file in it is replaced by the next build: do not keep anything else here.\n".utf8)
    /// In a spare being changed: a build killed from then on leaves a spare the next build will not trust.
    static let incompleteMarker = ".gongshi-incomplete"
    static let fileMode: mode_t = 0o644
    static let folderMode: mode_t = 0o755

    /// Relative path → SHA-256 (hex) of every file whose bytes are known.
    var trusted: [String: String] = [:]
    /// Entries to remove before the tree is served: files not trusted, links, special files, unknown hidden files.
    var stray: [String] = []
    /// Folders that exist (relative, "" for the root), and those whose permissions are not 0755.
    var folders: Set<String> = [""]
    var wrongModeFolders: [String] = []
    var hasOwnerMark = false
    var isIncomplete = false
    /// Files the manifest lists that are missing or not trusted.
    var missing = 0

    /// Served as the build left it: every listed file there and trusted, nothing else, permissions right.
    var isAsBuilt: Bool { hasOwnerMark && !isIncomplete && stray.isEmpty && wrongModeFolders.isEmpty && missing == 0 && trusted[Self.manifestName] != nil }

    enum Kind { case missing, folder, other }

    static func kind(of path: String) -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        return status.st_mode & S_IFMT == S_IFDIR ? .folder : .other
    }

    /// Whether a folder has any entry at all.
    static func isEmptyFolder(_ path: String) -> Bool {
        guard let handle = opendir(path) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { return false }
        }
        return true
    }

    /// Walks `root` without following links (in C: a national output has hundreds of thousands of files).
    /// Files changed at or after `trustedBefore` are not trusted.
    static func scan(_ root: String, trustedBefore: FileTime?) -> OutputTree {
        var tree = OutputTree()
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard rootFD >= 0 else { return tree }
        defer { close(rootFD) }
        var rootStatus = stat()
        if fstat(rootFD, &rootStatus) == 0, rootStatus.st_mode & 0o7777 != folderMode { tree.wrongModeFolders.append("") }
        var listed: [String: String] = [:]
        if let mark = trustedBefore, let manifest = readTrusted(rootFD, manifestName, before: mark) {
            listed = parseManifest(manifest)
            tree.trusted[manifestName] = Digest.sha256(manifest).hex
        }
        tree.trusted.reserveCapacity(listed.count + 4)
        var records: UnsafeMutablePointer<UInt8>?
        let length = gongshi_walk_tree(root, &records)
        defer { free(records) }
        guard length >= 0, let records else {
            tree.stray.append("")  // cannot be walked: nothing in it is known
            return tree
        }
        var at = 0
        var trustedListed = 0
        let bytes = UnsafeBufferPointer(start: UnsafePointer(records), count: length)
        let raw = UnsafeRawBufferPointer(bytes)
        func load<T: FixedWidthInteger>(_ type: T.Type, _ offset: Int) -> T { raw.loadUnaligned(fromByteOffset: offset, as: T.self) }
        while at + 31 <= length {
            let kind = bytes[at]
            let mode = load(UInt32.self, at + 1)
            let changed = FileTime(seconds: Int(load(Int64.self, at + 5)), nanoseconds: Int(load(Int64.self, at + 13)))
            let size = Int(load(Int64.self, at + 21))
            let pathLength = Int(load(UInt16.self, at + 29))
            guard at + 31 + pathLength <= length else { break }
            let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 31)..<(at + 31 + pathLength)]), as: UTF8.self)
            at += 31 + pathLength
            let topLevel = !path.utf8.contains(UInt8(ascii: "/"))
            if topLevel && (path == ownerMark || path == incompleteMarker) {
                if path == incompleteMarker { tree.isIncomplete = true }
                else if kind == 0, size == ownerMarkText.count { tree.hasOwnerMark = true } else { tree.stray.append(path) }
                continue
            }
            switch kind {
            case 1:
                tree.folders.insert(path)
                if mode_t(mode) != folderMode { tree.wrongModeFolders.append(path) }
            case 0:
                guard let mark = trustedBefore, changed < mark, mode_t(mode) == fileMode else {
                    tree.stray.append(path)
                    continue
                }
                if path == manifestName {
                    if tree.trusted[path] == nil { tree.stray.append(path) }
                } else if let hash = listed[path] {
                    tree.trusted[path] = hash
                    trustedListed += 1
                } else if topLevel, unlistedFiles.contains(path), let bytes = readTrusted(rootFD, path, before: mark) {
                    tree.trusted[path] = Digest.sha256(bytes).hex
                } else {
                    tree.stray.append(path)
                }
            default:
                tree.stray.append(path)
            }
        }
        tree.missing = listed.count - trustedListed
        tree.stray.sort()
        return tree
    }

    /// The bytes of a small file at the top if it is a regular file, 0644, changed before `mark`.
    static func readTrusted(_ rootFD: Int32, _ name: String, before mark: FileTime) -> [UInt8]? {
        let fd = openat(rootFD, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_mode & 0o7777 == fileMode,
              FileTime(status.st_ctim) < mark else { return nil }
        return readAll(fd, size: Int(status.st_size))
    }

    static func readAll(_ fd: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, size - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            offset += n
        }
        return bytes
    }

    /// `SHA256SUMS` lines, `HASH  PATH`, as path → hash.
    static func parseManifest(_ manifest: [UInt8]) -> [String: String] {
        var listed: [String: String] = [:]
        listed.reserveCapacity(manifest.count / 80)
        manifest.withUnsafeBufferPointer { m in
            var start = 0
            while start < m.count {
                var end = start
                while end < m.count && m[end] != 0x0A { end += 1 }
                if end - start > 66 {
                    let hash = String(decoding: UnsafeBufferPointer(rebasing: m[start..<(start + 64)]), as: UTF8.self)
                    listed[String(decoding: UnsafeBufferPointer(rebasing: m[(start + 66)..<end]), as: UTF8.self)] = hash
                }
                start = end + 1
            }
        }
        return listed
    }

    /// The file system's time as a new file beside the trees gets it (the clock ctime comes from).
    static func probe(beside parent: String) -> FileTime? {
        let path = parent + "/.gongshi-clock-\(getpid())"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return nil }
        var status = stat()
        let ok = fstat(fd, &status) == 0
        close(fd)
        unlink(path)
        return ok ? FileTime(status.st_ctim) : nil
    }

    /// A mark later than the change time of every file written so far. The file system's clock is coarse
    /// (a few milliseconds on ext4): files written in the current tick carry its time, so the mark is the
    /// first tick after it.
    static func mark(beside parent: String) -> FileTime? {
        guard let first = probe(beside: parent) else { return nil }
        for _ in 0..<2000 {
            guard let next = probe(beside: parent) else { return nil }
            if first < next { return next }
            usleep(500)
        }
        return nil
    }
}
