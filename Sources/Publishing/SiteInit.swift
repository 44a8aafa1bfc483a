import Foundation
import Import
import Messages
import Model
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

    /// Writes the site into `directory`, which must not exist or be empty; nothing is written otherwise. A
    /// write that fails (no permission, a full or read-only disk) is said with its file and cause, and takes
    /// back everything this call made — the files, the folder, the parent folders it created — so that a
    /// failed init never leaves half a site for the next one to refuse.
    public static func create(at directory: String, date: CivilDate) throws {
        let at = SourceLocation(file: directory)
        var isDirectory: ObjCBool = false
        let existed = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        if existed {
            guard isDirectory.boolValue else {
                throw GongshiError(step: .initSite, at: at, "E030.isFile", ["directory": "\(directory)"])
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard entries.isEmpty else {
                throw GongshiError(step: .initSite, at: at, "E030.notEmpty",
                                   ["directory": "\(directory)", "entries": .list(entries.sorted().prefix(3).map { "\($0)" } + (entries.count > 3 ? ["…"] : []))])
            }
        }
        let files = try files(date: date)
        var made: [String] = []
        do {
            if !existed { try makeFolders(directory, made: &made) }
            for (path, bytes) in files {
                try makeFolders(directory + "/" + (path as NSString).deletingLastPathComponent, made: &made)
                try write(bytes, to: directory + "/" + path, shown: path)
                made.append(directory + "/" + path)
            }
            try makeFolders(directory + "/notices", made: &made)
        } catch let failure as Failure {
            // Newest first: files before their folders, a folder before its parent.
            for path in made.reversed() { if unlink(path) != 0 { rmdir(path) } }
            throw GongshiError(step: .initSite, at: at, "E030.writeFailed", ["path": "\(failure.path)", "reason": SystemReason.phrase(failure.code)])
        }
    }

    struct Failure: Error {
        var path: String
        var code: Int32
    }

    /// Creates `path` and any missing parent, recording each one made.
    static func makeFolders(_ path: String, made: inout [String]) throws {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw Failure(path: path, code: ENOTDIR) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeFolders(parent, made: &made) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw Failure(path: path, code: errno) }
        made.append(path)
    }

    static func write(_ bytes: [UInt8], to path: String, shown: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: shown, code: errno) }
        if let code = OutputWriter.writeAll(bytes, to: fd) {
            close(fd)
            unlink(path)
            throw Failure(path: shown, code: code == 0 ? ENOSPC : code)
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(path)
            throw Failure(path: shown, code: code)
        }
    }
}
