import Cryptography
import Messages
import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way gongshi reads a site's folders (`data/`, `pages/`, `notices/`, `templates/`, `static/`) and a
/// theme: only regular files that are really inside the folder.
///
/// The rule is that a link is never followed. A symbolic link anywhere below the folder, or the folder itself
/// being one, is an error naming the link (E020): a link can point at a secret key, `/etc/passwd` or another
/// site's data, and what a link points at can change between `check` and `build`. FIFOs, sockets and devices
/// are errors too (E021): reading one would hang or read forever. Every file is opened component by
/// component with `O_NOFOLLOW` from the folder's own descriptor, so a folder swapped for a link between the
/// listing and the read is refused as well.
public struct SiteFolder: Sendable {
    /// Absolute path of the folder.
    public let path: String
    /// How messages name it, e.g. `static/`.
    public let display: String

    public init(path: String, display: String) {
        self.path = path
        self.display = display
    }

    /// What a walk of the folder found: the regular files (sorted relative paths) and every problem.
    public struct Listing: Sendable {
        public var files: [String] = []
        /// Hidden files and folders (a name starting with `.`), which gongshi does not read.
        public var hidden: [String] = []
        /// Folders below the top, when the listing is not recursive.
        public var folders: [String] = []
        public var diagnostics: [Diagnostic] = []
        /// False when the folder does not exist.
        public var exists = true
    }

    /// Every regular file below the folder; `recursive: false` looks at its top level only.
    public func list(recursive: Bool = true) -> Listing {
        var listing = Listing()
        var status = stat()
        guard lstat(path, &status) == 0 else {
            listing.exists = false
            return listing
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            listing.diagnostics.append(linkDiagnostic(""))
            return listing
        default:
            listing.diagnostics.append(Diagnostic(at: SourceLocation(file: displayPath("")),
                "E021.folder", ["display": "\(display)"]))
            return listing
        }
        walk("", recursive: recursive, into: &listing)
        listing.files.sort()
        listing.hidden.sort()
        listing.diagnostics.sort()
        return listing
    }

