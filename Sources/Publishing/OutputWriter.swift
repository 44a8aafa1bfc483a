import CSupport
import Cryptography
import Evaluation
import Foundation
import Import
import Messages
import Model
#if canImport(Glibc)
import Glibc
#endif

/// Writes a build so that the output changes in one step, only where it changed, and always ends exactly
/// as the build made it — whatever was done to the folder since the last build.
///
/// Two trees sit side by side: the output (`public/`, what is served) and a hidden spare
/// (`.public.spare/`, the build before). A build brings the spare up to date — a file whose bytes the
/// output holds is hard-linked from it, a changed file is written anew, anything else is removed — and
/// then swaps the two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`). A build that fails or is
/// killed never touches the output; a build that changes nothing writes nothing.
///
/// What either tree holds is read from the disk (`OutputTree`), not taken from the manifest: a file edited,
/// deleted, added or replaced by a link since the last build is found and put right. Both trees carry an
/// owner mark: a folder that is not empty and has none is someone else's, and is never touched. Files in
/// the spare are never opened for writing in place (they may share an inode with the output): new bytes
/// go to a new file renamed over the old one. Files are written with POSIX calls (Foundation's writers
/// fsync every file) and get mode 0644, folders 0755, whatever the umask.
public final class OutputWriter: @unchecked Sendable {
    public let output: String
    /// The spare tree: the build before the output's, and the next build while one runs.
    public let spare: String
    let parent: String
    let name: String
    /// Held from `init` until the commit (or until the writer goes away): one build at a time per output.
    let lock: FileLock
    /// The writer took the lock itself, so it releases it when it has committed.
    let ownsLock: Bool
    /// Byte strings no output file may contain: the signing key's secret bytes.
    let forbidden: [[UInt8]]

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var text: Message
        public var description: String { "\(path): \(text.text(.en))" }

        public init(path: String, _ key: String, _ arguments: [String: MessageArgument] = [:]) {
            self.path = path
            self.text = Message(key, arguments)
        }

