import Registry
import Evaluation
import Foundation

/// `gongshi verify-bundle`: the manifest's signature, then every file against the manifest. Each problem
/// names the file it is about.
public enum BundleVerifier {
    public struct Report {
        public var problems: [String]
        public var manifest: [String: Any]?
        public var trustedComment: String?
        public var files: Int
    }

    /// Any bytes in, a report out, in time bounded by their size: the archive is read by `StrictZip`, and a
    /// damaged one is named as such, never trusted and never a hang.
    public static func verify(zip bytes: [UInt8], publicKey: MinisignKey) -> Report {
        var problems: [String] = []
        var contents: [String: [UInt8]] = [:]
        switch StrictZip.read(bytes) {
        case .success(let entries):
            for entry in entries { contents[entry.name] = entry.bytes }
        case .failure(let failure):
            let what = failure.entry == "zip" ? "the file" : failure.entry
            return Report(problems: ["\(what): \(failure.reason); the bundle was altered or corrupted"], manifest: nil, trustedComment: nil, files: 0)
        }
        guard let manifestBytes = contents["manifest.json"] else {
            return Report(problems: problems + ["manifest.json: missing"], manifest: nil, trustedComment: nil, files: contents.count)
        }
        var comment: String?
        if let signature = contents["manifest.json.minisig"] {
            switch publicKey.verify(manifestBytes, signatureFile: String(decoding: signature, as: UTF8.self)) {
            case .success(let c): comment = c
            case .failure(let f): problems.append("manifest.json: \(f.reason)")
            }
        } else {
            problems.append("manifest.json.minisig: missing; the bundle is not signed")
        }
        guard let manifest = try? JSONSerialization.jsonObject(with: Data(manifestBytes)) as? [String: Any],
              let files = manifest["files"] as? [[String: Any]] else {
            return Report(problems: problems + ["manifest.json: not a gongshi manifest"], manifest: nil, trustedComment: comment, files: contents.count)
        }
        var listed: Set<String> = ["manifest.json", "manifest.json.minisig"]
        for file in files {
            guard let path = file["path"] as? String, let expected = file["sha256"] as? String else {
                problems.append("manifest.json: an entry without path or sha256")
                continue
            }
            guard listed.insert(path).inserted else {
                problems.append("manifest.json: lists \(path) twice")
                continue
            }
            guard let data = contents[path] else {
                if !problems.contains(where: { $0.hasPrefix(path + ":") }) { problems.append("\(path): listed in the manifest but missing from the zip") }
                continue
            }
            let actual = Digest.sha256(data).hex
            if actual != expected { problems.append("\(path): SHA-256 is \(actual), the manifest says \(expected): the file was altered") }
            if let size = file["bytes"] as? Int, size != data.count { problems.append("\(path): \(data.count) bytes, the manifest says \(size)") }
        }
        for path in contents.keys.sorted() where !listed.contains(path) {
            problems.append("\(path): in the zip but not in the manifest")
        }
        return Report(problems: problems, manifest: manifest, trustedComment: comment, files: contents.count)
    }
}
