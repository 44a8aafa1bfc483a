import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The preview's connections, all served by one thread that waits on `poll`: no client can hold a thread, so
/// silent connections, slow readers and open live-reload streams cost a file descriptor each and never keep
/// another request waiting. Each kind has its own bound:
/// - connections still sending their request head: at most `heads`; one more closes the oldest of them, silent
///   ones first (a new visitor always gets in), and each has `headSeconds` to finish;
/// - live-reload streams: at most `streams`; one more is answered 503 (a page then works without reloading);
/// - everything together: at most `total`, kept below the process's file-descriptor limit.
final class PreviewLoop: @unchecked Sendable {
    struct Limits {
        var heads = 256
        var streams = 64
        var total = 1_000
        /// The longest request head (request line and headers), and how long a client may take to send it.
        var maximumHead = 16_384
        var headSeconds = 10.0
        /// How long a response may go without any byte accepted by the client before it is dropped.
        var stalledSeconds = 30.0
        /// What an event stream may have waiting unread before it is dropped.
        var streamBacklog = 65_536
        /// How often an idle event stream gets a comment, so that a closed page is noticed.
        var keepAliveSeconds = 15.0
    }

    /// What a complete request head is answered with.
    enum Answer {
        /// A response held in memory (status line, headers and body).
        case bytes([UInt8])
        /// Response headers, then a file's bytes read as the client takes them.
        case file(header: [UInt8], descriptor: Int32, length: Int)
        /// The live-reload event stream.
        case stream
    }

    private enum Phase {
        case head(deadline: Double)
        case write(stalledAfter: Double)
        /// The response is sent: what the client still sends is read and dropped (at most 1 MB, for at most a
        /// second) before closing, so that a refused client reads its refusal instead of a connection reset.
        case drain(deadline: Double, dropped: Int)
        case stream
    }

    private final class Connection {
        let descriptor: Int32
        let accepted: Double
        var phase: Phase
        var input: [UInt8] = []
        var output: [UInt8] = []
        var sent = 0
        var file: Int32 = -1
        var fileLeft = 0
        init(descriptor: Int32, accepted: Double, phase: Phase) {
            self.descriptor = descriptor
            self.accepted = accepted
            self.phase = phase
        }
        var waiting: Int { output.count - sent }
    }

    let limits: Limits
    private let listener: Int32
    private let answer: ([UInt8]) -> Answer
    private let streamHeader: [UInt8]
    private let busy: [UInt8]
    private var connections: [Int32: Connection] = [:]
    private var wake: (read: Int32, write: Int32) = (-1, -1)
    /// Events for the streams, handed over from other threads.
    private let lock = NSLock()
    private var announced: [[UInt8]] = []
    private var lastKeepAlive = 0.0

