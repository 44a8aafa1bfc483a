import Foundation
import Hummingbird
import Messages
import Model
import Publishing
import Store

/// 二人审核: one person asks (a publication as of a day, or a sharing bundle), a second decides with a comment, and
/// only what was approved is carried out. A request is bound to the inputs it was made from and to what it would put
/// out; a change to either voids it, said on its page. Without accounts the one local user asks and decides, and the
/// page says that no second person saw it.
extension Workbench {
    var requestsFolder: String { desk.state + "/requests" }

    /// Who is acting: the account, or `local` without accounts.
    var actor: String { WorkbenchVisit.visitor?.user.name ?? "local" }

    func requestStore() throws -> AccountStore { try accounts?.store ?? AccountStore(path: layout.accounts) }

    /// What the reviewer is shown, kept with the request (JSON).
    struct RequestSummary: Codable {
        var sentences: [String] = []
        var added: [String] = []
        var changed: [String] = []
        var removed: [String] = []
        var firstPublication = false
        /// `YEAR-STAGE/NAME` of the notice package the request's build made.
        var package: [String] = []
        /// The day the requested site next changes by itself.
        var nextChange: String?
        var sequence = 0
        var bundleKind = ""
        var since: String?
        var counts: [[Int]] = []
        var countFiles: [String] = []

        var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
        static func of(_ request: AccountStore.Request) -> RequestSummary {
            (try? JSONDecoder().decode(RequestSummary.self, from: Data(request.summary.utf8))) ?? RequestSummary()
        }
    }

    // MARK: Asking

    /// 申请发布: the site as of the day, built beside the others' requests (never the output), compared with what is
    /// published, and kept for the reviewer.
    func requestPublication(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let day = form["asOf"].flatMap({ CivilDate(iso: $0) }) else {
            return redirect("/publish", problems: [Diagnostic(at: SourceLocation(file: "asOf"), "E805", ["value": "\(form["asOf"] ?? "")"])])
        }
        return await changes.run {
            let scratch = self.requestsFolder + "/new"
            do {
                let site = Site(layout: self.layout)
                let inputs = site.approvalInputs(theme: self.options.theme)
                try? FileManager.default.removeItem(atPath: scratch)
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                let output = scratch + "/public"
                let key = try SigningKeys.load(file: nil, siteRoot: self.layout.root)
                let report = try Site(layout: SiteLayout(root: self.layout.root, output: output)).build(asOf: day, theme: self.options.theme, signing: key)
                let next = BuildStamp.published(output: output)?.nextChange.flatMap { CivilDate(iso: $0.date) }
                let today = self.options.clock.today
                if day < today, let next, next <= today {
                    try? FileManager.default.removeItem(atPath: scratch)
                    return self.redirect("/publish", problems: [Diagnostic(at: SourceLocation(file: "asOf"), "E812.calendar",
                                                                           ["asOf": "\(day)", "next": "\(next)"])])
                }
                guard site.approvalInputs(theme: self.options.theme) == inputs else {
                    try? FileManager.default.removeItem(atPath: scratch)
                    return self.redirect("/publish", problems: [Diagnostic(at: SourceLocation(file: "asOf"), "E812.inputs")])
                }
                let comparison = try OutputComparison.between(old: self.layout.output, new: output)
                var summary = RequestSummary(sentences: comparison.sentences, added: comparison.added, changed: comparison.changed,
                                             removed: comparison.removed, firstPublication: comparison.firstPublication)
                summary.package = self.stagePackage(output: output, asOf: day).map { p in p.names.map { p.folder + "/" + $0 } } ?? []
                summary.nextChange = next?.iso
                let result = Site.manifestDigest(output: output) ?? ""
                let store = try self.requestStore()
                let id = try store.addRequest(AccountStore.Request(kind: .publish, author: self.actor, created: self.now, asOf: day.iso,
                                                                   inputs: inputs, result: result, summary: summary.json))
                try FileManager.default.moveItem(atPath: scratch, toPath: self.requestsFolder + "/\(id)")
                self.audit("request-publish", "#\(id) \(day)", input: inputs, output: result)
                return self.redirect("/request?id=\(id)", notice: self.t("workbench.said.requested", ["id": "\(id)"]), problems: report.warnings)
            } catch {
                try? FileManager.default.removeItem(atPath: scratch)
                return self.redirect("/publish", error)
            }
        }
    }

    // MARK: Showing

