import Testing
@testable import Publishing
import Messages
import Model
import Rendering

/// GB/T 9704-2012 as a site configures it: `[documents]`.
@Suite("[documents]: the issuing organ, its marks, the 版记 and each year's 发文字号")
struct DocumentStyleTests {
    let minimal = "title = \"站\"\npublisher = \"宁波市生态环境局\"\nbase_url = \"https://example.gov.cn/x\"\n"

    @Test("Without [documents] the publisher issues them: 文件 after its name on the mark, 办公室 prints them, no 抄送, no numbers")
    func defaults() throws {
        let style = try SiteConfig.parse(minimal).get().site.documents
        #expect(style == DocumentStyle(issuer: "宁波市生态环境局", mark: "宁波市生态环境局文件", letterMark: "宁波市生态环境局",
                                       copyTo: [], printedBy: "宁波市生态环境局办公室", numbers: [:]))
    }

    @Test("Each year's numbers are read by kind; the organ, marks, 抄送 and 印发机关 as written")
    func configured() throws {
        let style = try SiteConfig.parse(minimal + """
            [documents]
            issuer = "宁波市生态环境局"
            mark = "宁波市生态环境局文件"
            copy_to = ["浙江省生态环境厅", "市市场监管局"]
            printed_by = "宁波市生态环境局办公室"
            [documents.2025]
            notice_number = "甬环发〔2026〕5号"
            circular_number = "甬环函〔2026〕12号"
            """).get().site.documents
        #expect(style.copyTo == ["浙江省生态环境厅", "市市场监管局"])
        #expect(style.number(2025, .notice) == "甬环发〔2026〕5号" && style.number(2025, .circular) == "甬环函〔2026〕12号")
        #expect(style.number(2025, .final) == nil && style.number(2024, .notice) == nil)
    }

    @Test("GB/T 9704 §7.2.5: a 发文字号 in another form is refused, saying what is wrong with it", arguments: [
        ("甬环发[2026]5号", "E400.documentNumber.brackets"), ("甬环发（2026）5号", "E400.documentNumber.brackets"),
        ("甬环发【2026】5号", "E400.documentNumber.brackets"), ("〔2026〕5号", "E400.documentNumber.agency"),
        ("甬环发〔26〕5号", "E400.documentNumber.year"), ("甬环发〔2026〕5", "E400.documentNumber.hao"),
        ("甬环发〔2026〕第5号", "E400.documentNumber.di"), ("甬环发〔2026〕05号", "E400.documentNumber.zero"),
        ("甬环发〔2026〕五号", "E400.documentNumber.digits"), ("甬环发 〔2026〕5号", "E400.documentNumber.space"),
    ])
    func numbers(_ number: String, _ problem: String) throws {
        #expect(DocumentNumber.problem(number) == problem)
        guard case .failure(let list) = SiteConfig.parse(minimal + "[documents.2025]\nfinal_number = \"\(number)\"\n") else {
            Issue.record("\(number) accepted"); return
        }
        let diagnostic = try #require(list.diagnostics.first)
        #expect(diagnostic.code == "E400" && diagnostic.location.line == 5)
        #expect(diagnostic.text.text(.zh).contains("documents.2025.final_number“\(number)”"), "\(diagnostic.text.text(.zh))")
    }

    @Test("A well-formed number passes; an unknown key under a year is E401 naming the keys there are")
    func wellFormedAndUnknown() {
        #expect(DocumentNumber.problem("甬环发〔2026〕3号") == nil && DocumentNumber.problem("浙环函〔2025〕112号") == nil)
        guard case .failure(let list) = SiteConfig.parse(minimal + "[documents.2025]\nnotice = \"甬环发〔2026〕3号\"\n") else {
            Issue.record("accepted"); return
        }
        #expect(list.diagnostics.map(\.code) == ["E401"] && list.diagnostics[0].text.fix(.en).contains("notice_number"))
    }
}
