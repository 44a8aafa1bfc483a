import Foundation
import Registry
import Rendering

/// `gongshi init DIR`: a new site a clerk can start from — a commented `config.toml`, the empty registry
/// workbook in `data/`, the same tables as CSV templates, the standard pages, and a README of the year's
/// steps. `gongshi check` passes on it as written and says what to fill in. A folder that holds anything
/// is refused: init never overwrites.
public enum SiteInit {
    /// The folder, outside `data/`, with a header-only CSV file per data file, for a clerk who keeps CSV.
    public static let csvTemplates = "表格模板"
    public static let workbook = "登记册.xlsx"

    /// Every file init writes, by path inside the site, for `date` (the workbook's document date).
    public static func files(date: CivilDate) throws -> [(path: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = [
            // A multi-line literal ends before its last line break: each file gets it back.
            (SiteConfig.fileName, Array((SiteSkeleton.config + "\n").utf8)),
            ("README.md", Array((SiteSkeleton.readme + "\n").utf8)),
            ("data/" + workbook, try DeterministicZip.archive(RegistryTemplate.parts(districts: RegistryRules.ningboDistricts, date: date), date: date)),
        ]
        for page in SiteSkeleton.pages { files.append(("pages/" + page.file, Array((page.text + "\n").utf8))) }
        for format in CSVFormat.all {
            files.append(("\(csvTemplates)/\(format.file)", [0xEF, 0xBB, 0xBF] + Array((format.headers.joined(separator: ",") + "\r\n").utf8)))
        }
        return files
    }

    /// Writes the site into `directory`, which must not exist or be empty; nothing is written otherwise.
    public static func create(at directory: String, date: CivilDate) throws {
        let at = SourceLocation(file: directory)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw GongshiError(step: "init", at: at, "E030.fileFolder", ["directory": "\(directory)"])
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard entries.isEmpty else {
                throw GongshiError(step: "init", at: at, "E030.emptyHoldsGongshi",
                                   ["directory": "\(directory)", "entries": .list(entries.sorted().prefix(3).map { "\($0)" } + (entries.count > 3 ? ["…"] : []))])
            }
        }
        let files = try files(date: date)
        do {
            for (path, bytes) in files {
                let full = directory + "/" + path
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: full, contents: Data(bytes), attributes: [.posixPermissions: 0o644]) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            try FileManager.default.createDirectory(atPath: directory + "/notices", withIntermediateDirectories: true)
        } catch {
            throw GongshiError(step: "init", at: at, "E030.siteCouldWritten", ["error": "\(error)"])
        }
    }
}
