import Evaluation
import Foundation
import Cryptography
import Hummingbird
import Import
import Messages
import Model
import NIOCore
import Publishing
import Rendering
import Store

/// The workbench's routes: each reads the site through `Site` or `DataDesk` and answers with a page, a file or a
/// redirect (POST → 303 → GET, so that reloading a page never repeats an action).
final class Workbench: Sendable {
    let options: WorkbenchOptions
    let layout: SiteLayout
    let desk: DataDesk
    let templates: Theme
    let guardian: WorkbenchGuard
    /// Serves the preview's build on a port of its own (the site's links start at its own path, `/` or `/xypj/`).
    let previewServer: PreviewServer
    let previewPort: Int
    let basePath: String
    /// Accounts in use (nil: the one local user, as before).
    let accounts: WorkbenchAccounts?
    /// What the last action said, shown once by the page it redirects to.
    let said = SaidOnce()
    /// One change to the site's data at a time (an upload, an acceptance, a restore).
    let changes = ChangeQueue()

    init(options: WorkbenchOptions, layout: SiteLayout, desk: DataDesk, templates: Theme, guardian: WorkbenchGuard,
         previewServer: PreviewServer, basePath: String, accounts: WorkbenchAccounts?) {
        self.options = options; self.layout = layout; self.desk = desk; self.templates = templates; self.guardian = guardian
        self.previewServer = previewServer; previewPort = previewServer.port; self.basePath = basePath; self.accounts = accounts
    }

    var language: Language { options.language }
    func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { MessageCatalogue.text(key, language, arguments) }

    func routes(_ router: Router<WorkbenchContext>) {
        router.add(middleware: GuardMiddleware(workbench: self))
        router.get("/") { request, _ in try self.home(request) }
        router.get("/data") { request, _ in try self.dataPage(request) }
        router.get("/data/sheet") { request, _ in try self.sheetPage(request) }
        router.get("/data/file") { request, _ in self.currentFile(request) }
        router.get("/download/template.xlsx") { _, _ in try self.template() }
        router.get("/workbench.css") { _, _ in self.stylesheet() }
        router.post("/data/upload") { request, _ in try await self.upload(request) }
        router.post("/data/accept") { request, _ in try await self.accept(request) }
        router.post("/data/discard") { request, _ in try await self.discard(request) }
        router.post("/data/restore") { request, _ in try await self.restore(request) }
        router.get("/preview") { request, _ in try self.previewPage(request) }
        router.post("/preview") { request, _ in try await self.buildPreview(request) }
        router.get("/publish") { request, _ in try self.publishPage(request) }
        router.post("/publish") { request, _ in try await self.publishNow(request) }
        router.get("/publish/package") { request, _ in self.package(request) }
        router.post("/publish/request") { request, _ in try await self.requestPublication(request) }
        router.get("/request") { request, _ in try self.requestPage(request) }
        router.get("/request/file") { request, _ in try self.requestFile(request) }
        router.post("/request/approve") { request, _ in try await self.decide(request, approve: true) }
        router.post("/request/reject") { request, _ in try await self.decide(request, approve: false) }
        router.post("/request/withdraw") { request, _ in try await self.withdraw(request) }
        router.post("/request/retry") { request, _ in try await self.retry(request) }
        router.get("/bundles") { request, _ in try self.bundlesPage(request) }
        router.post("/bundles/request") { request, _ in try await self.requestBundle(request) }
        router.get("/bundles/file") { request, _ in try self.downloadBundle(request) }
        router.get("/bundles/log.csv") { _, _ in try self.bundleLogFile() }
        router.get("/audit") { request, _ in try self.auditPage(request) }
        router.get("/audit/export.csv") { request, _ in try self.auditCSV(request) }
        router.get("/audit/export.xlsx") { request, _ in try self.auditWorkbook(request) }
        router.get("/settings") { request, _ in try self.settingsPage(request) }
        router.post("/settings") { request, _ in try await self.saveSettings(request) }
        router.get("/login") { request, _ in try self.loginPage(request) }
        router.post("/login") { request, context in try await self.login(request, context) }
        router.post("/logout") { request, _ in try await self.logout(request) }
        router.get("/account") { request, _ in try self.accountPage(request) }
        router.post("/account/end") { request, _ in try await self.endSession(request) }
    }

