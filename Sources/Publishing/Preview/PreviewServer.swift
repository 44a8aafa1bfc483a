import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for `gongshi serve`: static files from the preview output, a live-reload script
/// injected into HTML responses, and a server-sent-events stream that tells open pages to reload after each
/// rebuild. On 127.0.0.1 unless `--bind` says otherwise; safe to show a colleague on the network: only regular
/// files of the output (never a link, a hidden file or a folder listing), GET and HEAD only, a request's head
/// bounded in size and time, a bounded number of connections, and only requests that name it by a host
/// that cannot be rebound (`HostPolicy`: a web page elsewhere cannot read the preview through a name of its own).
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
    /// The Host headers answered; set by `start`.
    private var hosts = HostPolicy(bind: "127.0.0.1", machine: [], allowed: [])
    private let connections = Connections()

    /// At most `limit` connections at once (the live-reload streams among them); one more is refused at once.
    final class Connections: @unchecked Sendable {
        private let lock = NSLock()
        private var open = 0
        let limit = 64
        func enter() -> Bool { lock.withLock { guard open < limit else { return false }; open += 1; return true } }
        func leave() { lock.withLock { open -= 1 } }
    }

    /// The longest request head served (request line and headers), and how long a client may take to send it.
    static let maximumHead = 16_384
    static let headSeconds = 10.0

    public init(root: String, prefix: String = "/") {
        self.root = root
        self.prefix = prefix
    }

    public func reloadPages() { state.built() }
    public func reportFailure(_ text: String) { state.failed(text) }

    /// Binds `address` (numeric IPv4 or IPv6, or `localhost`) on `port` (0 for any free port) and serves in
    /// background threads.
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
        listener = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw OutputWriter.Failure(path: shown, "E905.port", ["reason": "\(String(cString: strerror(errno)))"]) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(listener, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(listener, 64) == 0 else {
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
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address.hasPrefix("127.")
    }


    func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { if errno == EINTR || errno == ECONNABORTED { continue } else { return } }
            guard connections.enter() else {
                respond(client, 503, "text/plain; charset=utf-8", Array("busy\n".utf8))
                close(client)
                continue
            }
            let thread = Thread { [self] in
                handle(client)
                connections.leave()
            }
            thread.start()
        }
    }

    func handle(_ client: Int32) {
        defer { closeAfterResponse(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sendTimeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        // The whole head within `headSeconds` and `maximumHead` bytes: a slow or endless client only costs its own thread.
        let deadline = Date().addingTimeInterval(Self.headSeconds)
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var complete = false
        while !complete {
            guard request.count <= Self.maximumHead else {
                return respond(client, 431, "text/plain; charset=utf-8", Array("request header too large\n".utf8))
            }
            guard Date() < deadline else { return respond(client, 408, "text/plain; charset=utf-8", Array("request timeout\n".utf8)) }
            let n = recv(client, &buffer, buffer.count, 0)
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { continue }
            guard n > 0 else { return }
            let searchFrom = max(0, request.count - 3)
            request += buffer[0..<n]
            complete = Self.headEnd(request, from: searchFrom) != nil
        }
        let head = String(decoding: request[..<Self.headEnd(request, from: 0)!], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let line = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard line.count == 3, line[2].hasPrefix("HTTP/1."), line[1].hasPrefix("/") else {
            return respond(client, 400, "text/plain; charset=utf-8", Array("bad request\n".utf8))
        }
        guard line[0] == "GET" || line[0] == "HEAD" else {
            return respond(client, 405, "text/plain; charset=utf-8", Array("GET only\n".utf8), extra: "Allow: GET, HEAD\r\n")
        }
        // Exactly one Host header (RFC 9112), naming the preview by a host that cannot be rebound.
        let hostLines = lines.dropFirst().filter { $0.lowercased().hasPrefix("host:") }
        guard hostLines.count == 1 else { return respond(client, 400, "text/plain; charset=utf-8", Array("bad request: one Host header\n".utf8)) }
        guard hosts.allows(hostLines[0].dropFirst(5).trimmingCharacters(in: .whitespaces)) else {
            return respond(client, 403, "text/plain; charset=utf-8",
                           Array("this preview answers only to localhost, this machine's addresses and names given with --allow-host\n".utf8))
        }
        let headOnly = line[0] == "HEAD"
        var target = String(line[1].split(separator: "?", maxSplits: 1).first ?? "/")
        if prefix != "/", target.hasPrefix(prefix) { target = "/" + target.dropFirst(prefix.count) }
        switch target {
        case "/__gongshi/live.js": respond(client, 200, "text/javascript; charset=utf-8", Array(Self.liveScript.utf8), headOnly: headOnly)
        case "/__gongshi/events": headOnly ? respond(client, 200, "text/event-stream", [], headOnly: true) : events(client)
        default: serveFile(client, target, headOnly: headOnly)
        }
    }

    /// Closes after the response is sent: the write side first, then what the client still sends is read and
    /// dropped (at most 1 MB, for at most a second), so that a refused request's client reads the refusal instead
    /// of a connection reset.
    func closeAfterResponse(_ client: Int32) {
        shutdown(client, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let deadline = Date().addingTimeInterval(1)
        var drained = 0
        while drained < 1 << 20, Date() < deadline {
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            drained += n
        }
        close(client)
    }

    /// Where the blank line that ends a request head starts, searching from `from`.
    static func headEnd(_ bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = from
        while i + 3 < bytes.count {
            if bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i }
            i += 1
        }
        return nil
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

    func serveFile(_ client: Int32, _ target: String, headOnly: Bool = false) {
        guard let found = file(for: target) else {
            let page = FileManager.default.contents(atPath: root + "/404.html").map { [UInt8]($0) } ?? Array("not found\n".utf8)
            return respond(client, 404, "text/html; charset=utf-8", inject(page), headOnly: headOnly)
        }
        if let redirect = found.redirect {
            return respond(client, 301, "text/plain; charset=utf-8", [], extra: "Location: \(redirect)\r\n", headOnly: headOnly)
        }
        guard let data = FileManager.default.contents(atPath: found.path) else { return respond(client, 403, "text/plain; charset=utf-8", []) }
        let type = Self.contentType(of: found.path)
        respond(client, 200, type, type.hasPrefix("text/html") ? inject([UInt8](data)) : [UInt8](data), headOnly: headOnly)
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

    func respond(_ client: Int32, _ status: Int, _ type: String, _ body: [UInt8], extra: String = "", headOnly: Bool = false) {
        let reason = [200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                      408: "Request Timeout", 431: "Request Header Fields Too Large", 503: "Service Unavailable"][status] ?? "OK"
        let header = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\n"
            + "X-Content-Type-Options: nosniff\r\n\(extra)Connection: close\r\n\r\n"
        send(client, Array(header.utf8) + (headOnly ? [] : body))
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
