import CSupport
import Messages
import Model

/// Recognises a minisign secret key in any bytes, so that no file holding one is ever read into a site or
/// written into an output — whatever it is named and however it got there (a copy renamed `logo.png`, a
/// key pasted into a page). A secret key is the blob "Ed" + KDF ("\0\0" unencrypted, "Sc" scrypt) + "B2" +
/// 152 bytes; in a key file it is base64 on one line. Both forms are looked for, the whole blob's length
/// confirmed after the marker, so that ordinary data never matches by chance.
public enum SecretKeyPattern {
    /// base64 of "Ed\0\0B2" and of "EdScB2" (the first 6 bytes encode to exactly 8 characters).
    static let base64Markers = [Array("RWQAAEIy".utf8), Array("RWRTY0Iy".utf8)]
    static let rawMarkers: [[UInt8]] = [Array("Ed".utf8) + [0, 0] + Array("B2".utf8), Array("EdScB2".utf8)]
    static let blobLength = 158
    /// 158 bytes in base64: 212 characters, the last of them `=` padding.
    static let base64Length = 211

    /// Whether `bytes` hold a minisign secret key, or one of `extra` byte strings (a loaded key's own bytes).
    public static func occurs(in bytes: [UInt8], extra: [[UInt8]] = []) -> Bool {
        bytes.withUnsafeBytes { occurs(in: $0, extra: extra) }
    }

    public static func occurs(in bytes: UnsafeRawBufferPointer, extra: [[UInt8]] = []) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= 6 else { return false }
        // Each whole marker searched for on its own: memmem skips ahead by a 6- or 8-byte needle, where a
        // 2-byte lead shared by two markers stops it at every "Ed" and "RW".
        for marker in rawMarkers {
            var from = 0
            while let at = find(marker, in: base + from, count: bytes.count - from) {
                if bytes.count - (from + at) >= blobLength { return true }
                from += at + 1
            }
        }
        for marker in base64Markers {
            var from = 0
            while let at = find(marker, in: base + from, count: bytes.count - from) {
                let start = from + at
                var end = start
                while end < bytes.count, isBase64(bytes[end]) { end += 1 }
                if end - start >= base64Length { return true }
                from = start + 1
            }
        }
        for needle in extra where !needle.isEmpty {
            if find(needle, in: base, count: bytes.count) != nil { return true }
        }
        return false
    }

    static func find(_ needle: [UInt8], in base: UnsafeRawPointer, count: Int) -> Int? {
        guard count >= needle.count else { return nil }
        let at = needle.withUnsafeBytes { gongshi_find(base, count, $0.baseAddress, $0.count) }
        return at < 0 ? nil : at
    }

    static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return true
        default: return false
        }
    }

    /// E025: a site file that holds a secret key.
    public static func diagnostic(_ file: String) -> Diagnostic {
        Diagnostic(at: SourceLocation(file: file),
                   "E025")
    }
}
