import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for `gongshi serve`: static files from the preview output on 127.0.0.1, a
/// live-reload script injected into HTML responses, and a server-sent-events stream that tells open
/// pages to reload after each rebuild. For previews only: it never listens beyond the loopback address.
public final class PreviewServer: @unchecked Sendable {
    /// What the watcher tells the pages: a build number, and the error of the last failed build.
    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var _build = 0
        private var _failure: String?

        var snapshot: (build: Int, failure: String?) { lock.withLock { (_build, _failure) } }
        func built() { lock.withLock { _build += 1; _failure = nil } }
        func failed(_ text: String) { lock.withLock { _build += 1; _failure = text } }
    }

    let root: String
    /// The site's path on the real server (`/xypj/`): requests under it are served as if from the root,
    /// so pages that link from the server root (the 404 page) work in the preview too.
    let prefix: String
    let state = State()
    private var listener: Int32 = -1
    public private(set) var port: Int = 0

    public init(root: String, prefix: String = "/") {
        self.root = root
        self.prefix = prefix
    }

    public func reloadPages() { state.built() }
    public func reportFailure(_ text: String) { state.failed(text) }

    /// Binds 127.0.0.1:`port` (0 for any free port) and serves in background threads.
    public func start(port requested: Int) throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw OutputWriter.Failure(path: "socket", reason: String(cString: strerror(errno))) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(requested).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw OutputWriter.Failure(path: "127.0.0.1:\(requested)", "E900.port", ["reason": "\(reason)"])
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: actual.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { if errno == EINTR { continue } else { return } }
            let thread = Thread { [self] in handle(client) }
            thread.start()
        }
    }

    func handle(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16_384 {
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            request += buffer[0..<n]
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] || String(decoding: request, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        guard line.count >= 2 else { return respond(client, 400, "text/plain; charset=utf-8", Array("bad request\n".utf8)) }
        guard line[0] == "GET" || line[0] == "HEAD" else { return respond(client, 405, "text/plain; charset=utf-8", Array("GET only\n".utf8)) }
        var target = String(line[1].split(separator: "?", maxSplits: 1).first ?? "/")
        if prefix != "/", target.hasPrefix(prefix) { target = "/" + target.dropFirst(prefix.count) }
        switch target {
        case "/__gongshi/live.js": respond(client, 200, "text/javascript; charset=utf-8", Array(Self.liveScript.utf8))
        case "/__gongshi/events": events(client)
        default: serveFile(client, target)
        }
    }

    /// Maps a URL path to a file under the output folder; `..`, NUL and encoded slashes never leave it.
    func file(for target: String) -> (path: String, redirect: String?)? {
        guard let decoded = target.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }) else { return nil }
        var path = root + "/" + parts.joined(separator: "/")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            if !decoded.hasSuffix("/") { return (path, target + "/") }
            path += "/index.html"
            guard FileManager.default.fileExists(atPath: path) else { return nil }
        }
        return (path, nil)
    }

    func serveFile(_ client: Int32, _ target: String) {
        guard let found = file(for: target) else {
            let page = FileManager.default.contents(atPath: root + "/404.html").map { [UInt8]($0) } ?? Array("not found\n".utf8)
            return respond(client, 404, "text/html; charset=utf-8", inject(page))
        }
        if let redirect = found.redirect { return respond(client, 301, "text/plain; charset=utf-8", [], extra: "Location: \(redirect)\r\n") }
        guard let data = FileManager.default.contents(atPath: found.path) else { return respond(client, 403, "text/plain; charset=utf-8", []) }
        let type = Self.contentType(of: found.path)
        respond(client, 200, type, type.hasPrefix("text/html") ? inject([UInt8](data)) : [UInt8](data))
    }

    /// Adds the live-reload script to an HTML page as it is served (the files on disk stay as built).
    func inject(_ page: [UInt8]) -> [UInt8] {
        let text = String(decoding: page, as: UTF8.self)
        guard let end = text.range(of: "</body>", options: .backwards) else { return page }
        return Array((text[..<end.lowerBound] + "<script src=\"/__gongshi/live.js\"></script>\n" + text[end.lowerBound...]).utf8)
    }

    /// Server-sent events: `reload` after each successful rebuild, `failed` with the errors of a failed one.
    func events(_ client: Int32) {
        let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n"
        guard send(client, Array(header.utf8)) else { return }
        var seen = state.snapshot.build
        var idle = 0
        while true {
            usleep(200_000)
            let now = state.snapshot
            var message: String?
            if now.build != seen {
                seen = now.build
                if let failure = now.failure {
                    message = "event: failed\n" + failure.split(separator: "\n").map { "data: \($0)" }.joined(separator: "\n") + "\n\n"
                } else {
                    message = "event: reload\ndata: \(now.build)\n\n"
                }
            } else if idle >= 75 {
                message = ": keep-alive\n\n"
            }
            if let message {
                idle = 0
                guard send(client, Array(message.utf8)) else { return }
            } else {
                idle += 1
            }
        }
    }

    @discardableResult
    func send(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    func respond(_ client: Int32, _ status: Int, _ type: String, _ body: [UInt8], extra: String = "") {
        let reason = [200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"][status] ?? "OK"
        let header = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\n\(extra)Connection: close\r\n\r\n"
        send(client, Array(header.utf8) + body)
    }

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
        box.textContent = 'gongshi build failed; the page shows the last good build.\\n\\n' + event.data;
        document.body.appendChild(box);
      });
    }());

    """
}
