import Testing
@testable import Publishing

/// The preview answers only to hosts that cannot be rebound to it by DNS (a page elsewhere reading unpublished results).
@Suite("serve: the Host headers the preview answers")
struct HostPolicyTests {
    let loopback = HostPolicy(bind: "127.0.0.1", machine: [], allowed: [])
    let network = HostPolicy(bind: "0.0.0.0", machine: ["192.168.1.5", "127.0.0.1"], allowed: ["Clerk-PC.bureau.local."])
    let bound = HostPolicy(bind: "10.0.0.7", machine: ["10.0.0.7", "192.168.1.5"], allowed: [])

    @Test("Loopback literals and localhost, in every form a browser sends: ports, IPv6, case, a trailing dot",
          arguments: ["localhost", "LOCALHOST", "localhost.", "localhost:1313", "LocalHost.:8080", "127.0.0.1", "127.0.0.1:1313",
                      "127.0.0.2", "127.255.255.254:1", "[::1]", "[::1]:1313", "[0:0:0:0:0:0:0:1]:80", "[::ffff:127.0.0.1]:1313"])
    func loopbackForms(host: String) {
        #expect(loopback.allows(host) && network.allows(host) && bound.allows(host))
    }

    @Test("A name that merely begins like a loopback address, another site's name, or a malformed header is refused",
          arguments: ["127.0.0.1.nip.io", "127.evil.example", "127.0.0.1.", "localhost.evil.example", "evil-localhost", "attacker.example",
                      "attacker.example:1313", "127.1", "0x7f000001", "2130706433", "0177.0.0.1", "127.0.0.1:abc", "127.0.0.1:", "127.0.0.1:99999",
                      "localhost:1313:1", "::1", "[::1", "[::1]x", "[127.0.0.1]", "[::1%lo]", "local host", "localhost..", ".", "", "[]",
                      "xn--localhost", "localhost\u{0}", "ｌｏｃａｌｈｏｓｔ"])
    func refused(host: String) {
        #expect(!loopback.allows(host) && !network.allows(host) && !bound.allows(host), "\(host.debugDescription)")
    }

    @Test("No Host header at all is refused")
    func missing() { #expect(!loopback.allows(nil) && !network.allows(nil)) }

    @Test("On the network: this machine's addresses and the names listed with --allow-host; not another address, not 0.0.0.0")
    func onTheNetwork() {
        #expect(network.allows("192.168.1.5:1313") && network.allows("clerk-pc.bureau.local") && network.allows("CLERK-PC.bureau.local.:1313"))
        #expect(!network.allows("192.168.1.6") && !network.allows("0.0.0.0") && !network.allows("bureau.local") && !network.allows("pc.bureau.local"))
        // Bound to one address: that one (and loopback), not the machine's others.
        #expect(bound.allows("10.0.0.7:1313") && !bound.allows("192.168.1.5") && !bound.allows("clerk-pc.bureau.local"))
        #expect(!loopback.allows("192.168.1.5") && !loopback.allows("clerk-pc.bureau.local"))
    }
}
