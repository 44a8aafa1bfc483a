import Evaluation
import Foundation
import Registry
import Rendering

/// Art. 14: a signed zip for one recipient — data files in its field naming, `manifest.json` (recipient,
/// sequence, period, as-of date, counts, SHA-256 of each file), `manifest.json.minisig` and a README.
/// Full, or a delta since the last bundle sent to that recipient. Same inputs, same bytes.
public struct SharingBundle: Sendable {
    public var recipient: Recipient
    public var sequence: Int
    public var kind: String
    public var asOf: CivilDate
    public var previousAsOf: CivilDate?
    public var fileName: String
    public var zip: [UInt8]
    public var counts: [(file: String, records: Int, added: Int, changed: Int, withdrawn: Int)]
    /// Everything the bundle carries, for the registry's bundle log.
    public var log: BundleLogEntry

    static let operations = (added: "新增", changed: "变更", withdrawn: "撤回")

    public static func make(for recipient: Recipient, publication p: Publication, site: SiteInfo,
                            previous: BundleLogEntry?, full forceFull: Bool, key: MinisignKey) throws -> SharingBundle {
        let sequence = (previous?.sequence ?? 0) + 1
        let isDelta = previous != nil && !forceFull
        let kind = isDelta ? "delta" : "full"
        var files: [(path: String, bytes: [UInt8])] = []
        var counts: [(String, Int, Int, Int, Int)] = []
        var state: [String: [String: BundleLogEntry.Record]] = [:]
        var manifestFiles: [JSONValue] = []

        for table in recipient.tables(p, site: site) {
            var current: [String: (record: BundleLogEntry.Record, fields: [String])] = [:]
            for row in table.rows {
                let json = JSONValue.array(row.fields.map { .string($0) }).compactText()
                current[row.key] = (BundleLogEntry.Record(digest: Digest.sha256(Array(json.utf8)).hex, rowJSON: json), row.fields)
            }
            state[table.file] = current.mapValues(\.record)
            var writer: CSVWriter
            var added = 0, changed = 0, withdrawn = 0
            if isDelta {
                let before = previous!.records[table.file] ?? [:]
                writer = CSVWriter(header: table.headers + ["数据操作"])
                for key in current.keys.sorted() {
                    guard let old = before[key] else { writer.append(current[key]!.fields + [operations.added]); added += 1; continue }
                    if old.digest != current[key]!.record.digest { writer.append(current[key]!.fields + [operations.changed]); changed += 1 }
                }
                // Withdrawn: shared before, no longer published (credit repair, a corrected or revoked grade, a lifting).
                for key in before.keys.sorted() where current[key] == nil {
                    writer.append(fields(ofJSON: before[key]!.rowJSON) + [operations.withdrawn])
                    withdrawn += 1
                }
            } else {
                writer = CSVWriter(header: table.headers)
                for key in current.keys.sorted() { writer.append(current[key]!.fields) }
                added = current.count
            }
            let bytes = Array(writer.text.utf8)
            files.append(("data/" + table.file, bytes))
            let records = isDelta ? added + changed + withdrawn : current.count
            counts.append((table.file, records, added, changed, withdrawn))
            manifestFiles.append(.object([
                ("path", .string("data/" + table.file)), ("title", .string(table.title)),
                ("sha256", .string(Digest.sha256(bytes).hex)), ("bytes", .integer(bytes.count)), ("records", .integer(records)),
                ("added", .integer(added)), ("changed", .integer(changed)), ("withdrawn", .integer(withdrawn)),
            ]))
        }

        let readme = Array(readmeText(recipient: recipient, sequence: sequence, kind: kind, asOf: p.asOf, previous: previous?.asOf,
                                      site: site, key: key).utf8)
        files.append(("README.txt", readme))
        manifestFiles.append(.object([("path", .string("README.txt")), ("title", .string("说明")),
                                      ("sha256", .string(Digest.sha256(readme).hex)), ("bytes", .integer(readme.count))]))
        let manifest = JSONValue.object([
            ("format", .string("gongshi-bundle/1")),
            ("recipient", .string(recipient.rawValue)),
            ("recipient_name", .string(recipient.chineseName)),
            ("publisher", .string(site.publisher)),
            ("publisher_code", site.publisherCode.isEmpty ? .null : .string(site.publisherCode)),
            ("sequence", .integer(sequence)),
            ("kind", .string(kind)),
            ("period", .object([("from", previous.map { .string($0.asOf.iso) } ?? .null), ("to", .string(p.asOf.iso))])),
            ("as_of", .string(p.asOf.iso)),
            ("signing_key", .string(key.idText)),
            ("files", .array(manifestFiles)),
        ])
        let manifestBytes = Array((manifest.text() + "\n").utf8)
        files.append(("manifest.json", manifestBytes))
        let comment = "gongshi bundle \(recipient.rawValue) #\(sequence) \(kind) as of \(p.asOf.iso) file:manifest.json"
        files.append(("manifest.json.minisig", Array(try key.sign(manifestBytes, trustedComment: comment).utf8)))

        // Nothing that holds a secret key leaves gongshi, in a bundle any more than on the site.
        for file in files where SecretKeyPattern.occurs(in: file.bytes, extra: key.secretMaterial) {
            throw OutputWriter.Failure(path: file.path, "E025.bundle")
        }
        let fileName = "gongshi-\(recipient.rawValue)-\(String(format: "%04d", sequence))-\(p.asOf.iso).zip"
        let zip = try zipArchive(files, date: p.asOf)
        return SharingBundle(recipient: recipient, sequence: sequence, kind: kind, asOf: p.asOf, previousAsOf: previous?.asOf,
                             fileName: fileName, zip: zip, counts: counts,
                             log: BundleLogEntry(recipient: recipient.rawValue, sequence: sequence, kind: kind, asOf: p.asOf,
                                                 fileName: fileName, sha256: Digest.sha256(zip).hex, records: state))
    }

