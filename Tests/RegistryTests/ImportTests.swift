import Foundation
@testable import Import
import Testing
@testable import Model

@Suite("gongshi import and check: every problem at once, with where and how to fix it")
struct ImportTests {
    let importer = CSVImporter(rules: .ningbo)

    func codesAndPlaces(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.sorted().map { "\($0.code) \($0.location.file):\($0.location.line ?? 0):\($0.location.column ?? 0)" }
    }

    @Test("The hand-checked site imports without a problem, BOM, CRLF and GB18030 included")
    func smallSite() {
        let outcome = importer.importDirectory(Fixtures.data("small-site"))
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
        let p = outcome.data.published
        #expect(p.agencies.count == 9)
        #expect(p.evaluations.count == 16)
        #expect(p.agencies.first?.address == "宁波市鄞州区测试路1号,2幢")
        #expect(p.agencies.first?.serviceCategories == [.one, .two])
        #expect(outcome.filesRead.first { $0.file == "evaluations.csv" }?.encoding == .gb18030)
        #expect(p.filings[1].filedOn == CivilDate(year: 2021, month: 3, day: 2))
        #expect(p.evaluations.first { $0.year == 2025 && $0.agency.value == "91330211MA2H0A4E3E" }?.total == Score(hundredths: 8500))
        // Internal rows go to the internal side only.
        #expect(outcome.data.internalOnly.keyPersonnel.count == 2)
        #expect(outcome.data.internalOnly.nonPublicWarnings.count == 1 && p.publicCirculars.count == 1)
        #expect(outcome.data.internalOnly.objectors.map(\.objector) == ["异议人标记OB7", "异议人标记OB8"])
        #expect(RegistryChecks.check(outcome.data, rules: .ningbo).isEmpty)
    }

    @Test("Each rule of the broken site is reported once, at its file, line and column")
    func brokenSite() {
        let outcome = importer.importDirectory(Fixtures.data("broken-site"))
        let all = outcome.diagnostics + RegistryChecks.check(outcome.data, rules: .ningbo, alsoKnown: outcome.rejectedAgencies)
        #expect(codesAndPlaces(all) == [
            "E104 data/agencies.csv:3:1",       // wrong check character
            "E103 data/agencies.csv:4:1",       // missing check character
            "E112 data/agencies.csv:5:3",       // unknown district
            "E113 data/agencies.csv:5:7",       // unknown service category
            "E110 data/agencies.csv:6:1",       // duplicate agency
            "E140 data/evaluations.csv:2:9",    // grade F
            "E111 data/evaluations.csv:3:2",    // unknown agency
            "W193 data/evaluations.csv:3:1",    // year without a publication stage
            "E131 data/evaluations.csv:4:4",    // score out of range
            "E150 data/serious-dishonesty.csv:2:2", // E event without a trigger
            "E121 data/serious-dishonesty.csv:2:3", // 2026-02-30
        ].sorted { a, b in
            // Same order as Diagnostic's: file, line, column.
            let key = { (s: String) -> (String, Int, Int) in
                let parts = s.split(separator: " ")[1].split(separator: ":")
                return (String(parts[0]), Int(parts[1])!, Int(parts[2])!)
            }
            return key(a) < key(b)
        })
    }

    @Test("Messages say what is expected: the right check character, the full code, the districts")
    func messages() {
        let all = importer.importDirectory(Fixtures.data("broken-site")).diagnostics
        let text = all.map(\.description).joined(separator: "\n")
        #expect(text.contains("data/agencies.csv:3: column 1 (统一社会信用代码): error[E104]: '91330203MA2H0A2C1X' ends in check character X but the first 17 characters give 8"))
        #expect(text.contains("the full code would be 91330206MA2H0A3D2D"))
        #expect(text.contains("'2026-02-30' is a date that does not exist (2026-02 has 28 days)"))
        #expect(all.allSatisfy { !$0.fix.isEmpty })
    }

    @Test("Header problems: a missing required column, an unknown one, a repeated one; rows of the wrong width")
    func headers() {
        let files: [String: [UInt8]] = [
            "agencies.csv": Array("统一社会信用代码,机构名称,所在区县,地址,法人性质,法定代表人,服务类别,备注\n".utf8),
            "filings.csv": Array("统一社会信用代码,备案编号,备案日期,备案日期,备案状态\n".utf8),
            "qualifications.csv": Array("证书编号,统一社会信用代码,发证机关,发证日期\n".utf8),
            "bad-records.csv": Array("统一社会信用代码,类别,决定文书号,决定机关,决定日期,内容\n91310115MA1K3CUM7M,行政处罚,x,y,2025-01-01\n".utf8),
        ]
        let codes = codesAndPlaces(importer.importFiles(files).diagnostics)
        #expect(codes.contains("E005 data/agencies.csv:1:8"))
        #expect(codes.contains("E006 data/filings.csv:1:4"))
        #expect(codes.contains("E004 data/qualifications.csv:1:0"))
        #expect(codes.contains("E007 data/bad-records.csv:2:0"))
    }

    @Test("A file gongshi does not know is an error, not silently ignored; agencies.csv is required")
    func unknownFile() {
        let outcome = importer.importFiles(["agency.csv": Array("a\n".utf8)])
        #expect(codesAndPlaces(outcome.diagnostics) == ["E009 data/agencies.csv:0:0"])
    }

    @Test("Full-width and lowercase codes get a fix that says how to write them")
    func fullWidthCodes() {
        let header = "统一社会信用代码,机构名称,所在区县,地址,法人性质,法定代表人,服务类别\n"
        let files = ["agencies.csv": Array((header + "91310115ma1k3cum7m,甲,鄞州区,地址,企业法人,张,一\n９1310115MA1K3CUM7M,乙,鄞州区,地址,企业法人,李,一\n").utf8)]
        let all = importer.importFiles(files).diagnostics
        #expect(all.map(\.code) == ["E101", "E101"])
        #expect(all[0].fix.contains("91310115MA1K3CUM7M"))
        #expect(all[1].fix.contains("full-width"))
    }
}

