import Evaluation
import Foundation
import Import
import Messages
import Model
import Rendering

/// `gongshi build`: the publication as of one date, into its output folder.
extension Site {
    public struct BuildReport: Sendable {
        public var pages: Int
        public var files: Int
        public var bytes: Int
        public var warnings: [Diagnostic]
        public var output: String
        /// What changed in the output folder.
        public var outcome: OutputWriter.Outcome
        /// The first day after the as-of date on which the output changes by itself, and why.
        public var nextChange: BuildStamp.NextChange?
    }

    /// `gongshi build`: the registry and the site's files, as of one date, into `public/`.
    public func build(asOf: CivilDate, theme themeSource: ThemeSource, signing: MinisignKey? = nil) throws -> BuildReport {
        if let problem = layout.outputPlacementProblem(theme: themeSource.folder) { throw GongshiError(step: .checkOutput, diagnostics: [problem]) }
        // Not a site: said before anything is written there, the output's lock included (in the step that reads the config).
        do { try layout.requireSite() } catch {
            log(.build, .loadConfig)
            throw error
        }
        // One build at a time into an output: held until this function returns.
        let lock: FileLock
        do {
            try FileManager.default.createDirectory(atPath: RelativePath.parent(layout.output).isEmpty ? "/" : RelativePath.parent(layout.output),
                                                    withIntermediateDirectories: true)
            lock = try FileLock(path: FileLock.outputPath(layout.output), purpose: "build")
        } catch let busy as FileLock.Busy {
            throw Self.gongshiError(OutputWriter.busy(busy, output: layout.output), step: .lockOutput)
        } catch {
            throw GongshiError(step: .lockOutput, at: SourceLocation(file: layout.output), "E900.lockOutputFailed",
                               ["error": "\(error)"])
        }
        defer { lock.release() }
        if let failure = OutputWriter.ownershipProblem(output: layout.output) { throw Self.gongshiError(failure, step: .checkOutput) }
        let dataNow = ImportSource.fingerprint(of: SiteFolder(path: layout.data, display: "data/"))
        let inputs = BuildStamp.inputs(layout: layout, theme: themeSource, asOf: asOf, signing: signing, data: dataNow)
        if let stamp = BuildStamp.matching(output: layout.output, inputs: inputs) {
            log("progress.nothingToDo", ["output": "\(layout.output)"])
            return BuildReport(pages: stamp.pages, files: stamp.files, bytes: stamp.bytes, warnings: stamp.warnings,
                               output: layout.output, outcome: .unchanged, nextChange: stamp.nextChange)
        }
        let checked = try loadChecked(plan: .build, forPublication: true, contentTheme: themeSource, dataNow: dataNow)
        log(.build, .loadTheme)
        guard let content = checked.content, let theme = content.theme else {
            throw GongshiError(step: .loadTheme, at: SourceLocation(file: themeSource.folder ?? ThemeSource.builtInDisplay), "E502.themeUnreadable")
        }

        log(.build, .evaluate, ["asOf": "\(asOf)"])
        // Only the public part of the registry goes on from here.
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        var site = checked.config.site
        site.pages = content.pages.map { SiteInfo.PageLink(title: $0.title, slug: $0.slug) }
        let nextChange = checked.evaluator.nextChange(checked.registry.published, after: asOf,
                                                      authored: content.notices.map { ($0.slug, $0.date) })
        let noChannel = site.objectionChannelProblems(stages: checked.registry.published.stages, asOf: asOf, upcomingToo: false)
        guard noChannel.isEmpty else { throw GongshiError(step: .check, diagnostics: noChannel) }
        let held = Dictionary(uniqueKeysWithValues: publication.years.compactMap { y in FrozenList.heldDigest(y).map { (y.year, $0) } })
        let rewritten = BuildTimings.measure(timings, "frozen-lists") {
            frozenListProblems(publication, held: held, marks: BuildStamp.load(output: layout.output)?.frozenLists ?? [:])
        }
        guard rewritten.isEmpty else { throw GongshiError(step: .check, diagnostics: rewritten) }

        log(.build, .render)
        let writer: OutputWriter
        do {
            // Both trees are read from the disk, file by file: at national scale a measurable part of a rebuild.
            writer = try BuildTimings.measure(timings, "output-trees") {
                try OutputWriter(output: layout.output, lock: lock, forbidden: signing?.secretMaterial ?? [])
            }
        } catch let failure as OutputWriter.Failure {
            throw Self.gongshiError(failure, step: .prepareOutput)
        } catch {
            throw GongshiError(step: .prepareOutput, at: SourceLocation(file: layout.output), "E900.prepareOutputFailed",
                               ["error": "\(error)"])
        }
        do {
            var contexts = PageContexts(site: site, publication: publication, notices: content.notices, nextChange: nextChange)
            // Art. 19: the inspector pool is internal; only a site that says so publishes who was drawn.
            if checked.config.inspection.publishInspectors {
                for result in publication.draws {
                    contexts.publishedInspectors[result.draw.year] = Dictionary(
                        InspectionDrawing.assignInspectors(result, pool: checked.registry.internalOnly.inspectors).map { ($0.agency, $0.inspectors) },
                        uniquingKeysWith: { a, _ in a })
                }
            }
            let renderer = SiteRenderer(theme: theme, contexts: contexts,
                                        writer: writer, registry: checked.registry.published, signing: signing,
                                        addressees: checked.config.recipients.map(\.address), timings: timings,
                                        memo: RenderMemo.load(output: layout.output, environment: RenderMemo.environment(
                                            layout: layout, theme: themeSource, signing: signing)), pageProgress: pageProgress)
            let pageCount = try renderer.renderAll(authored: content.pages, staticFolder: content.staticFolder, staticFiles: content.staticFiles)
            let files = writer.files
            log(.build, .switchFiles, ["filesCount": "\(files.count)", "output": "\(layout.output)"])
            var stamp = BuildStamp(inputs: inputs, pages: pageCount, files: files.count, bytes: files.values.reduce(0, +), warnings: checked.findings)
            stamp.nextChange = nextChange.map(BuildStamp.NextChange.init)
            stamp.asOf = asOf.iso
            stamp.frozenLists = Dictionary(uniqueKeysWithValues: held.compactMap { year, digest in
                writer.checksum(of: "open-data/grades-\(year).csv").map {
                    ("\(year)", BuildStamp.FrozenListMark(file: $0, held: digest, executable: CommandLine.executableIdentity))
                }
            })
            let outcome = try writer.commit(stamp: stamp)
            renderer.memo.save(output: layout.output)
            return BuildReport(pages: pageCount, files: files.count, bytes: stamp.bytes, warnings: checked.findings,
                               output: layout.output, outcome: outcome, nextChange: stamp.nextChange)
        } catch {
            if let e = error as? GongshiError { throw e }
            if let f = error as? Theme.Failure { throw GongshiError(step: .render, diagnostics: f.diagnostics) }
            if let f = error as? OutputWriter.Failure { throw Self.gongshiError(f, step: .write) }
            throw GongshiError(step: .write, at: SourceLocation(file: layout.output), "E900.writeOutput", ["error": SystemReason.of(error)])
        }
    }

