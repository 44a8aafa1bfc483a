import Cryptography
import Evaluation
import Foundation
import Model
import Rendering

/// Art. 14: a signed zip for one recipient — data files in its field set's columns (CSV, and xlsx where it
/// loads workbooks), `manifest.json` (recipient, sequence, period, as-of date, counts, SHA-256 of each file),
/// `manifest.json.minisig` and a README. Full, or a delta since the last bundle sent to that recipient.
/// Same inputs, same bytes.
public struct SharingBundle: Sendable {
    public var recipient: Recipient
    public var sequence: Int
    public var kind: String
    public var asOf: CivilDate
    public var previousAsOf: CivilDate?
    public var fileName: String
    public var zip: [UInt8]
    public var counts: [BundlePlan.Count]
    /// Everything the bundle carries, for the registry's bundle log.
    public var log: BundleLogEntry

    public static func make(_ plan: BundlePlan, site: SiteInfo, key: MinisignKey) throws -> SharingBundle {
        var files: [(path: String, bytes: [UInt8])] = []
        var manifestFiles: [JSONValue] = []
        func add(_ path: String, _ title: String, _ bytes: [UInt8], _ count: BundlePlan.Count?) {
            files.append((path, bytes))
            var fields: [(String, JSONValue)] = [("path", .string(path)), ("title", .string(title)),
                                                 ("sha256", .string(Digest.sha256(bytes).hex)), ("bytes", .integer(bytes.count))]
            if let count {
                fields += [("records", .integer(count.records)), ("added", .integer(count.added)), ("changed", .integer(count.changed)),
                           ("withdrawn", .integer(count.withdrawn))]
            }
            manifestFiles.append(.object(fields))
        }
        let recipient = plan.recipient
        for (table, count) in Swift.zip(plan.tables, plan.counts) {
            if recipient.formats.contains(.csv) {
                var writer = CSVWriter(header: table.headers)
                for row in table.rows { writer.append(row) }
                add("data/\(table.dataset.file).csv", table.title, Array(writer.text.utf8), count)
            }
            if recipient.formats.contains(.xlsx) {
                var sheet = WorkbookWriter.SheetWriter(header: table.headers, kinds: table.headers.map { _ in WorkbookWriter.Kind.text })
                for row in table.rows { sheet.append(row.map { Dataset.Value.text($0) }) }
                let notes = [["数据集", table.title, "", ""], ["字段集", recipient.fieldSet.title, "", ""],
                             ["提供单位", site.publisher, "", ""], ["数据日期", plan.asOf.iso, "", ""]]
                let book = WorkbookWriter(title: table.title, creator: site.publisher, date: plan.asOf, dataSheets: sheet.finish(), notes: notes)
                add("data/\(table.dataset.file).xlsx", table.title, try DeterministicZip.archive(book.parts(), date: plan.asOf), count)
            }
        }
        let readme = Array(readmeText(plan, site: site, key: key).utf8)
        add("README.txt", "说明", readme, nil)
        let manifest = JSONValue.object([
            ("format", .string("gongshi-bundle/2")),
            ("recipient", .string(recipient.id)),
            ("recipient_name", .string(recipient.name)),
            ("field_set", .string(recipient.fieldSet.name)),
            ("publisher", .string(site.publisher)),
            ("publisher_code", site.publisherCode.isEmpty ? .null : .string(site.publisherCode)),
            ("sequence", .integer(plan.sequence)),
            ("kind", .string(plan.kind)),
            ("period", .object([("from", plan.previous.map { .string($0.asOf.iso) } ?? .null), ("to", .string(plan.asOf.iso))])),
            ("as_of", .string(plan.asOf.iso)),
            ("signing_key", .string(key.idText)),
            ("files", .array(manifestFiles)),
        ])
        let manifestBytes = Array((manifest.text() + "\n").utf8)
        files.append(("manifest.json", manifestBytes))
        let comment = "gongshi bundle \(recipient.id) #\(plan.sequence) \(plan.kind) as of \(plan.asOf.iso) file:manifest.json"
        files.append(("manifest.json.minisig", Array(try key.sign(manifestBytes, trustedComment: comment).utf8)))

        // Nothing that holds a secret key leaves gongshi, in a bundle any more than on the site.
        for file in files where SecretKeyPattern.occurs(in: file.bytes, extra: key.secretMaterial) {
            throw OutputWriter.Failure(path: file.path, "E025.bundle")
        }
        let fileName = "gongshi-\(recipient.id)-\(String(format: "%04d", plan.sequence))-\(plan.asOf.iso).zip"
        let zip = try zipArchive(files, date: plan.asOf)
        return SharingBundle(recipient: recipient, sequence: plan.sequence, kind: plan.kind, asOf: plan.asOf, previousAsOf: plan.previous?.asOf,
                             fileName: fileName, zip: zip, counts: plan.counts,
                             log: BundleLogEntry(recipient: recipient.id, sequence: plan.sequence, kind: plan.kind, asOf: plan.asOf,
                                                 fileName: fileName, sha256: Digest.sha256(zip).hex, records: plan.state))
    }

    static func fields(ofJSON text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
    }

    static func zipArchive(_ files: [(path: String, bytes: [UInt8])], date: CivilDate, sorted: Bool = true) throws -> [UInt8] {
        try DeterministicZip.archive(files, date: date, sorted: sorted)
    }

    static func readmeText(_ plan: BundlePlan, site: SiteInfo, key: MinisignKey) -> String {
        let recipient = plan.recipient
        let kind = plan.kind == "full" ? "全量（截至数据日期的全部记录）"
            : "增量（自上一包 \(plan.previous?.asOf.iso ?? "") 以来新增、变更和撤回的记录，见各表最后一列“数据操作”）"
        let formats = recipient.formats.map { $0 == .csv ? "UTF-8 编码的 CSV（RFC 4180）" : "Excel 工作簿（.xlsx，代码为文本单元格）" }.joined(separator: "和")
        return """
        宁波市生态环境监测社会化服务机构信用评价信息共享数据包
        ==================================================

        接收单位：\(recipient.name)（\(recipient.id)）
        提供单位：\(site.publisher)
        依据：《宁波市生态环境监测社会化服务机构监督管理办法》第十四条
        内容：\(recipient.scope)
        字段集：\(recipient.fieldSet.title)
        序号：\(plan.sequence)
        类型：\(kind)
        数据日期：\(plan.asOf.iso)

        文件：data/ 下为\(formats)，每个数据集一个文件，列名和顺序按上述字段集；manifest.json 列出每个文件的
        SHA-256 和记录数；manifest.json.minisig 为 manifest.json 的 Ed25519 签名（minisign 格式）。

        核验（公钥以\(site.publisher)网站公布的 minisign.pub 为准）：
          minisign -Vm manifest.json -P \(key.publicKeyLine)
          然后核对 manifest.json 中每个文件的 SHA-256（或使用 gongshi verify-bundle）。

        当前状态：“有效”为现行记录；增量包中“撤回”的记录为“无效”，包括经信用修复的不良记录、经异议复核更正
        或因严重失信撤销的评价结果、解除的严重失信认定。评价结果的有效期至下一年度评价结果公布之日的前一日；
        下一年度结果公布前以 \(BundleDataset.openEnd) 表示，公布后以“变更”报送。必填字段登记册中没有的，该行“备注”
        写明“未提供”。

        """
    }
}
