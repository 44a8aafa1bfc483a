import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which `Host` headers the preview answers. By DNS rebinding, a page the clerk visits elsewhere can make a
/// name of its own resolve to the preview and read results not yet public; it cannot choose the Host its
/// browser sends, which stays its own name. So the preview answers only to what cannot be rebound:
/// `localhost`, the IP literals of this machine (loopback, the address it is bound to, or for a wildcard bind
/// the machine's own), and the names the user lists (`serve --allow-host`). Any other name, a malformed header,
/// or none, is refused.
public struct HostPolicy: Sendable {
    /// IP addresses as bytes (4 or 16), each a literal the preview answers to.
    private let addresses: Set<[UInt8]>
    /// Lower case, without a trailing dot.
    private let names: Set<String>

    /// `bind`: the address served on; `machine`: this machine's addresses, for a wildcard bind (0.0.0.0, ::);
    /// `allowed`: names the user lists.
    public init(bind: String, machine: [String], allowed: [String]) {
        var addresses: Set<[UInt8]> = [Self.bytes(of: "::1")!]
        for address in [bind] + (bind == "0.0.0.0" || bind == "::" ? machine : []) {
            if let b = Self.bytes(of: address), b != [UInt8](repeating: 0, count: b.count) { addresses.insert(b) }
        }
        self.addresses = addresses
        names = Set(["localhost"] + allowed.compactMap { Self.name($0) })
    }

    /// The literal's bytes: a dotted IPv4 address (4 decimal parts, as inet_pton reads it) or an IPv6 address
    /// (an IPv4-mapped one as its IPv4 address); nil for anything else.
    public static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        guard !text.contains("%"), inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        return b.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] ? Array(b.suffix(4)) : b
    }

    /// A host name as compared: lower case, one trailing dot dropped (`localhost.` is `localhost`); nil when empty.
    static func name(_ text: String) -> String? {
        var n = text.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return n.isEmpty || n.hasSuffix(".") ? nil : n
    }

    /// Whether a request whose Host header is `header` is answered.
    public func allows(_ header: String?) -> Bool {
        guard let header, !header.isEmpty, header.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return false }
        // `[v6]` or `[v6]:port`; `host` or `host:port` (a bare IPv6 address has colons of its own: refused).
        var host: Substring, port: Substring?
        if header.hasPrefix("[") {
            guard let close = header.firstIndex(of: "]") else { return false }
            host = header[header.index(after: header.startIndex)..<close]
            let rest = header[header.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return false }
            port = rest.isEmpty ? nil : rest.dropFirst()
            guard Self.bytes(of: String(host))?.count == 16 || host.hasPrefix("::ffff:") else { return false }
        } else {
            let parts = header.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return false }
            host = parts[0]
            port = parts.count == 2 ? parts[1] : nil
        }
        if let port { guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit), Int(port)! <= 65535 else { return false } }
        if let ip = Self.bytes(of: String(host)) {
            // Loopback is 127.0.0.0/8 and ::1.
            return ip.count == 4 && ip[0] == 127 || addresses.contains(ip)
        }
        guard let name = Self.name(String(host)) else { return false }
        return names.contains(name)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
