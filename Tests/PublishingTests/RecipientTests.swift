import Testing
@testable import Evaluation
@testable import Publishing
@testable import Model

/// Art. 14: who receives the bundles, in which columns — the defaults, and what config.toml changes.
@Suite("Recipients and field sets are configuration")
struct RecipientTests {
    let minimal = "title = \"站\"\npublisher = \"局\"\nbase_url = \"https://example.gov.cn/x\"\n"

    func problems(_ text: String) -> [Diagnostic] {
        if case .failure(let list) = SiteConfig.parse(text) { return list.diagnostics }
        return []
    }

    @Test("The shipped field-sets.toml reads without a problem, every value naming something its dataset offers")
    func shippedFieldSets() {
        #expect(FieldSet.standardProblems.isEmpty, "\(FieldSet.standardProblems)")
        let national = FieldSet.standard["national"]
        #expect(Set(national?.datasets.keys.map(\.rawValue) ?? []) == Set(BundleDataset.allCases.map(\.rawValue)))
        let penalty = national?.fields(for: .badRecords).map(\.name) ?? []
        #expect(penalty.count == 31 && penalty.first == "行政相对人名称" && penalty[13] == "行政处罚决定书文号" && penalty.last == "备注")
        for dataset in BundleDataset.allCases {
            let names = national?.fields(for: dataset).map(\.name) ?? []
            #expect(["当前状态", "数据来源单位", "数据来源单位统一社会信用代码", "备注"].allSatisfy(names.contains), "\(dataset)")
        }
    }

    @Test("Art. 14: the three recipients of the measures and the Yangtze River Delta's environment departments ship as defaults")
    func defaults() throws {
        let config = try SiteConfig.parse(minimal).get()
        #expect(config.recipients.map(\.id) == ["market-supervision", "credit-management", "credit-ningbo", "yrd-environment"])
        let market = try #require(config.recipients.first)
        #expect(market.receives.contains(.grades) && market.formats == [.csv, .xlsx] && market.fieldSet.name == "national")
    }

    @Test("[recipients.NAME] changes a default's keys or adds a recipient with its own columns")
    func configured() throws {
        let config = try SiteConfig.parse(minimal + """
        [recipients.credit-ningbo]
        formats = ["xlsx"]
        address = "市信用中心"

        [recipients.hangzhou-environment]
        name = "杭州市生态环境局"
        receives = ["grades"]

        [recipients.hangzhou-environment.fields]
        grades = [
            { name = "机构名称", value = "agency.name", required = true },
            { name = "统一社会信用代码", value = "agency.code", required = true },
            { name = "等级", value = "grade" },
            { name = "来源", value = "=宁波市生态环境局" },
        ]
        """).get()
        let ningbo = try #require(config.recipients.first { $0.id == "credit-ningbo" })
        #expect(ningbo.formats == [.xlsx] && ningbo.address == "市信用中心" && ningbo.receives.count == 4)
        let hangzhou = try #require(config.recipients.first { $0.id == "hangzhou-environment" })
        #expect(hangzhou.name == "杭州市生态环境局" && hangzhou.receives == [.grades])
        #expect(hangzhou.fieldSet.fields(for: .grades).map(\.name) == ["机构名称", "统一社会信用代码", "等级", "来源"])
        let row = BundleDataset.Row(key: "k", values: ["agency.name": "甲", "agency.code": "X", "grade": "A"])
        #expect(BundlePlan.cells(hangzhou.fieldSet.fields(for: .grades), row) == ["甲", "X", "A", "宁波市生态环境局"])
        #expect(BundlePlan.cells(hangzhou.fieldSet.fields(for: .grades), BundleDataset.Row(key: "k", values: [:])) == ["", "", "", "宁波市生态环境局"])
    }

    @Test("A required value the registry lacks is named in 备注, never left empty without a word")
    func missingNamed() {
        let fields = [FieldSet.Field(name: "处罚依据", value: "basis", required: .forKind("行政处罚")),
                      FieldSet.Field(name: "违法事实", value: "facts", required: .always), FieldSet.Field(name: "备注", value: "remark")]
        #expect(BundlePlan.cells(fields, .init(key: "k", values: ["facts": "事实"], kind: "行政处罚")) == ["", "事实", "未提供：处罚依据"])
        #expect(BundlePlan.cells(fields, .init(key: "k", values: ["facts": "事实"], kind: "经营异常名录")) == ["", "事实", ""])
    }

    @Test("Wrong recipient settings are errors that name the key: a dataset, format, field set or value gongshi does not have")
    func errors() {
        let found = problems(minimal + """
        [recipients.Bad_Name]
        receives = ["grades"]
        [recipients.x]
        receives = ["gradez"]
        formats = ["pdf"]
        field_set = "provincial"
        [recipients.y]
        receives = ["grades"]
        [recipients.y.fields]
        grades = [{ name = "等级", value = "grade.letter" }, { name = "等级", value = "grade" }]
        """)
        let keys = Set(found.map(\.text.key))
        for key in ["E400.recipientId", "E400.unknownDataset", "E400.unknownFormat", "E400.unknownFieldSet", "E400.unknownFieldValue", "E400.fieldTwice"] {
            #expect(keys.contains(key), "\(key) not in \(found)")
        }
        #expect(found.contains { $0.location.field == "recipients.x.receives" }, "\(found.map(\.location))")
    }
}
