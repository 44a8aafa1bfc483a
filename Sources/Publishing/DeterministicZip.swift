import Foundation
import Registry
import ZIPFoundation

/// Zip archives whose bytes depend only on their files: sharing bundles and the open data's Excel files.
/// Entries are sorted by path, dated the as-of day at 00:00 UTC, mode 0644, deflated. `StrictZip` reads
/// exactly this layout back.
enum DeterministicZip {
    static func archive(_ files: [(path: String, bytes: [UInt8])], date: CivilDate, sorted: Bool = true) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        let modified = Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400)
        for file in sorted ? files.sorted(by: { $0.path < $1.path }) : files {
            let data = Data(file.bytes)
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw OutputWriter.Failure(path: "zip", "E900.zip") }
        return [UInt8](data)
    }
}
