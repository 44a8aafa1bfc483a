import Cryptography
import Foundation
import Import
import Messages
import Model
import Publishing
import Rendering

/// The workbench's data: an uploaded *candidate*, checked at once and kept beside `data/` until the clerk accepts
/// it; on acceptance `data/` is imported from it and replaced, the files it replaces kept as a numbered version
/// that can be brought back (as a candidate, checked again). Everything lives in the site's `.workbench/` folder,
/// which no build reads (hidden names are never published).
///
/// Acceptance is one step as the clerk sees it and safe at every point: the registry is imported from the
/// candidate first (one transaction: on any error it stays as it was, and so does `data/`), then a journal
/// names the version, then two renames swap the folders. A workbench stopped between them finishes the swap when
/// it starts again; until then any build says the registry is newer than `data/` (E301) and publishes nothing.
struct DataDesk: Sendable {
    let layout: SiteLayout
    let clock: WorkbenchClock

    var state: String { layout.root + "/.workbench" }
    var candidate: String { state + "/candidate" }
    var candidateData: String { candidate + "/data" }
    var versions: String { state + "/versions" }
    var journal: String { state + "/accept.journal" }

    /// What an upload was, as the data page says it.
    struct Upload: Codable, Sendable {
        var files: [String]
        /// Files of the current data/ the candidate keeps (an upload that replaces only what it names).
        var kept: [String]
        /// Files of the current data/ the candidate no longer has.
        var dropped: [String]?
        var uploadedAt: String
        /// The version it was brought back from.
        var restoredFrom: Int?
    }

    /// A kept version: the data/ that an acceptance replaced.
    struct Version: Codable, Sendable {
        var number: Int
        var replacedAt: String
        var files: [String]
    }

    /// The candidate's check, kept until the candidate, config.toml or the site's pages change.
    struct CheckResult: Codable, Sendable {
        var key: String
        var diagnostics: [Diagnostic]
    }

    enum Failure: Error {
        case refused(Diagnostic)
        case site(GongshiError)
    }

    // MARK: Upload