    private func walk(_ relative: String, recursive: Bool, into listing: inout Listing) {
        let directory = relative.isEmpty ? path : path + "/" + relative
        guard let handle = opendir(directory) else {
            listing.diagnostics.append(Diagnostic(at: SourceLocation(file: displayPath(relative)),
                "E022.unreadableFolder", ["reason": "\(String(cString: strerror(errno)))"]))
            return
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names.sorted() {
            let child = relative.isEmpty ? name : relative + "/" + name
            if name.hasPrefix(".") {
                listing.hidden.append(child)
                continue
            }
            var status = stat()
            guard lstat(path + "/" + child, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFREG: listing.files.append(child)
            case S_IFDIR: if recursive { walk(child, recursive: true, into: &listing) } else { listing.folders.append(child) }
            case S_IFLNK: listing.diagnostics.append(linkDiagnostic(child))
            default:
                listing.diagnostics.append(Diagnostic(at: SourceLocation(file: displayPath(child)),
                    "E021.pipe",
                    ["display": "\(display)"]))
            }
        }
    }

    public func displayPath(_ relative: String) -> String {
        relative.isEmpty ? String(display.hasSuffix("/") ? display.dropLast() : display[...]) : display + relative
    }

    func linkDiagnostic(_ relative: String) -> Diagnostic {
        let full = relative.isEmpty ? path : path + "/" + relative
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(full, &buffer, buffer.count - 1)
        let target = n > 0 ? String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        return Diagnostic(at: SourceLocation(file: displayPath(relative)),
            "E020",
            ["target": "\(target)"])
    }

    public enum ReadFailure: Error, Equatable, Sendable, CustomStringConvertible {
        case missing
        case link
        case notRegular
        case unreadable(String)
        case tooLarge(Int)

        public var description: String { text.text(.en) }

        /// What is wrong, for a message; `unreadable` carries the system's own words.
        public var text: MessageArgument {
            switch self {
            case .missing: return .phrase("file.missing")
            case .link: return .phrase("file.link")
            case .notRegular: return .phrase("file.notRegular")
            case .unreadable(let why): return .text(why)
            case .tooLarge(let size): return .phrase("file.tooLarge", ["size": "\(size)"])
            }
        }
    }

    /// Opens `relative` (a path the listing gave) for reading, component by component, following no link;
    /// the descriptor is of a regular file. The caller closes it.
    func openFile(_ relative: String) -> Result<(fd: Int32, size: Int), ReadFailure> {
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Self.failure(errno)) }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            close(fd)
            return .failure(.missing)
        }
        for (i, part) in parts.enumerated() {
            let last = i == parts.count - 1
            let flags = last ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
            let next = openat(fd, part, flags)
            let error = errno
            close(fd)
            guard next >= 0 else { return .failure(Self.failure(error)) }
            fd = next
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            return .failure(.unreadable(why))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .failure(.notRegular)
        }
        return .success((fd, Int(status.st_size)))
    }

    /// The bytes of `relative`, opened without following any link on the way. `limit`: the most bytes accepted.
    public func read(_ relative: String, limit: Int = Int.max) -> Result<[UInt8], ReadFailure> {
        let opened: (fd: Int32, size: Int)
        switch openFile(relative) {
        case .success(let o): opened = o
        case .failure(let f): return .failure(f)
        }
        defer { close(opened.fd) }
        return Self.readAll(opened.fd, size: opened.size, limit: limit)
    }

    /// Reads a regular file's `size` bytes, and any it grew by, up to `limit`.
    static func readAll(_ fd: Int32, size: Int, limit: Int) -> Result<[UInt8], ReadFailure> {
        guard size <= limit else { return .failure(.tooLarge(size)) }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, size - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += n
        }
        // A file that grew while it was read: the rest is read too, within the limit.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            guard bytes.count + n <= limit else { return .failure(.tooLarge(bytes.count + n)) }
            bytes += chunk[..<n]
        }
        return .success(offset < size ? Array(bytes[..<offset]) : bytes)
    }

    /// A file named on the command line (a bundle, a key): links followed, but only a regular file of at
    /// most `limit` bytes is read — `/dev/zero` or a pipe would otherwise be read for ever.
    public static func readNamedFile(_ path: String, limit: Int) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(failure(errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        return readAll(fd, size: Int(status.st_size), limit: limit)
    }

    /// SHA-256 (hex) and size of `relative`, mapped rather than read (a national registry's data is gigabytes).
    public func sha256(_ relative: String) -> Result<(hex: String, bytes: Int), ReadFailure> {
        let opened: (fd: Int32, size: Int)
        switch openFile(relative) {
        case .success(let o): opened = o
        case .failure(let f): return .failure(f)
        }
        defer { close(opened.fd) }
        guard opened.size > 0 else { return .success((Digest.sha256([]).hex, 0)) }
        guard let map = mmap(nil, opened.size, PROT_READ, MAP_PRIVATE, opened.fd, 0), map != MAP_FAILED else {
            return .failure(.unreadable(String(cString: strerror(errno))))
        }
        defer { munmap(map, opened.size) }
        let hex = Digest.sha256(UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: opened.size)).hex
        return .success((hex, opened.size))
    }

    static func failure(_ error: Int32) -> ReadFailure {
        switch error {
        case ENOENT: return .missing
        case ELOOP, ENOTDIR: return .link
        default: return .unreadable(String(cString: strerror(error)))
        }
    }

    /// A read failure as a message about `relative`.
    public func diagnostic(_ failure: ReadFailure, _ relative: String) -> Diagnostic {
        let at = SourceLocation(file: displayPath(relative))
        switch failure {
        case .missing: return Diagnostic(at: at, "E022.fileDisappeared")
        case .link: return linkDiagnostic(relative)
        case .notRegular: return Diagnostic(at: at, "E021.notRegular", ["display": "\(display)"])
        case .unreadable(let why): return Diagnostic(at: at, "E022.unreadableFile", ["why": "\(why)"])
        case .tooLarge(let size): return Diagnostic(at: at, "E023", ["size": "\(size)", "display": "\(display)"])
        }
    }

    /// Whether the path itself (not what it points at) is a symbolic link.
    public static func isLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }
}

/// Paths inside a site or an output as plain text, without Foundation's `NSString` path methods (which crash
/// on a one-character path in swift-corelibs-foundation: `("x" as NSString).deletingLastPathComponent`).
public enum RelativePath {
    /// `a/b/c` → `a/b`; `c` → ``.
    public static func parent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// `a/b/c` → `c`.
    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `a/b/c` → `a`.
    public static func firstComponent(_ path: String) -> String {
        guard let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[..<slash])
    }

    /// Every folder above `path`, nearest first: `a/b/c` → [`a/b`, `a`].
    public static func ancestors(_ path: String) -> [String] {
        var result: [String] = []
        var directory = parent(path)
        while !directory.isEmpty {
            result.append(directory)
            directory = parent(directory)
        }
        return result
    }

    /// The extension after the last dot of the last component, lowercased (`""` when none).
    public static func fileExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.utf8.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }
}
