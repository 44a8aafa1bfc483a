import CSodium
import Foundation

/// The few libsodium primitives gongshi uses: BLAKE2b, randomness and deterministic Ed25519
/// signatures. (SHA-256 comes from OpenSSL, `Digest`; the draws' HMAC-SHA-256 from `HMACSHA256`.)
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

    /// An Argon2id password hash in libsodium's string form (`$argon2id$v=19$m=…`), salted and with its limits inside:
    /// the only form a password is kept in. The interactive limits (64 MiB, 2 passes) keep a login well under a second.
    public static func passwordHash(_ password: String) -> String? {
        precondition(ready)
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let length = UInt64(password.utf8.count)
        let status = password.withCString {
            crypto_pwhash_str_alg(&out, $0, length, UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE),
                                  Int(crypto_pwhash_MEMLIMIT_INTERACTIVE), crypto_pwhash_ALG_ARGON2ID13)
        }
        guard status == 0 else { return nil }
        return String(cString: out)
    }

    /// Whether `password` is the one `hash` was made from (constant time in libsodium).
    public static func passwordMatches(_ password: String, hash: String) -> Bool {
        precondition(ready)
        guard hash.utf8.count < Int(crypto_pwhash_STRBYTES) else { return false }
        let length = UInt64(password.utf8.count)
        return password.withCString { crypto_pwhash_str_verify(hash, $0, length) } == 0
    }
}
