import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for `gongshi serve`: static files from the preview output, a live-reload script
/// injected into HTML responses, and a server-sent-events stream that tells open pages to reload after each
/// rebuild. On 127.0.0.1 unless `--bind` says otherwise; safe to show a colleague on the network: only regular
/// files of the output (never a link, a hidden file or a folder listing), GET and HEAD only, and only requests
/// that name it by a host that cannot be rebound (`HostPolicy`: a web page elsewhere cannot read the preview
/// through a name of its own). Connections are served by one event loop (`PreviewLoop`) that bounds each kind
/// apart, so that silent clients and open streams never keep a page from being answered.
public final class PreviewServer: @unchecked Sendable {
    let root: String
    /// The site's path on the real server (`/xypj/`): requests under it are served as if from the root,
    /// so pages that link from the server root (the 404 page) work in the preview too.
    let prefix: String
    private var listener: Int32 = -1
    private var loop: PreviewLoop?
    public private(set) var port: Int = 0
    /// The Host headers answered; set by `start`.
    private var hosts = HostPolicy(bind: "127.0.0.1", machine: [], allowed: [])
    /// Rebuilds announced so far, the number each reload event carries (only the watcher's thread counts them).
    private var builds = 0

    public init(root: String, prefix: String = "/") {
        self.root = root
        self.prefix = prefix
    }

    /// Tells the open pages to reload: a rebuild succeeded.
    public func reloadPages() {
        builds += 1
        loop?.announce("event: reload\ndata: \(builds)\n\n")
    }

