import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Encodings a clerk's spreadsheet export may use: Excel saves Chinese CSV as GB18030 (GBK) by default.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case gb18030 = "gb18030"

    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

public struct DecodedText: Sendable, Equatable {
    public var text: String
    public var encoding: TextEncoding
    public var hadByteOrderMark: Bool
}

public enum DecodeFailure: Error, Equatable, Sendable {
    /// Bytes that are neither UTF-8 nor GB18030, at a 1-based line.
    case undecodable(line: Int, encoding: TextEncoding)
    case utf16
    case utf32
    case nulByte(line: Int)
    /// Some lines are UTF-8 and others are not: two files of different encodings were joined.
    case mixed(utf8Line: Int, otherLine: Int)
    /// A byte-order mark after the start: a file was pasted into another one.
    case byteOrderMarkInside(line: Int)
}

struct ConversionFailure: Error {
    /// Byte offset of the first sequence that does not convert.
    var offset: Int
}

/// Turns a file's bytes into text: UTF-8 with or without BOM, or GB18030, detected unless named.
public enum TextDecoder {
    public static func decode(_ bytes: [UInt8], as declared: TextEncoding? = nil) -> Result<DecodedText, DecodeFailure> {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return .failure(.utf32) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .failure(.utf16) }
        if let nul = bytes.firstIndex(of: 0) { return .failure(.nulByte(line: lineNumber(at: nul, in: bytes))) }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = bom ? Array(bytes.dropFirst(3)) : bytes
        let valid = isValidUTF8(body)
        if declared == nil, !bom, !valid, let mixed = mixedLines(body) { return .failure(mixed) }
        let encoding = declared ?? (bom || valid ? .utf8 : .gb18030)
        let decoded: DecodedText
        switch encoding {
        case .utf8:
            guard let text = String(validating: body, as: UTF8.self) else {
                return .failure(.undecodable(line: lineNumber(at: firstInvalidUTF8(body), in: body), encoding: .utf8))
            }
            decoded = DecodedText(text: text, encoding: .utf8, hadByteOrderMark: bom)
        case .gb18030:
            switch convertGB18030(body) {
            case .success(let text): decoded = DecodedText(text: text, encoding: .gb18030, hadByteOrderMark: bom)
            case .failure(let failure): return .failure(.undecodable(line: lineNumber(at: failure.offset, in: body), encoding: .gb18030))
            }
        }
        // Found and counted in bytes: a Character "\r\n" is neither "\r" nor "\n", so counting Characters
        // would put every BOM of a CRLF file on line 1.
        let utf8 = Array(decoded.text.utf8)
        if let inside = firstByteOrderMark(utf8) {
            return .failure(.byteOrderMarkInside(line: lineNumber(at: inside, in: utf8)))
        }
        return .success(decoded)
    }

    /// Lines with UTF-8 multi-byte characters beside lines that are not UTF-8: GB18030 would decode the
    /// UTF-8 lines as nonsense without complaint, so this is refused instead of guessed.
    static func mixedLines(_ bytes: [UInt8]) -> DecodeFailure? {
        let lines = nonASCIILines(bytes[...])
        if let u = lines.utf8, let o = lines.other { return .mixed(utf8Line: u, otherLine: o) }
        return nil
    }

    /// The first line (1-based) holding UTF-8 multi-byte characters, and the first holding other bytes above 0x7F.
    static func nonASCIILines(_ bytes: ArraySlice<UInt8>) -> (utf8: Int?, other: Int?) {
        var utf8Line: Int?, otherLine: Int?
        var line = 1, start = bytes.startIndex
        for i in bytes.startIndex...bytes.endIndex where i == bytes.endIndex || bytes[i] == 0x0A {
            let slice = bytes[start..<i]
            if slice.contains(where: { $0 >= 0x80 }) {
                if String(validating: slice, as: UTF8.self) != nil { utf8Line = utf8Line ?? line } else { otherLine = otherLine ?? line }
                if utf8Line != nil && otherLine != nil { break }
            }
            line += 1
            start = i + 1
        }
        return (utf8Line, otherLine)
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// The start of the first line that is not valid UTF-8 (scanning by line keeps multi-byte sequences whole).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var lineStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            if String(validating: bytes[lineStart..<i], as: UTF8.self) == nil { return lineStart }
            lineStart = i + 1
        }
        return bytes.count
    }

    /// The byte offset of the first U+FEFF (EF BB BF) in UTF-8 bytes.
    static func firstByteOrderMark(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 3 else { return nil }
        for i in 0...(bytes.count - 3) where bytes[i] == 0xEF && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF { return i }
        return nil
    }

    /// The 1-based line of a byte offset: lines end in LF (or CRLF), or in CR alone in a file without any LF
    /// (as the old "CSV (Macintosh)" export writes them).
    public static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        let end = bytes.contains(0x0A) ? UInt8(0x0A) : UInt8(0x0D)
        return 1 + bytes[..<min(offset, bytes.count)].lazy.filter { $0 == end }.count
    }

    /// GB18030 to UTF-8 through the C library's iconv; fails with the byte offset of the first bad sequence.
    static func convertGB18030(_ bytes: [UInt8]) -> Result<String, ConversionFailure> {
        let cd = iconv_open("UTF-8", "GB18030")
        guard let cd, cd != iconv_t(bitPattern: -1) else { return .failure(ConversionFailure(offset: 0)) }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let total = input.count
        let result: Result<Int, ConversionFailure> = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                var inLeft = total
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if total > 0, iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                    return .failure(ConversionFailure(offset: total - inLeft))
                }
                return .success(outBuf.count - outLeft)
            }
        }
        switch result {
        case .failure(let failure): return .failure(failure)
        case .success(let count):
            guard let text = String(validating: output[..<count], as: UTF8.self) else { return .failure(ConversionFailure(offset: 0)) }
            return .success(text)
        }
    }
}
