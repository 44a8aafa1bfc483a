import Cryptography
import Foundation
import Messages
import Model

/// Copies a built output to a `PublishTarget` so that the target is, at every moment, either the release it
/// served before or the new one in full:
///
/// 1. `releases/NAME.partial/` is filled by rsync (`--link-dest` the release being served: only changed files
///    move; the others are hard links), compared by content, not by time;
/// 2. its `SHA256SUMS` is checked there (`sha256sum -c`), every file;
/// 3. it is renamed `releases/NAME/`, and `current` is replaced by a link to it in one rename (`mv -T`);
/// 4. then, last, older releases are deleted (the one served before stays, for a rollback).
///
/// A failure or a kill before 3 leaves `current` as it was (the partial folder is removed by the next publish);
/// 3 is one rename. NAME is the first 16 hex digits of the SHA-256 of the build's `SHA256SUMS`: the same content
/// is the same release, and publishing it again changes nothing.
public struct Publisher: Sendable {
    public let target: PublishTarget
    /// rsync, sha256sum and ssh as found on `PATH`; `GONGSHI_RSYNC` names another rsync (the tests' interrupted one).
    let rsync: String

    public init(target: PublishTarget, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.target = target
        rsync = environment["GONGSHI_RSYNC"].flatMap { $0.isEmpty ? nil : $0 } ?? "rsync"
    }

    public enum Outcome: Sendable, Equatable {
        /// `current` now links to `release`; `previous` is what it linked to before (nil for a first publication).
        case published(release: String, previous: String?)
        /// `current` already was this content.
        case unchanged(release: String)
    }

    public struct Failure: Error, Sendable {
        /// What the target serves after the failure: the release it served before (nil: nothing yet).
        public var serving: String?
        public var diagnostic: Diagnostic
    }

    public func publish(output: String) throws(Failure) -> Outcome {
        guard let manifest = FileManager.default.contents(atPath: output + "/SHA256SUMS") else {
            throw Failure(serving: nil, diagnostic: Diagnostic(at: SourceLocation(file: output), "E806.noBuild"))
        }
        let release = String(Digest.sha256([UInt8](manifest)).hex.prefix(16))
        let root = target.path
        // 1. What is served now; partial folders an interrupted publish left.
        let current = try run(remote: "mkdir -p \(q(root))/releases && rm -rf \(q(root))/releases/*.partial && "
                              + "{ readlink \(q(root))/current || true; }", serving: nil, failure: "E806.prepare")
        let previous = current.hasPrefix("releases/") ? String(current.dropFirst("releases/".count)) : nil
        if previous == release { return .unchanged(release: release) }
        // 2. The new release beside the one served, unchanged files as hard links to it.
        var arguments = ["-rlc", "--delete", "--chmod=D755,F644"]
        if let previous { arguments.append("--link-dest=../\(previous)") }
        if case .remote = target.place { arguments += ["-e", sshCommand.joined(separator: " ")] }
        arguments += [output + "/", destination(root + "/releases/\(release).partial/")]
        try execute([rsync] + arguments, serving: previous, failure: "E806.transfer")
        // 3. Every file checked where it landed, then one rename makes it the site.
        _ = try run(remote: "cd \(q(root))/releases/\(release).partial && sha256sum -c --quiet --strict SHA256SUMS",
                    serving: previous, failure: "E806.verify")
        _ = try run(remote: "cd \(q(root)) && rm -rf releases/\(release) && mv releases/\(release).partial releases/\(release) && "
                    + "ln -sfn releases/\(release) current.new && mv -T current.new current",
                    serving: previous, failure: "E806.switch")
        // 4. Deletions last: every release but this one and the one before.
        let keep = [release] + (previous.map { [$0] } ?? [])
        _ = try? run(remote: "cd \(q(root))/releases && for r in *; do case \"$r\" in \(keep.joined(separator: "|"))) ;; *) rm -rf \"$r\" ;; esac; done",
                     serving: release, failure: "E806.prepare")
        return .published(release: release, previous: previous)
    }

    /// What `current` links to now (nil when nothing is published or the target cannot be read).
    public func serving() -> String? {
        guard let link = try? run(remote: "readlink \(q(target.path))/current || true", serving: nil, failure: "E806.prepare"),
              link.hasPrefix("releases/") else { return nil }
        return String(link.dropFirst("releases/".count))
    }

    var sshCommand: [String] {
        guard case let .remote(_, _, port, _) = target.place else { return [] }
        var command = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-p", "\(port)"]
        if let identity = target.identity { command += ["-i", identity, "-o", "IdentitiesOnly=yes"] }
        if let known = target.knownHosts { command += ["-o", "UserKnownHostsFile=\(known)"] }
        return command
    }

    func destination(_ path: String) -> String {
        guard case let .remote(host, user, _, _) = target.place else { return path }
        return (user.map { $0 + "@" } ?? "") + host + ":" + path
    }

    /// A shell command on the target (over ssh, or here), its standard output trimmed.
    func run(remote script: String, serving: String?, failure key: String) throws(Failure) -> String {
        switch target.place {
        case .folder: return try execute(["/bin/sh", "-c", script], serving: serving, failure: key)
        case let .remote(host, user, _, _):
            return try execute(sshCommand + [(user.map { $0 + "@" } ?? "") + host, script], serving: serving, failure: key)
        }
    }

    @discardableResult
    func execute(_ command: [String], serving: String?, failure key: String) throws(Failure) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let said = Collected(), complained = Collected()
        let readers = DispatchGroup()
        do { try process.run() } catch {
            throw Failure(serving: serving, diagnostic: Diagnostic(at: SourceLocation(file: target.display), key,
                ["reason": "\(command[0]): \(error.localizedDescription)", "serving": servingPhrase(serving)]))
        }
        for (pipe, text) in [(out, said), (err, complained)] {
            DispatchQueue.global().async(group: readers) { text.bytes = pipe.fileHandleForReading.readDataToEndOfFile() }
        }
        process.waitUntilExit()
        readers.wait()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let reason = String(decoding: complained.bytes.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let why = process.terminationReason == .uncaughtSignal ? "\(command[0]): signal \(process.terminationStatus)"
                : reason.isEmpty ? "\(command[0]): exit \(process.terminationStatus)" : reason
            throw Failure(serving: serving, diagnostic: Diagnostic(at: SourceLocation(file: target.display), key,
                ["reason": "\(why)", "serving": servingPhrase(serving)]))
        }
        return String(decoding: said.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func servingPhrase(_ release: String?) -> MessageArgument {
        release.map { .phrase("E806.serving", ["release": "\($0)"]) } ?? .phrase("E806.servingNothing")
    }

    /// A word for the shell: in single quotes, each quote closed, escaped and reopened.
    func q(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    final class Collected: @unchecked Sendable { var bytes = Data() }
}