    // MARK: Pages

    func chrome(_ request: Request, title: String, current: String) -> Chrome {
        let role = WorkbenchVisit.visitor?.user.role
        let nav = [("/", t("workbench.nav.home")), ("/data", t("workbench.nav.data")), ("/preview", t("workbench.nav.preview")),
                   ("/publish", t("workbench.nav.publish")), ("/bundles", t("workbench.nav.bundles")), ("/audit", t("workbench.nav.audit")),
                   ("/settings", t("workbench.nav.settings"))].filter { item in
            role.map { WorkbenchAccounts.roles(.get, item.0)?.contains($0) ?? true } ?? true
        }.map {
            Chrome.NavItem(label: $0.1, href: $0.0, current: $0.0 == current)
        }
        let shown = said.take(request.uri.queryParameters["said"].map(String.init))
        let problems = shown?.problems.map { Said($0, language) } ?? []
        let siteName = (try? layout.loadConfig().site.title) ?? layout.root
        return Chrome(lang: language == .zh ? "zh-CN" : "en", title: title, product: t("workbench.product"), siteName: siteName,
                      skip: t("workbench.skip"), navLabel: t("workbench.navLabel"),
                      today: t("workbench.today", ["date": "\(options.clock.today)"]),
                      footer: t("workbench.footer", ["site": "\(layout.root)"]), nav: nav, csrf: formToken,
                      user: WorkbenchVisit.visitor.map { t("workbench.user", ["name": "\($0.user.name)", "role": .phrase($0.user.role.phraseKey)]) },
                      logout: t("workbench.logout"),
                      notice: shown?.notice, problems: problems, hasProblems: !problems.isEmpty)
    }

    func page<Context: Encodable>(_ name: String, _ context: Context, status: HTTPResponse.Status = .ok) throws -> Response {
        let bytes = try templates.renderBytes(name, TemplateEncoder.value(context))
        return response(bytes, type: "text/html; charset=utf-8", status: status)
    }

