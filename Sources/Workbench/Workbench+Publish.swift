import Foundation
import Hummingbird
import Messages
import Model
import Publishing

/// 发布: builds as of today and copies to `[publish]`'s target through `Site.publish` — the command line's
/// `gongshi publish`, the same code — and keeps each run for the home page.
extension Workbench {
    var log: PublishLog { PublishLog(path: desk.state + "/runs.json") }

    func publishPage(_ request: Request) throws -> Response {
        let title = t("workbench.publish.title")
        let config = try? layout.loadConfig()
        let target = config?.publishTarget
        let today = options.clock.today
        var serving: String?
        if let target {
            serving = Publisher(target: target).serving().map { t("workbench.publish.serving", ["release": "\($0)"]) }
                ?? t("workbench.publish.servingNothing")
        }
        let packages = stagePackages(asOf: today)
        let runs = runLines()
        let requests = requestLines(.publish)
        let context = PublishPage(
            chrome: chrome(request, title: title, current: "/publish"), heading: title,
            target: target.map { t("workbench.publish.target", ["target": "\($0.display)"]) } ?? t("workbench.publish.noTarget", ["output": "\(layout.output)"]),
            explain: t("workbench.publish.explain", ["date": "\(today)"]), publishLabel: t("workbench.publish.button", ["date": "\(today)"]),
            previewLink: t("workbench.publish.previewFirst"), packagesHeading: t("workbench.publish.packages"), runsHeading: t("workbench.runs"),
            direct: accounts == nil, requestHeading: t("workbench.publish.requestHeading"),
            requestExplain: t(accounts == nil ? "workbench.publish.requestAlone" : "workbench.publish.requestExplain"),
            dateLabel: t("workbench.preview.date"), date: today.iso, requestLabel: t("workbench.publish.request"),
            requestsHeading: t("workbench.publish.requests"), requests: requests, hasRequests: !requests.isEmpty,
            noRequests: requests.isEmpty ? t("workbench.publish.noRequests") : nil,
            serving: serving, packages: packages, noPackages: packages.isEmpty ? t("workbench.publish.noPackages") : nil,
            runs: runs, hasRuns: !runs.isEmpty, noRuns: runs.isEmpty ? t("workbench.runs.none") : nil)
        return try page("publish", context)
    }

    func publishNow(_ request: Request) async throws -> Response {
        guard try await formFields(request) != nil else { return forbidden() }
        // With accounts no one publishes alone (the route is closed to every role); this is the local user's button.
        guard accounts == nil else { return forbidden() }
        return await changes.run {
            let (notice, problems, _) = self.publication(by: "clerk", asOf: self.options.clock.today)
            return self.redirect("/publish", notice: notice, problems: problems)
        }
    }

    /// Builds as of `day` and publishes; the line to say, the problems, and the run (recorded either way). `approved`:
    /// the manifest of the request a reviewer approved, which the build must make again.
    func publication(by who: String, asOf day: CivilDate, approved: String? = nil, request: Int64? = nil)
        -> (notice: String?, problems: [Diagnostic], run: PublishLog.Run) {
        var run = PublishLog.Run(at: options.clock.stamp(), asOf: day.iso, by: who, outcome: "failed", request: request)
        defer {
            log.append(run)
            audit(who == "schedule" ? "publish-scheduled" : "publish", "\(day) \(run.outcome) \(run.release ?? "")" + (request.map { " #\($0)" } ?? ""),
                  input: DataDesk.hash(layout.registry), output: DataDesk.hash(layout.output + "/SHA256SUMS"),
                  by: who == "schedule" ? "schedule" : nil)
        }
        do {
            let key = try SigningKeys.load(file: nil, siteRoot: layout.root)
            let report = try Site(layout: layout).publish(asOf: day, theme: options.theme, signing: key, approved: approved)
            switch (report.target, report.outcome) {
            case let (target?, .published(release, previous)?):
                run.outcome = "published"; run.release = release; run.previous = previous
                return (t("workbench.said.published", ["target": "\(target.display)", "release": "\(release)", "date": "\(day)"]), report.build.warnings, run)
            case let (target?, .unchanged(release)?):
                run.outcome = "unchanged"; run.release = release
                return (t("workbench.said.unchanged", ["target": "\(target.display)", "release": "\(release)"]), report.build.warnings, run)
            default:
                run.outcome = "built"
                return (t("workbench.said.builtOnly", ["output": "\(layout.output)", "date": "\(day)"]), report.build.warnings, run)
            }
        } catch let error as GongshiError {
            run.problem = error.diagnostics.first.map { $0.text.text(language) }
            return (nil, error.diagnostics, run)
        } catch {
            run.problem = "\(error)"
            return (nil, [Diagnostic(at: SourceLocation(file: layout.output), "E803", ["reason": SystemReason.of(error)])], run)
        }
    }