    /// Art. 13–14: each final year whose list (version 1) or 公布 notice the output already published the data
    /// now contradict: a score, a row or a grade changed, an objection recorded late that the notice did not count.
    /// A list the last build wrote from data whose held columns digest as now (`held`, `marks`) is not read again.
    func frozenListProblems(_ publication: Publication, held: [Int: String], marks: [String: BuildStamp.FrozenListMark]) -> [Diagnostic] {
        publication.years.filter(\.status.isFinal).flatMap { year -> [Diagnostic] in
            func problem(_ file: String, _ differences: [String]) -> Diagnostic {
                Diagnostic(at: SourceLocation(file: file), "E304", ["year": "\(year.year)", "finalOn": "\(year.stage.finalOn)", "file": "\(file)",
                                                                  "differences": "\(differences.joined(separator: "；"))"])
            }
            var found: [Diagnostic] = []
            let list = layout.output + "/open-data/grades-\(year.year).csv"
            let unchanged = marks["\(year.year)"].map {
                $0.executable == CommandLine.executableIdentity && $0.held == held[year.year] && BuildStamp.fileHash(list) == $0.file
            } ?? false
            if !unchanged, case .success(let bytes) = SiteFolder.readNamedFile(list, limit: 1 << 30) {
                let differences = FrozenList.differences(year, published: String(decoding: bytes, as: UTF8.self), publication)
                if !differences.isEmpty { found.append(problem(list, differences)) }
            }
            let notice = layout.output + "/packages/\(year.year)-final/notice.html"
            if case .success(let bytes) = SiteFolder.readNamedFile(notice, limit: 16 << 20), let tally = year.objectionsWhenPublished {
                let text = String(decoding: bytes, as: UTF8.self), now = ObjectionWording.sentence(tally, stage: year.stage)
                if let published = text.firstMatch(of: /公示期内（[^<]*/).map({ String($0.output) }), published != now {
                    found.append(problem(notice, ["公告写的是“\(published)”，现在的数据是“\(now)”"]))
                }
            }
            return found
        }
    }
}
