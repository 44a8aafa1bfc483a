import Cryptography
import Evaluation
import Model
import Rendering

/// What a bundle to a recipient would carry, worked out before anything is signed, written or numbered:
/// `bundle --dry-run` shows it, an empty delta stops at it, and `SharingBundle.make` packs it.
public struct BundlePlan: Sendable {
    public struct Count: Sendable, Equatable {
        public var file: String
        public var records: Int
        public var added: Int
        public var changed: Int
        public var withdrawn: Int
    }

    /// One dataset in the recipient's columns, rows ready to write.
    struct Table: Sendable {
        var dataset: BundleDataset
        var title: String
        var headers: [String]
        var rows: [[String]]
    }

    public var recipient: Recipient
    public var sequence: Int
    public var kind: String
    public var asOf: CivilDate
    public var previous: BundleLogEntry?
    public var counts: [Count]
    var tables: [Table]
    /// Every current record by dataset and key, for the bundle log (what the next delta compares with).
    var state: [String: [String: BundleLogEntry.Record]]

    /// Nothing added, changed or withdrawn since the last bundle: no bundle, and no number used.
    public var isEmptyDelta: Bool { kind == "delta" && counts.allSatisfy { $0.records == 0 } }

    static let operations = (added: "新增", changed: "变更", withdrawn: "撤回")

    public static func make(for recipient: Recipient, publication p: Publication, site: SiteInfo, disclosure: DisclosurePolicy,
                            previous: BundleLogEntry?, full forceFull: Bool) -> BundlePlan {
        let isDelta = previous != nil && !forceFull
        var tables: [Table] = []
        var counts: [Count] = []
        var state: [String: [String: BundleLogEntry.Record]] = [:]
        for dataset in recipient.receives {
            let fields = recipient.fieldSet.fields(for: dataset)
            let title = recipient.fieldSet.datasets[dataset]?.title ?? dataset.rawValue
            let statusColumn = fields.firstIndex { $0.value == "status" }
            var current: [String: (record: BundleLogEntry.Record, fields: [String])] = [:]
            for row in dataset.rows(p, site: site, disclosure: disclosure) {
                let cells = Self.cells(fields, row)
                let json = JSONValue.array(cells.map { .string($0) }).compactText()
                current[row.key] = (BundleLogEntry.Record(digest: Digest.sha256(Array(json.utf8)).hex, rowJSON: json), cells)
            }
            // The log keeps the data file's name of the first bundles, so that their deltas continue.
            let logName = dataset.file + ".csv"
            state[logName] = current.mapValues(\.record)
            var rows: [[String]] = []
            var added = 0, changed = 0, withdrawn = 0
            if isDelta {
                let before = previous!.records[logName] ?? [:]
                for key in current.keys.sorted() {
                    guard let old = before[key] else { rows.append(current[key]!.fields + [operations.added]); added += 1; continue }
                    if old.digest != current[key]!.record.digest { rows.append(current[key]!.fields + [operations.changed]); changed += 1 }
                }
                // Withdrawn: shared before, no longer published (credit repair, a corrected or revoked grade, a lifting).
                for key in before.keys.sorted() where current[key] == nil {
                    var cells = SharingBundle.fields(ofJSON: before[key]!.rowJSON)
                    if let i = statusColumn, i < cells.count { cells[i] = "无效" }
                    rows.append(cells + [operations.withdrawn])
                    withdrawn += 1
                }
            } else {
                rows = current.keys.sorted().map { current[$0]!.fields }
                added = current.count
            }
            let headers = fields.map(\.name) + (isDelta ? ["数据操作"] : [])
            tables.append(Table(dataset: dataset, title: title, headers: headers, rows: rows))
            counts.append(Count(file: dataset.file, records: isDelta ? added + changed + withdrawn : current.count,
                                added: added, changed: changed, withdrawn: withdrawn))
        }
        return BundlePlan(recipient: recipient, sequence: (previous?.sequence ?? 0) + 1, kind: isDelta ? "delta" : "full",
                          asOf: p.asOf, previous: previous, counts: counts, tables: tables, state: state)
    }

    /// A row in the field set's columns; a required value the registry does not hold is named in 备注.
    static func cells(_ fields: [FieldSet.Field], _ row: BundleDataset.Row) -> [String] {
        let missing = fields.filter { $0.isRequired(of: row) && $0.text(of: row).isEmpty && $0.value != "remark" }.map(\.name)
        var row = row
        if !missing.isEmpty {
            let note = "未提供：" + missing.joined(separator: "、")
            row.values["remark"] = [row.values["remark"] ?? "", note].filter { !$0.isEmpty }.joined(separator: "；")
        }
        return fields.map { $0.text(of: row) }
    }
}
