import CSupport
import Foundation
import Import
import Messages
import Model

/// Reads a zip that gongshi wrote — a sharing bundle — checking every byte of it, so that a damaged or
/// forged archive ends in a named error, in time bounded by its size, and no two readers can disagree on
/// what it holds.
///
/// ZIPFoundation 0.9.20 is fine for writing, not for reading untrusted archives: its inflate loop spins for
/// ever on a stream that ends early, a bad central-directory offset traps, and of two entries with one
/// name it reads the first while other tools read the last. This reader accepts only the layout gongshi
/// writes and refuses anything else:
/// - the end record closes the file (no comment), its central directory follows the last entry's data,
///   and the entries' local headers and data tile the file from byte 0: no byte outside the entries;
/// - each local header agrees with its central-directory entry field by field (version, flags, method,
///   time, CRC, sizes, name), with no extra fields, no data descriptor, no encryption, no ZIP64;
/// - names are unique, relative, without `..`, backslashes or control characters;
/// - each entry is stored or deflated, inflates to exactly its declared size (a stream that ends early,
///   runs on, or would be larger is refused before anything is allocated beyond the bound) and matches
///   its CRC-32.
public enum StrictZip {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var bytes: [UInt8]
    }

    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        /// The entry the problem is in, or `zip` for the archive's own structure.
        public var entry: String
        public var reason: Message
        public var description: String { "\(entry): \(reason.text(.en))" }
    }

    /// The most a bundle may hold: each entry, and all of them together.
    public static let maximumEntryBytes = 512 << 20
    public static let maximumTotalBytes = 1 << 30
    public static let maximumEntries = 10_000

    static let localSignature: UInt32 = 0x04034B50
    static let centralSignature: UInt32 = 0x02014B50
    static let endSignature: UInt32 = 0x06054B50

    struct Central {
        var versionMadeBy: UInt16, versionNeeded: UInt16, flags: UInt16, method: UInt16, time: UInt16, date: UInt16
        var crc: UInt32, compressedSize: UInt32, size: UInt32
        var nameBytes: [UInt8]
        var localOffset: UInt32
    }

    public static func read(_ zip: [UInt8]) -> Result<[Entry], Failure> {
        do { return .success(try zip.withUnsafeBufferPointer { try entries(of: $0) }) } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(entry: "zip", reason: Message("zip.other", ["error": "\(error)"])))
        }
    }

    static func fail(_ key: String, _ arguments: [String: MessageArgument] = [:], _ entry: String = "zip") -> Failure {
        Failure(entry: entry, reason: Message(key, arguments))
    }

    static func entries(of z: UnsafeBufferPointer<UInt8>) throws -> [Entry] {
        func u16(_ at: Int) throws -> UInt16 {
            guard at >= 0, at + 2 <= z.count else { throw fail("zip.archiveEndsInside", ["at": "\(at)"]) }
            return UInt16(z[at]) | UInt16(z[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> UInt32 {
            guard at >= 0, at + 4 <= z.count else { throw fail("zip.archiveEndsInside", ["at": "\(at)"]) }
            return UInt32(z[at]) | UInt32(z[at + 1]) << 8 | UInt32(z[at + 2]) << 16 | UInt32(z[at + 3]) << 24
        }
        guard z.count >= 22 else { throw fail("zip.fileZipArchive") }
        // The end record: the last 22 bytes, since gongshi writes no comment.
        let end = z.count - 22
        guard try u32(end) == endSignature else {
            throw fail("zip.fileDoesEnd")
        }
        let disk = try u16(end + 4), cdDisk = try u16(end + 6), here = try u16(end + 8), total = try u16(end + 10)
        let cdSize = Int(try u32(end + 12)), cdOffset = Int(try u32(end + 16)), commentLength = try u16(end + 20)
        guard commentLength == 0 else { throw fail("zip.endRecordCarries") }
        guard disk == 0, cdDisk == 0, here == total else { throw fail("zip.archiveClaimsSpan") }
        guard total != 0xFFFF, cdSize != 0xFFFF_FFFF, cdOffset != 0xFFFF_FFFF else { throw fail("zip.zipArchivesBundles") }
        guard Int(total) <= maximumEntries else { throw fail("zip.archiveListsEntries", ["total": "\(total)"]) }
        guard cdOffset + cdSize == end else {
            throw fail("zip.centralDirectoryBytes", ["cdSize": "\(cdSize)", "cdOffset": "\(cdOffset)", "end": "\(end)"])
        }
        // The central directory, entry after entry, filling its space exactly.
        var centrals: [Central] = []
        var at = cdOffset
        for i in 0..<Int(total) {
            guard try u32(at) == centralSignature else { throw fail("zip.centralDirectoryEntry5", ["i": "\(i + 1)", "at": "\(at)"]) }
            let nameLength = Int(try u16(at + 28)), extraLength = try u16(at + 30), entryComment = try u16(at + 32)
            guard extraLength == 0, entryComment == 0 else { throw fail("zip.centralDirectoryEntry4", ["i": "\(i + 1)"]) }
            guard try u16(at + 34) == 0 else { throw fail("zip.centralDirectoryEntry3", ["i": "\(i + 1)"]) }
            // What gongshi writes, field for field: made by Unix, version 2.1 (0x0315), version needed 2.0,
            // no internal attributes, a regular file of mode 0644. A bundle is reproducible byte for byte,
            // so any other value is an altered directory.
            let madeBy = try u16(at + 4), needed = try u16(at + 6), internalAttributes = try u16(at + 36), external = try u32(at + 38)
            guard madeBy == 0x0315, needed == 20, internalAttributes == 0, external == 0o100644 << 16 else {
                throw fail("zip.centralDirectoryEntry2", ["i": "\(i + 1)", "madeBy": "\(String(madeBy, radix: 16))", "needed": "\(needed)", "attributes": "\(String(external, radix: 8))"])
            }
            guard at + 46 + nameLength <= end else { throw fail("zip.centralDirectoryEntry", ["i": "\(i + 1)"]) }
            centrals.append(Central(versionMadeBy: try u16(at + 4), versionNeeded: try u16(at + 6), flags: try u16(at + 8), method: try u16(at + 10),
                                    time: try u16(at + 12), date: try u16(at + 14), crc: try u32(at + 16), compressedSize: try u32(at + 20),
                                    size: try u32(at + 24), nameBytes: Array(z[(at + 46)..<(at + 46 + nameLength)]), localOffset: try u32(at + 42)))
            at += 46 + nameLength
        }
        guard at == end else { throw fail("zip.centralDirectoryHolds", ["end": "\(end - at)"]) }

        // The entries' local headers and data tile the file from byte 0, in directory order.
        var entries: [Entry] = []
        var names: Set<String> = []
        var next = 0
        var totalBytes = 0
        for (i, c) in centrals.enumerated() {
            guard let name = String(validating: c.nameBytes, as: UTF8.self), isSafeName(name) else {
                throw fail("zip.entryNameSafe", ["i": "\(i + 1)", "name": "\(String(decoding: c.nameBytes, as: UTF8.self).debugDescription)"])
            }
            guard names.insert(name).inserted else { throw fail("zip.archiveHoldsTwo", ["name": "\(name)"], name) }
            guard c.flags & ~UInt16(0x0800) == 0 else { throw fail("zip.flagsEncryptionData", ["flags": "\(String(c.flags, radix: 16))"], name) }
            guard c.method == 0 || c.method == 8 else { throw fail("zip.compressionMethodNeither", ["method": "\(c.method)"], name) }
            guard Int(c.localOffset) == next else {
                throw fail("zip.localHeaderByte2", ["localOffset": "\(c.localOffset)", "next": "\(next)"], name)
            }
            let local = Int(c.localOffset)
            guard try u32(local) == localSignature else { throw fail("zip.localHeaderByte", ["local": "\(local)"], name) }
            let localNameLength = Int(try u16(local + 26)), localExtra = try u16(local + 28)
            let fields: [(String, UInt32, UInt32)] = [
                ("version needed", UInt32(try u16(local + 4)), UInt32(c.versionNeeded)), ("flags", UInt32(try u16(local + 6)), UInt32(c.flags)),
                ("method", UInt32(try u16(local + 8)), UInt32(c.method)), ("time", UInt32(try u16(local + 10)), UInt32(c.time)),
                ("date", UInt32(try u16(local + 12)), UInt32(c.date)), ("CRC-32", try u32(local + 14), c.crc),
                ("compressed size", try u32(local + 18), c.compressedSize), ("size", try u32(local + 22), c.size),
            ]
            for (field, localValue, centralValue) in fields where localValue != centralValue {
                throw fail("zip.localHeaderS3", ["field": "\(field)", "localValue": "\(localValue)", "centralValue": "\(centralValue)"], name)
            }
            guard localExtra == 0, localNameLength == c.nameBytes.count else { throw fail("zip.localHeaderS2", [:], name) }
            let dataStart = local + 30 + localNameLength
            guard dataStart <= cdOffset, Array(z[(local + 30)..<dataStart]) == c.nameBytes else {
                throw fail("zip.localHeaderS", [:], name)
            }
            let compressed = Int(c.compressedSize), size = Int(c.size)
            guard size <= maximumEntryBytes, compressed <= maximumEntryBytes else { throw fail("zip.declaresBytesMore", ["size": "\(size)"], name) }
            totalBytes += size
            guard totalBytes <= maximumTotalBytes else { throw fail("zip.entriesTogetherDeclare", ["maximumTotalBytes": "\(maximumTotalBytes)"], name) }
            guard dataStart + compressed <= cdOffset else { throw fail("zip.dataRunsInto", [:], name) }
            let data = UnsafeBufferPointer(rebasing: z[dataStart..<(dataStart + compressed)])
            let bytes = c.method == 0 ? try stored(data, size: size, name: name) : try inflate(data, size: size, name: name)
            let crc = bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: gongshi_crc32($0.baseAddress, UInt($0.count))) }
            guard crc == c.crc else { throw fail("zip.crcBytesArchive", ["crc": "\(String(crc, radix: 16))", "declared": "\(String(c.crc, radix: 16))"], name) }
            entries.append(Entry(name: name, bytes: bytes))
            next = dataStart + compressed
        }
        guard next == cdOffset else { throw fail("zip.bytesLieBetween", ["cdOffset": "\(cdOffset - next)"]) }
        return entries
    }

    static func stored(_ data: UnsafeBufferPointer<UInt8>, size: Int, name: String) throws -> [UInt8] {
        guard data.count == size else { throw fail("zip.storedEntryBytes", ["dataCount": "\(data.count)", "size": "\(size)"], name) }
        return Array(data)
    }

    /// Raw deflate into at most `size + 1` bytes: exactly `size` must come out, from exactly all the input.
    static func inflate(_ data: UnsafeBufferPointer<UInt8>, size: Int, name: String) throws -> [UInt8] {
        let out = RawInflate.inflate(data, size: size)
        switch Int(out.status) {
        case Int(GONGSHI_INFLATE_END): break
        case Int(GONGSHI_INFLATE_TRUNCATED): throw fail("zip.compressedDataEnds", [:], name)
        case Int(GONGSHI_INFLATE_OVERFLOW): throw fail("zip.deflateStreamHolds", ["size": "\(size)"], name)
        case Int(GONGSHI_INFLATE_TRAILING): throw fail("zip.bytesFollowDeflate", ["dataCount": "\(data.count - out.consumed)"], name)
        case Int(GONGSHI_INFLATE_PADDING): throw fail("zip.bitsAfterDeflate", [:], name)
        default: throw fail("zip.compressedDataValid", [:], name)
        }
        guard out.bytes.count == size else { throw fail("zip.inflatesBytesArchive", ["bytesCount": "\(out.bytes.count)", "size": "\(size)"], name) }
        guard out.consumed == data.count else { throw fail("zip.bytesFollowDeflate", ["dataCount": "\(data.count - out.consumed)"], name) }
        return out.bytes
    }

    /// A relative path: no empty part, `.` or `..`, no leading slash, backslash or control character.
    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), name.utf8.count <= 1024 else { return false }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != "" && $0 != "." && $0 != ".." }
    }
}
