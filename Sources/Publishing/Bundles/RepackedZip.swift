import CSupport
import Messages
import Model

/// Reads a bundle that another tool re-packed — a mail gateway that unzipped and zipped it again, an
/// archive manager that added a file — which is no longer byte for byte what gongshi wrote (`StrictZip`)
/// but whose files may be intact: their SHA-256 against the signed manifest decides that, not the container.
/// It accepts what such tools write (entries in any order, extra fields, comments, data descriptors, folder
/// entries, other attributes and times) and still ends in a named error in time bounded by the bytes: every
/// offset and size is checked against the file, each entry inflates to at most its declared size and must
/// match its CRC-32, names are unique safe relative paths, and there is no encryption and no ZIP64. Like
/// `StrictZip`, it accounts for every byte: the entries, the directory and the end record tile the file,
/// with no gap and no overlap, so nothing can hide before, between or after them.
enum RepackedZip {
    static func read(_ zip: [UInt8]) -> Result<[StrictZip.Entry], StrictZip.Failure> {
        do { return .success(try zip.withUnsafeBufferPointer { try entries(of: $0) }) } catch let f as StrictZip.Failure {
            return .failure(f)
        } catch {
            return .failure(StrictZip.Failure(entry: "zip", reason: Message("zip.other", ["error": "\(error)"])))
        }
    }

