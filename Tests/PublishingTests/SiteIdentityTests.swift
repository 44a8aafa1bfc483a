import Testing
@testable import Publishing
import Messages
import Model
import Rendering

/// 《政府网站发展指引》: the identity at every page's foot, as a site configures it.
@Suite("[identity]: 主办单位, 网站标识码, ICP and 公安 record numbers, the 党政机关网站 mark")
struct SiteIdentityTests {
    let minimal = "title = \"站\"\npublisher = \"宁波市生态环境局\"\nbase_url = \"https://example.gov.cn/x\"\n"

    func first(_ extra: String) -> Diagnostic? {
        guard case .failure(let list) = SiteConfig.parse(minimal + "[identity]\n" + extra) else { return nil }
        return list.diagnostics.first
    }

    @Test("Each number as its record office issues it is taken, and links to its record")
    func wellFormed() throws {
        let identity = try SiteConfig.parse(minimal + """
            [identity]
            site_code = "3302000061"
            icp = "浙ICP备12345678号-1"
            police = "浙公网安备 33020302000123号"
            conac_id = "5E1F2A3B4C5D6E7F"
            """).get().site.identity
        #expect(identity.organiser == "宁波市生态环境局" && identity.siteCode == "3302000061")
        #expect(identity.policeRecord == "https://beian.mps.gov.cn/#/query/webSearch?code=33020302000123")
        #expect(identity.conacRecord == "https://bszs.conac.cn/sitename?method=show&id=5E1F2A3B4C5D6E7F")
        #expect(try SiteConfig.parse(minimal + "[identity]\nsite_code = \"bm01000001\"\n").get().site.identity.siteCode == "bm01000001")
    }

    @Test("A number in another form is refused with an example of the right one", arguments: [
        ("site_code = \"330200006\"", "E400.identitySiteCode"), ("site_code = \"33020000AB\"", "E400.identitySiteCode"),
        ("icp = \"浙ICP备12345678\"", "E400.identityICP"), ("icp = \"ICP备12345678号\"", "E400.identityICP"),
        ("icp = \"X ICP备12345678号\"", "E400.identityICP"), ("police = \"浙公网安备 3302030200012号\"", "E400.identityPolice"),
        ("police = \"浙公安备 33020302000123号\"", "E400.identityPolice"), ("conac_id = \"5E1F-2A3B\"", "E400.identityConac"),
        ("police_icon = \"beian.png\"", "E400.identityIconAlone"),
    ])
    func refused(_ line: String, _ key: String) throws {
        let diagnostic = try #require(first(line + "\n"))
        #expect(diagnostic.text.key == key && diagnostic.location.line == 5, "\(diagnostic.text.key)")
        #expect(!diagnostic.text.fix(.zh).isEmpty)
    }
}
