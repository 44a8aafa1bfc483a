import Evaluation
import Foundation
import Messages
import Model
import Rendering
import Store

/// `gongshi bundle`: the signed sharing bundles of Art. 14 and their log.
extension Site {
    /// `gongshi bundle --log`: the bundle log as CSV (UTF-8 with BOM, for Excel), one row per bundle sent.
    public func bundleLog(recipient: String?) throws -> String {
        var writer = CSVWriter(header: ["接收方", "序号", "类型", "数据日期", "上一包数据日期", "文件", "SHA-256", "现行记录数"])
        do {
            guard FileManager.default.fileExists(atPath: layout.registry) else {
                throw GongshiError(step: .readBundleLog, at: SourceLocation(file: layout.registry), "E303.noRegistry")
            }
            for row in try RegistryStore(path: layout.registry, readOnly: true).bundleLog(recipient: recipient) {
                writer.append(row.enumerated().map { $0.offset == 2 ? ($0.element == "full" ? "全量" : "增量") : $0.element })
            }
        } catch let error as GongshiError {
            throw error
        } catch {
            throw GongshiError(step: .readBundleLog, at: SourceLocation(file: layout.registry), "E300.bundleLog", ["error": "\(error)"])
        }
        return "\u{FEFF}" + writer.text
    }

    /// The recipient of that id among the configured ones, or an error listing them.
    public func recipient(_ id: String) throws -> Recipient {
        let config = try layout.loadConfig()
        guard let recipient = config.recipients.first(where: { $0.id == id }) else {
            throw GongshiError(step: .bundle, at: SourceLocation(file: SiteConfig.fileName, field: "recipients"), "E404",
                               ["id": "\(id)", "known": .list(config.recipients.map { "\($0.id)" })])
        }
        return recipient
    }

    /// `gongshi bundle --to RECIPIENT`: a signed zip of what the recipient receives as of `asOf`, full or as a
    /// delta since the last one sent; the bundle and its records are logged in the registry. `key` nil: a dry run.
    public func bundle(to id: String, asOf: CivilDate, full: Bool, key: MinisignKey?, outputDirectory: String) throws -> BundleOutcome {
        let recipient = try self.recipient(id)
        // The bundle log is written to the registry: one writer at a time, and no import under a bundle.
        let lock = try registryLock(purpose: "bundle")
        defer { lock.release() }
        let checked = try loadChecked(plan: .bundle)
        log(.bundle, .evaluateBundle, ["asOf": "\(asOf)"])
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        let store: RegistryStore
        let previous: BundleLogEntry?
        do {
            // A dry run (no key) only reads the log: the registry stays as it was.
            store = try RegistryStore(path: layout.registry, readOnly: key == nil)
            previous = try store.lastBundle(to: recipient.id)
        } catch {
            throw GongshiError(step: .readBundleLog, at: SourceLocation(file: layout.registry), "E300.bundleLog", ["error": "\(error)"])
        }
        if let previous, asOf < previous.asOf, !full {
            throw GongshiError(step: .bundle, at: SourceLocation(file: layout.registry),
                               "E703.bundleWasDelta",
                               ["sequence": "\(previous.sequence)", "recipient": "\(recipient.id)", "asOf": "\(previous.asOf)", "asOf2": "\(asOf)"])
        }
        var site = checked.config.site
        site.pages = []
        // A bundle is for its recipient: never in the published output, or in a folder the site publishes from.
        let folder = SiteLayout.resolved(outputDirectory)
        for (name, published) in [(MessageArgument.phrase("E903.outputFolder"), layout.output), ("static/", layout.staticFiles), ("templates/", layout.templates),
                                  ("pages/", layout.pages), ("notices/", layout.notices), ("data/", layout.data)]
            where SiteLayout.isInside(folder, SiteLayout.resolved(published)) {
            throw GongshiError(step: .bundle, at: SourceLocation(file: outputDirectory), "E903.bundleInsideSite",
                               ["name": name, "root": "\(layout.root)"])
        }
        let plan = BundlePlan.make(for: recipient, publication: publication, site: site, disclosure: checked.config.disclosure,
                                   previous: previous, full: full)
        guard let key else { return .planned(plan) }
        if plan.isEmptyDelta { return .nothingNew(plan) }
        let bundle: SharingBundle
        do {
            bundle = try SharingBundle.make(plan, site: site, key: key)
        } catch let failure as OutputWriter.Failure {
            throw Self.gongshiError(failure, step: .bundle)
        }
        log(.bundle, .writeBundle, ["fileName": "\(bundle.fileName)"])
        let path = URL(fileURLWithPath: outputDirectory).standardizedFileURL.appendingPathComponent(bundle.fileName).path
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bundle.zip)) else {
                throw OutputWriter.Failure(path: temporary, "E900.cannotWrite")
            }
            try store.recordBundle(bundle.log, previousAsOf: bundle.previousAsOf)
            if rename(temporary, path) != 0 { throw OutputWriter.Failure(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: path + ".partial")
            throw GongshiError(step: .writeBundle, at: SourceLocation(file: path), "E900.writeBundle", ["error": SystemReason.of(error)])
        }
        return .written(path: path, bundle: bundle)
    }
}
