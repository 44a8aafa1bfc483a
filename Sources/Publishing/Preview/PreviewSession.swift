import Foundation
import Registry

/// `gongshi serve`: imports the site's data into a preview registry, builds into a preview folder (the
/// real registry and output are never touched), serves it, and rebuilds whenever a file of the site or of
/// the theme changes — then the open pages reload themselves.
public final class PreviewSession: @unchecked Sendable {
    let source: SiteLayout
    let theme: String
    let asOf: CivilDate
    let preview: SiteLayout
    let server: PreviewServer
    let language: Language
    let say: (String) -> Void

    public init(site: SiteLayout, theme: String, asOf: CivilDate, workFolder: String, language: Language, say: @escaping (String) -> Void) {
        self.language = language
        source = site
        self.theme = theme
        self.asOf = asOf
        preview = SiteLayout(root: site.root, registry: workFolder + "/registry.sqlite", output: workFolder + "/public")
        server = PreviewServer(root: preview.output, prefix: (try? site.loadConfig().site.basePath) ?? "/")
        self.say = say
    }

    /// Everything a rebuild depends on: path, modification time and size of each file.
    func fingerprint() -> [String] {
        var entries: [String] = []
        let watched = [(source.root, ["config.toml", "data", "pages", "notices", "templates", "static"]), (theme, [""])]
        for (root, parts) in watched {
            for part in parts {
                let base = part.isEmpty ? root : root + "/" + part
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory) else { continue }
                let files = isDirectory.boolValue ? ((try? FileManager.default.subpathsOfDirectory(atPath: base)) ?? []).map { base + "/" + $0 } : [base]
                for file in files {
                    guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                          attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                    entries.append("\(file) \(modified) \(attributes[.size] as? Int ?? 0)")
                }
            }
        }
        return entries.sorted()
    }

    /// Imports data/*.csv into the preview registry and builds; nil on success, the errors otherwise.
    func rebuild() -> String? {
        let site = Site(layout: preview)
        do {
            try site.importData()
            let report = try site.build(asOf: asOf, theme: theme)
            say(MessageCatalogue.text("serve.built", language, ["pages": "\(report.pages)", "asOf": "\(asOf)"]))
            return nil
        } catch let error as GongshiError {
            return error.description(in: language)
        } catch {
            return "\(error)"
        }
    }

    /// Builds, serves on 127.0.0.1, and watches until the process is stopped.
    public func run(port: Int) throws -> Never {
        if let failure = rebuild() { say(failure) }
        try server.start(port: port)
        say(MessageCatalogue.text("serve.serving", language, ["site": "\(source.root)", "asOf": "\(asOf)", "address": "http://127.0.0.1:\(server.port)/"]))
        var last = fingerprint()
        while true {
            usleep(400_000)
            let now = fingerprint()
            guard now != last else { continue }
            last = now
            say(MessageCatalogue.text("serve.rebuilding", language))
            if let failure = rebuild() {
                say(failure)
                server.reportFailure(failure)
            } else {
                server.reloadPages()
            }
        }
    }
}
