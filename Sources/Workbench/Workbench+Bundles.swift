import Cryptography
import Foundation
import Hummingbird
import Messages
import Model
import Publishing
import Store

/// 共享 (Art. 14): a sharing bundle to one recipient, planned by one person (`bundle --dry-run`: what it would carry),
/// approved by another, then made and signed (`gongshi bundle`, the same code) into the site's `bundles/`, and
/// downloaded to be sent — each download recorded in the trail, each bundle in the registry's bundle log.
extension Workbench {
    var bundlesFolder: String { layout.root + "/bundles" }

    func bundlesPage(_ request: Request) throws -> Response {
        let title = t("workbench.bundles.title")
        let recipients = ((try? layout.loadConfig().recipients) ?? []).map { BundlesPage.Option(value: $0.id, label: "\($0.name)（\($0.id)）") }
        let requests = requestLines(.bundle)
        let log = ((try? RegistryStore(path: layout.registry, readOnly: true).bundleLog()) ?? []).reversed().filter { $0.count == 8 }.map { row in
            BundlesPage.LogLine(recipient: row[0], sequence: row[1], kind: t(row[2] == "full" ? "workbench.bundles.kindFull" : "workbench.bundles.kindDelta"),
                                asOf: row[3], since: row[4], file: row[5], hash: String(row[6].prefix(16)), records: row[7])
        }
        let context = BundlesPage(
            chrome: chrome(request, title: title, current: "/bundles"), heading: title, explain: t("workbench.bundles.explain"),
            recipientLabel: t("workbench.bundles.recipient"), dateLabel: t("workbench.preview.date"), date: options.clock.today.iso,
            fullLabel: t("workbench.bundles.full"), planLabel: t("workbench.bundles.plan"), requestsHeading: t("workbench.bundles.requests"),
            logHeading: t("workbench.bundles.log"), logLink: t("workbench.bundles.logLink"),
            recipients: recipients, hasRecipients: !recipients.isEmpty,
            noRecipients: recipients.isEmpty ? t("workbench.bundles.noRecipients") : nil,
            requests: requests, hasRequests: !requests.isEmpty, noRequests: requests.isEmpty ? t("workbench.bundles.noRequests") : nil,
            logHeaders: [t("workbench.bundles.logRecipient"), t("workbench.bundles.logSequence"), t("workbench.bundles.logKind"),
                         t("workbench.bundles.logAsOf"), t("workbench.bundles.logSince"), t("workbench.bundles.logFile"),
                         t("workbench.bundles.logHash"), t("workbench.bundles.logRecords")],
            log: log, hasLog: !log.isEmpty, noLog: log.isEmpty ? t("workbench.bundles.noLog") : nil)
        return try page("bundles", context)
    }

    /// 拟制数据包: the plan, checked and kept for the reviewer; nothing is signed, written or numbered yet.
    func requestBundle(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let day = form["asOf"].flatMap({ CivilDate(iso: $0) }) else {
            return redirect("/bundles", problems: [Diagnostic(at: SourceLocation(file: "asOf"), "E805", ["value": "\(form["asOf"] ?? "")"])])
        }
        let recipient = form["recipient"] ?? "", full = form["full"] == "1"
        return await changes.run {
            do {
                guard try SigningKeys.load(file: nil, siteRoot: self.layout.root) != nil else {
                    return self.redirect("/bundles", problems: [Diagnostic(at: SourceLocation(file: "GONGSHI_SECRET_KEY_FILE"), "E813")])
                }
                let site = Site(layout: self.layout)
                let inputs = site.approvalInputs(theme: self.options.theme)
                guard case .planned(let plan) = try site.bundle(to: recipient, asOf: day, full: full, key: nil, outputDirectory: self.bundlesFolder) else {
                    return self.redirect("/bundles")
                }
                if plan.isEmptyDelta {
                    return self.redirect("/bundles", notice: self.t("workbench.said.nothingNew", ["recipient": "\(recipient)", "since": "\(plan.previous?.asOf.iso ?? "")"]))
                }
                var summary = RequestSummary()
                summary.sequence = plan.sequence; summary.bundleKind = plan.kind; summary.since = plan.previous?.asOf.iso
                summary.countFiles = plan.counts.map(\.file)
                summary.counts = plan.counts.map { [$0.records, $0.added, $0.changed, $0.withdrawn] }
                let result = Self.digest(plan)
                let id = try self.requestStore().addRequest(AccountStore.Request(
                    kind: .bundle, author: self.actor, created: self.now, asOf: day.iso, recipient: recipient, full: full,
                    inputs: inputs, result: result, summary: summary.json))
                self.audit("request-bundle", "#\(id) \(recipient) \(day)\(full ? " full" : "")", input: inputs, output: result)
                return self.redirect("/request?id=\(id)", notice: self.t("workbench.said.requested", ["id": "\(id)"]))
            } catch {
                return self.redirect("/bundles", error)
            }
        }
    }

