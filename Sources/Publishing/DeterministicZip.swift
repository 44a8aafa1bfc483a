import CSupport
import Foundation
import Model

/// Zip archives whose bytes depend only on their files: sharing bundles, the open data's Excel files, the notices'
/// Word files and annexes. Entries are sorted by path, dated the as-of day at 00:00, mode 0644, deflated (zlib
/// level 6), names flagged UTF-8, no extra fields and no data descriptors: byte for byte what ZIPFoundation wrote. `StrictZip`
/// reads exactly this layout back.
///
/// Written here rather than with ZIPFoundation, whose date conversion calls `gmtime`: one static buffer for the
/// whole process, so zips made on several cores at once could take each other's dates (a build that differed
/// from the same build, under load).
public enum DeterministicZip {
    public static func archive(_ files: [(path: String, bytes: [UInt8])], date: CivilDate, sorted: Bool = true) throws -> [UInt8] {
        let (dosDate, dosTime) = dosDateTime(date)
        var out: [UInt8] = []
        var central: [UInt8] = []
        var count = 0
        for file in sorted ? files.sorted(by: { $0.path < $1.path }) : files {
            let name = Array(file.path.utf8)
            let crc = file.bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: gongshi_crc32($0.baseAddress, UInt($0.count))) }
            let data = try deflated(file.bytes)
            guard name.count <= 0xFFFF, data.count < 0xFFFF_FFFF, file.bytes.count < 0xFFFF_FFFF, out.count < 0xFFFF_FFFF,
                  count < 0xFFFF else { throw OutputWriter.Failure(path: "zip", "E900.zip") }
            let offset = UInt32(out.count)
            // What the local header and the central directory entry both say: version needed 2.0, flag 11 (the
            // name is UTF-8), deflate, DOS time and date, CRC, sizes, the name's length, no extra field.
            func entry(into bytes: inout [UInt8]) {
                bytes.append(le16: 20); bytes.append(le16: 0x0800); bytes.append(le16: 8)
                bytes.append(le16: dosTime); bytes.append(le16: dosDate); bytes.append(le32: crc)
                bytes.append(le32: UInt32(data.count)); bytes.append(le32: UInt32(file.bytes.count))
                bytes.append(le16: UInt16(name.count)); bytes.append(le16: 0)
            }
            out.append(le32: 0x0403_4B50)
            entry(into: &out)
            out += name
            out += data
            // Central directory entry: made by Unix, zip 2.1; then no comment, disk 0, no internal attributes, mode 0644.
            central.append(le32: 0x0201_4B50); central.append(le16: 0x0315)
            entry(into: &central)
            central.append(le16: 0); central.append(le16: 0); central.append(le16: 0)
            central.append(le32: UInt32(0o100644) << 16); central.append(le32: offset)
            central += name
            count += 1
        }
        guard out.count + central.count < 0xFFFF_FFFF else { throw OutputWriter.Failure(path: "zip", "E900.zip") }
        let directoryOffset = UInt32(out.count)
        out += central
        // End of central directory: one disk, `count` entries, no comment.
        out.append(le32: 0x0605_4B50); out.append(le16: 0); out.append(le16: 0)
        out.append(le16: UInt16(count)); out.append(le16: UInt16(count))
        out.append(le32: UInt32(central.count)); out.append(le32: directoryOffset); out.append(le16: 0)
        return out
    }

    /// The day at 00:00 as MS-DOS date and time fields (years 1980–2099, as the format allows).
    static func dosDateTime(_ date: CivilDate) -> (date: UInt16, time: UInt16) {
        let year = min(2099, max(1980, date.year))
        return (UInt16(date.day + date.month * 32 + (year - 1980) * 512), 0)
    }

    static func deflated(_ bytes: [UInt8]) throws -> [UInt8] {
        let capacity = Int(gongshi_deflate_bound(UInt(bytes.count)))
        var output = [UInt8](repeating: 0, count: capacity)
        let length = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { gongshi_deflate_raw(input.baseAddress, UInt(input.count), $0.baseAddress, UInt(capacity)) }
        }
        guard length >= 0 else { throw OutputWriter.Failure(path: "zip", "E900.zip") }
        output.removeSubrange(Int(length)...)
        return output
    }
}

extension Array where Element == UInt8 {
    mutating func append(le16 value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    mutating func append(le32 value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
}
