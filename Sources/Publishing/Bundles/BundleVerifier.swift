import Cryptography
import Evaluation
import Foundation
import Import
import Messages
import Model

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
        /// Set when the zip is not as gongshi wrote it but another tool re-packed it: why the strict reading
        /// refused it. The content is then judged by the manifest alone; no problem means it is intact.
        public var repacked: Message?
    }

    /// Any bytes in, a report out, in time bounded by their size. The archive is read by `StrictZip`; one it
    /// refuses is read again as a re-packed zip (`RepackedZip`), whose files the signed manifest still vouches
    /// for, each by name. Only a zip neither can read is named damaged: never trusted and never a hang.
    public static func verify(zip bytes: [UInt8], publicKey: MinisignKey) -> Report {
        switch StrictZip.read(bytes) {
        case .success(let entries):
            return verify(contents: Dictionary(entries.map { ($0.name, $0.bytes) }, uniquingKeysWith: { a, _ in a }), publicKey: publicKey)
        case .failure(let strict):
            switch RepackedZip.read(bytes) {
            case .success(let entries):
                var report = verify(contents: Dictionary(entries.map { ($0.name, $0.bytes) }, uniquingKeysWith: { a, _ in a }), publicKey: publicKey)
                report.repacked = strict.entry == "zip" ? strict.reason : Message("verifyBundle.repackedEntry", ["entry": "\(strict.entry)", "reason": .message(strict.reason)])
                return report
            case .failure:
                // Neither reading accepts it: what gongshi's own layout found wrong says most.
                return Report(problems: [Problem(strict.entry, "E702.damaged", ["reason": .message(strict.reason)])], manifest: nil, trustedComment: nil, files: 0)
            }
        }
    }

    /// An unzipped bundle: the files of `folder` (regular files only; a link, a device or a folder that
    /// cannot be read is a problem named by its path), bounded as a zip's entries are.
    public static func verify(folder: String, publicKey: MinisignKey) -> Report {
        var contents: [String: [UInt8]] = [:]
        var problems: [Problem] = []
        var total = 0
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder) else {
            return Report(problems: [Problem(".", "E702.unreadable")], manifest: nil, trustedComment: nil, files: 0)
        }
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            let type = (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if type == .typeDirectory { continue }
            guard type == .typeRegular else { problems.append(Problem(relative, "E702.notAFile")); continue }
            guard contents.count < StrictZip.maximumEntries, case .success(let bytes) = SiteFolder.readNamedFile(path, limit: StrictZip.maximumEntryBytes),
                  total + bytes.count <= StrictZip.maximumTotalBytes else {
                problems.append(Problem(relative, "E702.unreadable"))
                continue
            }
            total += bytes.count
            contents[relative] = bytes
        }
        var report = verify(contents: contents, publicKey: publicKey)
        report.problems = problems + report.problems
        return report
    }

    /// A file named as gongshi names a bundle (`gongshi-RECIPIENT-NNNN-DATE.zip`) whose signed manifest says another
    /// recipient, number or date: one recipient's data renamed as another's. A name of another form is the
    /// receiver's own and says nothing.
    public static func nameProblem(file: String, manifest: [String: Any]?) -> Problem? {
        let name = (file as NSString).lastPathComponent
        guard let manifest, let m = name.wholeMatch(of: /gongshi-(.+)-([0-9]{4,})-([0-9]{4}-[0-9]{2}-[0-9]{2})\.zip/) else { return nil }
        let recipient = manifest["recipient"] as? String ?? "", sequence = manifest["sequence"] as? Int ?? -1, asOf = manifest["as_of"] as? String ?? ""
        guard String(m.output.1) != recipient || Int(m.output.2) != sequence || String(m.output.3) != asOf else { return nil }
        return Problem("manifest.json", "E702.misnamed", ["name": "\(name)", "recipient": "\(recipient)", "sequence": "\(sequence)", "asOf": "\(asOf)"])
    }

    /// The manifest's signature, then every file against the manifest: each altered, added or missing file by name.
    static func verify(contents: [String: [UInt8]], publicKey: MinisignKey) -> Report {
        var problems: [Problem] = []
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
