@testable import Import
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Model

/// The demo site in content/, built as `make run` builds it (on a copy, so the checkout stays clean).
@Suite("The demo site", .serialized)
struct DemoTests {
    /// The demo's as-of date, as `make run` passes it: a day in the 2025 results' notice period.
    static let asOf = "2026-03-06"

    static let built: (output: String, files: [String: Data], importErrors: String) = {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-demo-\(UUID().uuidString)").path
        for part in ["config.toml", "data", "pages", "notices"] {
            try! FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
            try! FileManager.default.copyItem(atPath: Gongshi.repository + "/content/" + part, toPath: site + "/" + part)
        }
        let imported = try! Gongshi.run(["import", "--site", site, "--quiet"])
        let output = site + "/public"
        let built = try! Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"])
        precondition(built.status == 0, built.stderr)
        return (output, try! Gongshi.tree(output), imported.stderr + built.stderr)
    }()

    @Test("The demo imports and builds with no error and no warning")
    func clean() {
        #expect(Self.built.importErrors.isEmpty, "\(Self.built.importErrors)")
    }

    @Test("At least 150 agencies across the districts, three years, E and not-rated cases, bad records")
    func realistic() throws {
        let data = CSVImporter(rules: .ningbo).importDirectory(Gongshi.repository + "/content/data").data.published
        #expect(data.agencies.count >= 150)
        #expect(Set(data.agencies.map(\.district)) == Set(RegistryRules.ningboDistricts))
        #expect(Set(data.evaluations.map(\.year)) == [2023, 2024, 2025])
        #expect(data.evaluations.contains { !$0.inScope })
        #expect(data.evaluations.contains { $0.isNotRated })
        #expect(data.seriousDishonesty.count >= 2 && data.badRecords.count >= 10 && data.objections.count >= 4)
        let files = Self.built.files
        #expect(files.keys.filter { $0.hasPrefix("agencies/") && $0.hasSuffix("/index.html") }.count == data.agencies.count + 1)
        #expect(files["grades/2023/index.html"] != nil && files["grades/2024/index.html"] != nil && files["grades/2025/index.html"] != nil)
        let eList = String(decoding: files["serious-dishonesty/index.html"]!, as: UTF8.self)
        #expect(eList.contains("第（四）项") && !eList.contains("第（二）项"))  // the 第（二）项 event comes in May 2026
    }

    @Test("make run builds the demo as of the same date as these tests")
    func makefileDate() throws {
        let makefile = try String(contentsOfFile: Gongshi.repository + "/Makefile", encoding: .utf8)
        #expect(makefile.contains("AS_OF ?= \(Self.asOf)"))
    }

    @Test("Every stage on show: 2025 under notice; 2024 final with one correction and one E event that revoked its grade")
    func stagesOnShow() throws {
        let files = Self.built.files
        let home = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(home.contains("2025年度信用评价结果（公示中）"))
        #expect(home.contains("公示中，结果尚未最终确定。"))
        let changes = String(decoding: files["changes/index.md"]!, as: UTF8.self)
        #expect(changes.components(separatedBy: "2024年度信用评价等级经异议复核").count - 1 == 1)
        #expect(changes.contains("撤销其已获评的2024年度"))
        #expect(files["notices/2024-final/index.html"] != nil && files["notices/2025-final/index.html"] == nil)
        #expect(files["open-data/grades-2024.versions.csv"] != nil && files["open-data/grades-2024.v2.csv"] == nil)
        let announcement = String(decoding: files["notices/2024-final/index.html"]!, as: UTF8.self)
        #expect(announcement.contains("公示期内（2025年3月3日至2025年3月14日）共收到异议 3 件，其中经复核维持原评价结果 2 件、更正评价结果 1 件。公示期以外收到异议 1 件，不计入上述数字，其中不予受理 1 件。"))
        // Agencies of the 2025 list can object from their own page.
        #expect(files.filter { $0.key.hasPrefix("agencies/") && String(decoding: $0.value, as: UTF8.self).contains("对本机构2025年度评价结果有异议？") }.count >= 150)
        #expect(files["notices/2025-evaluation-work/index.html"] != nil)
    }

    @Test("No identity number, phone, objector or non-public warning of the demo registry reaches the output")
    func nothingInternal() throws {
        let data = CSVImporter(rules: .ningbo).importDirectory(Gongshi.repository + "/content/data").data
        let publicNames = Set(data.published.agencies.flatMap { [$0.name, $0.legalRepresentative] })
        var markers = Set<String>()
        for p in data.internalOnly.keyPersonnel {
            markers.insert(p.idNumber)
            markers.insert(p.phone)
            if !publicNames.contains(p.name) { markers.insert(p.name) }
        }
        for c in data.internalOnly.contacts { markers.insert(c.phone) }
        for o in data.internalOnly.objectors {
            if !o.contact.isEmpty { markers.insert(o.contact) }
            if !publicNames.contains(o.objector) { markers.insert(o.objector) }
        }
        for w in data.internalOnly.nonPublicWarnings { markers.insert(w.content) }
        markers = markers.filter { $0.count >= 3 }
        #expect(markers.count > 1000)
        var leaks: [String] = []
        for (path, bytes) in Self.built.files {
            for marker in markers where bytes.containsBytes(of: marker) { leaks.append("\(marker) in \(path)") }
        }
        #expect(leaks.isEmpty, "\(leaks.prefix(10))")
    }

