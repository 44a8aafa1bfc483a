import Foundation
import Hummingbird
import Messages
import Model
import Publishing
import Rendering
import Store

/// 审计 (Art. 19): the trail in the workbench, checked link by link on every view, filtered by who, what, when and a
/// text, and exported as CSV or as an Excel workbook with the same filter.
extension Workbench {
    struct AuditFilter {
        var user = "", action = "", text = ""
        var from: CivilDate?, to: CivilDate?

        init(_ query: [String: String]) {
            user = query["user"] ?? ""; action = query["action"] ?? ""; text = query["text"] ?? ""
            from = query["from"].flatMap { CivilDate(iso: $0) }; to = query["to"].flatMap { CivilDate(iso: $0) }
        }

        /// Days are China Standard Time, as the pages show the moments.
        func admits(_ e: AccountStore.AuditEntry) -> Bool {
            let day = CivilDate(dayNumber: Int((e.at + 8 * 3600) / 86_400))
            return (user.isEmpty || e.user == user) && (action.isEmpty || e.action == action)
                && (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
                && (text.isEmpty || e.detail.localizedCaseInsensitiveContains(text) || e.address.contains(text))
        }

        var query: String {
            [("user", user), ("action", action), ("from", from?.iso ?? ""), ("to", to?.iso ?? ""), ("text", text)]
                .filter { !$0.1.isEmpty }.map { $0.0 + "=" + Workbench.queryValue($0.1) }.joined(separator: "&")
        }
    }

    static let auditShown = 500

    func auditQuery(_ request: Request) -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        return fields
    }

    func auditPage(_ request: Request) throws -> Response {
        let title = t("workbench.audit.title")
        let store = try requestStore()
        let filter = AuditFilter(auditQuery(request))
        let all = try store.auditEntries()
        let matching = all.filter(filter.admits)
        let (broken, count, head) = try store.verifyAudit(hash: WorkbenchAudit.sha256)
        let actions = Set(all.map(\.action)).sorted().map { AuditPage.Option(value: $0, label: $0, selected: $0 == filter.action) }
        let lines = matching.reversed().prefix(Self.auditShown).map { e in
            AuditPage.Line(seq: "\(e.seq)", at: options.clock.describe(e.at), user: e.user, address: e.address, action: e.action,
                           detail: e.detail, input: String(e.input.prefix(12)), output: String(e.output.prefix(12)))
        }
        let query = filter.query
        let context = AuditPage(
            chrome: chrome(request, title: title, current: "/audit"), heading: title,
            intact: broken.map { t("workbench.audit.broken", ["seq": "\($0)", "count": "\(count)"]) }
                ?? t("workbench.audit.intact", ["count": "\(count)", "head": "\(head.prefix(16))"]),
            broken: broken != nil,
            filterLegend: t("workbench.audit.filter"), userLabel: t("workbench.audit.user"), actionLabel: t("workbench.audit.action"),
            fromLabel: t("workbench.audit.from"), toLabel: t("workbench.audit.to"), textLabel: t("workbench.audit.text"),
            filterLabel: t("workbench.audit.apply"), anyLabel: t("workbench.audit.any"),
            user: filter.user, from: filter.from?.iso ?? "", to: filter.to?.iso ?? "", text: filter.text, actions: actions,
            headers: Self.auditHeaders.map { t($0) }, lines: Array(lines), hasLines: !lines.isEmpty,
            shown: t("workbench.audit.shown", ["shown": "\(lines.count)", "matching": "\(matching.count)", "count": "\(count)"]),
            csvHref: "/audit/export.csv" + (query.isEmpty ? "" : "?" + query), xlsxHref: "/audit/export.xlsx" + (query.isEmpty ? "" : "?" + query),
            csvLabel: t("workbench.audit.csv"), xlsxLabel: t("workbench.audit.xlsx"))
        return try page("audit", context)
    }

    static let auditHeaders = ["workbench.audit.seq", "workbench.audit.at", "workbench.audit.user", "workbench.audit.address",
                               "workbench.audit.action", "workbench.audit.detail", "workbench.audit.input", "workbench.audit.output"]

    /// Every matching entry in full, with the two hashes that chain it, oldest first (the order `audit verify` checks).
    func auditRows(_ request: Request) throws -> (header: [String], rows: [[String]]) {
        let filter = AuditFilter(auditQuery(request))
        let rows = try requestStore().auditEntries().filter(filter.admits).map { e in
            [String(e.seq), options.clock.describe(e.at), e.user, e.address, e.action, e.detail, e.input, e.output, e.previous, e.hash]
        }
        return (Self.auditHeaders.map { t($0) } + [t("workbench.audit.previous"), t("workbench.audit.hash")], rows)
    }

    func auditCSV(_ request: Request) throws -> Response {
        let (header, rows) = try auditRows(request)
        var writer = CSVWriter(header: header)
        for row in rows { writer.append(row) }
        let bytes = Array(("\u{FEFF}" + writer.text).utf8)
        audit("audit-export", "csv \(rows.count)", output: WorkbenchAudit.sha256(bytes))
        return download(bytes, name: t("workbench.audit.fileName") + ".csv")
    }

    func auditWorkbook(_ request: Request) throws -> Response {
        let (header, rows) = try auditRows(request)
        var sheet = WorkbookWriter.SheetWriter(header: header, kinds: header.map { _ in .text })
        for row in rows { sheet.append(row.map { .text($0) }) }
        let sheets = sheet.finish().enumerated().map { (name: $0.offset == 0 ? t("workbench.audit.sheet") : t("workbench.audit.sheet") + "\($0.offset + 1)", xml: $0.element) }
        let parts = WorkbookWriter.package(sheets: sheets, title: t("workbench.audit.title"), creator: "gongshi", date: options.clock.today)
        let bytes = try DeterministicZip.archive(parts, date: options.clock.today)
        audit("audit-export", "xlsx \(rows.count)", output: WorkbenchAudit.sha256(bytes))
        return download(bytes, name: t("workbench.audit.fileName") + ".xlsx")
    }
}