    /// What a plan would send: its number, kind, days and counts per file. The same plan again gives the same digest;
    /// a bundle sent meanwhile (another number, another base) gives another.
    static func digest(_ plan: BundlePlan) -> String {
        var lines = ["gongshi bundle plan 1", plan.recipient.id, "\(plan.sequence)", plan.kind, plan.asOf.iso, plan.previous?.asOf.iso ?? "-"]
        lines += plan.counts.map { "\($0.file) \($0.records) \($0.added) \($0.changed) \($0.withdrawn)" }
        return WorkbenchAudit.sha256(lines.joined(separator: "\n"))
    }

    func bundlePlanDigest(recipient: String, asOf day: CivilDate, full: Bool) -> String? {
        guard case .planned(let plan)? = try? Site(layout: layout).bundle(to: recipient, asOf: day, full: full, key: nil,
                                                                           outputDirectory: bundlesFolder) else { return nil }
        return Self.digest(plan)
    }

    /// Makes and signs an approved bundle; the request records its file.
    func makeBundle(_ r: AccountStore.Request, by who: String) -> (notice: String?, problems: [Diagnostic]) {
        let place = SourceLocation(file: "#\(r.id)")
        do {
            guard let store = try? requestStore(), let day = CivilDate(iso: r.asOf) else { return (nil, []) }
            guard let key = try SigningKeys.load(file: nil, siteRoot: layout.root) else {
                return (nil, [Diagnostic(at: SourceLocation(file: "GONGSHI_SECRET_KEY_FILE"), "E813")])
            }
            switch try Site(layout: layout).bundle(to: r.recipient, asOf: day, full: r.full, key: key, outputDirectory: bundlesFolder) {
            case let .written(path, bundle):
                let name = URL(fileURLWithPath: path).lastPathComponent
                _ = try? store.moveRequest(r.id, from: [.approved], to: .done, outcome: "bundle:" + name)
                audit("bundle-make", "#\(r.id) \(r.recipient) \(bundle.sequence) \(name)", input: r.inputs,
                      output: FileManager.default.contents(atPath: path).map { WorkbenchAudit.sha256([UInt8]($0)) } ?? "")
                return (t("workbench.said.bundleMade", ["id": "\(r.id)", "file": "\(name)"]), [])
            case .nothingNew, .planned:
                _ = try? store.moveRequest(r.id, from: [.approved], to: .void, outcome: "void:nothing")
                return (nil, [Diagnostic(at: place, "E812.bundle")])
            }
        } catch let error as GongshiError {
            return (nil, error.diagnostics)
        } catch {
            return (nil, [Diagnostic(at: place, "E803", ["reason": SystemReason.of(error)])])
        }
    }

    /// The file a made bundle was written to, while it is there.
    func bundleFile(_ r: AccountStore.Request) -> String? {
        guard r.outcome.hasPrefix("bundle:") else { return nil }
        let name = String(r.outcome.dropFirst("bundle:".count))
        return !name.contains("/") && FileManager.default.fileExists(atPath: bundlesFolder + "/" + name) ? name : nil
    }

    /// 下载数据包: only a bundle an approved request made; each download (a send) is recorded.
    func downloadBundle(_ request: Request) throws -> Response {
        guard let id = request.uri.queryParameters["id"].flatMap({ Int64(String($0)) }), let r = try requestStore().request(id),
              r.kind == .bundle, r.state == .done, let name = bundleFile(r),
              let data = FileManager.default.contents(atPath: bundlesFolder + "/" + name) else {
            return response(Array(t("workbench.notFound").utf8), type: "text/plain; charset=utf-8", status: .notFound)
        }
        audit("bundle-download", "#\(id) \(r.recipient) \(name)", input: r.result, output: WorkbenchAudit.sha256([UInt8](data)))
        return download([UInt8](data), name: name)
    }

    /// The bundle log as `gongshi bundle --log` writes it.
    func bundleLogFile() throws -> Response {
        let text: String
        do { text = try Site(layout: layout).bundleLog(recipient: nil) } catch let error as GongshiError {
            return redirect("/bundles", problems: error.diagnostics)
        }
        let bytes = Array(text.utf8)
        audit("download", "bundle-log.csv", output: WorkbenchAudit.sha256(bytes))
        return download(bytes, name: t("workbench.bundles.logFileName"))
    }
}
