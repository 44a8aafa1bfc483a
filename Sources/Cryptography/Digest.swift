import COpenSSL
import Model

/// SHA-256 through OpenSSL, which uses the CPU's SHA extensions: every byte gongshi publishes is hashed
/// for SHA256SUMS and to find the files a build changed, so its lead over libsodium counts at scale.
public enum Digest {
    /// Fetched once; `EVP_Digest` with a fetched digest costs about 0.13 µs for a short input here.
    nonisolated(unsafe) static let sha256Algorithm: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil)!

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { sha256($0) }
    }

    public static func sha256(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { digest in
            EVP_Digest(bytes.baseAddress ?? UnsafePointer(digest.baseAddress!), bytes.count, digest.baseAddress, &length, sha256Algorithm, nil)
        }
        precondition(ok == 1 && length == 32, "OpenSSL SHA-256 failed")
        return out
    }

    /// SHA-256 over bytes given a block at a time (a file too large to hold, a key too long to buffer).
    public final class SHA256Stream: @unchecked Sendable {
        private let context = EVP_MD_CTX_new()
        private var result: [UInt8]?

        public init() { precondition(EVP_DigestInit_ex(context, Digest.sha256Algorithm, nil) == 1, "OpenSSL SHA-256 failed") }
        deinit { EVP_MD_CTX_free(context) }

        public func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(result == nil, "SHA-256 given bytes after its digest")
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "OpenSSL SHA-256 failed")
        }

        /// The digest of everything given; no more may be given after.
        public var digest: [UInt8] {
            if result == nil {
                var out = [UInt8](repeating: 0, count: 32)
                var length: UInt32 = 0
                precondition(EVP_DigestFinal_ex(context, &out, &length) == 1 && length == 32, "OpenSSL SHA-256 failed")
                result = out
            }
            return result!
        }

        /// The digest, after `last` (given only if the digest was not taken yet).
        public func digest(after last: [UInt8]) -> [UInt8] {
            if result == nil { last.withUnsafeBufferPointer { update($0) } }
            return digest
        }

        package var hex: String { digest.hex }
    }
}
