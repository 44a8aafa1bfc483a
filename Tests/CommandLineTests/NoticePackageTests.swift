import Foundation
import Testing

/// Art. 13–14: the notices as the bureau posts them — opened as their readers open them (LibreOffice prints
/// the .docx and .xlsx to PDF, pdftotext reads it back) — say what the site says.
@Suite("Notice packages: the 公示, 公布 and 通报 as the bureau issues them, with annexes", .serialized)
struct NoticePackageTests {
    /// The demo built as of 2026-03-06: 2025 in its notice period, 2024 final.
    static let built: String = {
        let site = try! Gongshi.copyOfSite(Gongshi.repository + "/content")
        try? FileManager.default.removeItem(atPath: site + "/public")
        try? FileManager.default.removeItem(atPath: site + "/registry.sqlite")
        _ = try! Gongshi.run(["import", "--site", site, "--quiet"])
        _ = try! Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--quiet"])
        return site + "/public"
    }()

    /// Each document of a package as text, without the line breaks and spaces print layout adds.
    static func text(of package: String) throws -> [String: String] {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-notice-text-\(UUID().uuidString)").path
        let r = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/notice_text.py", built + "/packages/" + package, out], in: built)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        var texts: [String: String] = [:]
        for name in r.stdout.split(separator: "\n").map(String.init) {
            let text = try String(contentsOfFile: out + "/" + name + ".txt", encoding: .utf8)
            texts[name] = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        }
        return texts
    }

    /// The site's own list of a year (open data), code → name.
    static func listed(_ year: Int) throws -> [(code: String, name: String)] {
        let csv = try String(contentsOfFile: built + "/open-data/grades-\(year).csv", encoding: .utf8)
        return csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map {
            let f = $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (f[3], f[4])
        }
    }

    @Test("Art. 13: the 公示 names its title, the period, the objection channel, and every agency of the site's list in annex 1")
    func notice() throws {
        let texts = try Self.text(of: "2025-notice")
        let notice = try #require(texts["notice"])
        #expect(notice.contains("关于2025年度宁波市生态环境监测社会化服务机构信用评价结果的公示"))
        #expect(notice.contains("公示期：2026年3月2日至2026年3月13日"), "\(notice)")
        #expect(notice.contains("xypj@example.gov.cn") && notice.contains("宁穿路1901号"))
        #expect(notice.contains("附件：1.2025年度生态环境监测社会化服务机构信用评价结果"))
        let listed = try Self.listed(2025)
        #expect(listed.count == 155)
        #expect(notice.contains("共评定\(listed.count)家机构"))
        let annex = try #require(texts["annex-1-results"])
        for agency in listed { #expect(annex.contains(agency.code) && annex.contains(agency.name), "\(agency)") }
        #expect(texts["annex-3-not-rated"]?.contains("不予评定原因") == true && texts["annex-2-not-in-scope"] != nil)
    }

    @Test("Art. 14: the 公布 states the objections as the site does, and the 通报 is addressed to the recipients")
    func finalAndCircular() throws {
        let finalTexts = try Self.text(of: "2024-final")
        let final = try #require(finalTexts["notice"])
        for agency in try Self.listed(2024) {
            #expect(finalTexts["annex-1-results"]?.contains(agency.code) == true && finalTexts["annex-1-results"]?.contains(agency.name) == true, "\(agency)")
        }
        #expect(final.contains("关于2024年度宁波市生态环境监测社会化服务机构信用评价结果的公布"))
        let page = try String(contentsOfFile: Self.built + "/notices/2024-final/index.html", encoding: .utf8)
        // Art. 13: the demo's objection filed after the period (and refused) is counted apart, not as one received within it.
        #expect(page.contains("公示期内（2025年3月3日至2025年3月14日）共收到异议 3 件，其中经复核维持原评价结果 2 件、更正评价结果 1 件。公示期以外收到异议 1 件，不计入上述数字，其中不予受理 1 件。"))
        #expect(final.contains("公示期内（2025年3月3日至2025年3月14日）共收到异议3件，其中经复核维持原评价结果2件、更正评价结果1件。公示期以外收到异议1件，不计入上述数字，其中不予受理1件。"), "\(final)")
        #expect(final.contains("评价结果自公布之日起有效，至下一年度评价结果公布之日的前一日止。"), "\(final)")
        let circular = try Self.text(of: "2024-circular")
        let letter = try #require(circular["notice"])
        // 信函格式: the organ's mark, the 发文字号, then the title and 主送.
        #expect(letter.hasPrefix("宁波市生态环境局甬环函〔2025〕7号关于通报2024年度") && letter.contains("市市场监管局，市发展改革委（市信用办），市公共信用信息服务中心（“信用宁波”平台）"), "\(letter)")
        for agency in try Self.listed(2024) where !agency.name.isEmpty {
            #expect(circular["annex-1-results"]?.contains(agency.code) == true, "\(agency)")
        }
        // No package of a stage that has not begun; each file is in SHA256SUMS.
        #expect(!FileManager.default.fileExists(atPath: Self.built + "/packages/2025-final"))
        let sums = try String(contentsOfFile: Self.built + "/SHA256SUMS", encoding: .utf8)
        for file in ["packages/2025-notice/notice.docx", "packages/2025-notice/notice.html", "packages/2024-circular/annex-1-results.xlsx"] {
            #expect(sums.contains("  " + file + "\n"), "\(file)")
        }
    }

    @Test("GB/T 9704-2012: the 公示 and 公布 in 文件格式 and the 通报 as a 函, each element where the standard puts it; the annexes print A4 landscape with their header on every page", .timeLimit(.minutes(10)))
    func layout() throws {
        let pictures = Gongshi.repository + "/test-artifacts/documents"
        try FileManager.default.createDirectory(atPath: pictures, withIntermediateDirectories: true)
        for (package, kind) in [("2025-notice", "file"), ("2024-final", "file"), ("2024-circular", "letter")] {
            let r = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/document_layout.py",
                                                                Self.built + "/packages/\(package)/notice.docx", kind, pictures + "/" + package], in: Self.built)
            #expect(r.status == 0 && r.stdout.contains("layout OK"), "\(package): \(r.stdout)\(r.stderr)")
        }
        for (file, number) in [("annex-1-results", "1"), ("annex-3-not-rated", "3")] {
            let r = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/annex_layout.py",
                                                                Self.built + "/packages/2025-notice/\(file).xlsx", number, pictures + "/2025-notice-" + file], in: Self.built)
            #expect(r.status == 0 && r.stdout.contains("annex OK"), "\(file): \(r.stdout)\(r.stderr)")
        }
    }
}