    func home(_ request: Request) throws -> Response {
        let today = options.clock.today
        let title = t("workbench.home.title")
        var chrome = chrome(request, title: title, current: "/")
        let status: SiteStatus
        do { status = try Site(layout: layout).status(asOf: today) } catch let error as GongshiError {
            chrome.problems += error.diagnostics.map { Said($0, language) }
            chrome.hasProblems = true
            return try page("error", ErrorPage(chrome: chrome, heading: title, back: t("workbench.back"), problems: []))
        }
        let years = status.years.map { year -> HomePage.YearLine in
            let dates: [String: MessageArgument] = ["noticeStart": "\(year.noticeStart)", "noticeEnd": "\(year.noticeEnd)", "finalOn": "\(year.finalOn)"]
            let (stage, detail): (String, String) = switch year.status {
            case .unpublished: (t("workbench.stage.unpublished"), t("workbench.stage.unpublishedDetail", dates))
            case .notice: (t("workbench.stage.notice"), t("workbench.stage.noticeDetail", dates))
            case .reviewing: (t("workbench.stage.reviewing"), t("workbench.stage.reviewingDetail", dates))
            case .final: (t("workbench.stage.final"), t("workbench.stage.finalDetail", dates))
            }
            return HomePage.YearLine(year: t("workbench.year", ["year": "\(year.year)"]), stage: stage, detail: detail,
                                     isNotice: year.status == .notice)
        }
        let published: String
        if let built = status.published {
            published = built.asOf.map { t("workbench.published.asOf", ["asOf": "\($0)", "pages": "\(built.pages)", "files": "\(built.files)", "output": "\(layout.output)"]) }
                ?? t("workbench.published.unknownDay", ["pages": "\(built.pages)", "files": "\(built.files)", "output": "\(layout.output)"])
        } else {
            published = t("workbench.published.none", ["output": "\(layout.output)"])
        }
        let next = status.nextChange.map { t("workbench.next.on", ["date": "\($0.date)"]) } ?? t("workbench.next.none")
        let warnings = (status.published?.warnings ?? []).map { Said($0, language) }
        let blockers = status.blockers.map { Said($0, language) }
        let runs = runLines()
        let context = HomePage(
            chrome: chrome, heading: title, yearsHeading: t("workbench.home.years"), publishedHeading: t("workbench.home.published"),
            nextHeading: t("workbench.home.next"), blockersHeading: t("workbench.home.blockers"), warningsHeading: t("workbench.home.warnings"),
            years: years, hasYears: !years.isEmpty,
            noYears: years.isEmpty ? t(status.imported ? "workbench.home.noYears" : "workbench.home.notImported") : nil,
            published: published, next: next,
            schedule: status.published == nil ? t("workbench.schedule.notYet")
                : status.nextChange.map { t("workbench.schedule.on", ["date": "\($0.date)"]) },
            nextReasons: status.nextChange?.reasons.map(\.label) ?? [],
            hasNextReasons: !(status.nextChange?.reasons.isEmpty ?? true),
            blockers: blockers, hasBlockers: !blockers.isEmpty, noBlockers: blockers.isEmpty ? t("workbench.home.noBlockers") : nil,
            warnings: warnings, hasWarnings: !warnings.isEmpty,
            runsHeading: t("workbench.runs"), runs: Array(runs.prefix(10)), hasRuns: !runs.isEmpty,
            noRuns: runs.isEmpty ? t("workbench.runs.none") : nil,
            actions: [Chrome.NavItem(label: t("workbench.home.toData"), href: "/data", current: false),
                      Chrome.NavItem(label: t("workbench.home.toPublish"), href: "/publish", current: false)])
        return try page("home", context)
    }

    func dataPage(_ request: Request) throws -> Response {
        let title = t("workbench.data.title")
        let chrome = chrome(request, title: title, current: "/data")
        let current = desk.currentFiles().map { name in
            DataPage.FileLine(name: name, href: "/data/file?name=" + Self.queryValue(name),
                              size: Self.size(Self.fileSize(layout.root + "/data/" + name), language))
        }
        let versions = desk.versionList().map {
            DataPage.VersionLine(number: $0.number, label: t("workbench.data.version", ["number": "\($0.number)", "at": "\($0.replacedAt)"]),
                                 files: $0.files.joined(separator: "、"), restoreLabel: t("workbench.data.restore"))
        }
        let context = DataPage(
            chrome: chrome, heading: title, currentHeading: t("workbench.data.current"), uploadHeading: t("workbench.data.upload"),
            versionsHeading: t("workbench.data.versions"), downloadsHeading: t("workbench.data.downloads"),
            current: current, hasCurrent: !current.isEmpty, noCurrent: current.isEmpty ? t("workbench.data.noCurrent") : nil,
            candidate: try candidate(),
            upload: DataPage.Upload(fileLabel: t("workbench.upload.file"), hint: t("workbench.upload.hint"),
                                    replaceAll: t("workbench.upload.replaceAll"), keepOthers: t("workbench.upload.keepOthers"),
                                    submit: t("workbench.upload.submit"),
                                    limits: t("workbench.upload.limits", ["limit": "\(Self.size(options.uploadLimit, language))"])),
            versions: versions, hasVersions: !versions.isEmpty, noVersions: versions.isEmpty ? t("workbench.data.noVersions") : nil,
            downloads: [Chrome.NavItem(label: t("workbench.data.template"), href: "/download/template.xlsx", current: false)])
        return try page("data", context)
    }