    static func entries(of z: UnsafeBufferPointer<UInt8>) throws -> [StrictZip.Entry] {
        let fail = StrictZip.fail
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= z.count else { throw fail("zip.archiveEndsInside", ["at": "\(at)"], "zip") }
            return Int(z[at]) | Int(z[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int {
            guard at >= 0, at + 4 <= z.count else { throw fail("zip.archiveEndsInside", ["at": "\(at)"], "zip") }
            return Int(z[at]) | Int(z[at + 1]) << 8 | Int(z[at + 2]) << 16 | Int(z[at + 3]) << 24
        }
        // The end record: the last one whose comment runs exactly to the end of the file.
        guard z.count >= 22 else { throw fail("zip.fileZipArchive", [:], "zip") }
        var end: Int?
        for at in stride(from: z.count - 22, through: max(0, z.count - 22 - 0xFFFF), by: -1)
        where try u32(at) == Int(StrictZip.endSignature) && at + 22 + (try u16(at + 20)) == z.count {
            end = at
            break
        }
        guard let end else { throw fail("zip.fileDoesEnd", [:], "zip") }
        let total = try u16(end + 10), cdSize = try u32(end + 12), cdOffset = try u32(end + 16)
        guard try u16(end + 4) == 0, try u16(end + 6) == 0, try u16(end + 8) == total else { throw fail("zip.archiveClaimsSpan", [:], "zip") }
        guard total != 0xFFFF, cdSize != 0xFFFF_FFFF, cdOffset != 0xFFFF_FFFF else { throw fail("zip.zipArchivesBundles", [:], "zip") }
        guard total <= StrictZip.maximumEntries else { throw fail("zip.archiveListsEntries", ["total": "\(total)"], "zip") }
        guard cdOffset + cdSize <= end else {
            throw fail("zip.centralDirectoryBytes", ["cdSize": "\(cdSize)", "cdOffset": "\(cdOffset)", "end": "\(end)"], "zip")
        }
        var entries: [StrictZip.Entry] = []
        var names: Set<String> = []
        var totalBytes = 0
        // The byte ranges the entries, the directory and the end record take: they must tile the file.
        var taken: [Range<Int>] = [cdOffset..<(cdOffset + cdSize), end..<z.count]
        var at = cdOffset
        for i in 0..<total {
            guard try u32(at) == Int(StrictZip.centralSignature) else {
                throw fail("zip.centralDirectoryEntry5", ["i": "\(i + 1)", "at": "\(at)"], "zip")
            }
            let flags = try u16(at + 8), method = try u16(at + 10), crc = try u32(at + 16)
            let compressed = try u32(at + 20), size = try u32(at + 24), local = try u32(at + 42)
            let nameLength = try u16(at + 28), extraLength = try u16(at + 30), commentLength = try u16(at + 32)
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= cdOffset + cdSize else { throw fail("zip.centralDirectoryEntry", ["i": "\(i + 1)"], "zip") }
            let nameBytes = Array(z[(at + 46)..<(at + 46 + nameLength)])
            at = next
            guard try u32(local) == Int(StrictZip.localSignature) else { throw fail("zip.localHeaderByte", ["local": "\(local)"], "zip") }
            let dataStart = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
            guard dataStart + compressed <= cdOffset else { throw fail("zip.dataRunsInto", [:], "zip") }
            // A data descriptor after the data (flag bit 3): its signature is optional.
            var entryEnd = dataStart + compressed
            if flags & 0x08 != 0 { entryEnd += (try? u32(entryEnd)) == 0x08074B50 ? 16 : 12 }
            taken.append(local..<entryEnd)
            guard let full = String(validating: nameBytes, as: UTF8.self) else {
                throw fail("zip.entryNameSafe", ["i": "\(i + 1)", "name": "\(String(decoding: nameBytes, as: UTF8.self).debugDescription)"], "zip")
            }
            // A folder entry another tool adds: nothing to verify.
            if full.hasSuffix("/") && size == 0 {
                guard StrictZip.isSafeName(String(full.dropLast())) else {
                    throw fail("zip.entryNameSafe", ["i": "\(i + 1)", "name": "\(full.debugDescription)"], "zip")
                }
                continue
            }
            let name = full
            guard StrictZip.isSafeName(name) else { throw fail("zip.entryNameSafe", ["i": "\(i + 1)", "name": "\(name.debugDescription)"], "zip") }
            guard names.insert(name).inserted else { throw fail("zip.archiveHoldsTwo", ["name": "\(name)"], name) }
            // Encryption (bit 0) and strong encryption (bit 6) hide the bytes; a data descriptor (bit 3) only moves the sizes.
            guard flags & 0x41 == 0 else { throw fail("zip.flagsEncryptionData", ["flags": "\(String(flags, radix: 16))"], name) }
            guard method == 0 || method == 8 else { throw fail("zip.compressionMethodNeither", ["method": "\(method)"], name) }
            guard size <= StrictZip.maximumEntryBytes, compressed <= StrictZip.maximumEntryBytes else {
                throw fail("zip.declaresBytesMore", ["size": "\(size)"], name)
            }
            totalBytes += size
            guard totalBytes <= StrictZip.maximumTotalBytes else {
                throw fail("zip.entriesTogetherDeclare", ["maximumTotalBytes": "\(StrictZip.maximumTotalBytes)"], name)
            }
            let data = UnsafeBufferPointer(rebasing: z[dataStart..<(dataStart + compressed)])
            let bytes = method == 0 ? try StrictZip.stored(data, size: size, name: name) : try StrictZip.inflate(data, size: size, name: name)
            let actual = bytes.withUnsafeBufferPointer { Int(UInt32(truncatingIfNeeded: gongshi_crc32($0.baseAddress, UInt($0.count)))) }
            guard actual == crc else {
                throw fail("zip.crcBytesArchive", ["crc": "\(String(actual, radix: 16))", "declared": "\(String(crc, radix: 16))"], name)
            }
            entries.append(StrictZip.Entry(name: name, bytes: bytes))
        }
        guard at == cdOffset + cdSize else { throw fail("zip.centralDirectoryHolds", ["end": "\(cdOffset + cdSize - at)"], "zip") }
        var covered = 0
        for range in taken.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            guard range.lowerBound == covered else {
                throw fail(range.lowerBound > covered ? "zip.bytesOutsideEntries" : "zip.entriesOverlap", ["at": "\(covered)"], "zip")
            }
            covered = range.upperBound
        }
        guard covered == z.count else { throw fail("zip.bytesOutsideEntries", ["at": "\(covered)"], "zip") }
        return entries
    }
}
