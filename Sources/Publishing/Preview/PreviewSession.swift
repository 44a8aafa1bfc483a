import Foundation
import Messages
import Model
import Rendering

/// `gongshi serve`: imports the site's data into a preview registry, builds into a preview folder (the
/// real registry and output are never touched), serves it, and rebuilds whenever a file of the site or of
/// the theme changes — then the open pages reload themselves.
public final class PreviewSession: @unchecked Sendable {
    let source: SiteLayout
    let theme: ThemeSource
    let asOf: CivilDate
    let workFolder: String
    let server: PreviewServer
    let language: Language
    let say: (String) -> Void

    public init(site: SiteLayout, theme: ThemeSource, asOf: CivilDate, workFolder: String, language: Language, say: @escaping (String) -> Void) {
        self.language = language
        source = site
        self.theme = theme
        self.asOf = asOf
        self.workFolder = workFolder
        server = PreviewServer(root: workFolder + "/public", prefix: (try? site.loadConfig().site.basePath) ?? "/")
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

    /// Imports data/*.csv into the preview registry and builds, in a child process (`gongshi serve-rebuild`,
    /// which calls `rebuildHere`): whatever a file does to a build — an error, a crash, a hang — ends that
    /// process only, and the preview goes on serving the last good build. Nil on success, the errors otherwise.
    func rebuild() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        var arguments = ["serve-rebuild", "--site", source.root, "--work", workFolder, "--as-of", asOf.iso, "--lang", language.rawValue]
        if let folder = theme.folder { arguments += ["--theme", folder] }
        process.arguments = arguments
        let out = Pipe(), errors = Pipe()
        process.standardOutput = out
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do { try process.run() } catch {
            return MessageCatalogue.text("serve.rebuildNotStarted", language, ["reason": "\(error.localizedDescription)"])
        }
        // Both pipes read to their end at once, so that a child with much to say never blocks on a full pipe.
        let said = LockedText(), complained = LockedText()
        let readers = DispatchGroup()
        for (pipe, text) in [(out, said), (errors, complained)] {
            DispatchQueue.global().async(group: readers) { text.set(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) }
        }
        if ended.wait(timeout: .now() + Self.rebuildSeconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
            readers.wait()
            return MessageCatalogue.text("serve.rebuildTimedOut", language, ["minutes": "\(Int(Self.rebuildSeconds / 60))"])
        }
        readers.wait()
        if process.terminationReason == .uncaughtSignal {
            return MessageCatalogue.text("serve.rebuildCrashed", language, ["signal": "\(process.terminationStatus)"])
        }
        guard process.terminationStatus == 0 else { return complained.value.trimmingCharacters(in: .whitespacesAndNewlines) }
        say(said.value.trimmingCharacters(in: .whitespacesAndNewlines))
        return nil
    }

    /// How long a rebuild may take before it is stopped and said to have hung.
    static let rebuildSeconds = 600.0

    /// The child's side of `rebuild`: imports and builds into `workFolder`; the line to say on success.
    public static func rebuildHere(site: SiteLayout, theme: ThemeSource, asOf: CivilDate, workFolder: String, language: Language) throws -> String {
        let preview = Site(layout: SiteLayout(root: site.root, registry: workFolder + "/registry.sqlite", output: workFolder + "/public"))
        try preview.importData()
        let report = try preview.build(asOf: asOf, theme: theme)
        return MessageCatalogue.text("serve.built", language, ["pages": "\(report.pages)", "asOf": "\(asOf)"])
    }

    final class LockedText: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        var value: String { lock.withLock { text } }
        func set(_ new: String) { lock.withLock { text = new } }
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
                server.reportFailure(MessageCatalogue.text("serve.failedBanner", language) + "\n\n" + failure)
            } else {
                server.reloadPages()
            }
        }
    }

    /// The addresses to give a colleague: the bound one, or for a wildcard (0.0.0.0, ::) this machine's own.
    public static func addresses(_ bind: String) -> [String] {
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
