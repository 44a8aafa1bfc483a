import Cryptography
import Foundation
import Glibc
import Model
#if canImport(Glibc)
#endif

/// A large CSV file read a piece at a time, so that no more than a piece of it is ever held as text and
/// records (the report numbers of a national registry are tens of millions of rows, Art. 18).
///
/// Pieces end where records end: at a line feed outside quotes, found by the reader's own rule (a quote
/// opens a quoted field only at a field's start). A line feed and a quote are single bytes in UTF-8 and in
/// GB18030 alike (no multi-byte character holds 0x0A or 0x22), so the bytes can be cut before they are decoded.
/// A file without a line feed (lines ending in CR alone) is one piece.
protocol CSVPieces: AnyObject, Sendable {
    /// The next piece and the line its first record starts on; nil after the last. Called in order, one at a time.
    func next() -> (bytes: [UInt8], firstLine: Int)?
    /// Reads what is left without keeping it (so that a file's digest covers all of it after an early stop).
    func drain()
}

/// Where records end, over bytes given a block at a time.
struct RecordEnds {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    private var state = State.fieldStart

    /// The offset just after the last record end in `bytes[range]`, if any.
    mutating func last(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var end: Int?
        for i in range {
            let byte = bytes[i]
            switch (state, byte) {
            case (.quoted, 0x22): state = .quoteInQuoted
            case (.quoted, _): break
            case (.quoteInQuoted, 0x22): state = .quoted
            case (.fieldStart, 0x22): state = .quoted
            case (_, 0x2C): state = .fieldStart
            case (_, 0x0A):
                state = .fieldStart
                end = i + 1
            default: state = .unquoted
            }
        }
        return end
    }
}

/// Lines (LFs) in `bytes`.
func lineFeeds(in bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

/// The pieces of bytes already in memory (a file given to `importFiles`).
final class PiecesInMemory: CSVPieces, @unchecked Sendable {
    private let bytes: [UInt8]
    private let size: Int
    private var start = 0, scanned = 0, line = 1
    private var lastEnd: Int?
    private var ends = RecordEnds()

    init(_ bytes: [UInt8], size: Int) {
        self.bytes = bytes
        self.size = max(1, size)
    }

    func next() -> (bytes: [UInt8], firstLine: Int)? {
        guard start < bytes.count else { return nil }
        // As on disk: scanned a block at a time, cut at the last record end once the piece has `size` bytes.
        var cut: Int?
        bytes.withUnsafeBufferPointer { b in
            while cut == nil {
                let to = min(b.count, scanned + size)
                if let end = ends.last(in: b, scanned..<to) { lastEnd = end }
                scanned = to
                if let end = lastEnd, end - start >= size { cut = end } else if scanned == b.count { cut = b.count }
            }
        }
        let end = cut!
        let piece = Array(bytes[start..<end])
        let first = line
        line += lineFeeds(in: piece[...])
        start = end
        lastEnd = nil
        return (piece, first)
    }

    func drain() { start = bytes.count }
}

/// The pieces of a file on disk, read a block at a time (never the whole file), with the SHA-256 of every byte
/// read: the file the registry is recorded as imported from is exactly the bytes that were read.
public final class PiecesOnDisk: CSVPieces, @unchecked Sendable {
    private let fd: Int32
    private let size: Int
    private var buffer: [UInt8] = []
    private var scanned = 0, line = 1, atEnd = false
    private var ends = RecordEnds()
    private var lastEnd: Int?
    private let digest = Digest.SHA256Stream()
    public private(set) var bytesRead = 0
    /// Why reading stopped early (the system's words), if it did.
    public private(set) var failure: String?

    /// Takes `fd`, open for reading, and closes it when done.
    init(fd: Int32, size: Int) {
        self.fd = fd
        self.size = max(1, size)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The file as read, once every piece has been taken.
    public var sha256: String { digest.hex }

    public func next() -> (bytes: [UInt8], firstLine: Int)? {
        while true {
            if let end = lastEnd, end >= size || atEnd {
                return cut(at: end)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                return cut(at: buffer.count)
            }
            guard let block = readBlock() else { continue }
            buffer += block
            if let end = buffer.withUnsafeBufferPointer({ ends.last(in: $0, scanned..<buffer.count) }) { lastEnd = end }
            scanned = buffer.count
        }
    }

    public func drain() {
        buffer = []
        lastEnd = nil
        while !atEnd { _ = readBlock() }
    }

    /// The next block of the file, hashed and counted; nil at its end (or on a failure, kept in `failure`),
    /// which sets `atEnd`.
    private func readBlock() -> ArraySlice<UInt8>? {
        var block = [UInt8](repeating: 0, count: size)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = String(cString: strerror(errno)) }
            guard n > 0 else {
                atEnd = true
                return nil
            }
            bytesRead += n
            block.withUnsafeBufferPointer { digest.update(UnsafeBufferPointer(rebasing: $0[..<n])) }
            return block[..<n]
        }
    }

    private func cut(at end: Int) -> (bytes: [UInt8], firstLine: Int) {
        let piece = Array(buffer[..<end])
        buffer.removeFirst(end)
        scanned -= end
        lastEnd = nil
        let first = line
        line += lineFeeds(in: piece[...])
        return (piece, first)
    }
}

