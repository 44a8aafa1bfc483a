import Testing
@testable import Cryptography
@testable import Model

/// The draws' HMAC-SHA-256 is Swift alone (the rules link no C library): held to the RFC's vectors and to OpenSSL.
@Suite("Art. 17: the draw's HMAC-SHA-256, without a C library, is the standard one")
struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            out.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
        }
        return out
    }

    @Test("RFC 4231 test cases 1–4, 6 and 7 (a key longer than a block is hashed first)", arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "aa", count: 20), String(repeating: "dd", count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131), "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131), "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(key: String, message: String, expected: String) {
        #expect(HMACSHA256.authenticationCode(key: Self.bytes(key), message: Self.bytes(message)).hex == expected)
    }

    @Test("SHA-256 agrees with OpenSSL's at every length around the block and padding edges")
    func agreesWithOpenSSL() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...130) + [1000, 65_537] {
            let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(SHA256.hash(input) == Digest.sha256(input), "\(length)")
            var pieces = SHA256()
            pieces.update(Array(input.prefix(length / 3)))
            pieces.update(Array(input.dropFirst(length / 3)))
            #expect(pieces.finish() == Digest.sha256(input), "\(length) in two pieces")
        }
    }
}