    func runLines() -> [RunLine] {
        log.runs().reversed().map { run in
            let by = run.by == "schedule" ? t("workbench.runs.bySchedule")
                : run.by == "clerk" || run.by == "local" ? t("workbench.runs.byClerk") : run.by
            let what: String = switch run.outcome {
            case "published": t("workbench.runs.published", ["by": "\(by)", "asOf": "\(run.asOf)", "release": "\(run.release ?? "")"])
            case "unchanged": t("workbench.runs.unchanged", ["by": "\(by)", "asOf": "\(run.asOf)", "release": "\(run.release ?? "")"])
            case "built": t("workbench.runs.built", ["by": "\(by)", "asOf": "\(run.asOf)"])
            default: t("workbench.runs.failed", ["by": "\(by)", "asOf": "\(run.asOf)"])
            }
            return RunLine(when: run.at, what: what, failed: run.outcome == "failed", problem: run.problem)
        }
    }

    /// The notice package of the newest year's stage now (its 公示 or 公布 notice and annexes), from the last build.
    func stagePackages(asOf day: CivilDate) -> [PublishPage.Package] {
        guard let package = stagePackage(output: layout.output, asOf: day) else { return [] }
        return [PublishPage.Package(
            title: t(package.final ? "workbench.publish.finalPackage" : "workbench.publish.noticePackage", ["year": "\(package.year)"]),
            files: package.names.map { PublishPage.FileLine(name: $0, href: "/publish/package?name=" + Self.queryValue(package.folder + "/" + $0),
                                                            size: Self.size(Self.fileSize(layout.output + "/packages/" + package.folder + "/" + $0), language)) })]
    }

    /// The first year whose stage as of `day` has a package in `output` (its 公示 or 公布): the folder under
    /// `packages/` and its files. What the publish page offers and what a publication request keeps.
    func stagePackage(output: String, asOf day: CivilDate) -> (year: Int, final: Bool, folder: String, names: [String])? {
        guard let status = try? Site(layout: layout).status(asOf: day) else { return nil }
        for year in status.years {
            let final: Bool
            switch year.status {
            case .notice, .reviewing: final = false
            case .final: final = true
            case .unpublished: continue
            }
            let folder = "\(year.year)-\(final ? "final" : "notice")"
            let names = Self.packageFiles(output + "/packages/" + folder)
            if !names.isEmpty { return (year.year, final, folder, names) }
        }
        return nil
    }

    static func packageFiles(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A file of a notice package, by `YEAR-STAGE/NAME` as the page lists it; nothing else.
    func package(_ request: Request) -> Response {
        let parts = (request.uri.queryParameters["name"].map(String.init) ?? "").split(separator: "/").map(String.init)
        guard parts.count == 2, parts[0].wholeMatch(of: /[0-9]{4}-(notice|final)/) != nil,
              Self.packageFiles(layout.output + "/packages/" + parts[0]).contains(parts[1]),
              let data = FileManager.default.contents(atPath: layout.output + "/packages/" + parts[0] + "/" + parts[1]) else {
            return response(Array(t("workbench.notFound").utf8), type: "text/plain; charset=utf-8", status: .notFound)
        }
        audit("download", "packages/" + parts[0] + "/" + parts[1], output: WorkbenchAudit.sha256([UInt8](data)))
        return download([UInt8](data), name: parts[0] + "-" + parts[1])
    }
}
