import Evaluation
import Model
import Rendering

/// Internal reports for the bureau's staff, from the data files — never published.
public enum SupervisionReport: String, CaseIterable, Sendable {
    /// Art. 7, 20: changes filed more than one month after they happened, or not filed a month on.
    case lateFilings = "late-filings"
    /// Art. 6: CMA certificates expired, or expiring within 90 days.
    case expiringQualifications = "expiring-qualifications"
    /// Every day of the coming year on which the site changes by itself, and why: when it must be rebuilt.
    case schedule

    public struct Table: Sendable {
        public var title: String
        public var headers: [String]
        public var rows: [[String]]
    }

    /// `evaluator` and `authored` (the authored notices' dates) serve the schedule.
    public func table(_ data: RegistryData, asOf: CivilDate, evaluator: Evaluator,
                      authored: [(slug: String, date: CivilDate)] = []) -> Table {
        let names = Dictionary(data.published.agencies.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        switch self {
        case .lateFilings:
            var rows: [(CivilDate, [String])] = []
            for change in data.internalOnly.infoChanges {
                let deadline = change.changedOn.adding(months: 1)
                if let filed = change.filedOn {
                    guard filed > deadline else { continue }
                    rows.append((change.changedOn, [change.agency.value, names[change.agency] ?? "", change.field, change.changedOn.iso, deadline.iso, filed.iso,
                                                    "逾期 \(filed.dayNumber - deadline.dayNumber) 天"]))
                } else if asOf > deadline {
                    rows.append((change.changedOn, [change.agency.value, names[change.agency] ?? "", change.field, change.changedOn.iso, deadline.iso, "未办理",
                                                    "已逾期 \(asOf.dayNumber - deadline.dayNumber) 天"]))
                }
            }
            return Table(title: "逾期办理的信息变更（第七条：变更后一个月内办理；截至 \(asOf.iso)，内部）",
                         headers: ["统一社会信用代码", "机构名称", "变更事项", "变更日期", "办理期限", "办理日期", "情况"],
                         rows: rows.sorted { ($0.0, $0.1[0]) < ($1.0, $1.1[0]) }.map(\.1))
        case .expiringQualifications:
            let horizon = asOf.adding(days: 90)
            let rows = data.published.qualifications.filter { $0.validUntil <= horizon }.sorted { ($0.validUntil, $0.certificateNumber) < ($1.validUntil, $1.certificateNumber) }
                .map { q in
                    [q.agency.value, names[q.agency] ?? "", q.certificateNumber, q.validUntil.iso,
                     q.validUntil < asOf ? "已过期 \(asOf.dayNumber - q.validUntil.dayNumber) 天" : "\(q.validUntil.dayNumber - asOf.dayNumber) 天后到期"]
                }
            return Table(title: "已过期或 90 天内到期的资质认定证书（截至 \(asOf.iso)，内部）",
                         headers: ["统一社会信用代码", "机构名称", "证书编号", "有效期至", "情况"], rows: rows)
        case .schedule:
            let through = asOf.adding(months: 12)
            let rows = evaluator.calendarChanges(data.published, after: asOf, through: through, authored: authored).map { change in
                [change.date.iso, "\(change.date.dayNumber - asOf.dayNumber) 天后", change.reasons.map(\.label).joined(separator: "；")]
            }
            return Table(title: "\(asOf.iso) 之后一年内网站内容自动变化的日期（每个日期都要重新运行 build）",
                         headers: ["日期", "距今", "原因"], rows: rows)
        }
    }
}

extension SupervisionReport.Table {
    /// Aligned columns for a terminal: CJK characters take two cells.
    public var text: String {
        func width(_ s: String) -> Int {
            s.unicodeScalars.reduce(0) { $0 + ((0x1100...0x115F).contains($1.value) || (0x2E80...0xA4CF).contains($1.value)
                || (0xAC00...0xD7A3).contains($1.value) || (0xF900...0xFAFF).contains($1.value) || (0xFE30...0xFE4F).contains($1.value)
                || (0xFF00...0xFF60).contains($1.value) || (0xFFE0...0xFFE6).contains($1.value) ? 2 : 1) }
        }
        let all = [headers] + rows
        let widths = headers.indices.map { i in all.map { width($0[i]) }.max() ?? 0 }
        let lines = all.map { row in
            row.enumerated().map { i, cell in cell + String(repeating: " ", count: widths[i] - width(cell)) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([title, ""] + [lines[0], widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + lines.dropFirst()
                + ["", "\(rows.count) 条"]).joined(separator: "\n")
    }

    /// UTF-8 with BOM and CRLF, for Excel and WPS: codes and certificate numbers written so that they open as
    /// text with every digit (`ByteWriter.excelText`), the rest spreadsheet-safe.
    public var csv: String {
        var writer = CSVWriter(header: headers.map(ByteWriter.spreadsheetSafe), spreadsheetSafe: false)
        let codes = headers.map { CSVColumn.kind(of: $0) == .identifier }
        rows.forEach { row in
            writer.append(row.enumerated().map { i, cell in codes[i] ? ByteWriter.excelText(cell) : ByteWriter.spreadsheetSafe(cell) })
        }
        return "\u{FEFF}" + writer.text
    }
}
