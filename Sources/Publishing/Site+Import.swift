import Evaluation
import Foundation
import Import
import Messages
import Model
import Rendering
import Store

/// `gongshi import`: the data files into the registry, one writer at a time.
extension Site {
    /// `gongshi import`: checks the data files and, only if they have no error, replaces the registry's
    /// rows with them in one transaction.
    @discardableResult
    public func importData(encoding: TextEncoding? = nil) throws -> CheckReport {
        // Not a site: said before anything is written there, the registry's lock included (in the step that reads it).
        do { try layout.requireSite() } catch {
            log(.importData, .checkData)
            throw error
        }
        // One writer of the registry at a time; a build reads it in one transaction and needs no lock.
        let lock = try registryLock(purpose: "import")
        defer { lock.release() }
        log(.importData, .checkData)
        let read = try readAndCheckSources(encoding: encoding)
        guard read.report.errors.isEmpty else { throw GongshiError(step: .check, diagnostics: read.report.diagnostics) }
        log(.importData, .openRegistry, ["registry": "\(layout.registry)"])
        do {
            let store = try RegistryStore(path: layout.registry)
            log(.importData, .writeAgencies, ["agenciesCount": "\(read.data.published.agencies.count)"])
            try store.replaceAll(with: read.data, sources: read.sources, origins: read.origins, reportNumbers: read.reportNumbers)
        } catch {
            throw GongshiError(step: .writeRegistry, at: SourceLocation(file: layout.registry), "E302.writeFailed",
                               ["error": "\(error)"])
        }
        return read.report
    }

    /// The registry's writer lock (import, bundle), or a message naming who holds it.
    func registryLock(purpose: String) throws -> FileLock {
        do {
            try FileManager.default.createDirectory(atPath: RelativePath.parent(layout.registry), withIntermediateDirectories: true)
            return try FileLock(path: FileLock.registryPath(layout.registry), purpose: purpose)
        } catch let busy as FileLock.Busy {
            throw GongshiError(step: .lockRegistry, at: SourceLocation(file: layout.registry), "E302.busy",
                               ["holder": "\(busy.holder)"])
        } catch {
            throw GongshiError(step: .lockRegistry, at: SourceLocation(file: layout.registry), "E302.lockFailed",
                               ["error": "\(error)"])
        }
    }

    /// E301: a registry older than `data/` is never published. `now`: data/ as it is (computed when nil).
    func staleRegistryProblems(_ store: RegistryStore, now: [ImportSource]?) throws -> [Diagnostic] {
        let folder = SiteFolder(path: layout.data, display: "data/")
        // A link or a special file in data/: import would refuse it, and so does everything that reads the registry.
        let unreadable = folder.list(recursive: false).diagnostics
        guard unreadable.isEmpty else { return unreadable }
        guard let now = now ?? ImportSource.fingerprint(of: folder) else { return [] }
        let imported = try store.importSources()
        if imported.isEmpty {
            return [Diagnostic(at: SourceLocation(file: "data/"), "E301", ["registry": "\(layout.registry)", "root": "\(layout.root)"])]
        }
        return ImportSource.differences(imported: imported, now: now).map {
            Diagnostic(at: SourceLocation(file: "data/" + $0.file), $0.change, ["file": "\($0.file)", "root": "\(layout.root)"])
        }
    }
}
