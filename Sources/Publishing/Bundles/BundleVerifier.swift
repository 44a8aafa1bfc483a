import Registry
import Evaluation
import Foundation

/// `gongshi verify-bundle`: the manifest's signature, then every file against the manifest. Each problem
/// names the file it is about.
public enum BundleVerifier {
    /// One thing wrong with the bundle: the entry it is in (`zip` for the archive itself) and what.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var entry: String
        public var text: Message
        public var description: String { "\(entry): \(text.text(.en))" }
        init(_ entry: String, _ key: String, _ arguments: [String: MessageArgument] = [:]) {
            self.entry = entry
            self.text = Message(key, arguments)
        }
    }

    public struct Report {
        public var problems: [Problem]
        public var manifest: [String: Any]?
        public var trustedComment: String?
        public var files: Int
    }

    /// Any bytes in, a report out, in time bounded by their size: the archive is read by `StrictZip`, and a
    /// damaged one is named as such, never trusted and never a hang.
    public static func verify(zip bytes: [UInt8], publicKey: MinisignKey) -> Report {
        var problems: [Problem] = []
        var contents: [String: [UInt8]] = [:]
        switch StrictZip.read(bytes) {
        case .success(let entries):
            for entry in entries { contents[entry.name] = entry.bytes }
        case .failure(let failure):
            return Report(problems: [Problem(failure.entry, "E702.damaged", ["reason": .message(failure.reason)])], manifest: nil, trustedComment: nil, files: 0)
        }
        guard let manifestBytes = contents["manifest.json"] else {
            return Report(problems: problems + [Problem("manifest.json", "E702.missing")], manifest: nil, trustedComment: nil, files: contents.count)
        }
        var comment: String?
        if let signature = contents["manifest.json.minisig"] {
            switch publicKey.verify(manifestBytes, signatureFile: String(decoding: signature, as: UTF8.self)) {
            case .success(let c): comment = c
            case .failure(let f): problems.append(Problem("manifest.json", "E702.signature", ["reason": .message(f.reason)]))
            }
        } else {
            problems.append(Problem("manifest.json.minisig", "E702.unsigned"))
        }
        guard let manifest = try? JSONSerialization.jsonObject(with: Data(manifestBytes)) as? [String: Any],
              let files = manifest["files"] as? [[String: Any]] else {
            return Report(problems: problems + [Problem("manifest.json", "E702.notAManifest")], manifest: nil, trustedComment: comment, files: contents.count)
        }
        var listed: Set<String> = ["manifest.json", "manifest.json.minisig"]
        for file in files {
            guard let path = file["path"] as? String, let expected = file["sha256"] as? String else {
                problems.append(Problem("manifest.json", "E702.entryWithoutPath"))
                continue
            }
            guard listed.insert(path).inserted else {
                problems.append(Problem("manifest.json", "E702.listedTwice", ["path": "\(path)"]))
                continue
            }
            guard let data = contents[path] else {
                if !problems.contains(where: { $0.entry == path }) { problems.append(Problem(path, "E702.missingFromZip")) }
                continue
            }
            let actual = Digest.sha256(data).hex
            if actual != expected { problems.append(Problem(path, "E702.altered", ["actual": "\(actual)", "expected": "\(expected)"])) }
            if let size = file["bytes"] as? Int, size != data.count { problems.append(Problem(path, "E702.size", ["actual": "\(data.count)", "expected": "\(size)"])) }
        }
        for path in contents.keys.sorted() where !listed.contains(path) {
            problems.append(Problem(path, "E702.notInManifest"))
        }
        return Report(problems: problems, manifest: manifest, trustedComment: comment, files: contents.count)
    }
}
