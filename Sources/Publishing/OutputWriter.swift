import Registry
import Evaluation
import CSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a build into a staging folder beside the output and switches it into place in one step
/// (Linux `renameat2(RENAME_EXCHANGE)`), so a build that fails or is killed leaves the last good
/// output as it was. Files are written with POSIX calls: Foundation's writers fsync every file.
public final class OutputWriter {
    public let output: String
    public let staging: String
    let parent: String
    let name: String
    private var createdDirectories: Set<String> = [""]
    /// Relative path → size of every file written so far.
    public private(set) var files: [String: Int] = [:]
    /// Relative path → SHA-256 (hex) of every file written so far, for SHA256SUMS and the catalogue.
    public private(set) var checksums: [String: String] = [:]

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public init(output: String) throws {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        self.output = url.path
        parent = url.deletingLastPathComponent().path
        name = url.lastPathComponent
        staging = "\(parent)/.\(name).staging-\(getpid())"
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw Failure(path: parent, reason: "cannot create the folder (\(Self.reason(of: error)))")
        }
        Self.removeLeftovers(parent: parent, name: name)
        guard mkdir(staging, 0o755) == 0 else { throw Failure(path: staging, reason: String(cString: strerror(errno))) }
    }

    static func reason(of error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }

    /// Staging and old folders left by a build that was killed.
    static func removeLeftovers(parent: String, name: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries where entry.hasPrefix(".\(name).staging-") || entry.hasPrefix(".\(name).old-") {
            try? FileManager.default.removeItem(atPath: "\(parent)/\(entry)")
        }
    }

    /// A relative path may not leave the output folder: no `..`, no absolute path, no NUL, no empty part.
    static func isSafe(_ relative: String) -> Bool {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0"), relative.utf8.count < 1024 else { return false }
        return relative.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != ".." && $0 != "." && !$0.isEmpty && $0.utf8.count <= 255 }
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    public func write(_ relative: String, _ bytes: [UInt8]) throws {
        guard Self.isSafe(relative) else { throw Failure(path: relative, reason: "refusing to write outside the output folder") }
        guard files[relative] == nil else { throw Failure(path: relative, reason: "two pages were built for the same path") }
        let directory = (relative as NSString).deletingLastPathComponent
        try makeDirectories(directory)
        let path = staging + "/" + relative
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: relative, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(path: relative, reason: n < 0 ? String(cString: strerror(errno)) : "nothing written") }
            offset += n
        }
        files[relative] = bytes.count
        checksums[relative] = Sodium.sha256(bytes).hex
    }

    public func copy(from source: String, to relative: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else { throw Failure(path: source, reason: "cannot read") }
        try write(relative, [UInt8](data))
    }

    func makeDirectories(_ directory: String) throws {
        guard !createdDirectories.contains(directory) else { return }
        try makeDirectories((directory as NSString).deletingLastPathComponent)
        if mkdir(staging + "/" + directory, 0o755) != 0 && errno != EEXIST {
            throw Failure(path: directory, reason: String(cString: strerror(errno)))
        }
        createdDirectories.insert(directory)
    }

    /// Flushes the staging folder to disk once, then puts it in place of the output in one step.
    public func commit() throws {
        if gongshi_sync_filesystem(staging) != 0 { throw Failure(path: staging, reason: "sync: \(String(cString: strerror(errno)))") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(path: output, reason: "exists and is not a folder") }
            if gongshi_exchange_paths(staging, output) == 0 {
                try? FileManager.default.removeItem(atPath: staging)  // now holds the previous output
                return
            }
            // File systems without RENAME_EXCHANGE: two renames, with the old output kept until the new one is in place.
            let old = "\(parent)/.\(name).old-\(getpid())"
            guard rename(output, old) == 0 else { throw Failure(path: output, reason: String(cString: strerror(errno))) }
            guard rename(staging, output) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(old, output)
                throw Failure(path: output, reason: reason)
            }
            try? FileManager.default.removeItem(atPath: old)
        } else {
            guard rename(staging, output) == 0 else { throw Failure(path: output, reason: String(cString: strerror(errno))) }
        }
    }

    /// Removes the staging folder after a failed build; the output is untouched.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
