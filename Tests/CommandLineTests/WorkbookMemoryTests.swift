import Foundation
import Testing

/// What reading a workbook costs, measured on the real binary: its peak resident memory, from the kernel.
@Suite("A small workbook costs little memory, whatever its parts inflate to", .serialized)
struct WorkbookMemoryTests {
    /// Runs gongshi under Tests/Tools/peak_rss.py (a small process of its own, so that the measure is
    /// gongshi's and not this test runner's): its exit status, what it said, its peak resident set in kilobytes.
    static func measured(_ arguments: [String]) throws -> (status: Int32, said: String, peakKB: Int) {
        let result = try Gongshi.run(["/usr/bin/env", "python3", Gongshi.repository + "/Tests/Tools/peak_rss.py", Gongshi.binary] + arguments, viaShell: true)
        let last = result.stderr.split(separator: "\n").last { $0.hasPrefix("peak-rss-kb ") }
        return (result.status, result.stdout + result.stderr, last.flatMap { Int($0.dropFirst("peak-rss-kb ".count)) } ?? Int.max)
    }

    /// A copy of the fixture site whose agencies are a workbook of one sheet, with `megabytes` of comments in
    /// each of its four XML parts (`inside`: within the root element rather than before it).
    static func site(comments megabytes: Int, inside: Bool = false) throws -> String {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let plain = site + "/plain.xlsx"
        let made = try OpenDataValidationTests.tool("python3", ["-c", """
            import csv, sys
            from openpyxl import Workbook
            book = Workbook(); sheet = book.active; sheet.title = "机构"
            for row in csv.reader(open(sys.argv[1], encoding="utf-8-sig")): sheet.append(row)
            book.save(sys.argv[2])
            """, site + "/data/agencies.csv", plain], in: site)
        #expect(made.status == 0, "\(made.stderr)")
        try FileManager.default.removeItem(atPath: site + "/data/agencies.csv")
        let bombed = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/comment_bomb.py", plain, site + "/data/agencies.xlsx",
                                                                  "\(megabytes)"] + (inside ? ["inside"] : []), in: site)
        #expect(bombed.status == 0, "\(bombed.stderr)")
        try FileManager.default.removeItem(atPath: plain)
        return site
    }

    @Test("Four parts of 255 MB of comments each, before or inside their root, in a file under 1 MB: refused by name in little memory")
    func commentBomb() throws {
        for inside in [false, true] {
            let site = try Self.site(comments: 255, inside: inside)
            defer { try? FileManager.default.removeItem(atPath: site) }
            let size = try FileManager.default.attributesOfItem(atPath: site + "/data/agencies.xlsx")[.size] as? Int ?? 0
            #expect(size < 1 << 20)
            let check = try Self.measured(["check", "--site", site])
            #expect(check.status == 1)
            #expect(check.said.contains("error[E018]") && check.said.contains("more than 1 MB of XML comments or processing instructions"), "\(check.said)")
            #expect(check.peakKB < 150_000, "peak \(check.peakKB) KB")
        }
    }

    @Test("The same workbook without the comments is read, and costs as little")
    func plainWorkbook() throws {
        let site = try Self.site(comments: 0)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let check = try Self.measured(["check", "--site", site])
        #expect(check.status == 0, "\(check.said)")
        #expect(check.said.contains("agencies.xlsx: 机构 (9 rows"), "\(check.said)")
        #expect(check.peakKB < 150_000, "peak \(check.peakKB) KB")
    }
}