@Suite("Art. 13–15 rules on objections and disclosure windows")
struct LifecycleRuleTests {
    func diagnostics(objections: String = "", badRecords: String = "") -> [Diagnostic] {
        let site = Fixtures.data("small-site")
        var files: [String: [UInt8]] = [:]
        for name in ["agencies.csv", "evaluations.csv", "publication-stages.csv"] {
            files[name] = [UInt8](FileManager.default.contents(atPath: site + "/" + name)!)
        }
        if !objections.isEmpty { files["objections.csv"] = Array(("年度,统一社会信用代码,异议人,提出日期,复核结果,更正后等级,复核日期,逾期受理\n" + objections).utf8) }
        if !badRecords.isEmpty { files["bad-records.csv"] = Array(("统一社会信用代码,类别,决定文书号,决定机关,决定日期,内容,公示截止日期\n" + badRecords).utf8) }
        let outcome = CSVImporter(rules: .ningbo).importFiles(files)
        return outcome.diagnostics + RegistryChecks.check(outcome.data, rules: .ningbo)
    }

    @Test("Art. 13: an objection filed after the deadline is an error unless refused or accepted late")
    func lateObjections() {
        let found = diagnostics(objections: """
        2025,91330281MA2H0A6G5E,甲,2026-03-14,维持,,2026-03-27,
        2025,91330281MA2H0A6G5E,乙,2026-03-14,不予受理,,2026-03-27,
        2025,91330281MA2H0A6G5E,丙,2026-03-14,维持,,2026-03-27,是
        2025,91330281MA2H0A6G5E,丁,2026-03-13,维持,,2026-03-27,
        2025,91330281MA2H0A6G5E,戊,2026-03-01,维持,,2026-03-27,
        """)
        #expect(found.filter { $0.code == "E182" }.map(\.location.line) == [2, 6])
    }

    @Test("An administrative penalty's stated disclosure end lies within 3 months and 3 years of the decision")
    func penaltyWindow() {
        let found = diagnostics(badRecords: """
        91330205MA2H0A5F4J,行政处罚,a,b,2025-05-10,c,2025-08-09
        91330205MA2H0A5F4J,行政处罚,a,b,2025-05-10,c,2025-08-08
        91330205MA2H0A5F4J,行政处罚,a,b,2025-05-10,c,2028-05-09
        91330205MA2H0A5F4J,行政处罚,a,b,2025-05-10,c,2028-05-10
        91330205MA2H0A5F4J,经营异常名录,a,b,2025-05-10,c,2025-06-01
        """)
        #expect(found.filter { $0.code == "E123" }.map(\.location.line) == [3, 5])
    }

}

@Suite("One mistake, one message: what references a rejected row or an unread table is not reported again")
struct OneMistakeTests {
    let importer = CSVImporter(rules: .ningbo)

    /// A valid code from a 17-character body.
    static func code(_ body: String) -> String { body + String(UnifiedSocialCreditCode.checkCharacter(for: body)!) }
    static let a = code("91330212MA2H0A1B0"), b = code("91330203MA2H0A2C1")
    /// `a` with its check character wrong.
    static let aMistyped = String(a.dropLast()) + (a.last == "0" ? "1" : "0")
    static let agencyHeader = "统一社会信用代码,机构名称,所在区县,地址,法人性质,法定代表人,服务类别"

    func everything(_ files: [String: String]) -> [Diagnostic] {
        let outcome = importer.importFiles(files.mapValues { Array($0.utf8) })
        return (outcome.diagnostics + RegistryChecks.check(outcome.data, rules: .ningbo, alsoKnown: outcome.rejectedAgencies,
                                                          agencyListComplete: outcome.agencyListComplete, unread: outcome.unreadFiles,
                                                          mentioned: outcome.mentionedKeys)).filter { $0.severity == .error }
    }

    func agencies(_ codes: [String]) -> String {
        ([Self.agencyHeader] + codes.enumerated().map { i, c in "\(c),宁波\(i)号检测有限公司,鄞州区,宁波市鄞州区测试路\(i)号,企业法人,张\(i),一" }).joined(separator: "\n")
    }