    /// Shows the open pages the errors of a failed rebuild (they keep the last good build), headed in the
    /// preview's language by the caller.
    public func reportFailure(_ text: String) {
        builds += 1
        loop?.announce("event: failed\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n") + "\n\n")
    }

    /// Binds `address` (numeric IPv4 or IPv6, or `localhost`) on `port` (0 for any free port) and serves in
    /// a background thread.
    /// `machine`: this machine's addresses (for a wildcard bind); `allowedHosts`: names the user lists for it.
    public func start(address: String = "127.0.0.1", port requested: Int, machine: [String] = [], allowedHosts: [String] = []) throws {
        let shown = address.contains(":") ? "[\(address)]:\(requested)" : "\(address):\(requested)"
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | (address == "localhost" ? 0 : AI_NUMERICHOST)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address, String(requested), &hints, &found)
        guard status == 0, let info = found else {
            throw OutputWriter.Failure(path: shown, "E905.address", ["reason": "\(String(cString: gai_strerror(status)))"])
        }
        defer { freeaddrinfo(found) }
        listener = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw OutputWriter.Failure(path: shown, "E905.port", ["reason": "\(String(cString: strerror(errno)))"]) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(listener, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(listener, 512) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw OutputWriter.Failure(path: shown, "E905.port", ["reason": "\(reason)"])
        }
        var actual = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let family = actual.ss_family
        port = withUnsafePointer(to: &actual) { pointer -> Int in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
        hosts = HostPolicy(bind: address, machine: machine, allowed: allowedHosts)
        let streamHeader = Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n".utf8)
        let loop = PreviewLoop(listener: listener, limits: PreviewLoop.Limits(), streamHeader: streamHeader,
                               busy: Self.response(503, "busy\n"), answer: { [self] in answer($0) })
        self.loop = loop
        let thread = Thread { loop.run() }
        thread.start()
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address.hasPrefix("127.")
    }

    /// The answer to one complete request head (without its closing blank line).
    func answer(_ request: [UInt8]) -> PreviewLoop.Answer {
        let head = String(decoding: request, as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let line = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard line.count == 3, line[2].hasPrefix("HTTP/1."), line[1].hasPrefix("/") else {
            return .bytes(Self.response(400, "bad request\n"))
        }
        guard line[0] == "GET" || line[0] == "HEAD" else {
            return .bytes(Self.response(405, Array("GET only\n".utf8), extra: "Allow: GET, HEAD\r\n"))
        }
        // Exactly one Host header (RFC 9112), naming the preview by a host that cannot be rebound.
        let hostLines = lines.dropFirst().filter { $0.lowercased().hasPrefix("host:") }
        guard hostLines.count == 1 else { return .bytes(Self.response(400, "bad request: one Host header\n")) }
        guard hosts.allows(hostLines[0].dropFirst(5).trimmingCharacters(in: .whitespaces)) else {
            return .bytes(Self.response(403, "this preview answers only to localhost, this machine's addresses and names given with --allow-host\n"))
        }
        let headOnly = line[0] == "HEAD"
        var target = String(line[1].split(separator: "?", maxSplits: 1).first ?? "/")
        if prefix != "/", target.hasPrefix(prefix) { target = "/" + target.dropFirst(prefix.count) }
        switch target {
        case "/__gongshi/live.js": return .bytes(Self.response(200, Array(Self.liveScript.utf8), type: "text/javascript; charset=utf-8", headOnly: headOnly))
        case "/__gongshi/events": return headOnly ? .bytes(Self.response(200, [], type: "text/event-stream", headOnly: true)) : .stream
        default: return answerFile(target, headOnly: headOnly)
        }
    }

    /// Maps a URL path to a regular file under the output folder; `..`, NUL, encoded slashes, hidden names and
    /// links (at any depth) never leave it or reach anything but the build's own files.
    func file(for target: String) -> (path: String, redirect: String?)? {
        guard let decoded = target.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") || $0.contains("\\") }) else { return nil }
        var path = root
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        for part in parts {
            path += "/" + part
            guard lstat(path, &status) == 0 else { return nil }
            let kind = status.st_mode & S_IFMT
            guard kind == S_IFDIR || kind == S_IFREG else { return nil }
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            if !decoded.hasSuffix("/") { return (path, target + "/") }
            path += "/index.html"
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        } else if decoded.hasSuffix("/") {
            return nil
        }
        return (path, nil)
    }

    func answerFile(_ target: String, headOnly: Bool) -> PreviewLoop.Answer {
        guard let found = file(for: target) else {
            let page = FileManager.default.contents(atPath: root + "/404.html").map { [UInt8]($0) } ?? Array("not found\n".utf8)
            return .bytes(Self.response(404, inject(page), type: "text/html; charset=utf-8", headOnly: headOnly))
        }
        if let redirect = found.redirect {
            return .bytes(Self.response(301, [], extra: "Location: \(redirect)\r\n", headOnly: headOnly))
        }
        let type = Self.contentType(of: found.path)
        if type.hasPrefix("text/html") {
            guard let data = FileManager.default.contents(atPath: found.path) else { return .bytes(Self.response(403, [])) }
            return .bytes(Self.response(200, inject([UInt8](data)), type: type, headOnly: headOnly))
        }
        // Opened without following a link: the file checked above is the file sent, even if it was replaced since.
        let descriptor = open(found.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            if descriptor >= 0 { close(descriptor) }
            return .bytes(Self.response(403, []))
        }
        let length = Int(status.st_size)
        let header = Self.header(200, type: type, length: length)
        if headOnly {
            close(descriptor)
            return .bytes(header)
        }
        return .file(header: header, descriptor: descriptor, length: length)
    }

    /// Adds the live-reload script to an HTML page as it is served (the files on disk stay as built).
    func inject(_ page: [UInt8]) -> [UInt8] {
        let text = String(decoding: page, as: UTF8.self)
        guard let end = text.range(of: "</body>", options: .backwards) else { return page }
        return Array((text[..<end.lowerBound] + "<script src=\"/__gongshi/live.js\"></script>\n" + text[end.lowerBound...]).utf8)
    }

    static func header(_ status: Int, type: String, length: Int, extra: String = "") -> [UInt8] {
        let reason = [200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                      408: "Request Timeout", 431: "Request Header Fields Too Large", 503: "Service Unavailable"][status] ?? "OK"
        return Array(("HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(length)\r\nCache-Control: no-store\r\n"
            + "X-Content-Type-Options: nosniff\r\n\(extra)Connection: close\r\n\r\n").utf8)
    }

    static func response(_ status: Int, _ body: [UInt8], type: String = "text/plain; charset=utf-8", extra: String = "", headOnly: Bool = false) -> [UInt8] {
        header(status, type: type, length: body.count, extra: extra) + (headOnly ? [] : body)
    }

    static func response(_ status: Int, _ text: String) -> [UInt8] { response(status, Array(text.utf8)) }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json", "jsonld": return "application/json; charset=utf-8"
        case "xml": return path.hasSuffix("feed.xml") ? "application/atom+xml; charset=utf-8" : "application/xml; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "sqlite": return "application/vnd.sqlite3"
        case "zip": return "application/zip"
        default: return "text/plain; charset=utf-8"
        }
    }

    static let liveScript = """
    /* gongshi serve: reload this page after each rebuild; show the errors of a failed one. */
    (function () {
      'use strict';
      var source = new EventSource('/__gongshi/events');
      source.addEventListener('reload', function () { window.location.reload(); });
      source.addEventListener('failed', function (event) {
        var box = document.getElementById('gongshi-build-failed') || document.createElement('pre');
        box.id = 'gongshi-build-failed';
        box.setAttribute('role', 'alert');
        box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:40vh;overflow:auto;margin:0;padding:1em;background:#4a0000;color:#fff;z-index:1000;white-space:pre-wrap';
        box.textContent = event.data;
        document.body.appendChild(box);
      });
    }());

    """
}