    static func fields(ofJSON text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
    }

    static func zipArchive(_ files: [(path: String, bytes: [UInt8])], date: CivilDate, sorted: Bool = true) throws -> [UInt8] {
        try DeterministicZip.archive(files, date: date, sorted: sorted)
    }

    static func readmeText(recipient: Recipient, sequence: Int, kind: String, asOf: CivilDate, previous: CivilDate?,
                           site: SiteInfo, key: MinisignKey) -> String {
        """
        宁波市生态环境监测社会化服务机构信用评价信息共享数据包
        ==================================================

        接收单位：\(recipient.chineseName)（\(recipient.rawValue)）
        提供单位：\(site.publisher)
        依据：《宁波市生态环境监测社会化服务机构监督管理办法》第十四条
        内容：\(recipient.scope)
        序号：\(sequence)
        类型：\(kind == "full" ? "全量（截至数据日期的全部记录）" : "增量（自上一包 \(previous?.iso ?? "") 以来新增、变更和撤回的记录，见各表最后一列“数据操作”）")
        数据日期：\(asOf.iso)

        文件：data/ 下为 UTF-8 编码的 CSV（RFC 4180），第一列为统一社会信用代码；manifest.json 列出每个文件的
        SHA-256 和记录数；manifest.json.minisig 为 manifest.json 的 Ed25519 签名（minisign 格式）。

        核验（公钥以\(site.publisher)网站公布的 minisign.pub 为准）：
          minisign -Vm manifest.json -P \(key.publicKeyLine)
          然后核对 manifest.json 中每个文件的 SHA-256（或使用 gongshi verify-bundle）。

        “撤回”的记录不再有效：包括经信用修复的不良记录、经异议复核更正或因严重失信撤销的评价结果、解除的严重失信认定。

        """
    }
}