    func evaluations(_ codes: [String]) -> String {
        (["年度,统一社会信用代码,是否纳入评价,基本素质,业务执行,经营管理,诚信记录"] + codes.map { "2025,\($0),是,18,35,18,19" }).joined(separator: "\n")
    }

    @Test("E104: a wrong check character in agencies.csv is one error; the tables naming the agency by its right code are not reported")
    func wrongCheckCharacterOnce() {
        let found = everything([
            "agencies.csv": agencies([Self.aMistyped, Self.b]),
            "evaluations.csv": evaluations([Self.a, Self.b]),
            "filings.csv": "统一社会信用代码,备案编号,备案日期,备案状态\n\(Self.a),甬环备1号,2024-03-01,有效\n\(Self.b),甬环备2号,2024-03-01,有效",
        ])
        #expect(found.map(\.code) == ["E104"], "\(found.map { $0.description(in: .zh) })")
        #expect(found.first?.description(in: .zh).contains("应为 \(Self.a.last!)") == true)
    }

    @Test("E111: an unknown code named in several rows is one error at the first, naming the others and asking once about the near code")
    func unknownCodeOnce() throws {
        // b's body with one character mistyped, given its own right check character: a code of the right form, of no agency.
        let typo = Self.code("91330203MA2H0A2D1")
        let found = everything([
            "agencies.csv": agencies([Self.a, Self.b]),
            "evaluations.csv": evaluations([Self.a, typo]),
            "filings.csv": "统一社会信用代码,备案编号,备案日期,备案状态\n\(typo),甬环备1号,2024-03-01,有效\n\(typo),甬环备2号,2024-03-01,已注销",
        ])
        #expect(found.map(\.code) == ["E111"], "\(found.map { $0.description(in: .zh) })")
        let zh = try #require(found.first).description(in: .zh)
        #expect(zh.contains("agencies.csv 中没有代码为 \(typo) 的机构（同一代码另有 2 处："), "\(zh)")
        #expect(zh.contains("怎么改：是不是 \(Self.b)（宁波1号检测有限公司）？若是，改正这个代码；若不是，把这个机构加入 agencies.csv"), "\(zh)")
        #expect(try #require(found.first).description(in: .en).contains("Fix: did you mean \(Self.b) (宁波1号检测有限公司)?"))
        // Far from every agency: no guess.
        let far = everything(["agencies.csv": agencies([Self.a]), "evaluations.csv": evaluations([Self.code("91110000100000000")])])
        #expect(far.map(\.code) == ["E111"] && far.first?.description(in: .zh).contains("是不是") == false)
    }

    @Test("A table that cannot be read is its one error: the rows that reference it, or a rejected row of it, are not reported again")
    func unreadTableOnce() {
        let certificates = "证书编号,统一社会信用代码,发证机关,发证日期,有效期至\n221113872390,\(Self.a),浙江省市场监督管理局,2022-11-01,2028-11-28"
        let scope = "证书编号,环境要素,检测项目,方法标准\n221113872390,土壤和沉积物,pH值,HJ 962-2018\n221113872390,噪声,噪声,"
        let titled = everything(["agencies.csv": agencies([Self.a]), "qualifications.csv": "资质认定证书一览,,,,\n" + certificates, "qualification-scope.csv": scope])
        #expect(titled.map(\.code) == ["E014"], "\(titled.map { $0.description(in: .zh) })")
        // A certificate row rejected for its own mistake: its scope lines are not "a certificate that does not exist".
        let badDate = certificates.replacingOccurrences(of: "2022-11-01", with: "2022-11-31")
        let rejected = everything(["agencies.csv": agencies([Self.a]), "qualifications.csv": badDate, "qualification-scope.csv": scope])
        #expect(rejected.map(\.code) == ["E121"], "\(rejected.map { $0.description(in: .zh) })")
        // Evaluations that cannot be read: no objection to "a result that does not exist", no stage for "a year without evaluations".
        let objections = "年度,统一社会信用代码,异议人,联系方式,提出日期,复核结果,更正后等级,复核日期,逾期受理\n2025,\(Self.a),某某,,2026-03-05,维持,,2026-03-20,"
        let stages = "年度,公示开始日期,公示截止日期,公布日期\n2025,2026-03-02,2026-03-13,2026-04-07"
        let unread = everything(["agencies.csv": agencies([Self.a]), "evaluations.csv": "2025年度信用评价结果,,,,,,\n" + evaluations([Self.a]),
                                 "objections.csv": objections, "publication-stages.csv": stages])
        #expect(unread.map(\.code) == ["E014"], "\(unread.map { $0.description(in: .zh) })")
        let badScore = everything(["agencies.csv": agencies([Self.a]), "evaluations.csv": evaluations([Self.a]).replacingOccurrences(of: ",18,35", with: ",十八,35"),
                                   "objections.csv": objections, "publication-stages.csv": stages])
        #expect(badScore.map(\.code) == ["E130"], "\(badScore.map { $0.description(in: .zh) })")
    }
}
