import Foundation
import Hummingbird
import Messages
import Model
import Publishing

/// 设置: what a clerk must fill in — the site's name and address, the publisher and its code, the contact and the
/// objection channel (Art. 13) — as a form that writes `config.toml` through `ConfigEditor` (comments and order
/// kept), refused unless the whole file still passes the same checks as `check`. The rest is shown as written.
extension Workbench {
    struct SettingField {
        var section: String?
        var key: String
        var label: String
        var hint: String
        var long = false
        var required = false
        var qualified: String { section.map { "\($0).\(key)" } ?? key }
    }

    var settingGroups: [(legend: String, note: String?, fields: [SettingField])] {
        [
            (t("workbench.settings.site"), nil, [
                SettingField(section: nil, key: "title", label: t("workbench.settings.title"), hint: t("workbench.settings.titleHint"), required: true),
                SettingField(section: nil, key: "description", label: t("workbench.settings.description"), hint: t("workbench.settings.descriptionHint"), long: true),
                SettingField(section: nil, key: "base_url", label: t("workbench.settings.baseURL"), hint: t("workbench.settings.baseURLHint"), required: true),
            ]),
            (t("workbench.settings.publisherGroup"), nil, [
                SettingField(section: nil, key: "publisher", label: t("workbench.settings.publisher"), hint: t("workbench.settings.publisherHint"), required: true),
                SettingField(section: nil, key: "publisher_code", label: t("workbench.settings.publisherCode"), hint: t("workbench.settings.publisherCodeHint")),
            ]),
            (t("workbench.settings.contact"), nil, [
                SettingField(section: "contact", key: "address", label: t("workbench.settings.address"), hint: t("workbench.settings.contactHint")),
                SettingField(section: "contact", key: "phone", label: t("workbench.settings.phone"), hint: t("workbench.settings.contactHint")),
                SettingField(section: "contact", key: "email", label: t("workbench.settings.email"), hint: t("workbench.settings.contactHint")),
            ]),
            (t("workbench.settings.objections"), t("workbench.settings.objectionsNote"), [
                SettingField(section: "objections", key: "how", label: t("workbench.settings.how"), hint: t("workbench.settings.howHint"), long: true),
                SettingField(section: "objections", key: "address", label: t("workbench.settings.address"), hint: t("workbench.settings.objectionHint")),
                SettingField(section: "objections", key: "email", label: t("workbench.settings.email"), hint: t("workbench.settings.objectionHint")),
                SettingField(section: "objections", key: "phone", label: t("workbench.settings.phone"), hint: t("workbench.settings.objectionHint")),
            ]),
        ]
    }

    func settingsPage(_ request: Request) throws -> Response {
        let text = (try? String(contentsOfFile: layout.config, encoding: .utf8)) ?? ""
        return try settingsPage(request, text: text, submitted: nil, problems: [])
    }

    func settingsPage(_ request: Request, text: String, submitted: [String: String]?, problems: [Diagnostic]) throws -> Response {
        let title = t("workbench.settings.heading")
        var chrome = chrome(request, title: title, current: "/settings")
        let table = try? TOMLParser.parse(text).get()
        let byField = Dictionary(grouping: problems) { $0.location.field ?? "" }
        let shownElsewhere = problems.filter { problem in !settingGroups.contains { $0.fields.contains { $0.qualified == problem.location.field } } }
        chrome.problems += shownElsewhere.map { Said($0, language) }
        chrome.hasProblems = !chrome.problems.isEmpty
        let groups = settingGroups.map { group in
            SettingsPage.Group(legend: group.legend, note: group.note, fields: group.fields.map { field in
                let value = submitted?[field.qualified] ?? Self.stringValue(table, field.section, field.key) ?? ""
                return SettingsPage.Field(id: "f-" + field.qualified.replacingOccurrences(of: ".", with: "-"), name: field.qualified,
                                          label: field.label, hint: field.hint, value: value, long: field.long, required: field.required,
                                          problem: byField[field.qualified].map { $0.map { $0.text.text(language) + "（" + $0.text.fix(language) + "）" }.joined(separator: "；") })
            })
        }
        let context = SettingsPage(chrome: chrome, heading: title, intro: t("workbench.settings.intro"), saveLabel: t("workbench.settings.save"),
                                   requiredMark: t("workbench.settings.required"), othersHeading: t("workbench.settings.others"),
                                   othersNote: t("workbench.settings.othersNote"), groups: groups, others: otherSettings(text))
        return try page("settings", context, status: problems.isEmpty ? .ok : .unprocessableContent)
    }