    func requestLines(_ kind: AccountStore.RequestKind) -> [RequestLine] {
        ((try? requestStore().requests(kind: kind, limit: 50)) ?? []).map { r in
            RequestLine(href: "/request?id=\(r.id)", title: requestTitle(r),
                        who: t("workbench.request.asked", ["name": "\(r.author)", "at": "\(options.clock.describe(r.created))"]),
                        state: stateLabel(r.state), stateClass: "state-" + r.state.rawValue)
        }
    }

    func requestTitle(_ r: AccountStore.Request) -> String {
        r.kind == .publish ? t("workbench.request.publishTitle", ["id": "\(r.id)", "asOf": "\(r.asOf)"])
            : t("workbench.request.bundleTitle", ["id": "\(r.id)", "recipient": "\(r.recipient)", "asOf": "\(r.asOf)"])
    }

    func stateLabel(_ state: AccountStore.RequestState) -> String {
        switch state {
        case .pending: t("workbench.request.state.pending")
        case .approved: t("workbench.request.state.approved")
        case .rejected: t("workbench.request.state.rejected")
        case .withdrawn: t("workbench.request.state.withdrawn")
        case .void: t("workbench.request.state.void")
        case .done: t("workbench.request.state.done")
        }
    }

    /// What became of a request, from its recorded outcome (`release:…`, `bundle:…`, `void:…`, `superseded:…`).
    func outcomeText(_ r: AccountStore.Request) -> String? {
        let parts = r.outcome.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "release": return t("workbench.request.outcome.release", ["release": "\(parts[1])"])
        case "built": return t("workbench.request.outcome.built", ["output": "\(layout.output)"])
        case "bundle": return t("workbench.request.outcome.bundle", ["file": "\(parts[1])"])
        case "superseded": return t("workbench.request.outcome.superseded", ["id": "\(parts[1])"])
        case "void" where parts[1] == "inputs": return t("workbench.request.outcome.voidInputs")
        case "void" where parts[1] == "calendar": return t("workbench.request.outcome.voidCalendar")
        case "void" where parts[1] == "bundle": return t("workbench.request.outcome.voidBundle")
        case "void" where parts[1] == "nothing": return t("workbench.request.outcome.voidNothing")
        case "void" where parts[1] == "differs": return t("workbench.request.outcome.voidDiffers")
        default: return nil
        }
    }

    /// Whether the visitor may decide requests at all (a reviewer or an administrator; the local user).
    var mayDecide: Bool {
        guard accounts != nil else { return true }
        return WorkbenchVisit.visitor.map { [.reviewer, .admin].contains($0.user.role) } ?? false
    }

    func requestPage(_ request: Request) throws -> Response {
        guard let id = request.uri.queryParameters["id"].flatMap({ Int64(String($0)) }),
              let r = try requestStore().request(id) else { return try notFound(request) }
        let summary = RequestSummary.of(r)
        let heading = requestTitle(r)
        let isPublish = r.kind == .publish
        var facts = [RequestPage.Fact(label: t("workbench.request.author"), value: r.author),
                     RequestPage.Fact(label: t("workbench.request.created"), value: options.clock.describe(r.created)),
                     RequestPage.Fact(label: t("workbench.request.asOf"), value: r.asOf)]
        if !isPublish {
            facts.append(.init(label: t("workbench.request.recipient"), value: r.recipient))
            facts.append(.init(label: t("workbench.request.bundleKind"),
                               value: summary.bundleKind == "delta" ? t("workbench.request.delta", ["sequence": "\(summary.sequence)", "since": "\(summary.since ?? "")"])
                                   : t("workbench.request.full", ["sequence": "\(summary.sequence)"])))
        } else if let next = summary.nextChange {
            facts.append(.init(label: t("workbench.request.nextChange"), value: next))
        }
        if !r.reviewer.isEmpty {
            facts.append(.init(label: t("workbench.request.reviewer"), value: r.reviewer))
            facts.append(.init(label: t("workbench.request.reviewed"), value: options.clock.describe(r.reviewed)))
        }
        if !r.comment.isEmpty { facts.append(.init(label: t("workbench.request.comment"), value: r.comment)) }
        if let outcome = outcomeText(r) { facts.append(.init(label: t("workbench.request.outcome"), value: outcome)) }
        if accounts == nil { facts.append(.init(label: t("workbench.request.alone"), value: t("workbench.request.aloneNote"))) }

        var changes: ChangesPart?
        if isPublish {
            changes = changesPart(OutputComparison(sentences: summary.sentences, added: summary.added, changed: summary.changed,
                                                   removed: summary.removed, firstPublication: summary.firstPublication))
        }
        let folder = requestsFolder + "/\(r.id)/public/packages/"
        let package = summary.package.filter { FileManager.default.fileExists(atPath: folder + $0) }.map {
            PublishPage.FileLine(name: $0, href: "/request/file?id=\(r.id)&name=" + Self.queryValue($0), size: Self.size(Self.fileSize(folder + $0), language))
        }
        let counts = zip(summary.countFiles, summary.counts).map { file, n in
            RequestPage.CountLine(file: file, records: "\(n[0])", added: "\(n[1])", changed: "\(n[2])", withdrawn: "\(n[3])")
        }
        let own = accounts != nil && r.author == actor
        let decidable = r.state == .pending && mayDecide
        var download: PublishPage.FileLine?
        if r.kind == .bundle, r.state == .done, let name = bundleFile(r) {
            download = PublishPage.FileLine(name: name, href: "/bundles/file?id=\(r.id)", size: Self.size(Self.fileSize(bundlesFolder + "/" + name), language))
        }
        let context = RequestPage(
            chrome: chrome(request, title: heading, current: isPublish ? "/publish" : "/bundles"), heading: heading, id: "\(r.id)",
            state: stateLabel(r.state), stateClass: "state-" + r.state.rawValue, facts: facts,
            changesHeading: t("workbench.request.changes"), changes: changes,
            packageHeading: t("workbench.request.package"), package: package, hasPackage: !package.isEmpty,
            countsHeading: t("workbench.request.counts"),
            countHeaders: [t("workbench.request.countFile"), t("workbench.request.countRecords"), t("workbench.request.countAdded"),
                           t("workbench.request.countChanged"), t("workbench.request.countWithdrawn")],
            counts: counts, hasCounts: !counts.isEmpty,
            decision: decidable && !own ? RequestPage.Decision(
                commentLabel: t("workbench.request.commentLabel"), commentHint: t("workbench.request.commentHint"),
                approveLabel: t(isPublish ? "workbench.request.approvePublish" : "workbench.request.approveBundle"),
                rejectLabel: t("workbench.request.reject")) : nil,
            cannotDecide: decidable && own ? t("workbench.request.ownRequest") : nil,
            withdrawLabel: r.state == .pending && (r.author == actor) ? t("workbench.request.withdraw") : nil,
            retryLabel: r.state == .approved && mayDecide && (!isPublish || CivilDate(iso: r.asOf).map({ $0 <= options.clock.today }) == true)
                ? t("workbench.request.retry") : nil,
            retryHint: r.state == .approved && isPublish ? t("workbench.request.waiting", ["asOf": "\(r.asOf)"]) : nil,
            download: download, back: t("workbench.back"), backHref: isPublish ? "/publish" : "/bundles")
        return try page("request", context)
    }

    /// A file of a pending request's notice package (`YEAR-STAGE/NAME` as its page lists it).
    func requestFile(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let id = query["id"].flatMap({ Int64(String($0)) }), let r = try requestStore().request(id),
              let name = query["name"].map(String.init), RequestSummary.of(r).package.contains(name),
              let data = FileManager.default.contents(atPath: requestsFolder + "/\(id)/public/packages/" + name) else {
            return response(Array(t("workbench.notFound").utf8), type: "text/plain; charset=utf-8", status: .notFound)
        }
        audit("download", "#\(id) packages/" + name, output: WorkbenchAudit.sha256([UInt8](data)))
        return download([UInt8](data), name: name.replacingOccurrences(of: "/", with: "-"))
    }

    // MARK: Deciding

    func decide(_ request: Request, approve: Bool) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let id = form["id"].flatMap({ Int64($0) }) else { return try notFound(request) }
        let comment = Self.comment(form["comment"] ?? "")
        let decider = actor
        return await changes.run {
            let back = "/request?id=\(id)"
            let place = SourceLocation(file: "#\(id)")
            guard let store = try? self.requestStore(), let r = try? store.request(id) else { return self.redirect("/publish") }
            if self.accounts != nil && r.author == decider { return self.redirect(back, problems: [Diagnostic(at: place, "E811.own")]) }
            guard r.state == .pending else {
                return self.redirect(back, problems: [Diagnostic(at: place, "E811.decided", ["state": "\(self.stateLabel(r.state))"])])
            }
            if !approve {
                guard !comment.isEmpty else { return self.redirect(back, problems: [Diagnostic(at: place, "E811.comment")]) }
                guard (try? store.moveRequest(id, from: [.pending], to: .rejected, reviewer: decider, at: self.now, comment: comment)) == true else {
                    return self.redirect(back, problems: [Diagnostic(at: place, "E811.decided", ["state": "?"])])
                }
                self.removeRequestBuild(id)
                self.audit("request-reject", "#\(id) \(comment)", input: r.inputs, output: r.result)
                return self.redirect(back, notice: self.t("workbench.said.rejected", ["id": "\(id)"]))
            }
            if let why = self.staleness(r) {
                _ = try? store.moveRequest(id, from: [.pending], to: .void, outcome: "void:" + why)
                self.removeRequestBuild(id)
                self.audit("request-void", "#\(id) \(why)", input: r.inputs, output: r.result)
                return self.redirect(back, problems: [Diagnostic(at: place, why == "calendar" ? "E812.calendarNow" : why == "bundle" ? "E812.bundle" : "E812.inputs",
                                                                 ["asOf": "\(r.asOf)", "next": "\(RequestSummary.of(r).nextChange ?? "")"])])
            }
            guard (try? store.moveRequest(id, from: [.pending], to: .approved, reviewer: decider, at: self.now, comment: comment)) == true else {
                return self.redirect(back, problems: [Diagnostic(at: place, "E811.decided", ["state": "?"])])
            }
            self.audit("request-approve", "#\(id) \(comment)", input: r.inputs, output: r.result)
            var approved = r
            approved.state = .approved
            let (notice, problems) = r.kind == .publish ? self.carryOut(approved, by: decider) : self.makeBundle(approved, by: decider)
            let failed = problems.contains { $0.severity == .error }
            return self.redirect(back, notice: notice ?? (failed ? nil : self.t("workbench.said.approved", ["id": "\(id)"])), problems: problems)
        }
    }

    /// A reviewer's comment: one paragraph of text, control characters gone, at most 2,000 characters.
    static func comment(_ text: String) -> String {
        String(String(text.unicodeScalars.map { $0.properties.generalCategory == .control && $0 != "\n" ? " " : Character($0) })
            .trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
    }

    func withdraw(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let id = form["id"].flatMap({ Int64($0) }) else { return try notFound(request) }
        let who = actor
        return await changes.run {
            let back = "/request?id=\(id)"
            guard let store = try? self.requestStore(), let r = try? store.request(id) else { return self.redirect("/publish") }
            guard r.author == who, (try? store.moveRequest(id, from: [.pending], to: .withdrawn, at: self.now)) == true else {
                return self.redirect(back, problems: [Diagnostic(at: SourceLocation(file: "#\(id)"), "E811.decided", ["state": "\(self.stateLabel(r.state))"])])
            }
            self.removeRequestBuild(id)
            self.audit("request-withdraw", "#\(id)", input: r.inputs, output: r.result)
            return self.redirect(back, notice: self.t("workbench.said.withdrawn", ["id": "\(id)"]))
        }
    }

    /// An approved request whose carrying out failed (a server down, no signing key), tried again.
    func retry(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let id = form["id"].flatMap({ Int64($0) }) else { return try notFound(request) }
        let who = actor
        return await changes.run {
            let back = "/request?id=\(id)"
            guard let store = try? self.requestStore(), let r = try? store.request(id), r.state == .approved,
                  let day = CivilDate(iso: r.asOf), r.kind == .bundle || day <= self.options.clock.today else {
                return self.redirect(back, problems: [Diagnostic(at: SourceLocation(file: "#\(id)"), "E811.decided", ["state": "?"])])
            }
            let (notice, problems) = r.kind == .publish ? self.carryOut(r, by: who) : self.makeBundle(r, by: who)
            return self.redirect(back, notice: notice, problems: problems)
        }
    }

    /// Why a request no longer asks for what it showed: `inputs` (data, settings or templates changed), `calendar`
    /// (its day's site is no longer true today), `bundle` (another bundle was sent meanwhile); nil when it still does.
    func staleness(_ r: AccountStore.Request) -> String? {
        if Site(layout: layout).approvalInputs(theme: options.theme) != r.inputs { return "inputs" }
        let today = options.clock.today
        switch r.kind {
        case .publish:
            if let day = CivilDate(iso: r.asOf), day < today, let next = RequestSummary.of(r).nextChange.flatMap({ CivilDate(iso: $0) }), next <= today {
                return "calendar"
            }
        case .bundle:
            if bundlePlanDigest(recipient: r.recipient, asOf: CivilDate(iso: r.asOf) ?? today, full: r.full) != r.result { return "bundle" }
        }
        return nil
    }

    /// After the data, the settings or the templates changed: every open request made from other inputs is void.
    func voidStaleRequests() {
        guard let store = try? requestStore(), let open = try? store.requests(limit: 500).filter({ [.pending, .approved].contains($0.state) }),
              !open.isEmpty else { return }
        let inputs = Site(layout: layout).approvalInputs(theme: options.theme)
        for r in open where r.inputs != inputs {
            if (try? store.moveRequest(r.id, from: [.pending, .approved], to: .void, outcome: "void:inputs")) == true {
                removeRequestBuild(r.id)
                audit("request-void", "#\(r.id) inputs", input: r.inputs, output: r.result)
            }
        }
    }

    func removeRequestBuild(_ id: Int64) {
        try? FileManager.default.removeItem(atPath: requestsFolder + "/\(id)")
    }

    // MARK: Carrying out

    /// Publishes an approved request as of its day, if that day has come; the build must make the manifest the reviewer
    /// saw. Done: the request records the release, and older approved requests it covers are superseded.
    func carryOut(_ r: AccountStore.Request, by who: String) -> (notice: String?, problems: [Diagnostic]) {
        guard let day = CivilDate(iso: r.asOf), let store = try? requestStore() else { return (nil, []) }
        let today = options.clock.today
        if day > today { return (t("workbench.said.approvedWaiting", ["id": "\(r.id)", "asOf": "\(day)"]), []) }
        if Site(layout: layout).approvalInputs(theme: options.theme) != r.inputs {
            _ = try? store.moveRequest(r.id, from: [.approved], to: .void, outcome: "void:inputs")
            removeRequestBuild(r.id)
            audit("request-void", "#\(r.id) inputs", input: r.inputs, output: r.result, by: who == "schedule" ? "schedule" : nil)
            return (nil, [Diagnostic(at: SourceLocation(file: "#\(r.id)"), "E812.inputs")])
        }
        // Carried out late (the workbench was stopped on its day) and the calendar has moved on since: the approved
        // inputs as of today, not a day whose site is no longer true.
        let late = day < today && (RequestSummary.of(r).nextChange.flatMap { CivilDate(iso: $0) }.map { $0 <= today } ?? false)
        let (notice, problems, run) = publication(by: who, asOf: late ? today : day, approved: late ? nil : r.result, request: r.id)
        guard run.outcome != "failed" else {
            // The build made something other than what was approved (gongshi itself changed, say): never retried.
            if problems.contains(where: { $0.text.key == "E810.differs" }) {
                _ = try? store.moveRequest(r.id, from: [.approved], to: .void, outcome: "void:differs")
                removeRequestBuild(r.id)
                audit("request-void", "#\(r.id) differs", input: r.inputs, output: r.result, by: who == "schedule" ? "schedule" : nil)
            }
            return (notice, problems)
        }
        let outcome = run.release.map { "release:" + $0 } ?? "built:" + run.asOf
        _ = try? store.moveRequest(r.id, from: [.approved], to: .done, outcome: outcome)
        removeRequestBuild(r.id)
        for other in (try? store.requests(kind: .publish, limit: 500)) ?? [] where other.state == .approved && other.id != r.id
            && other.inputs == r.inputs && (CivilDate(iso: other.asOf).map { $0 <= day } ?? false) {
            _ = try? store.moveRequest(other.id, from: [.approved], to: .done, outcome: "superseded:\(r.id)")
            removeRequestBuild(other.id)
        }
        return (notice, problems)
    }

    /// The approved publication whose day has come, the latest such day first: what the schedule carries out.
    func dueApprovedRequest() -> AccountStore.Request? {
        let today = options.clock.today
        return ((try? requestStore().requests(kind: .publish, limit: 500)) ?? [])
            .filter { $0.state == .approved && (CivilDate(iso: $0.asOf).map { $0 <= today } ?? false) }
            .max { ($0.asOf, $0.id) < ($1.asOf, $1.id) }
    }
}
