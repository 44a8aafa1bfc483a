import CSupport
import Messages
import Model

/// The zip container of an `.xlsx` workbook, read entry by entry with every bound checked.
///
/// Workbooks come from Excel, WPS, LibreOffice and Python libraries, each writing zips its own way (extra
/// fields, data descriptors, a comment), so this reader accepts any layout a zip may have — unlike
/// `StrictZip`, which accepts only what gongshi writes — but never trusts a number in it: offsets and sizes
/// are checked against the file, each entry inflates into at most its declared size (and no entry may
/// declare more than `maximumEntryBytes`: a zip bomb ends in a named error, not in memory), and its CRC-32
/// must match.
public struct WorkbookZip: Sendable {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var reason: Message
        public var description: String { reason.text(.en) }
    }

    /// The most one part of a workbook may hold once inflated, and all the parts read together.
    public static let maximumEntryBytes = 256 << 20
    public static let maximumTotalBytes = 1 << 30

    struct Entry {
        var method: UInt16, flags: UInt16
        var crc: UInt32, compressedSize: Int, size: Int
        var localOffset: Int
    }

    private let bytes: [UInt8]
    private let entries: [String: Entry]
    private var inflated = 0

    /// Lists the archive's entries from its central directory.
    public init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        self.entries = try Self.directory(bytes)
    }

    public func contains(_ name: String) -> Bool { entries[name] != nil }

    static func fail(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> Failure { Failure(reason: Message(key, arguments)) }

    private static func u16(_ b: [UInt8], _ at: Int) throws(Failure) -> Int {
        guard at >= 0, at + 2 <= b.count else { throw fail("workbook.truncatedHeader") }
        return Int(b[at]) | Int(b[at + 1]) << 8
    }

    private static func u32(_ b: [UInt8], _ at: Int) throws(Failure) -> Int {
        guard at >= 0, at + 4 <= b.count else { throw fail("workbook.truncatedHeader") }
        return Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24
    }

    private static func directory(_ b: [UInt8]) throws(Failure) -> [String: Entry] {
        guard b.count >= 22, b[0] == 0x50, b[1] == 0x4B else { throw fail("workbook.notZip") }
        // The end record is within the last 22 + 65,535 bytes (its comment is at most that long).
        var end = -1
        var at = b.count - 22
        while at >= max(0, b.count - 22 - 0xFFFF) {
            if b[at] == 0x50, b[at + 1] == 0x4B, b[at + 2] == 5, b[at + 3] == 6, try u16(b, at + 20) == b.count - at - 22 { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw fail("workbook.noEndRecord") }
        let count = try u16(b, end + 10), size = try u32(b, end + 12), offset = try u32(b, end + 16)
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else { throw fail("workbook.zip64") }
        guard offset + size <= end else { throw fail("workbook.directoryOutsideFile") }
        var entries: [String: Entry] = [:]
        at = offset
        for _ in 0..<count {
            guard try u32(b, at) == 0x0201_4B50 else { throw fail("workbook.zipDirectoryDamaged") }
            let nameLength = try u16(b, at + 28), extra = try u16(b, at + 30), comment = try u16(b, at + 32)
            guard at + 46 + nameLength <= offset + size else { throw fail("workbook.zipDirectoryDamaged") }
            let name = String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(method: UInt16(try u16(b, at + 10)), flags: UInt16(try u16(b, at + 8)), crc: UInt32(try u32(b, at + 16)),
                              compressedSize: try u32(b, at + 20), size: try u32(b, at + 24), localOffset: try u32(b, at + 42))
            // Two parts of one name: readers would disagree on which is the workbook.
            guard entries.updateValue(entry, forKey: name) == nil else { throw fail("workbook.duplicatePart", ["name": "\(name)"]) }
            at += 46 + nameLength + extra + comment
        }
        return entries
    }

    /// One part as a stream (nil when the workbook has no such part): what reading it costs is a window and a
    /// buffer, whatever it inflates to. Every bound is checked before the first byte; the stream's own
    /// damage, its length and CRC-32 by `PartStream.finish`.
    public mutating func stream(_ name: String) throws(Failure) -> PartStream? {
        guard let e = entries[name] else { return nil }
        guard e.flags & 1 == 0 else { throw Self.fail("workbook.encrypted") }
        guard e.size <= Self.maximumEntryBytes else {
            throw Self.fail("workbook.partTooLarge", ["name": "\(name)", "size": "\(e.size)", "limit": "\(Self.maximumEntryBytes >> 20)"])
        }
        inflated += e.size
        guard inflated <= Self.maximumTotalBytes else { throw Self.fail("workbook.tooLarge", ["limit": "\(Self.maximumTotalBytes >> 20)"]) }
        let local = e.localOffset
        guard try Self.u32(bytes, local) == 0x0403_4B50 else { throw Self.fail("workbook.partNoLocalHeader", ["name": "\(name)"]) }
        let start = local + 30 + (try Self.u16(bytes, local + 26)) + (try Self.u16(bytes, local + 28))
        guard start + e.compressedSize <= bytes.count else { throw Self.fail("workbook.partTruncated", ["name": "\(name)"]) }
        switch e.method {
        case 0: guard e.compressedSize == e.size else { throw Self.fail("workbook.partStoredSizesDiffer", ["name": "\(name)"]) }
        case 8: break
        default: throw Self.fail("workbook.partUnknownMethod", ["name": "\(name)", "method": "\(e.method)"])
        }
        return PartStream(bytes[start..<(start + e.compressedSize)], method: Int32(e.method), size: e.size, crc: e.crc, name: name)
    }

    /// A part's data as it is inflated, with the checks of its end.
    public final class PartStream {
        private let input: UnsafeMutableBufferPointer<UInt8>
        let handle: UnsafeMutableRawPointer
        let size: Int, crc: UInt32, name: String

        init(_ compressed: ArraySlice<UInt8>, method: Int32, size: Int, crc: UInt32, name: String) {
            input = .allocate(capacity: max(compressed.count, 1))
            _ = input.initialize(from: compressed)
            handle = gongshi_part_open(input.baseAddress, UInt(compressed.count), method, UInt(size))
            self.size = size
            self.crc = crc
            self.name = name
        }

        deinit {
            gongshi_part_close(handle)
            input.deallocate()
        }

        /// Up to `buffer.count` bytes into `buffer`: their count, 0 at the end, nil when the stream is damaged.
        public func read(into buffer: inout [UInt8]) -> Int? {
            let n = buffer.withUnsafeMutableBufferPointer { gongshi_part_read(handle, $0.baseAddress, UInt($0.count)) }
            return n < 0 ? nil : n
        }

        /// Reads what is left (a parser may stop at its root's end), then holds the part to the zip's word:
        /// a valid stream of exactly the declared length, with the declared CRC-32.
        public func finish() throws(Failure) {
            var rest = [UInt8](repeating: 0, count: 65_536)
            while let n = read(into: &rest), n > 0 {}
            try damage()
        }

        /// The stream's own failure so far, if it has one — damage, or more comments or a longer tag than a part
        /// may hold: what to say instead of the parser's complaint when the parser stopped because the stream did.
        public func damage() throws(Failure) {
            switch gongshi_part_status(handle) {
            case -1, Int32(GONGSHI_INFLATE_END), Int32(GONGSHI_INFLATE_TRAILING), Int32(GONGSHI_INFLATE_PADDING): break
            case Int32(GONGSHI_INFLATE_OVERFLOW): throw WorkbookZip.fail("workbook.partLargerThanDeclared", ["name": "\(name)", "size": "\(size)"])
            case Int32(GONGSHI_PART_COMMENTS): throw WorkbookZip.fail("workbook.tooMuchComment", ["limit": "\(GONGSHI_PART_MAX_COMMENTS >> 20)"])
            case Int32(GONGSHI_PART_TAG): throw WorkbookZip.fail("workbook.partLongTag", ["limit": "\(GONGSHI_PART_MAX_TAG >> 10)"])
            default: throw WorkbookZip.fail("workbook.partBadDeflate", ["name": "\(name)"])
            }
            guard gongshi_part_status(handle) != -1 else { return }
            let produced = Int(gongshi_part_produced(handle))
            guard produced == size else { throw WorkbookZip.fail("workbook.partSizeWrong", ["name": "\(name)", "bytesCount": "\(produced)", "size": "\(size)"]) }
            guard UInt32(truncatingIfNeeded: gongshi_part_crc(handle)) == crc else { throw WorkbookZip.fail("workbook.partBadCRC", ["name": "\(name)"]) }
        }
    }

}
