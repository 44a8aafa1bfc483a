import Messages
import Model

/// `[publish]`: where `gongshi publish` (and the workbench's 发布) copies the built site — a folder (a mounted
/// share of the web server) or a folder on another host, reached by rsync over SSH with a key. Either way the
/// folder holds `releases/` and `current`, a link to the release being served: the web server's root is
/// `PATH/current`, so that a new release replaces the old in one rename and a reader never sees a mixture.
public struct PublishTarget: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        case folder(String)
        case remote(host: String, user: String?, port: Int, path: String)
    }

    public var place: Place
    /// The SSH private key (`identity`) and the file of known host keys (`known_hosts`); ssh's own defaults if empty.
    public var identity: String?
    public var knownHosts: String?

    /// The folder on the target: the local path, or the path on the remote host.
    public var path: String {
        switch place {
        case .folder(let p): p
        case .remote(_, _, _, let p): p
        }
    }

    /// How messages name it: `/srv/www/xypj` or `gongshi@web01:/var/www/xypj`.
    public var display: String {
        switch place {
        case .folder(let p): p
        case let .remote(host, user, port, path): (user.map { $0 + "@" } ?? "") + host + (port == 22 ? "" : ":\(port)") + ":" + path
        }
    }

    /// An absolute path of letters, digits and `/._-`, without `..`: said to ssh and to a shell on the host as is.
    static func isPlainPath(_ path: String) -> Bool {
        path.hasPrefix("/") && path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-".contains($0)) })
            && !path.split(separator: "/").contains("..")
    }

    /// Reads `[publish]`: nil when the config has none (the site is only built).
    static func read(_ p: inout ConfigReader) -> PublishTarget? {
        let folder = p.string("folder")
        let host = p.string("host")
        let user = p.string("user")
        let port = p.integer("port", default: 22) ?? 22
        let path = p.string("path")
        let identity = p.string("identity")
        let knownHosts = p.string("known_hosts")
        switch (folder, host) {
        case (nil, nil):
            p.error("folder", "E400.publishWhere")
            return nil
        case (_?, _?):
            p.error("host", "E400.publishBoth")
            return nil
        case (let folder?, nil):
            guard folder.hasPrefix("/"), !folder.contains(where: { $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
                p.error("folder", "E400.publishPath", ["path": "\(folder)"])
                return nil
            }
            return PublishTarget(place: .folder(folder), identity: nil, knownHosts: nil)
        case (nil, let host?):
            var ok = true
            // Said to ssh and to a shell on the host: letters, digits and the few marks a name or path needs.
            if host.isEmpty || !host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }) || host.hasPrefix("-") {
                p.error("host", "E400.publishHost", ["host": "\(host)"]); ok = false
            }
            if let user, user.isEmpty || !user.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) || user.hasPrefix("-") {
                p.error("user", "E400.publishUser", ["user": "\(user)"]); ok = false
            }
            if !(1...65535).contains(port) { p.error("port", "E400.publishPort", ["port": "\(port)"]); ok = false }
            guard let path else {
                p.error("path", "E400.publishRemotePath")
                return nil
            }
            if !Self.isPlainPath(path) {
                p.error("path", "E400.publishPath", ["path": "\(path)"]); ok = false
            }
            for (key, file) in [("identity", identity), ("known_hosts", knownHosts)] {
                if let file, !Self.isPlainPath(file) { p.error(key, "E400.publishPath", ["path": "\(file)"]); ok = false }
            }
            return ok ? PublishTarget(place: .remote(host: host, user: user, port: port, path: path), identity: identity, knownHosts: knownHosts) : nil
        }
    }
}