        /// The system's own words for what failed (`strerror`), which gongshi passes on as they are.
        public init(path: String, reason: String) {
            self.init(path: path, "E900.system", ["reason": "\(reason)"])
        }
    }

    /// What a build did to the output.
    public enum Outcome: Equatable, Sendable {
        /// Nothing differed from the output: nothing was written.
        case unchanged
        /// The output was replaced; `written` files got new bytes, `linked` were shared with the build before.
        case replaced(written: Int, linked: Int, removed: Int)
    }

    static let manifestName = OutputTree.manifestName

    private let stateLock = NSLock()
    /// Relative path → size and SHA-256 (hex) of every file of this build.
    private var sizes: [String: Int] = [:]
    private var hashes: [String: String] = [:]
    /// Files of this build written into the spare (the rest will be linked from the output or are there).
    private var writtenToSpare: Set<String> = []
    /// Folders known to exist in the spare.
    private var spareFolders: Set<String> = [""]
    private var spareIsPrepared = false
    /// The two trees as found on disk.
    private let outputTree: OutputTree
    private var spareTree: OutputTree
    private let outputExisted: Bool
    /// The stamp of the build that made the output, whose mark says which files are as it left them.
    let previousStamp: BuildStamp?
    private var manifestWritten = false

    public var files: [String: Int] { stateLock.withLock { sizes } }
    public func checksum(of relative: String) -> String? { stateLock.withLock { hashes[relative] } }
    public func size(of relative: String) -> Int? { stateLock.withLock { sizes[relative] } }

    /// `lock`: the output's lock, when the caller already holds it; otherwise the writer takes it.
    public init(output: String, lock: FileLock? = nil, forbidden: [[UInt8]] = []) throws {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        self.output = url.path
        parent = url.deletingLastPathComponent().path
        name = url.lastPathComponent
        spare = "\(parent)/.\(name).spare"
        self.forbidden = forbidden.filter { !$0.isEmpty }
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw Failure(path: parent, "E900.createFolder", ["reason": SystemReason.of(error)])
        }
        if let lock {
            self.lock = lock
            ownsLock = false
        } else {
            do { self.lock = try FileLock(path: FileLock.outputPath(url.path), purpose: "build") } catch let busy as FileLock.Busy {
                throw Self.busy(busy, output: url.path)
            }
            ownsLock = true
        }
        Self.removeLeftovers(parent: parent, name: name)
        switch OutputTree.kind(of: self.output) {
        case .missing: outputExisted = false
        case .folder: outputExisted = true
        case .other:
            throw Failure(path: self.output, "E901.notAFolder")
        }
        let stamp = BuildStamp.load(output: self.output)
        previousStamp = stamp
        var spareKind = OutputTree.kind(of: spare)
        // A spare a killed build was changing goes before the output is read: removing it drops the link count of
        // every output file it shared, which changes their ctime. Read after, those files are simply not trusted
        // (written again); removed after the read, they would look edited during the build (E900) at the commit.
        if spareKind == .folder && FileManager.default.fileExists(atPath: spare + "/" + OutputTree.incompleteMarker) {
            try Self.removeTree(spare)
            spareKind = .missing
        }
        // The two trees are read at once, one per core: at national scale each is 366,000 files.
        let scanned = ([self.output] + (spareKind == .folder ? [spare] : [])).concurrentMap { OutputTree.scan($0, trustedBefore: stamp?.trustedBefore) }
        outputTree = scanned[0]
        if outputExisted && !outputTree.hasOwnerMark && stamp == nil && !OutputTree.isEmptyFolder(self.output) {
            throw Self.notOurs(self.output)
        }
        switch spareKind {
        case .missing: spareTree = OutputTree()
        case .other: throw Self.notOurs(spare)
        case .folder:
            let found = scanned[1]
            if !found.hasOwnerMark && !found.isIncomplete && !OutputTree.isEmptyFolder(spare) { throw Self.notOurs(spare) }
            // A spare a killed build was changing, or one no mark vouches for: start it again.
            if found.isIncomplete || stamp?.trustedBefore == nil {
                try Self.removeTree(spare)
                spareTree = OutputTree()
            } else {
                spareTree = found
            }
        }
    }

    /// Whether gongshi may write `output`: none there yet, an empty folder, or trees that carry its mark.
    /// Cheap (no tree is walked), so a build can refuse before it loads anything.
    public static func ownershipProblem(output: String) -> Failure? {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        let spare = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".spare"
        for (path, isSpare) in [(url.path, false), (spare, true)] {
            switch OutputTree.kind(of: path) {
            case .missing: continue
            case .other:
                return isSpare ? notOurs(path) : Failure(path: path, "E901.notAFolder")
            case .folder:
                // The mark; or, for a spare, a killed build's marker; or, for an output built by a gongshi from
                // before the mark, its stamp beside it.
                let marked = FileManager.default.fileExists(atPath: path + "/" + OutputTree.ownerMark)
                    || (isSpare && FileManager.default.fileExists(atPath: path + "/" + OutputTree.incompleteMarker))
                    || (!isSpare && BuildStamp.load(output: url.path) != nil)
                if !marked && !OutputTree.isEmptyFolder(path) { return notOurs(path) }
            }
        }
        return nil
    }

    static func notOurs(_ path: String) -> Failure {
        Failure(path: path, "E901", ["mark": "\(OutputTree.ownerMark)"])
    }

    static func busy(_ busy: FileLock.Busy, output: String) -> Failure {
        Failure(path: output, "E902", ["holder": "\(busy.holder)"])
    }

    /// Staging and old folders left by builds that were killed (and by older versions of gongshi).
    static func removeLeftovers(parent: String, name: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries where [".\(name).staging-", ".\(name).old-", ".\(name).scratch-", ".gongshi-clock-"].contains(where: entry.hasPrefix) {
            if entry.hasPrefix(".gongshi-clock-"), let pid = Int32(entry.dropFirst(".gongshi-clock-".count)), kill(pid, 0) == 0 { continue }
            try? removeTree("\(parent)/\(entry)")
        }
    }

    /// Removes a file or a whole folder without following links.
    static func removeTree(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR {
            chmod(path, 0o755)
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { try removeTree(path + "/" + entry) }
            guard rmdir(path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        } else {
            guard unlink(path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    /// A relative path may not leave the output folder (no `..`, no absolute path, no empty part), and must
    /// be a name every web server can hold: no control character, no `\ : * ? " < > |`, no part ending in a
    /// dot or a space (Windows), none starting with a dot.
    static func isSafe(_ relative: String) -> Bool {
        guard !relative.isEmpty, !relative.hasPrefix("/"), relative.utf8.count < 1024 else { return false }
        for byte in relative.utf8 {
            switch byte {
            case 0..<0x20, 0x7F, UInt8(ascii: "\\"), UInt8(ascii: ":"), UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "\""),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"): return false
            default: continue
            }
        }
        return relative.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.utf8.count <= 255 && !part.hasPrefix(".") && !part.hasSuffix(".") && !part.hasSuffix(" ")
        }
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    /// Records a file of the build; writes it only if neither tree already holds these bytes there.
    /// Safe to call from several threads at once.
    public func write(_ relative: String, _ bytes: [UInt8]) throws {
        guard Self.isSafe(relative) else { throw Failure(path: relative, "E900.unsafePath") }
        if SecretKeyPattern.occurs(in: bytes, extra: forbidden) {
            throw Failure(path: relative, "E025.output")
        }
        let hash = Digest.sha256(bytes).hex
        let mustWrite: Bool = try stateLock.withLock {
            guard sizes[relative] == nil else {
                throw Failure(path: relative, "E605.samePath")
            }
            sizes[relative] = bytes.count
            hashes[relative] = hash
            if outputTree.trusted[relative] == hash || spareTree.trusted[relative] == hash { return false }
            writtenToSpare.insert(relative)
            return true
        }
        guard mustWrite else { return }
        try prepareSpare()
        try makeFolders(RelativePath.parent(relative))
        try placeFile(relative, bytes)
    }

    /// Records files of the build without their bytes, when a tree holds each of them as it was left with
    /// exactly this hash (what `write` would find for the same bytes). All or none: returns false, and
    /// records nothing, if any one is not there.
    public func reuse(_ files: [(path: String, sha256: String, size: Int)]) throws -> Bool {
        try stateLock.withLock {
            guard files.allSatisfy({ outputTree.trusted[$0.path] == $0.sha256 || spareTree.trusted[$0.path] == $0.sha256 }) else { return false }
            for file in files {
                guard Self.isSafe(file.path) else { throw Failure(path: file.path, "E900.unsafePath") }
                guard sizes[file.path] == nil else { throw Failure(path: file.path, "E605.samePath") }
                sizes[file.path] = file.size
                hashes[file.path] = file.sha256
            }
            return true
        }
    }

    /// `SHA256SUMS` of every file written so far (the format `sha256sum -c` reads); returns its bytes.
    @discardableResult
    public func writeManifest() throws -> [UInt8] {
        let sums = stateLock.withLock { hashes.sorted { $0.key < $1.key } }
        var text = ""
        text.reserveCapacity(sums.count * 100)
        for (path, hash) in sums { text += "\(hash)  \(path)\n" }
        let bytes = Array(text.utf8)
        try write(Self.manifestName, bytes)
        stateLock.withLock { manifestWritten = true }
        return bytes
    }

    /// Writes all of `bytes` to `fd`, as many calls as the system needs: nil when they are written, else the
    /// errno of the write that failed, or 0 when the system wrote nothing (a full disk may say so).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return n < 0 ? errno : 0 }
            offset += n
        }
        return nil
    }

    /// Puts `bytes` at `relative` in the spare: whatever is there (a file shared with the output, a folder,
    /// a link) is replaced by a new file renamed over it, so the output's bytes are never touched. A file
    /// the spare alone holds, that it does not trust, is replaced the same way.
    private func placeFile(_ relative: String, _ bytes: [UInt8]) throws {
        let path = spare + "/" + relative
        let isFolder = stateLock.withLock { spareFolders.contains(relative) }
        if isFolder {
            try Self.removeTree(path)
            _ = stateLock.withLock { spareFolders.remove(relative) }
        }
        let temporary = path + ".gongshi-new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, Self.fileMode)
        guard fd >= 0 else { throw Failure(path: relative, reason: String(cString: strerror(errno))) }
        if let code = Self.writeAll(bytes, to: fd) {
            close(fd)
            unlink(temporary)
            throw code == 0 ? Failure(path: relative, "E900.nothingWritten") : Failure(path: relative, reason: String(cString: strerror(code)))
        }
        fchmod(fd, Self.fileMode)
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: relative, reason: reason)
        }
    }

    static let fileMode: mode_t = OutputTree.fileMode

    /// Before the spare is first changed, mark it incomplete: a build killed from here on leaves a
    /// spare the next build will not trust. The owner mark goes in at the same time.
    private func prepareSpare() throws {
        try stateLock.withLock {
            guard !spareIsPrepared else { return }
            if mkdir(spare, 0o755) != 0 && errno != EEXIST { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
            chmod(spare, 0o755)
            // Each written beside and renamed into place: a kill mid-write never leaves a mark of the wrong size
            // (which the scan counts as a stray file, not a mark).
            for (name, bytes) in [(OutputTree.incompleteMarker, [UInt8]()), (OutputTree.ownerMark, OutputTree.ownerMarkText)] {
                let path = spare + "/" + name, temporary = path + ".gongshi-new"
                unlink(temporary)
                let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, Self.fileMode)
                guard fd >= 0 else { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
                let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                fchmod(fd, Self.fileMode)
                close(fd)
                guard written == bytes.count, rename(temporary, path) == 0 else { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
            }
            spareFolders = spareTree.folders
            spareIsPrepared = true
        }
    }

    private func makeFolders(_ folder: String) throws {
        if stateLock.withLock({ spareFolders.contains(folder) }) { return }
        try makeFolders(RelativePath.parent(folder))
        let path = spare + "/" + folder
        if mkdir(path, 0o755) != 0 {
            guard errno == EEXIST else { throw Failure(path: folder, reason: String(cString: strerror(errno))) }
            // Something else is in the way (a file, a link): the spare is gongshi's alone, so it goes.
            if OutputTree.kind(of: path) != .folder {
                try Self.removeTree(path)
                guard mkdir(path, 0o755) == 0 else { throw Failure(path: folder, reason: String(cString: strerror(errno))) }
            }
        }
        chmod(path, 0o755)
        _ = stateLock.withLock { spareFolders.insert(folder) }
    }

    /// Completes the spare (links what did not change, removes everything else), flushes it to disk once,
    /// swaps it with the output, and records the stamp. When the output already is this build, nothing
    /// is written but the stamp.
    @discardableResult
    public func commit(stamp: BuildStamp = BuildStamp()) throws -> Outcome {
        defer { if ownsLock { lock.release() } }
        if !stateLock.withLock({ manifestWritten }) { try writeManifest() }
        let built = stateLock.withLock { hashes }
        var stamp = stamp
        if outputExisted && outputTree.isAsBuilt && built == outputTree.trusted {
            stamp.trustedBefore = previousStamp?.trustedBefore
            if stamp != previousStamp { stamp.save(output: output) }
            return .unchanged
        }
        // From here the stamp would describe an output it did not make.
        BuildStamp.remove(output: output)
        try prepareSpare()
        var linked = 0
        for (path, hash) in built.sorted(by: { $0.key < $1.key }) where !writtenToSpare.contains(path) && spareTree.trusted[path] != hash {
            // Not written, so the output holds these bytes: share them.
            try makeFolders(RelativePath.parent(path))
            let target = spare + "/" + path
            if stateLock.withLock({ spareFolders.contains(path) }) {
                try Self.removeTree(target)
                _ = stateLock.withLock { spareFolders.remove(path) }
            }
            let temporary = target + ".gongshi-new"
            unlink(temporary)
            // The output's file was found as the last build left it; if it changed since (someone edits the
            // live output while this build runs), its bytes are no longer known: stop rather than share them.
            var status = stat()
            guard lstat(output + "/" + path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                  let mark = previousStamp?.trustedBefore, FileTime(status.st_ctim) < mark else {
                throw Failure(path: output + "/" + path, "E900.changedDuringBuild")
            }
            guard link(output + "/" + path, temporary) == 0, rename(temporary, target) == 0 else {
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            linked += 1
        }
        // Everything in the spare that is not this build goes: files of the build before, anything found
        // there that the mark does not vouch for, and folders no file of this build needs.
        var removed = 0
        for path in spareTree.trusted.keys.sorted() where built[path] == nil {
            if unlink(spare + "/" + path) == 0 { removed += 1 }
        }
        // Not the marks: prepareSpare has just written them anew, whatever the scan found there before (a mark
        // cut short by a killed build is stray to the scan; removing its replacement would leave the output
        // unmarked, and every later build refused with E901 once a kill also took the stamp).
        for path in spareTree.stray where built[path] == nil && path != OutputTree.ownerMark && path != OutputTree.incompleteMarker {
            try Self.removeTree(spare + "/" + path)
            removed += 1
        }
        var needed: Set<String> = [""]
        for path in built.keys { needed.formUnion(RelativePath.ancestors(path)) }
        let folders = stateLock.withLock { spareFolders }
        for folder in folders.subtracting(needed).sorted(by: { $0.count > $1.count }) where !folder.isEmpty {
            try Self.removeTree(spare + "/" + folder)
        }
        for folder in spareTree.wrongModeFolders where needed.contains(folder) {
            chmod(folder.isEmpty ? spare : spare + "/" + folder, 0o755)
        }
        if gongshi_sync_filesystem(spare) != 0 { throw Failure(path: spare, "E900.sync", ["reason": "\(String(cString: strerror(errno)))"]) }
        guard unlink(spare + "/" + OutputTree.incompleteMarker) == 0 else { throw Failure(path: spare, reason: String(cString: strerror(errno))) }
        let outcome = Outcome.replaced(written: writtenToSpare.count, linked: linked, removed: removed)
        try swap()
        // The old output is the spare now, and the new mark would vouch for every file in it: what this build
        // did not trust there goes first. Without a trusted manifest, none of it was known: the next build
        // starts the spare again.
        if outputExisted {
            if outputTree.trusted[Self.manifestName] == nil {
                let fd = open(spare + "/" + OutputTree.incompleteMarker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, Self.fileMode)
                if fd >= 0 { close(fd) }
            } else {
                for path in outputTree.stray { try? Self.removeTree(spare + "/" + path) }
            }
        }
        stamp.trustedBefore = OutputTree.mark(beside: parent)
        stamp.save(output: output)
        return outcome
    }

    /// The spare becomes the output in one step; the output, the spare.
    private func swap() throws {
        guard outputExisted else {
            guard rename(spare, output) == 0 else { throw Failure(path: output, reason: String(cString: strerror(errno))) }
            return
        }
        if gongshi_exchange_paths(spare, output) == 0 { return }
        // File systems without RENAME_EXCHANGE: two renames, the old output kept until the new one is in place.
        let old = "\(parent)/.\(name).old-\(getpid())"
        guard rename(output, old) == 0 else { throw Failure(path: output, reason: String(cString: strerror(errno))) }
        guard rename(spare, output) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old, output)
            throw Failure(path: output, reason: reason)
        }
        _ = rename(old, spare)
    }
}