    /// `answer` turns a complete request head into a response; `streamHeader` opens an event stream; `busy` is
    /// the whole response sent to a stream beyond the bound and to a connection beyond `total`.
    init(listener: Int32, limits: Limits, streamHeader: [UInt8], busy: [UInt8], answer: @escaping ([UInt8]) -> Answer) {
        self.listener = listener
        self.answer = answer
        self.streamHeader = streamHeader
        self.busy = busy
        var descriptorLimit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptorLimit)
        if descriptorLimit.rlim_cur < descriptorLimit.rlim_max {
            descriptorLimit.rlim_cur = min(descriptorLimit.rlim_max, 4_096)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptorLimit)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptorLimit)
        }
        var limits = limits
        // Room for the listener, the wake pipe, open files and the build's own descriptors.
        limits.total = max(16, min(limits.total, Int(descriptorLimit.rlim_cur) / 2 - 32))
        limits.heads = min(limits.heads, limits.total / 2)
        limits.streams = min(limits.streams, limits.total / 4)
        self.limits = limits
        var pipeEnds: [Int32] = [-1, -1]
        pipe(&pipeEnds)
        wake = (pipeEnds[0], pipeEnds[1])
        for descriptor in [listener, wake.read, wake.write] { Self.detach(descriptor) }
    }

    /// Sends `event` to every open stream (from any thread).
    func announce(_ event: String) {
        lock.withLock { announced.append(Array(event.utf8)) }
        var one: UInt8 = 1
        _ = write(wake.write, &one, 1)
    }

    /// Non-blocking, and not inherited by the build's processes.
    static func detach(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func run() -> Never {
        var descriptors: [pollfd] = []
        while true {
            let now = Self.now()
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            descriptors.append(pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0))
            var nextDeadline = lastKeepAlive + limits.keepAliveSeconds
            for connection in connections.values {
                var events = Int16(POLLIN)
                switch connection.phase {
                case .head(let deadline): nextDeadline = min(nextDeadline, deadline)
                case .write(let stalled): events = Int16(POLLOUT); nextDeadline = min(nextDeadline, stalled)
                case .drain(let deadline, _): nextDeadline = min(nextDeadline, deadline)
                case .stream: if connection.waiting > 0 { events |= Int16(POLLOUT) }
                }
                descriptors.append(pollfd(fd: connection.descriptor, events: events, revents: 0))
            }
            let wait = max(0, min(60_000, Int32(((nextDeadline - now) * 1000).rounded(.up))))
            let ready = poll(&descriptors, nfds_t(descriptors.count), wait)
            if ready < 0 && errno != EINTR { usleep(10_000) }
            let after = Self.now()
            for entry in descriptors.dropFirst(2) where entry.revents != 0 {
                guard let connection = connections[entry.fd] else { continue }
                serve(connection, readable: entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0,
                      writable: entry.revents & Int16(POLLOUT | POLLHUP | POLLERR) != 0, now: after)
            }
            if descriptors[1].revents != 0 { deliverAnnounced() }
            if after >= lastKeepAlive + limits.keepAliveSeconds {
                lastKeepAlive = after
                for connection in connections.values where isStream(connection) { queue(Array(": keep-alive\n\n".utf8), on: connection) }
            }
            expire(now: after)
            if descriptors[0].revents != 0 { acceptAll(now: after) }
        }
    }

    private func isStream(_ connection: Connection) -> Bool {
        if case .stream = connection.phase { return true }
        return false
    }

    private func acceptAll(now: Double) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { if errno == EINTR || errno == ECONNABORTED { continue } else { return } }
            Self.detach(client)
            let heads = connections.values.filter { if case .head = $0.phase { return true } else { return false } }
            // The one dropped is the oldest that has sent nothing (a browser's spare connection, or a silent
            // client), else the oldest.
            if heads.count >= limits.heads || connections.count >= limits.total,
               let oldest = heads.min(by: { ($0.input.isEmpty ? 0 : 1, $0.accepted) < ($1.input.isEmpty ? 0 : 1, $1.accepted) }) {
                finish(oldest)
            }
            if connections.count >= limits.total {
                _ = busy.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
                continue
            }
            connections[client] = Connection(descriptor: client, accepted: now, phase: .head(deadline: now + limits.headSeconds))
        }
    }

    private func serve(_ connection: Connection, readable: Bool, writable: Bool, now: Double) {
        switch connection.phase {
        case .head:
            guard readable else { return }
            var buffer = [UInt8](repeating: 0, count: 8_192)
            let n = recv(connection.descriptor, &buffer, buffer.count, 0)
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
            guard n > 0 else { return finish(connection) }
            let searchFrom = max(0, connection.input.count - 3)
            connection.input += buffer[0..<n]
            if let end = Self.headEnd(connection.input, from: searchFrom) {
                respond(connection, with: answer(Array(connection.input[..<end])), now: now)
            } else if connection.input.count > limits.maximumHead {
                respond(connection, with: .bytes(PreviewServer.response(431, "request header too large\n")), now: now)
            }
        case .write:
            if writable { push(connection, now: now) }
        case .drain(let deadline, let dropped):
            guard readable else { return }
            var buffer = [UInt8](repeating: 0, count: 16_384)
            let n = recv(connection.descriptor, &buffer, buffer.count, 0)
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
            guard n > 0, dropped + n < 1 << 20 else { return finish(connection) }
            connection.phase = .drain(deadline: deadline, dropped: dropped + n)
        case .stream:
            if readable {
                // A stream's client has nothing to say; reading tells whether it has gone.
                var buffer = [UInt8](repeating: 0, count: 1_024)
                let n = recv(connection.descriptor, &buffer, buffer.count, 0)
                if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { return finish(connection) }
            }
            if writable { push(connection, now: now) }
        }
    }

    private func respond(_ connection: Connection, with answer: Answer, now: Double) {
        connection.input = []
        switch answer {
        case .bytes(let bytes):
            connection.output = bytes
        case .file(let header, let descriptor, let length):
            connection.output = header
            connection.file = descriptor
            connection.fileLeft = length
        case .stream:
            let streams = connections.values.filter(isStream).count
            guard streams < limits.streams else { return respond(connection, with: .bytes(busy), now: now) }
            connection.output = streamHeader
            connection.phase = .stream
            return push(connection, now: now)
        }
        connection.sent = 0
        connection.phase = .write(stalledAfter: now + limits.stalledSeconds)
        push(connection, now: now)
    }

    /// Sends what the connection has waiting, as much as the client takes now.
    private func push(_ connection: Connection, now: Double) {
        while true {
            if connection.waiting == 0 {
                connection.output = []
                connection.sent = 0
                if connection.file >= 0 && connection.fileLeft > 0 {
                    var chunk = [UInt8](repeating: 0, count: min(65_536, connection.fileLeft))
                    let n = read(connection.file, &chunk, chunk.count)
                    guard n > 0 else { return finish(connection) }
                    connection.output = Array(chunk[0..<n])
                    connection.fileLeft -= n
                } else {
                    if case .stream = connection.phase { return }
                    closeFile(connection)
                    shutdown(connection.descriptor, Int32(SHUT_WR))
                    connection.phase = .drain(deadline: now + 1, dropped: 0)
                    return
                }
            }
            let n = connection.output[connection.sent...].withUnsafeBytes {
                Glibc.send(connection.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
            guard n > 0 else { return finish(connection) }
            connection.sent += n
            if case .write = connection.phase { connection.phase = .write(stalledAfter: now + limits.stalledSeconds) }
        }
    }

    private func queue(_ bytes: [UInt8], on connection: Connection) {
        if connection.sent > 0 {
            connection.output.removeFirst(connection.sent)
            connection.sent = 0
        }
        guard connection.output.count + bytes.count <= limits.streamBacklog else { return finish(connection) }
        connection.output += bytes
        push(connection, now: Self.now())
    }

    private func deliverAnnounced() {
        var drop = [UInt8](repeating: 0, count: 256)
        while read(wake.read, &drop, drop.count) > 0 {}
        let events = lock.withLock { () -> [[UInt8]] in
            defer { announced = [] }
            return announced
        }
        guard !events.isEmpty else { return }
        lastKeepAlive = Self.now()
        for connection in connections.values where isStream(connection) {
            for event in events where connections[connection.descriptor] === connection { queue(event, on: connection) }
        }
    }

    private func expire(now: Double) {
        for connection in Array(connections.values) {
            switch connection.phase {
            case .head(let deadline) where now >= deadline:
                respond(connection, with: .bytes(PreviewServer.response(408, "request timeout\n")), now: now)
            case .write(let stalled) where now >= stalled: finish(connection)
            case .drain(let deadline, _) where now >= deadline: finish(connection)
            default: break
            }
        }
    }

    private func closeFile(_ connection: Connection) {
        if connection.file >= 0 { close(connection.file) }
        connection.file = -1
    }

    private func finish(_ connection: Connection) {
        closeFile(connection)
        close(connection.descriptor)
        connections[connection.descriptor] = nil
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
}
