import Dispatch
import Foundation
import Model
import Testing
@testable import Publishing

@Suite("Deterministic zips: the same files and date give the same bytes, on any number of cores at once")
struct DeterministicZipTests {
    /// The DOS date field of every local header and central directory entry.
    static func dates(_ zip: [UInt8]) -> [UInt16] {
        var found: [UInt16] = []
        var i = 0
        while i + 16 <= zip.count {
            let signature = UInt32(zip[i]) | UInt32(zip[i + 1]) << 8 | UInt32(zip[i + 2]) << 16 | UInt32(zip[i + 3]) << 24
            if signature == 0x0403_4B50 { found.append(UInt16(zip[i + 12]) | UInt16(zip[i + 13]) << 8) }
            if signature == 0x0201_4B50 { found.append(UInt16(zip[i + 14]) | UInt16(zip[i + 15]) << 8) }
            i += 1
        }
        return found
    }

    @Test("Zips dated different days, made on every core at once, each carry their own date (ZIPFoundation's gmtime did not)")
    func concurrentDates() throws {
        let days = (1...28).map { CivilDate(year: 2020 + $0 % 7, month: 1 + $0 % 12, day: $0)! }
        let files: [(path: String, bytes: [UInt8])] = (0..<6).map { ("part-\($0).xml", Array(String(repeating: "<row>\($0)</row>", count: 400).utf8)) }
        let reference = try days.map { try DeterministicZip.archive(files, date: $0) }
        let lock = NSLock()
        nonisolated(unsafe) var mismatches = 0
        DispatchQueue.concurrentPerform(iterations: 2000) { i in
            let day = days[i % days.count]
            let zip = try! DeterministicZip.archive(files, date: day)
            if zip != reference[i % days.count] { lock.withLock { mismatches += 1 } }
        }
        #expect(mismatches == 0)
        for (day, zip) in zip(days, reference) {
            let expected = UInt16(day.day + day.month * 32 + (day.year - 1980) * 512)
            #expect(Self.dates(zip) == Array(repeating: expected, count: 2 * files.count))
        }
    }

    @Test("The writer's zip reads back through gongshi's strict reader, entry for entry, with sorted names and UTF-8 flagged")
    func readsBack() throws {
        let files: [(path: String, bytes: [UInt8])] = [("说明.txt", Array("附件".utf8)), ("a/b.xml", Array(repeating: 65, count: 100_000)), ("empty", [])]
        let zip = try DeterministicZip.archive(files, date: CivilDate(year: 2026, month: 3, day: 6)!)
        let entries = try StrictZip.read(zip).get()
        #expect(entries.map(\.name) == ["a/b.xml", "empty", "说明.txt"])
        #expect(entries.map(\.bytes) == [files[1].bytes, [], files[0].bytes])
        #expect(zip[6] == 0x00 && zip[7] == 0x08)
    }
}