    /// The candidate, its check grouped by file and sheet, each group linking to its grid.
    func candidate() throws -> DataPage.Candidate? {
        guard let upload = desk.upload else { return nil }
        let diagnostics: [Diagnostic]
        do { diagnostics = try desk.check(theme: options.theme, asOf: options.clock.today) } catch {
            switch error {
            case .refused(let d): diagnostics = [d]
            case .site(let e): diagnostics = e.diagnostics
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        let candidateFiles = desk.candidateFiles()
        let groups = Dictionary(grouping: diagnostics) { GroupKey(file: $0.location.file, sheet: $0.location.sheet) }
        let lines = groups.keys.sorted().map { key -> DataPage.Group in
            let items = groups[key]!.sorted()
            let name = key.file.hasPrefix("data/") ? String(key.file.dropFirst("data/".count)) : nil
            let href = name.flatMap { candidateFiles.contains($0) ? "/data/sheet?file=" + Self.queryValue($0)
                                        + (key.sheet.map { "&sheet=" + Self.queryValue($0) } ?? "") : nil }
            let shown = items.prefix(Self.itemsPerGroup)
            let groupErrors = items.filter { $0.severity == .error }.count
            return DataPage.Group(
                title: key.sheet.map { "\(key.file)：\($0)" } ?? key.file, href: href,
                summary: t("workbench.data.groupSummary", ["errors": "\(groupErrors)", "warnings": "\(items.count - groupErrors)"]),
                items: shown.map { Said($0, language) },
                more: items.count > shown.count ? t("workbench.data.more", ["count": "\(items.count - shown.count)"]) : nil)
        }
        let files = candidateFiles.filter { upload.files.contains($0) }.map {
            DataPage.FileLine(name: $0, href: "", size: Self.size(Self.fileSize(desk.candidateData + "/" + $0), language))
        }
        return DataPage.Candidate(
            heading: t("workbench.candidate.heading"), uploadedAt: t("workbench.candidate.uploadedAt", ["at": "\(upload.uploadedAt)"]),
            summary: errors == 0 && warnings == 0 ? t("workbench.candidate.clean")
                : t("workbench.candidate.summary", ["errors": "\(errors)", "warnings": "\(warnings)"]),
            files: files,
            kept: upload.kept.isEmpty ? nil : t("workbench.candidate.kept", ["files": "\(upload.kept.joined(separator: "、"))"]),
            dropped: (upload.dropped ?? []).isEmpty ? nil
                : t("workbench.candidate.dropped", ["files": "\((upload.dropped ?? []).joined(separator: "、"))"]),
            restored: upload.restoredFrom.map { t("workbench.candidate.restored", ["number": "\($0)"]) },
            groups: lines, canAccept: errors == 0, acceptLabel: t("workbench.candidate.accept"),
            acceptNote: t("workbench.candidate.acceptNote"), discardLabel: t("workbench.candidate.discard"),
            cannotAccept: errors == 0 ? nil : t("workbench.candidate.cannotAccept"))
    }

    struct GroupKey: Hashable, Comparable {
        var file: String
        var sheet: String?
        static func < (a: GroupKey, b: GroupKey) -> Bool { (a.file, a.sheet ?? "") < (b.file, b.sheet ?? "") }
    }

    static let itemsPerGroup = 20

    func sheetPage(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let file = query["file"].map(String.init), let bytes = desk.candidateFile(file) else {
            return try notFound(request)
        }
        let sheet = query["sheet"].map(String.init)
        let diagnostics = ((try? desk.check(theme: options.theme, asOf: options.clock.today)) ?? []).filter {
            $0.location.file == "data/" + file && $0.location.sheet == sheet
        }
        let grid = SheetGrid(view: DataFileView.read(bytes, name: file, sheet: sheet), diagnostics: diagnostics,
                             isWorkbook: file.lowercased().hasSuffix(".xlsx"))
        let heading = sheet.map { "data/\(file)：\($0)" } ?? "data/\(file)"
        let context = SheetPage(
            chrome: chrome(request, title: heading, current: "/data"), heading: heading, back: t("workbench.sheet.back"), backHref: "/data",
            caption: t("workbench.sheet.caption", ["name": "\(heading)"]), rowHeader: t("workbench.sheet.row"),
            problemsHeading: t("workbench.sheet.problems", ["count": "\(diagnostics.count)"]),
            columns: grid.columns, span: grid.columns.count, rows: grid.rows, hasRows: !grid.rows.isEmpty,
            problems: grid.problems.map { Said($0.diagnostic, language, anchor: $0.anchor) },
            unreadable: grid.readable ? nil : t("workbench.sheet.unreadable"),
            truncated: grid.omittedRows > 0 ? t("workbench.sheet.truncated", ["count": "\(grid.omittedRows)"]) : nil)
        return try page("sheet", context)
    }

    func notFound(_ request: Request) throws -> Response {
        let heading = t("workbench.notFound")
        return try page("error", ErrorPage(chrome: chrome(request, title: heading, current: ""), heading: heading,
                                           back: t("workbench.back"), problems: []), status: .notFound)
    }

    // MARK: Files

    func currentFile(_ request: Request) -> Response {
        guard let name = request.uri.queryParameters["name"].map(String.init), let bytes = desk.currentFile(name) else {
            return response(Array(t("workbench.notFound").utf8), type: "text/plain; charset=utf-8", status: .notFound)
        }
        audit("download", "data/" + name, output: WorkbenchAudit.sha256(bytes))
        return download(bytes, name: name)
    }

    func template() throws -> Response {
        let files = try SiteInit.files(date: options.clock.today)
        let bytes = files.first { $0.path == "data/" + SiteInit.workbook }!.bytes
        audit("download", SiteInit.workbook, output: WorkbenchAudit.sha256(bytes))
        return download(bytes, name: SiteInit.workbook)
    }

    func stylesheet() -> Response {
        let bytes = templates.assets["workbench.css"].flatMap { try? $0.bytes().get() } ?? []
        return response(bytes, type: "text/css; charset=utf-8")
    }

    // MARK: Actions

    func upload(_ request: Request) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: options.uploadLimit) } catch {
            return redirect("/data", problems: [Diagnostic(at: SourceLocation(file: "data/"), "E801.tooLarge",
                                                           ["limit": "\(Self.size(options.uploadLimit, language))"])])
        }
        guard let type = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: type),
              case .success(let form) = MultipartForm.parse(Array(buffer: body), boundary: boundary) else {
            return redirect("/data", problems: [Diagnostic(at: SourceLocation(file: "data/"), "E801.malformed")])
        }
        guard guardian.matches(form.field("csrf"), formToken) else { return forbidden() }
        let files = form.files("files").filter { !($0.filename ?? "").isEmpty || !$0.bytes.isEmpty }
            .map { (name: $0.filename ?? "", bytes: $0.bytes) }
        let keep = form.field("mode") == "keep"
        return await changes.run {
            do { try self.desk.upload(files, keepOthers: keep) } catch { return self.redirect("/data", error) }
            self.audit("data-upload", files.map(\.name).joined(separator: "、") + (keep ? " (keep)" : ""),
                       input: WorkbenchAudit.sha256(files.map { "\($0.name) \(WorkbenchAudit.sha256($0.bytes))" }.joined(separator: "\n")),
                       output: self.fingerprint(self.desk.candidateData))
            return self.redirect("/data", notice: self.t("workbench.said.uploaded", ["count": "\(files.count)"]))
        }
    }

    func accept(_ request: Request) async throws -> Response {
        guard try await formFields(request) != nil else { return forbidden() }
        return await changes.run {
            do {
                let input = self.fingerprint(self.desk.candidateData)
                let (report, version) = try self.desk.accept()
                self.audit("data-accept", version.map { "version \($0) kept" } ?? "", input: input,
                           output: DataDesk.hash(self.layout.registry))
                self.voidStaleRequests()
                let records = report.files.reduce(0) { $0 + $1.records }
                let notice = version.map { self.t("workbench.said.acceptedKept", ["records": "\(records)", "number": "\($0)"]) }
                    ?? self.t("workbench.said.accepted", ["records": "\(records)"])
                return self.redirect("/data", notice: notice, problems: report.diagnostics.filter { $0.severity == .warning })
            } catch {
                return self.redirect("/data", error)
            }
        }
    }

    func discard(_ request: Request) async throws -> Response {
        guard try await formFields(request) != nil else { return forbidden() }
        return await changes.run {
            self.desk.discard()
            self.audit("data-discard")
            return self.redirect("/data", notice: self.t("workbench.said.discarded"))
        }
    }

    func restore(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let number = form["version"].flatMap({ Int($0) }) else {
            return redirect("/data", problems: [Diagnostic(at: SourceLocation(file: ".workbench/versions/"), "E802.noVersion", ["number": "?"])])
        }
        return await changes.run {
            do { try self.desk.restore(number) } catch { return self.redirect("/data", error) }
            self.audit("data-restore", "version \(number)", output: self.fingerprint(self.desk.candidateData))
            return self.redirect("/data", notice: self.t("workbench.said.restored", ["number": "\(number)"]))
        }
    }

    /// A URL-encoded form's fields, once its token is checked (the visitor's, unless another is named); nil when
    /// the token is wrong or missing.
    func formFields(_ request: Request, token: String? = nil) async throws -> [String: String]? {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let fields = URLEncodedForm.fields(String(buffer: body))
        return guardian.matches(fields["csrf"], token ?? formToken) ? fields : nil
    }

    func forbidden() -> Response {
        response(Array(t("workbench.forbidden").utf8), type: "text/plain; charset=utf-8", status: .forbidden)
    }

    func forbidden(role: AccountStore.Role) -> Response {
        response(Array(t("workbench.forbiddenRole", ["role": .phrase(role.phraseKey)]).utf8),
                 type: "text/plain; charset=utf-8", status: .forbidden)
    }

    func redirectToLogin(from request: Request) -> Response {
        var headers = HTTPFields()
        headers[.location] = "/login?next=" + Self.queryValue(request.uri.path)
        secure(&headers)
        return Response(status: .seeOther, headers: headers)
    }

    func redirect(_ path: String, _ error: any Error) -> Response {
        switch error as? DataDesk.Failure {
        case .refused(let d)?: return redirect(path, problems: [d])
        case .site(let e)?: return redirect(path, problems: e.diagnostics)
        case nil: return redirect(path, problems: [Diagnostic(at: SourceLocation(file: "data/"), "E803", ["reason": SystemReason.of(error)])])
        }
    }

    func redirect(_ path: String, notice: String? = nil, problems: [Diagnostic] = []) -> Response {
        let id = said.put(SaidOnce.Entry(notice: notice, problems: problems))
        var headers = HTTPFields()
        headers[.location] = path + (path.contains("?") ? "&" : "?") + "said=" + id
        secure(&headers)
        return Response(status: .seeOther, headers: headers)
    }

    // MARK: Responses

    func response(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        secure(&headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Always an attachment: an HTML file of a package is saved, never shown inside the workbench's origin.
    func download(_ bytes: [UInt8], name: String) -> Response {
        let suffix = name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        let type = Self.downloadTypes[suffix] ?? "application/octet-stream"
        var response = response(bytes, type: type)
        // RFC 6266: an ASCII fallback and the real (Chinese) name, percent-encoded.
        let fallback = Self.downloadTypes[suffix] == nil ? "download" : "download." + suffix
        response.headers[.contentDisposition] = "attachment; filename=\"\(fallback)\"; filename*=UTF-8''" + Self.queryValue(name)
        return response
    }

    static let downloadTypes = [
        "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]

    /// Every answer: nothing from elsewhere runs or loads in a workbench page, nothing is cached or framed.
    func secure(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            + "; frame-src http://127.0.0.1:\(previewPort)"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        // `no-referrer` would make a browser send `Origin: null` with the workbench's own forms.
        headers[.init("Referrer-Policy")!] = "same-origin"
        headers[.cacheControl] = "no-store"
    }

    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func size(_ bytes: Int, _ language: Language) -> String {
        if bytes < 1024 { return MessageCatalogue.text("workbench.size.bytes", language, ["n": "\(bytes)"]) }
        if bytes < 1024 * 1024 { return MessageCatalogue.text("workbench.size.kb", language, ["n": "\((bytes + 512) / 1024)"]) }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        let shown = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        return MessageCatalogue.text("workbench.size.mb", language, ["n": "\(shown)"])
    }
}

/// Refuses, before any route runs, a request whose Host could be another site's, or a POST from elsewhere; with
/// accounts, one without a session (to the login) or from a role the route does not allow (403).
struct GuardMiddleware: RouterMiddleware {
    typealias Context = WorkbenchContext
    let workbench: Workbench

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard workbench.guardian.allowsHost(request) else {
            return workbench.response(Array(workbench.t("workbench.wrongHost").utf8), type: "text/plain; charset=utf-8", status: .misdirectedRequest)
        }
        if request.method == .post, !workbench.guardian.allowsOrigin(request, secure: Workbench.isSecure(request, context)) {
            return workbench.forbidden()
        }
        return try await WorkbenchAudit.$address.withValue(WorkbenchGuard.client(request, peer: context.address)) {
            try await authorize(request, context, next)
        }
    }

    private func authorize(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let accounts = workbench.accounts, let allowed = WorkbenchAccounts.roles(request.method, path) else {
            return try await route(request, context, next)
        }
        guard let token = request.cookies[WorkbenchAccounts.cookie]?.value,
              let (session, user) = try? accounts.store.touch(tokenHash: Digest.sha256(Array(token.utf8)).hex, at: workbench.now,
                                                               idle: WorkbenchAccounts.idle) else {
            return request.method == .get ? workbench.redirectToLogin(from: request) : workbench.forbidden()
        }
        guard allowed.contains(user.role) else { return workbench.forbidden(role: user.role) }
        return try await WorkbenchVisit.$visitor.withValue(Visitor(user: user, session: session)) {
            try await route(request, context, next)
        }
    }

    private func route(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch let error as HTTPError where error.status == .notFound {
            return try workbench.notFound(request)
        }
    }
}

/// What an action said, kept until the page it redirects to shows it (once), at most a few at a time.
final class SaidOnce: @unchecked Sendable {
    struct Entry { var notice: String?; var problems: [Diagnostic] }
    private let lock = NSLock()
    private var entries: [(id: String, entry: Entry)] = []

    func put(_ entry: Entry) -> String {
        let id = Sodium.randomBytes(8).hex
        lock.lock(); defer { lock.unlock() }
        entries.append((id, entry))
        if entries.count > 20 { entries.removeFirst(entries.count - 20) }
        return id
    }

    func take(_ id: String?) -> Entry? {
        guard let id else { return nil }
        lock.lock(); defer { lock.unlock() }
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return nil }
        return entries.remove(at: index).entry
    }
}

/// Changes to the site's data and output, one after another (the clerk's and the schedule's).
actor ChangeQueue {
    func run<T: Sendable>(_ change: @Sendable () -> T) -> T { change() }
}

/// `application/x-www-form-urlencoded`, as a browser sends a form: `+` is a space, `%XX` a byte of UTF-8.
enum URLEncodedForm {
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let key = decode(parts[0])
            if fields[key] == nil { fields[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