    /// Names a data file may have: what import reads (`*.csv`, `*.xlsx`), visible, without a path.
    static func problem(withName name: String) -> Diagnostic? {
        let lower = name.lowercased()
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasPrefix("~$"), !name.contains("/"), !name.contains("\\"),
              name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }), name.utf8.count <= 200 else {
            return Diagnostic(at: SourceLocation(file: name), "E800.name")
        }
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") else {
            return Diagnostic(at: SourceLocation(file: name), "E800.kind")
        }
        return nil
    }

    /// Makes `files` the candidate (replacing any earlier one); with `keepOthers`, the current data/ files the upload
    /// does not name stay in it. Nothing in data/ changes.
    func upload(_ files: [(name: String, bytes: [UInt8])], keepOthers: Bool) throws(Failure) {
        guard !files.isEmpty else { throw .refused(Diagnostic(at: SourceLocation(file: "data/"), "E800.none")) }
        var seen = Set<String>()
        for file in files {
            if let problem = Self.problem(withName: file.name) { throw .refused(problem) }
            guard seen.insert(file.name.lowercased()).inserted else {
                throw .refused(Diagnostic(at: SourceLocation(file: file.name), "E800.twice"))
            }
        }
        let staging = state + "/upload-\(getpid())"
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging + "/data", withIntermediateDirectories: true)
            var kept: [String] = []
            if keepOthers {
                // A kept file that supplies what an uploaded one does would give that data twice (E019): it goes.
                let supplied = files.reduce(into: Set<String>()) { $0.formUnion(DataFileView.dataFiles(suppliedBy: $1.name, bytes: $1.bytes)) }
                for name in currentFiles() where !seen.contains(name.lowercased()) {
                    if let bytes = currentFile(name), !DataFileView.dataFiles(suppliedBy: name, bytes: bytes).isDisjoint(with: supplied) { continue }
                    try FileManager.default.copyItem(atPath: layout.root + "/data/" + name, toPath: staging + "/data/" + name)
                    kept.append(name)
                }
            }
            for file in files {
                guard FileManager.default.createFile(atPath: staging + "/data/" + file.name, contents: Data(file.bytes)) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            let names = Set(files.map(\.name)).union(kept)
            let upload = Upload(files: files.map(\.name).sorted(), kept: kept.sorted(),
                                dropped: currentFiles().filter { !names.contains($0) }, uploadedAt: clock.stamp(), restoredFrom: nil)
            try Self.write(upload, to: staging + "/upload.json")
            try replaceCandidate(with: staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .refused(Diagnostic(at: SourceLocation(file: ".workbench/"), "E803", ["reason": SystemReason.of(error)]))
        }
    }

    /// Brings version `number` back as the candidate, to be checked and accepted like an upload.
    func restore(_ number: Int) throws(Failure) {
        let from = versions + "/\(number)/data"
        guard FileManager.default.fileExists(atPath: from) else {
            throw .refused(Diagnostic(at: SourceLocation(file: ".workbench/versions/"), "E802.noVersion", ["number": "\(number)"]))
        }
        let staging = state + "/upload-\(getpid())"
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: from, toPath: staging + "/data")
            let names = Self.listing(staging + "/data")
            try Self.write(Upload(files: names, kept: [], dropped: currentFiles().filter { !names.contains($0) }, uploadedAt: clock.stamp(),
                                  restoredFrom: number), to: staging + "/upload.json")
            try replaceCandidate(with: staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .refused(Diagnostic(at: SourceLocation(file: ".workbench/"), "E803", ["reason": SystemReason.of(error)]))
        }
    }

    private func replaceCandidate(with staging: String) throws {
        try? FileManager.default.removeItem(atPath: candidate)
        try Self.rename(staging, candidate)
    }

    func discard() { try? FileManager.default.removeItem(atPath: candidate) }

    var upload: Upload? { Self.read(Upload.self, from: candidate + "/upload.json") }

    // MARK: Check

    /// The candidate's problems, as `check` finds them with the site's config, pages and notices.
    func check(theme: ThemeSource, asOf: CivilDate) throws(Failure) -> [Diagnostic] {
        let key = checkKey(asOf: asOf)
        if let kept = Self.read(CheckResult.self, from: candidate + "/check.json"), kept.key == key { return kept.diagnostics }
        var candidateLayout = layout
        candidateLayout.dataFolder = candidateData
        do {
            let diagnostics = try Site(layout: candidateLayout).check(theme: theme, asOf: asOf).diagnostics
            try? Self.write(CheckResult(key: key, diagnostics: diagnostics), to: candidate + "/check.json")
            return diagnostics
        } catch let error as GongshiError {
            return error.diagnostics
        } catch {
            throw .refused(Diagnostic(at: SourceLocation(file: "data/"), "E803", ["reason": SystemReason.of(error)]))
        }
    }

    /// What the check read: the candidate's files, config.toml, pages/ and notices/, and the day.
    private func checkKey(asOf: CivilDate) -> String {
        var lines = ["as-of \(asOf)"]
        for source in ImportSource.fingerprint(of: SiteFolder(path: candidateData, display: "data/")) ?? [] {
            lines.append("data/\(source.file) \(source.sha256)")
        }
        lines.append("config \(Self.hash(layout.config))")
        for folder in [layout.pages, layout.notices] {
            for file in Theme.files(under: folder) { lines.append("\(folder)/\(file) \(Self.hash(folder + "/" + file))") }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Accept

    /// Imports the candidate into the registry and makes it data/, keeping the replaced files as a version.
    func accept() throws(Failure) -> (report: Site.CheckReport, version: Int?) {
        guard FileManager.default.fileExists(atPath: candidateData) else {
            throw .refused(Diagnostic(at: SourceLocation(file: ".workbench/"), "E802.noCandidate"))
        }
        var candidateLayout = layout
        candidateLayout.dataFolder = candidateData
        let report: Site.CheckReport
        do { report = try Site(layout: candidateLayout).importData() } catch let error as GongshiError {
            throw .site(error)
        } catch {
            throw .refused(Diagnostic(at: SourceLocation(file: layout.registry), "E803", ["reason": SystemReason.of(error)]))
        }
        let hadData = FileManager.default.fileExists(atPath: layout.root + "/data")
        let number = hadData ? nextVersion() : nil
        do {
            try Self.write(Journal(version: number), to: journal)
            try finishAcceptance()
        } catch {
            throw .refused(Diagnostic(at: SourceLocation(file: ".workbench/"), "E803", ["reason": SystemReason.of(error)]))
        }
        return (report, number)
    }

    struct Journal: Codable { var version: Int? }

    /// Completes an acceptance the journal records: whatever part of the swap is done, the rest.
    func finishAcceptance() throws {
        guard let entry = Self.read(Journal.self, from: journal) else { return }
        let data = layout.root + "/data"
        if FileManager.default.fileExists(atPath: candidateData) {
            if let number = entry.version {
                let kept = versions + "/\(number)"
                if FileManager.default.fileExists(atPath: data) {
                    try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
                    try Self.rename(data, kept + "/data")
                }
                try Self.write(Version(number: number, replacedAt: clock.stamp(), files: Self.listing(kept + "/data")), to: kept + "/version.json")
            }
            try Self.rename(candidateData, data)
        }
        try? FileManager.default.removeItem(atPath: candidate)
        unlink(journal)
    }

    // MARK: Versions and files

    func versionList() -> [Version] {
        let numbers = ((try? FileManager.default.contentsOfDirectory(atPath: versions)) ?? []).compactMap(Int.init)
        return numbers.sorted(by: >).compactMap { Self.read(Version.self, from: versions + "/\($0)/version.json") }
    }

    private func nextVersion() -> Int {
        let numbers = ((try? FileManager.default.contentsOfDirectory(atPath: versions)) ?? []).compactMap(Int.init)
        return (numbers.max() ?? 0) + 1
    }

    /// The data files now in data/, sorted.
    func currentFiles() -> [String] { Self.listing(layout.root + "/data") }

    func candidateFiles() -> [String] { Self.listing(candidateData) }

    /// A candidate file's bytes, by its name as listed; nil for any other name.
    func candidateFile(_ name: String) -> [UInt8]? {
        guard candidateFiles().contains(name) else { return nil }
        return FileManager.default.contents(atPath: candidateData + "/" + name).map { [UInt8]($0) }
    }

    func currentFile(_ name: String) -> [UInt8]? {
        guard currentFiles().contains(name) else { return nil }
        return FileManager.default.contents(atPath: layout.root + "/data/" + name).map { [UInt8]($0) }
    }

    static func listing(_ folder: String) -> [String] {
        SiteFolder(path: folder, display: "data/").list(recursive: false).files.filter { !$0.hasPrefix("~$") }.sorted()
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Foundation.rename(from, to) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    static func hash(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "none" }
        return Digest.sha256([UInt8](data)).hex
    }

    static func write<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let temporary = path + ".new"
        try encoder.encode(value).write(to: URL(fileURLWithPath: temporary))
        try rename(temporary, path)
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}