    @Test("A comparison page per pair of adjacent years: counts add up to the agencies rated in either year; agency pages say how the grade moved")
    func yearComparisons() throws {
        let files = Self.built.files
        #expect(files["grades/2023-2024/index.html"] != nil && files["grades/2024-2025/index.md"] != nil && files["grades/2023-2025/index.html"] == nil)
        let twin = String(decoding: files["grades/2024-2025/index.md"]!, as: UTF8.self)
        let counts = twin.components(separatedBy: "\n").filter { $0.hasPrefix("| 等级") || $0.hasPrefix("| 列入") || $0.hasPrefix("| 移出") || $0.hasPrefix("| 新评定") || $0.hasPrefix("| 本年度未评定") }
            .map { Int($0.split(separator: "|").last!.trimmingCharacters(in: CharacterSet.whitespaces))! }
        let rated = { (year: String) in Set(String(decoding: files["grades/\(year)/index.md"]!, as: UTF8.self).components(separatedBy: "\n")
            .filter { $0.hasPrefix("| ") && $0.split(separator: "|").count > 3 }.compactMap { line -> String? in
                let code = line.split(separator: "|")[2].trimmingCharacters(in: .whitespaces)
                return code.count == 18 ? code : nil
            }) }
        #expect(counts.count == 7 && counts.reduce(0, +) == rated("2024").union(rated("2025")).count)
        #expect(twin.contains("2025年度结果公示中，公示和异议处理结束、正式公布前尚未生效"))
        let grades2025 = String(decoding: files["grades/2025/index.html"]!, as: UTF8.self)
        #expect(grades2025.contains("<a href=\"../../grades/2024-2025/index.html\">2024年与2025年信用等级对比</a>"))
        let moved = files.filter { $0.key.hasPrefix("agencies/") && $0.key.hasSuffix("index.md")
            && String(decoding: $0.value, as: UTF8.self).contains("- 2024年度 → 2025年度：") }
        #expect(moved.count >= 100)
    }

    @Test("Atom feeds per list, year and agency, each linked from its page's head; entries are the site feed's own")
    func listFeeds() throws {
        let files = Self.built.files
        func entryIDs(_ path: String) -> [String] {
            String(decoding: files[path]!, as: UTF8.self).components(separatedBy: "<entry>").dropFirst()
                .map { $0.components(separatedBy: "<id>")[1].components(separatedBy: "</id>")[0] }
        }
        let all = Set(entryIDs("feed.xml"))
        let feeds = ["serious-dishonesty/feed.xml", "bad-records/feed.xml", "grades/2024/feed.xml", "grades/2025/feed.xml"]
        for feed in feeds {
            let ids = entryIDs(feed)
            #expect(!ids.isEmpty && Set(ids).isSubset(of: all), "\(feed)")
            let page = String(decoding: files[feed.replacingOccurrences(of: "feed.xml", with: "index.html")]!, as: UTF8.self)
            #expect(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\""), "\(feed)")
        }
        #expect(entryIDs("serious-dishonesty/feed.xml").allSatisfy { $0.contains("-seriousDishonesty-") || $0.contains("-lifted-") })
        #expect(entryIDs("bad-records/feed.xml").allSatisfy { $0.contains("-badRecord-") || $0.contains("-repair-") || $0.contains("-expiry-") })
        // Each agency has one; the agency of the 2024 E event finds it there.
        let agencyFeeds = files.keys.filter { $0.hasPrefix("agencies/") && $0.hasSuffix("/feed.xml") }
        #expect(agencyFeeds.count == files.keys.filter { $0.hasPrefix("agencies/") && $0.hasSuffix("/index.html") }.count - 1)
        let eAgency = entryIDs("serious-dishonesty/feed.xml").first!.split(separator: "-").last!
        #expect(entryIDs("agencies/\(eAgency)/feed.xml").contains { $0.contains("seriousDishonesty") })
        // A feed's date is its newest entry's, never the build's.
        #expect(String(decoding: files["serious-dishonesty/feed.xml"]!, as: UTF8.self).contains("<updated>") )
        #expect(!String(decoding: files["agencies/\(eAgency)/feed.xml"]!, as: UTF8.self).contains("<updated>\(Self.asOf)"))
    }
}

extension Data {
    /// Byte search (memchr for the first byte, memcmp for the rest): String.contains is far too slow for
    /// thousands of markers × hundreds of files.
    func containsBytes(of text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        return withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Bool in
            guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
            var offset = 0
            let last = haystack.count - needle.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, needle, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }
}