/// Decodes the pieces after the first as one file would be decoded: the encoding named, or else found across
/// the whole file — UTF-8 lines in one piece and GB18030 lines in another are the same refusal (E002) as in one.
final class PieceDecoder {
    let declared: TextEncoding?
    /// The file's first line with UTF-8 multi-byte characters, and its first with other non-ASCII bytes.
    private var utf8Line: Int?, otherLine: Int?

    /// `first`: the first piece (after any byte-order mark), which `TextDecoder` has read.
    init(declared: TextEncoding?, first: ArraySlice<UInt8>) {
        self.declared = declared
        if declared == nil { (utf8Line, otherLine) = TextDecoder.nonASCIILines(first) }
    }

    /// The file's encoding as far as it is read: nil while every line was ASCII.
    var encoding: TextEncoding? { declared ?? (otherLine != nil ? .gb18030 : utf8Line != nil ? .utf8 : nil) }

    func decode(_ bytes: ArraySlice<UInt8>, firstLine: Int) -> Result<String, DecodeFailure> {
        let shift = firstLine - 1
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .failure(.byteOrderMarkInside(line: firstLine)) }
        var encoding = declared ?? .utf8
        if declared == nil, let firstHigh = bytes.firstIndex(where: { $0 >= 0x80 }) {
            // A piece that is UTF-8 throughout (the usual case) has its first UTF-8 line where its first such byte
            // is; only another piece is read line by line.
            let lines = String(validating: bytes, as: UTF8.self) != nil
                ? (utf8: 1 + lineFeeds(in: bytes[..<firstHigh]), other: nil) : TextDecoder.nonASCIILines(bytes)
            utf8Line = utf8Line ?? lines.utf8.map { $0 + shift }
            otherLine = otherLine ?? lines.other.map { $0 + shift }
            if let u = utf8Line, let o = otherLine { return .failure(.mixed(utf8Line: u, otherLine: o)) }
            encoding = otherLine == nil ? .utf8 : .gb18030
        }
        switch TextDecoder.decode(Array(bytes), as: encoding) {
        case .success(let decoded): return .success(decoded.text)
        case .failure(let failure): return .failure(failure.shifted(by: shift))
        }
    }
}

extension DecodeFailure {
    /// The same failure in a piece whose first line is line `shift + 1` of the file.
    func shifted(by shift: Int) -> DecodeFailure {
        switch self {
        case .undecodable(let line, let encoding): return .undecodable(line: line + shift, encoding: encoding)
        case .nulByte(let line): return .nulByte(line: line + shift)
        case .mixed(let u, let o): return .mixed(utf8Line: u + shift, otherLine: o + shift)
        case .byteOrderMarkInside(let line): return .byteOrderMarkInside(line: line + shift)
        case .utf16, .utf32: return self
        }
    }
}
