import Foundation
import Registry
import Rendering

/// `gongshi serve`: imports the site's data into a preview registry, builds into a preview folder (the
/// real registry and output are never touched), serves it, and rebuilds whenever a file of the site or of
/// the theme changes — then the open pages reload themselves.
public final class PreviewSession: @unchecked Sendable {
    let source: SiteLayout
    let theme: ThemeSource
    let asOf: CivilDate
    let preview: SiteLayout
    let server: PreviewServer
    let language: Language
    let say: (String) -> Void

    public init(site: SiteLayout, theme: ThemeSource, asOf: CivilDate, workFolder: String, language: Language, say: @escaping (String) -> Void) {
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
        let watched = [(source.root, ["config.toml", "data", "pages", "notices", "templates", "static"])] + (theme.folder.map { [($0, [""])] } ?? [])
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

    /// Builds, serves on `bind` (127.0.0.1 unless asked), and watches until the process is stopped.
    /// `allowedHosts`: names (besides localhost and this machine's addresses) a colleague's browser may use.
    public func run(bind: String = "127.0.0.1", port: Int, allowedHosts: [String] = []) throws -> Never {
        // Listening first: a wrong address or a taken port is said before a build is spent.
        try server.start(address: bind, port: port, machine: Self.addresses(bind), allowedHosts: allowedHosts)
        if let failure = rebuild() { say(failure) }
        let addresses = Self.addresses(bind).map { "http://\($0.contains(":") ? "[\($0)]" : $0):\(server.port)/" }
        say(MessageCatalogue.text("serve.serving", language, ["site": "\(source.root)", "asOf": "\(asOf)", "address": "\(addresses.joined(separator: "  "))"]))
        if !PreviewServer.isLoopback(bind) { say(MessageCatalogue.text("serve.onNetwork", language)) }
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

    /// The addresses to give a colleague: the bound one, or for a wildcard (0.0.0.0, ::) this machine's own.
    static func addresses(_ bind: String) -> [String] {
        guard bind == "0.0.0.0" || bind == "::" else { return [bind] }
        var found: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [bind] }
        defer { freeifaddrs(list) }
        var entry = list
        while let e = entry {
            defer { entry = e.pointee.ifa_next }
            guard let address = e.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || (family == AF_INET6 && bind == "::") else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.contains("%") && !found.contains(text) { found.append(text) }
        }
        // Loopback last: the colleague needs the others.
        return found.filter { !PreviewServer.isLoopback($0) } + found.filter { PreviewServer.isLoopback($0) }
    }
}
