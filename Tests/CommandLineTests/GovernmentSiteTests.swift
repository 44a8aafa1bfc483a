import Foundation
import Testing

/// 《政府网站发展指引》: what every page of a government website says at its foot, from `[identity]`.
@Suite("The site as a government website: its identity on every page and its twin")
struct GovernmentSiteTests {
    static let identity = """

        [identity]
        organiser = "宁波市生态环境局"
        site_code = "3302000061"
        icp = "浙ICP备12345678号-1"
        police = "浙公网安备 33020302000123号"
        police_icon = "beian.png"
        conac_id = "5E1F2A3B4C5D6E7F"

        """

    @Test("Every page names the 主办单位 and 网站标识码 and links each record number to its record, the police one with its icon from static/; each twin ends with the same line")
    func footer() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let config = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try (config + Self.identity).write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: site + "/static", withIntermediateDirectories: true)
        // A PNG's signature and an empty IHDR-less body: the build copies static files as they are.
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: URL(fileURLWithPath: site + "/static/beian.png"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let built = try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--quiet"])
        #expect(built.status == 0, "\(built.stderr)")
        let police = #"<a class="identity-item" href="https://beian.mps.gov.cn/#/query/webSearch?code=33020302000123" rel="noopener"><img src="ROOTbeian.png" alt="" width="20" height="20">浙公网安备 33020302000123号</a>"#
        for (page, root) in [("index.html", ""), ("agencies/index.html", "../"), ("open-data/index.html", "../")] {
            let html = try String(contentsOfFile: site + "/public/" + page, encoding: .utf8)
            #expect(html.contains("<span class=\"identity-item\">主办单位：宁波市生态环境局</span><span class=\"identity-item\">网站标识码：3302000061</span>"), "\(page)")
            #expect(html.contains(#"<a class="identity-item" href="https://beian.miit.gov.cn/" rel="noopener">浙ICP备12345678号-1</a>"#), "\(page)")
            #expect(html.contains(police.replacingOccurrences(of: "ROOT", with: root)), "\(page)")
            #expect(html.contains(#"href="https://bszs.conac.cn/sitename?method=show&amp;id=5E1F2A3B4C5D6E7F" rel="noopener">党政机关网站标识</a>"#), "\(page)")
            let twin = try String(contentsOfFile: site + "/public/" + page.replacingOccurrences(of: ".html", with: ".md"), encoding: .utf8)
            #expect(twin.hasSuffix("主办单位：宁波市生态环境局　网站标识码：3302000061　[浙ICP备12345678号-1](https://beian.miit.gov.cn/)　[浙公网安备 33020302000123号](https://beian.mps.gov.cn/#/query/webSearch?code=33020302000123)\n"), "\(page)")
        }
        #expect(FileManager.default.fileExists(atPath: site + "/public/beian.png"))
    }

    @Test("An icon that is not a file of static/ stops check and build, naming the setting and the folder")
    func missingIcon() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let config = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try (config + Self.identity).write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        let checked = try Gongshi.run(["check", "--site", site])
        #expect(checked.status == 1 && checked.stderr.contains("identity.police_icon") && checked.stderr.contains("static/"), "\(checked.stdout)\(checked.stderr)")
    }
}