    func saveSettings(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        return try await changes.run { () -> Result<Response, Error> in
            Result { try self.save(request, form) }
        }.get()
    }

    private func save(_ request: Request, _ form: [String: String]) throws -> Response {
        let text = (try? String(contentsOfFile: layout.config, encoding: .utf8)) ?? ""
        let table = try? TOMLParser.parse(text).get()
        var edits: [ConfigEditor.Change] = []
        for field in settingGroups.flatMap(\.fields) {
            // Line ends as a browser sends them in a text area; a field left as it was is not written.
            guard let given = form[field.qualified]?.replacingOccurrences(of: "\r\n", with: "\n").trimmingWhitespace() else { continue }
            let now = Self.stringValue(table, field.section, field.key)
            if given == (now ?? "") { continue }
            edits.append(ConfigEditor.Change(section: field.section, key: field.key, value: given))
        }
        guard !edits.isEmpty else { return redirect("/settings", notice: t("workbench.said.settingsUnchanged")) }
        let edited: String
        switch ConfigEditor.apply(edits, to: text) {
        case .success(let t): edited = t
        case .failure(.notEditable(let key, let line)):
            return try settingsPage(request, text: text, submitted: form, problems: [
                Diagnostic(at: SourceLocation(file: SiteConfig.fileName, line: line, field: key), "E807", ["key": "\(key)"])])
        case .failure(.unreadable(let e)):
            return try settingsPage(request, text: text, submitted: form, problems: [
                Diagnostic(at: SourceLocation(file: SiteConfig.fileName, line: e.line, column: e.column), e.diagnosticKey(), ["problem": .message(e.message)])])
        }
        // The same checks as `check` and `build`: a file they would refuse is never written.
        if case .failure(let problems) = SiteConfig.parse(edited) {
            return try settingsPage(request, text: text, submitted: form, problems: problems.diagnostics)
        }
        let temporary = layout.config + ".workbench-new"
        try Data(edited.utf8).write(to: URL(fileURLWithPath: temporary))
        try DataDesk.rename(temporary, layout.config)
        audit("settings-save", edits.map(\.qualified).joined(separator: ", "), input: WorkbenchAudit.sha256(text), output: WorkbenchAudit.sha256(edited))
        voidStaleRequests()
        let blockers = (try? Site(layout: layout).status(asOf: options.clock.today).blockers) ?? []
        return redirect("/settings", notice: t("workbench.said.settingsSaved", ["count": "\(edits.count)"]),
                        problems: blockers.filter { $0.code == "E405" })
    }

    static func stringValue(_ table: TOMLTable?, _ section: String?, _ key: String) -> String? {
        var t = table
        if let section {
            guard case .table(let sub)? = table?[section] else { return nil }
            t = sub
        }
        guard case .string(let s)? = t?[key] else { return nil }
        return s
    }

    /// Every table of config.toml the form does not edit, as written, under its article.
    func otherSettings(_ text: String) -> [SettingsPage.Other] {
        var blocks: [(name: String, lines: [String])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let name = ConfigEditor.header(line) ?? Self.arrayHeader(line) { blocks.append((name, [line])) } else if !blocks.isEmpty { blocks[blocks.count - 1].lines.append(line) }
        }
        let edited: Set<String> = ["contact", "objections"]
        return blocks.filter { !edited.contains($0.name) }.map { block in
            var lines = block.lines
            while let last = lines.last, last.trimmingWhitespace().isEmpty || last.trimmingWhitespace().hasPrefix("#") { lines.removeLast() }
            return SettingsPage.Other(title: articleTitle(block.name), text: lines.joined(separator: "\n"))
        }
    }

    static func arrayHeader(_ line: String) -> String? {
        let text = line.trimmingWhitespace()
        guard text.hasPrefix("[["), let end = text.range(of: "]]") else { return nil }
        return String(text[text.index(text.startIndex, offsetBy: 2)..<end.lowerBound]).trimmingWhitespace()
    }

    func articleTitle(_ table: String) -> String {
        let base = String(table.split(separator: ".").first ?? "")
        let key: String = switch base {
        case "grading": "workbench.settings.grading"
        case "indicators": "workbench.settings.indicators"
        case "disclosure": "workbench.settings.disclosure"
        case "inspection": "workbench.settings.inspection"
        case "reporting": "workbench.settings.reporting"
        case "open_data": "workbench.settings.openData"
        case "recipients": "workbench.settings.recipients"
        case "publish": "workbench.settings.publish"
        default: "workbench.settings.other"
        }
        return t(key, ["table": "[\(table)]"])
    }
}
