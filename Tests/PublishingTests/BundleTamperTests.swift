import Foundation
@testable import Import
import Testing
@testable import Publishing
@testable import Evaluation
@testable import Model

/// A bundle that is damaged or forged is named, never trusted, never a hang: every byte flipped, every
/// length cut, bytes added before or after, a forged entry ahead of the real one.
@Suite("Trust: verify-bundle reads every byte of a bundle and trusts none it cannot account for", .serialized)
struct BundleTamperTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/small-site").path

    /// A real credit-ningbo bundle of the small fixture site, and the key that signed it.
    static let made: (zip: [UInt8], key: MinisignKey, files: [(path: String, bytes: [UInt8])]) = {
        let config = try! SiteLayout(root: root).loadConfig()
        let data = CSVImporter(rules: config.rules).importDirectory(root + "/data").data
        let publication = Evaluator(grading: config.grading, disclosure: config.disclosure).evaluate(data.published, asOf: CivilDate(iso: "2026-07-01")!)
        let key = MinisignKey.generate()
        let recipient = config.recipients.first { $0.id == "credit-ningbo" }!
        let plan = BundlePlan.make(for: recipient, publication: publication, site: config.site, disclosure: config.disclosure, previous: nil, full: true)
        let bundle = try! SharingBundle.make(plan, site: config.site, key: key)
        let files = try! StrictZip.read(bundle.zip).get().map { (path: $0.name, bytes: $0.bytes) }
        return (bundle.zip, key, files)
    }()

    func verify(_ zip: [UInt8]) -> BundleVerifier.Report { BundleVerifier.verify(zip: zip, publicKey: Self.made.key) }

    @Test("The bundle as written verifies, and its entries are read back exactly")
    func intact() throws {
        #expect(verify(Self.made.zip).problems.isEmpty)
        #expect(Self.made.files.map(\.path) == ["README.txt", "data/bad-records.csv", "data/grades.csv", "data/not-rated.csv",
                                                "data/serious-dishonesty.csv", "manifest.json", "manifest.json.minisig"])
        // Rebuilt from its entries it is the same bytes: the reader misses nothing the writer wrote.
        #expect(try SharingBundle.zipArchive(Self.made.files, date: CivilDate(iso: "2026-07-01")!) == Self.made.zip)
    }

    /// Inside a deflate stream, a rare flip re-encodes the same text (another distance to an identical earlier
    /// run), which no decoder can tell; in a header, a flip of a field no file depends on (a time, the
    /// attributes, the version that made it) leaves a zip another tool could have written. The promise is
    /// therefore: a flip is refused, or what verifies is byte for byte what was signed — and a zip not as
    /// gongshi wrote it is said to be re-packed.
    @Test("Every single byte flipped anywhere is refused, or leaves every file exactly as signed and a changed container said to be re-packed; no flip takes long")
    func everyByteFlipped() throws {
        let original = try StrictZip.read(Self.made.zip).get()
        let dataRanges = try Self.dataRanges(Self.made.zip)
        var slowest = 0.0
        var sameText: [Int] = []
        for offset in Self.made.zip.indices {
            for mask: UInt8 in [0x01, 0x80] {
                var zip = Self.made.zip
                zip[offset] ^= mask
                let started = Date()
                let report = verify(zip)
                slowest = max(slowest, Date().timeIntervalSince(started))
                guard report.problems.isEmpty else { continue }
                if let strict = try? StrictZip.read(zip).get() {
                    #expect(dataRanges.contains { $0.contains(offset) }, "a flip at \(offset), outside any entry's data, verified as written")
                    #expect(strict == original, "a flip at \(offset) verified with other content")
                    #expect(report.repacked == nil)
                    sameText.append(offset)
                } else {
                    #expect(report.repacked != nil, "a flip at \(offset) verified without saying the zip was re-packed")
                    #expect(try RepackedZip.read(zip).get().sorted { $0.name < $1.name } == original.sorted { $0.name < $1.name },
                            "a flip at \(offset) verified with other content")
                }
            }
        }
        #expect(sameText.count <= 8, "\(sameText.count) flips re-encode the same text: \(sameText)")
        #expect(slowest < 2, "the slowest flip took \(slowest) s")
    }

    /// The byte ranges of the entries' compressed data.
    static func dataRanges(_ zip: [UInt8]) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        while i + 30 <= zip.count, zip[i..<(i + 4)] == [0x50, 0x4B, 0x03, 0x04] {
            let size = Int(zip[i + 18]) | Int(zip[i + 19]) << 8 | Int(zip[i + 20]) << 16 | Int(zip[i + 21]) << 24
            let start = i + 30 + (Int(zip[i + 26]) | Int(zip[i + 27]) << 8)
            ranges.append(start..<(start + size))
            i = start + size
        }
        return ranges
    }

    @Test("A bundle cut at any length, or with bytes before or after it, is refused")
    func cutAndPadded() {
        let zip = Self.made.zip
        for length in stride(from: 0, to: zip.count, by: 1) {
            #expect(!verify(Array(zip.prefix(length))).problems.isEmpty, "cut at \(length)")
        }
        #expect(verify([0] + zip).problems.first?.description.contains("outside the entries") == true)
        #expect(!verify(zip + [0]).problems.isEmpty)
        #expect(!verify(zip + zip).problems.isEmpty)
    }

    @Test("A forged data/grades.csv ahead of the real one is refused: two entries with one name")
    func duplicateEntry() throws {
        var files = Self.made.files
        files.insert((path: "data/grades.csv", bytes: Array("统一社会信用代码,评价结果\n91330203MA2H0A2C18,A\n".utf8)), at: 0)
        let forged = try SharingBundle.zipArchiveKeepingOrder(files, date: CivilDate(iso: "2026-07-01")!)
        let problems = verify(forged).problems
        #expect(problems.count == 1 && problems[0].description.contains("two entries named data/grades.csv"), "\(problems)")
    }

    @Test("An entry the manifest does not list, in gongshi's own layout, is named")
    func unlistedEntry() throws {
        let zip = try SharingBundle.zipArchive(Self.made.files + [(path: "data/extra.csv", bytes: Array("a\n".utf8))], date: CivilDate(iso: "2026-07-01")!)
        #expect(verify(zip).problems.map(\.description) == ["data/extra.csv: in the zip but not in the manifest"])
    }

    @Test("The last bytes of a deflate stream flipped or cut end in a named error at once, not a spin")
    func deflateTail() throws {
        let zip = Self.made.zip
        // The end of each entry's data is where the next local header starts.
        var starts: [Int] = []
        var i = 0
        while i + 4 <= zip.count { if zip[i..<(i + 4)] == [0x50, 0x4B, 0x03, 0x04] { starts.append(i) }; i += 1 }
        for end in starts.dropFirst() {
            for back in 1...4 {
                var flipped = zip
                flipped[end - back] ^= 0xFF
                let started = Date()
                let problems = verify(flipped).problems
                #expect(!problems.isEmpty && Date().timeIntervalSince(started) < 1)
            }
        }
    }
}

extension SharingBundle {
    /// Like `zipArchive`, but in the order given (a forger's order), for the tests.
    static func zipArchiveKeepingOrder(_ files: [(path: String, bytes: [UInt8])], date: CivilDate) throws -> [UInt8] {
        try zipArchive(files, date: date, sorted: false)
    }
}
