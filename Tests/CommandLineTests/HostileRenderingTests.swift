import Foundation
import Publishing
import Testing

/// Names a browser, a template engine, a Markdown renderer or a spreadsheet might act on are accepted as
/// data and come out as inert text in HTML, Markdown, CSV and JSON.
@Suite("Hostile text rendered inert")
struct HostileRenderingTests {
    static let names = ["<script>alert('甲')</script>甲测公司", "\"><img src=x onerror=alert(1)>乙测公司", "{{#agency}}{{name}}{{/agency}}丙测公司",
                        "=HYPERLINK(\"http://evil.example\",\"丁测\")", "[戊测](javascript:alert(1)) | **戊** `x` <b>"]

    static let tree: [String: Data] = {
        let site = try! Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try! FileManager.default.removeItem(atPath: site + "/data/agencies.csv")
        try! FileManager.default.copyItem(atPath: Gongshi.fixture("hostile/agencies-hostile-names.csv"), toPath: site + "/data/agencies.csv")
        precondition(try! Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        precondition(try! Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/out", "--quiet"]).status == 0)
        return try! Gongshi.tree(site + "/out")
    }()
    static let files: [String: String] = tree.mapValues { String(decoding: $0, as: UTF8.self) }

    /// The first worksheet's XML of an Excel file of the build.
    static func sheet(_ path: String) throws -> String {
        let entries = try StrictZip.read([UInt8](try #require(tree[path]))).get()
        return String(decoding: try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" }).bytes, as: UTF8.self)
    }

    @Test("HTML: tags and attributes are escaped, template tags stay text, no javascript: link anywhere")
    func html() {
        for (path, text) in Self.files where path.hasSuffix(".html") {
            #expect(!text.contains("<script>alert"), "\(path)")
            #expect(!text.contains("<img src=x"), "\(path)")
            #expect(!text.contains("<b>"), "\(path)")
            #expect(!text.contains("href=\"javascript:"), "\(path)")
        }
        let directory = Self.files["agencies/index.html"]!
        #expect(directory.contains("&lt;script&gt;alert(&#39;甲&#39;)&lt;/script&gt;甲测公司"))
        #expect(directory.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;乙测公司"))
        #expect(directory.contains("{{#agency}}{{name}}{{/agency}}丙测公司"))
        #expect(Self.files["agencies/91330203MA2H0A2C18/index.html"]!.contains("<meta name=\"description\" content=\"&quot;&gt;&lt;img"))
    }

    @Test("Markdown twins: the same text escaped, so no renderer turns it into HTML or a link")
    func markdown() {
        let twin = Self.files["agencies/index.md"]!
        #expect(twin.contains("\\<script\\>alert('甲')\\</script\\>甲测公司"))
        #expect(twin.contains("\\[戊测\\](javascript:alert(1)) \\| \\*\\*戊\\*\\* \\`x\\` \\<b\\>"))
        #expect(twin.contains("\\{\\{\\#agency\\}\\}"))
    }

    @Test("Every CSV defuses the formula, the plain one too; JSON round-trips every name exactly")
    func data() throws {
        let csv = Self.files["open-data/agencies.csv"]!
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"丁测\"\")\""))
        #expect(!csv.contains(",\"=HYPERLINK"))
        // The Excel file holds the name as a string cell, escaped, never as a formula.
        let sheet = try Self.sheet("open-data/excel/agencies.xlsx")
        #expect(sheet.contains("<t xml:space=\"preserve\">=HYPERLINK(&quot;http://evil.example&quot;,&quot;丁测&quot;)</t>"))
        #expect(!sheet.contains("<f>") && !sheet.contains("<f "))
        let json = try JSONSerialization.jsonObject(with: Data(Self.files["open-data/agencies.json"]!.utf8)) as! [[String: Any]]
        let names = Set(json.compactMap { $0["agency_name"] as? String })
        for name in Self.names { #expect(names.contains(name), "\(name)") }
    }
}
