import CSodium
import Foundation

/// The few libsodium primitives gongshi uses: BLAKE2b, HMAC-SHA-256 and deterministic Ed25519
/// signatures. (SHA-256 itself comes from OpenSSL: see `Digest`.)
public enum Sodium {
    /// The version of the libsodium gongshi runs with (a shared library).
    public static var libraryVersion: String { String(cString: sodium_version_string()) }

    /// sodium_init is idempotent and thread-safe; it must run once before any other call.
    public static let ready: Bool = sodium_init() >= 0

    public static func blake2b(_ bytes: [UInt8], length: Int) -> [UInt8] {
        precondition(ready)
        var out = [UInt8](repeating: 0, count: length)
        _ = bytes.withUnsafeBufferPointer { crypto_generichash(&out, length, $0.baseAddress, UInt64($0.count), nil, 0) }
        return out
    }

    /// A new Ed25519 key pair: (public 32 bytes, secret 64 bytes: seed then public key).
    public static func keyPair() -> (publicKey: [UInt8], secretKey: [UInt8]) {
        precondition(ready)
        var pk = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var sk = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        crypto_sign_keypair(&pk, &sk)
        return (pk, sk)
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(ready)
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }

    public static func sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        precondition(ready && secretKey.count == Int(crypto_sign_SECRETKEYBYTES))
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        _ = message.withUnsafeBufferPointer { crypto_sign_detached(&signature, nil, $0.baseAddress, UInt64($0.count), secretKey) }
        return signature
    }

    public static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        precondition(ready)
        guard signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES) else { return false }
        return message.withUnsafeBufferPointer { crypto_sign_verify_detached(signature, $0.baseAddress, UInt64($0.count), publicKey) } == 0
    }

    /// HMAC-SHA256 (RFC 2104) with a key of any length, as `openssl dgst -sha256 -hmac KEY` computes it.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(ready)
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        // Empty inputs still need valid pointers.
        let keyBytes = key.isEmpty ? [0] : key
        _ = keyBytes.withUnsafeBufferPointer { crypto_auth_hmacsha256_init(&state, $0.baseAddress!, key.count) }
        let bytes = message.isEmpty ? [0] : message
        _ = bytes.withUnsafeBufferPointer { crypto_auth_hmacsha256_update(&state, $0.baseAddress!, UInt64(message.count)) }
        crypto_auth_hmacsha256_final(&state, &out)
        return out
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex. Written out by hand: `String(format:)` per byte was a tenth of a 10k-agency build.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: count * 2) { buffer in
            for (i, byte) in enumerated() {
                buffer[2 * i] = digits[Int(byte >> 4)]
                buffer[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
            return count * 2
        }
    }
}
