import Cryptography
import Foundation
import Hummingbird
import Publishing

/// What every request passes before a page sees it. The workbench answers only to names that cannot be rebound
/// to another site (`HostPolicy`, as the preview); a request that changes anything (POST) must carry this
/// process's form token, which only a page the workbench served holds, and, when the browser names its
/// origin, come from the workbench itself. So a page elsewhere can neither read the workbench nor make it act.
struct WorkbenchGuard: Sendable {
    let hosts: HostPolicy
    /// 32 random bytes, hex: new each time the workbench starts.
    let token: String

    /// `allowed`: the names the bureau's browsers use for it on the intranet (`--allow-host`).
    init(bind: String, allowed: [String] = []) {
        hosts = HostPolicy(bind: bind, machine: PreviewSession.addresses(bind), allowed: allowed)
        token = Sodium.randomBytes(32).hex
    }

    func allowsHost(_ request: Request) -> Bool { hosts.allows(request.head.authority) }

    /// A POST's origin, when given, is the workbench's own address: over TLS (said by the proxy in front) `https://`.
    func allowsOrigin(_ request: Request, secure: Bool) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let authority = request.head.authority else { return false }
        return origin == (secure ? "https://" : "http://") + authority
    }

    /// Where a request comes from: the peer, or behind a proxy on this machine (nginx) the address it names last in
    /// `X-Forwarded-For`. Another peer's header is not believed.
    static func client(_ request: Request, peer: String) -> String {
        guard let bytes = HostPolicy.bytes(of: peer), bytes.count == 4 ? bytes[0] == 127 : bytes == HostPolicy.bytes(of: "::1"),
              let forwarded = request.headers[.init("X-Forwarded-For")!],
              let last = forwarded.split(separator: ",").last.map({ $0.trimmingCharacters(in: .whitespaces) }),
              HostPolicy.bytes(of: last) != nil else { return peer }
        return last
    }

    /// Compared in constant time: how long a wrong token takes says nothing of the right one.
    func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
