import Foundation
@testable import Import
@testable import Store
import Testing
@testable import Publishing
@testable import Model

@Suite("Workbooks in data/: read as the CSV files are, errors by sheet and cell")
struct WorkbookImportTests {
    typealias C = TestWorkbook.Cell
    let agencyHeader = ["统一社会信用代码", "机构名称", "所在区县", "地址", "法人性质", "法定代表人", "服务类别"]
    let agencyA = ["91330212MA2H0A1B0F", "宁波甲测检测技术有限公司", "鄞州区", "宁波市鄞州区测试路1号", "企业法人", "张甲", "一、二"]
    let agencyB = ["91330203MA2H0A2C18", "宁波乙测环境检测有限公司", "海曙区", "宁波市海曙区测试路2号", "企业法人", "李乙", "二"]
    let importer = CSVImporter(rules: .ningbo)

    func csv(_ rows: [[String]]) -> [UInt8] { Array(rows.map { $0.joined(separator: ",") }.joined(separator: "\n").utf8) }

    func agenciesSheet(_ name: String = "机构") -> TestWorkbook.Sheet {
        TestWorkbook.Sheet(name: name, rows: TestWorkbook.strings([agencyHeader, agencyA, agencyB]))
    }

    func errors(_ outcome: CSVImporter.Outcome) -> [Diagnostic] { outcome.diagnostics.filter { $0.severity == .error } }

    @Test("One workbook whose sheets carry the data files' Chinese names imports the same records as the CSV files")
    func registryWorkbook() throws {
        let evaluationHeader = ["年度", "统一社会信用代码", "是否纳入评价", "基本素质", "业务执行", "经营管理", "诚信记录", "总分"]
        let book = TestWorkbook(sheets: [
            agenciesSheet(),
            .init(name: "资质认定证书", rows: [
                ["证书编号", "统一社会信用代码", "发证机关", "发证日期", "有效期至"].map { C.s($0) },
                [.n("221112050001", style: 2), .s(agencyA[0]), .s("浙江省市场监督管理局"), .n("44691", style: 1), .n("46882", style: 3)],
            ]),
            .init(name: "信用评价", rows: [
                evaluationHeader.map { C.s($0) },
                [.n("2024"), .inline(agencyA[0]), .b(true), .n("18"), .n("35"), .n("17"), .n("18"), .f("SUM(D2:G2)", result: "87.999999999999986")],
                [.n("2024"), .inline(agencyB[0]), .s("是"), .n("19.5"), .n("37"), .n("18"), .n("18"), .n("92.5")],
            ]),
        ])
        let fromWorkbook = importer.importFiles(["登记册.xlsx": try book.bytes()])
        let fromCSV = importer.importFiles([
            "agencies.csv": csv([agencyHeader, agencyA, agencyB]),
            "qualifications.csv": csv([["证书编号", "统一社会信用代码", "发证机关", "发证日期", "有效期至"],
                                       ["221112050001", agencyA[0], "浙江省市场监督管理局", "2022-05-10", "2028-05-09"]]),
            "evaluations.csv": csv([evaluationHeader, ["2024", agencyA[0], "是", "18", "35", "17", "18", "88"],
                                    ["2024", agencyB[0], "是", "19.5", "37", "18", "18", "92.5"]]),
        ])
        #expect(errors(fromWorkbook).isEmpty, "\(fromWorkbook.diagnostics)")
        #expect(fromWorkbook.data.published.agencies.map(\.name) == fromCSV.data.published.agencies.map(\.name))
        #expect(fromWorkbook.data.published.qualifications.map(\.issuedOn) == fromCSV.data.published.qualifications.map(\.issuedOn))
        #expect(fromWorkbook.data.published.qualifications.map(\.validUntil.iso) == ["2028-05-09"])
        #expect(fromWorkbook.data.published.evaluations.map(\.total) == fromCSV.data.published.evaluations.map(\.total))
        #expect(fromWorkbook.data.published.evaluations.map(\.inScope) == [true, true])
        #expect(fromWorkbook.origins["agencies.csv"]?.sheet == "机构")
        #expect(fromWorkbook.data.published.agencies.first?.origin.at("机构名称").description == "data/登记册.xlsx: 机构!B2 (机构名称)")
    }

    @Test("A message that names another data file names the sheet that holds it, in check and in build")
    func otherDataFileBySheet() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-site-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: site + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try FileManager.default.copyItem(atPath: repository + "/content/config.toml", toPath: site + "/config.toml")
        let stranger = "91330200MA2AAAAA0G"
        let book = TestWorkbook(sheets: [agenciesSheet(), .init(name: "信用评价", rows: TestWorkbook.strings([
            ["年度", "统一社会信用代码", "是否纳入评价", "基本素质", "业务执行", "经营管理", "诚信记录"],
            ["2024", agencyA[0], "是", "18", "35", "17", "18"], ["2024", stranger, "是", "18", "35", "17", "18"]]))])
        try Data(try book.bytes()).write(to: URL(fileURLWithPath: site + "/data/登记册.xlsx"))
        let found = try Site(layout: SiteLayout(root: site)).check(asOf: CivilDate(iso: "2026-12-01")!).diagnostics
        let missing = try #require(found.first { $0.code == "E111" }, "\(found)")
        #expect(missing.message == "no agency with code \(stranger) in the sheet 机构 of data/登记册.xlsx")
        #expect(missing.description(in: .zh).contains("data/登记册.xlsx 的“机构”表 中没有代码为 \(stranger) 的机构"))
        let unpublished = try #require(found.first { $0.code == "W193" }, "\(found)")
        // No such sheet yet: the sheet to add, in the workbook the agencies are in — never a CSV file the clerk does not have.
        #expect(unpublished.message.contains("no row in the sheet 公示与公布 of data/登记册.xlsx"), "\(unpublished.message)")
        #expect(!unpublished.description(in: .zh).contains(".csv"), "\(unpublished.description(in: .zh))")
    }

    @Test("A workbook named like a data file is read from its one sheet, whatever the sheet is called")
    func entityWorkbook() throws {
        let book = TestWorkbook(sheets: [agenciesSheet("Sheet1")])
        let outcome = importer.importFiles(["agencies.xlsx": try book.bytes()])
        #expect(errors(outcome).isEmpty, "\(outcome.diagnostics)")
        #expect(outcome.data.published.agencies.count == 2)
    }

    @Test("The 1904 date system, and dates before and after Excel's 1900-02-29, give the days the spreadsheet shows")
    func dateSystems() throws {
        #expect(try CellText.serialDay(1, date1904: false).get().iso == "1900-01-01")
        #expect(try CellText.serialDay(59, date1904: false).get().iso == "1900-02-28")
        #expect(try CellText.serialDay(61, date1904: false).get().iso == "1900-03-01")
        #expect(try CellText.serialDay(44927, date1904: false).get().iso == "2023-01-01")
        #expect(try CellText.serialDay(0, date1904: true).get().iso == "1904-01-01")
        #expect(try CellText.serialDay(43465, date1904: true).get().iso == "2023-01-01")
        guard case .failure(let leap) = CellText.serialDay(60, date1904: false) else { Issue.record("1900-02-29 accepted"); return }
        #expect(leap.text.code == "E016" && leap.text.text(.en).contains("1900-02-29"))
        guard case .failure(let time) = CellText.serialDay(44927.5, date1904: false) else { Issue.record("a time accepted"); return }
        #expect(time.text.text(.en).contains("time of day"))
    }

    @Test("A workbook in the 1904 date system is read in it")
    func workbook1904() throws {
        var book = TestWorkbook(sheets: [.init(name: "资质认定证书", rows: [
            ["证书编号", "统一社会信用代码", "发证机关", "发证日期", "有效期至"].map { C.s($0) },
            [.s("221112050001"), .s(agencyA[0]), .s("浙江省市场监督管理局"), .n("43229", style: 1), .n("45420", style: 1)],
        ]), agenciesSheet()])
        book.date1904 = true
        let outcome = importer.importFiles(["登记册.xlsx": try book.bytes()])
        #expect(errors(outcome).isEmpty, "\(outcome.diagnostics)")
        #expect(outcome.data.published.qualifications.first?.issuedOn.iso == "2022-05-10")
    }

    @Test("Spreadsheet mistakes are named as such, at the sheet and cell: a code stored as a number, a date serial, 1900-02-29, a formula error, a formula never calculated")
    func spreadsheetMistakes() throws {
        let book = TestWorkbook(sheets: [
            .init(name: "机构", rows: [agencyHeader.map { C.s($0) }, [.n("9.1330212000000003E+17")] + agencyA.dropFirst().map { C.s($0) },
                                      agencyB.map { C.s($0) }]),
            .init(name: "资质认定证书", rows: [
                ["证书编号", "统一社会信用代码", "发证机关", "发证日期", "有效期至"].map { C.s($0) },
                [.s("221112050001"), .s(agencyB[0]), .s("浙江省市场监督管理局"), .n("44691"), .n("60", style: 1)],
                [.s("221112050002"), .s(agencyB[0]), .e("#N/A"), .n("44691", style: 1), .n("46882", style: 1)],
                [.s("221112050003"), .s(agencyB[0]), .uncalculated("B4&\"局\""), .n("44691", style: 1), .n("46882", style: 1)],
            ]),
        ])
        let found = errors(importer.importFiles(["登记册.xlsx": try book.bytes()]))
        let byPlace = Dictionary(found.map { ($0.location.description, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPlace["data/登记册.xlsx: 机构!A2 (统一社会信用代码)"]?.code == "E015")
        #expect(byPlace["data/登记册.xlsx: 机构!A2 (统一社会信用代码)"]?.fix.contains("文本") == true)
        #expect(byPlace["data/登记册.xlsx: 资质认定证书!D2 (发证日期)"]?.message.contains("2022-05-10 as a spreadsheet stores dates") == true)
        #expect(byPlace["data/登记册.xlsx: 资质认定证书!E2 (有效期至)"]?.message.contains("1900-02-29") == true)
        #expect(byPlace["data/登记册.xlsx: 资质认定证书!C3 (发证机关)"]?.code == "E017")
        // Not "empty": the value is in the spreadsheet's view only, and the fix is to let Excel or WPS calculate it.
        #expect(byPlace["data/登记册.xlsx: 资质认定证书!C4 (发证机关)"]?.message.contains("formula whose result was never saved") == true, "\(found)")
        #expect(!found.contains { $0.location.line == 4 && $0.code == "E001" }, "\(found)")
        // The same, as the clerk reads them (Chinese, the default).
        func zh(_ place: String) -> String { byPlace[place]?.description(in: .zh) ?? "" }
        #expect(zh("data/登记册.xlsx: 机构!A2 (统一社会信用代码)") == "data/登记册.xlsx：机构!A2（统一社会信用代码）：错误[E015]：单元格被存成了数字（9.1330212000000003E+17）：表格只保留数字的 15 位，代码后面的几位已经丢失。怎么改：把这一列的格式设为“文本”，再重新输入或粘贴代码：只改格式，丢掉的数字回不来")
        #expect(zh("data/登记册.xlsx: 资质认定证书!D2 (发证日期)").contains("“44691”是表格存储日期的方式，表示 2022-05-10"))
        #expect(zh("data/登记册.xlsx: 资质认定证书!E2 (有效期至)").contains("1900-02-29：Excel 把这一天算在内，但日历上并没有这一天"))
        #expect(zh("data/登记册.xlsx: 资质认定证书!C3 (发证机关)").contains("单元格显示表格错误 #N/A"))
    }

    @Test("A title row above the header is one error, in a sheet and in a CSV file, not one per column")
    func titleRow() throws {
        let titled = TestWorkbook(sheets: [.init(name: "机构", rows: [[C.s("2025年度第三方环境监测机构名录")]] + TestWorkbook.strings([agencyHeader, agencyA]),
                                                 merges: ["A1:G1"])])
        let sheet = errors(importer.importFiles(["登记册.xlsx": try titled.bytes()]))
        #expect(sheet.map(\.code) == ["E014"], "\(sheet)")
        #expect(sheet.first?.message.contains("row 2") == true)
        #expect(sheet.first?.description(in: .zh).contains("第 1 行是表头上方的标题；表头（") == true, "\(sheet)")
        let file = errors(importer.importFiles(["agencies.csv": csv([["2025年度第三方环境监测机构名录", "", ""], agencyHeader, agencyA])]))
        #expect(file.map(\.code) == ["E014"], "\(file)")
    }

    @Test("A title row above one sheet's header is that sheet's one error: the other sheets' references to its agencies are not reported too")
    func titleRowCascade() throws {
        let titled = TestWorkbook(sheets: [
            .init(name: "机构", rows: [[C.s("2025年度第三方环境监测机构名录")]] + TestWorkbook.strings([agencyHeader, agencyA, agencyB]), merges: ["A1:G1"]),
            .init(name: "备案", rows: TestWorkbook.strings([["统一社会信用代码", "备案编号", "备案日期", "备案状态"],
                                                           [agencyA[0], "甬环备〔2024〕1号", "2024-03-01", "有效"],
                                                           [agencyB[0], "甬环备〔2024〕2号", "2024-03-02", "有效"]])),
            .init(name: "信用评价", rows: TestWorkbook.strings([["年度", "统一社会信用代码", "是否纳入评价", "基本素质", "业务执行", "经营管理", "诚信记录"],
                                                             ["2025", agencyA[0], "是", "18", "35", "18", "19"],
                                                             ["2025", agencyB[0], "是", "17", "33", "16", "18"]])),
        ])
        let found = errors(importer.importFiles(["登记册.xlsx": try titled.bytes()]))
        #expect(found.map(\.code) == ["E014"], "\(found.map { $0.description(in: .zh) })")
    }

    @Test("W031: a full-width space inside a name is a warning naming the cell; the row is read, and a summary may hold one")
    func fullWidthSpaceInName() throws {
        var a = agencyA
        a[1] = "宁波甲测检测\u{3000}技术有限公司"
        a[5] = "\u{3000}张甲\u{3000}"
        var b = agencyB
        b[3] = "宁波市海曙区\u{3000}测试路2号"
        let outcome = importer.importFiles(["登记册.xlsx": try TestWorkbook(sheets: [.init(name: "机构", rows: TestWorkbook.strings([agencyHeader, a, b]))]).bytes()])
        #expect(errors(outcome).isEmpty)
        #expect(outcome.data.published.agencies.count == 2)
        let warnings = outcome.diagnostics.filter { $0.code == "W031" }
        #expect(warnings.map(\.location.description) == ["data/登记册.xlsx: 机构!B2 (机构名称)"], "\(outcome.diagnostics)")
        #expect(warnings.first?.description(in: .zh).hasPrefix("data/登记册.xlsx：机构!B2（机构名称）：警告[W031]：名称中间有全角空格") == true)
        // Leading and trailing full-width spaces are trimmed, not warned of; an address is not a name.
        #expect(outcome.data.published.agencies.first { $0.code.value == agencyA[0] }?.legalRepresentative == "张甲")
    }

    @Test("E132: a total that a SUM made without a number stored as text says which cell it skipped; any other wrong total stays E132")
    func totalWithoutATextNumber() throws {
        let header: [C] = ["年度", "统一社会信用代码", "是否纳入评价", "基本素质", "业务执行", "经营管理", "诚信记录", "总分"].map { .s($0) }
        // 业务执行 typed as text "35": the formula's saved total 18 + 17 + 18 = 53 left it out.
        let skipped: [C] = [.n("2025"), .s(agencyA[0]), .s("是"), .n("18"), .s("35"), .n("17"), .n("18"), .n("53")]
        let wrong: [C] = [.n("2025"), .s(agencyB[0]), .s("是"), .n("18"), .s("35"), .n("17"), .n("18"), .n("80")]
        let book = TestWorkbook(sheets: [agenciesSheet(), .init(name: "信用评价", rows: [header, skipped, wrong])])
        let found = errors(importer.importFiles(["登记册.xlsx": try book.bytes()]))
        let text = try #require(found.first { $0.code == "E132" && $0.location.line == 2 }, "\(found)")
        #expect(text.location.description == "data/登记册.xlsx: 信用评价!H2 (总分)")
        #expect(text.description(in: .zh).contains("总分 53 不等于四项指标之和（88）：这一行的“业务执行”是以文本形式存储的数字"), "\(text.description(in: .zh))")
        #expect(text.description(in: .zh).contains("转换为数字"))
        // 80 is neither the sum nor the sum without the text cell: the plain E132 of RegistryChecks, not this one.
        let outcome = importer.importFiles(["登记册.xlsx": try book.bytes()])
        #expect(outcome.data.published.evaluations.count == 1)
        let plain = RegistryChecks.check(outcome.data, rules: .ningbo).filter { $0.code == "E132" }
        #expect(plain.map(\.location.line) == [3] && plain.first?.text.key == "E132", "\(plain)")
    }

    @Test("A two-row header under merged cells is read by its lower row; a header cell merged over two columns with data is named")
    func mergedHeaders() throws {
        let evaluation = TestWorkbook(sheets: [agenciesSheet(), .init(name: "信用评价", rows: [
            [C.s("年度"), .s("统一社会信用代码"), .s("是否纳入评价"), .s("评分"), .empty, .empty, .empty],
            [C.empty, .empty, .empty, .s("基本素质"), .s("业务执行"), .s("经营管理"), .s("诚信记录")],
            [C.n("2024"), .s(agencyA[0]), .s("是"), .n("18"), .n("35"), .n("17"), .n("18")],
        ], merges: ["A1:A2", "B1:B2", "C1:C2", "D1:G1"])])
        let two = importer.importFiles(["登记册.xlsx": try evaluation.bytes()])
        #expect(errors(two).isEmpty, "\(two.diagnostics)")
        #expect(two.data.published.evaluations.first?.total == Score.parse("88"))
        let merged = TestWorkbook(sheets: [.init(name: "机构", rows: [
            agencyHeader.map { C.s($0) } + [.empty],
            (agencyA + ["多余"]).map { C.s($0) },
        ], merges: ["G1:H1"])])
        let found = errors(importer.importFiles(["登记册.xlsx": try merged.bytes()]))
        #expect(found.map(\.code) == ["E005"])
        #expect(found.first?.location.description == "data/登记册.xlsx: 机构!H2")
        #expect(found.first?.message.contains("merged into G1") == true)
        #expect(found.first?.description(in: .zh).contains("H 列有数据但没有表头（它的表头单元格被合并进了 G1）") == true)
    }

    @Test("Hidden and empty sheets are named in a warning; a sheet of another name is an error; one data file twice is an error")
    func sheetsAndSources() throws {
        let book = TestWorkbook(sheets: [
            agenciesSheet(),
            .init(name: "旧数据", rows: TestWorkbook.strings([agencyHeader, agencyA]), hidden: true),
            .init(name: "Sheet3", rows: []),
            .init(name: "草稿", rows: TestWorkbook.strings([["备注"], ["x"]])),
        ])
        let outcome = importer.importFiles(["登记册.xlsx": try book.bytes(), "agencies.csv": csv([agencyHeader, agencyA])])
        let codes = outcome.diagnostics.map { "\($0.code) \($0.location.sheet ?? $0.location.file)" }.sorted()
        #expect(codes == ["E008 草稿", "E019 机构", "W027 Sheet3", "W027 旧数据"], "\(outcome.diagnostics)")
        let hidden = outcome.diagnostics.first { $0.location.sheet == "旧数据" }
        #expect(hidden?.description(in: .zh) == "data/登记册.xlsx：旧数据：警告[W027]：工作表被隐藏了，gongshi 不读取它。怎么改：如果里面是数据，取消隐藏（右键单击工作表标签，选“取消隐藏”）；否则删除它")
    }

    @Test("Rows hidden by hand or by a filter are read, and a warning says so (W029)")
    func hiddenRows() throws {
        var sheet = agenciesSheet()
        sheet.hiddenRows = [3]
        let outcome = importer.importFiles(["登记册.xlsx": try TestWorkbook(sheets: [sheet]).bytes()])
        #expect(outcome.data.published.agencies.count == 2)
        let warning = outcome.diagnostics.first { $0.code == "W029" }
        #expect(warning?.location.description == "data/登记册.xlsx: 机构, row 3" && warning?.message.contains("rows 3") == true, "\(outcome.diagnostics)")
        #expect(warning?.description(in: .zh).hasPrefix("data/登记册.xlsx：机构 表第 3 行：警告[W029]：有 1 个隐藏行被当作数据读取（第 3 行）") == true)
        #expect(!importer.importFiles(["登记册.xlsx": try TestWorkbook(sheets: [agenciesSheet()]).bytes()]).diagnostics.contains { $0.code == "W029" })
    }

    @Test("A damaged workbook, a zip bomb and an XML entity bomb end in a named error (E018), quickly")
    func hostileWorkbooks() throws {
        let good = try TestWorkbook(sheets: [agenciesSheet()]).bytes()
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 60)) {
            let outcome = importer.importFiles(["登记册.xlsx": Array(good.prefix(cut))])
            #expect(outcome.diagnostics.contains { $0.code == "E018" }, "cut at \(cut)")
        }
        // A sheet that declares an entity: refused before anything is expanded.
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"
        var parts = try StrictZip.read(good).get().map { ($0.name, $0.bytes) }
        parts = parts.map { $0.0 == "xl/worksheets/sheet1.xml" ? ($0.0, Array(laughs.utf8)) : $0 }
        let bomb = try DeterministicZip.archive(parts.map { (path: $0.0, bytes: $0.1) }, date: CivilDate(year: 2025, month: 1, day: 1)!)
        let found = importer.importFiles(["登记册.xlsx": bomb]).diagnostics
        #expect(found.contains { $0.code == "E018" && $0.message.contains("document type") }, "\(found)")
        // A part that declares more than gongshi inflates.
        var huge = good
        let entries = try StrictZip.read(good).get()
        #expect(!entries.isEmpty)
        let central = (0..<(huge.count - 4)).last { huge[$0] == 0x50 && huge[$0 + 1] == 0x4B && huge[$0 + 2] == 1 && huge[$0 + 3] == 2 }!
        huge[central + 24] = 0xFF; huge[central + 25] = 0xFF; huge[central + 26] = 0xFF; huge[central + 27] = 0x7F
        let bombed = importer.importFiles(["登记册.xlsx": huge]).diagnostics
        #expect(bombed.contains { $0.code == "E018" }, "\(bombed)")
    }

    @Test("Files in data/ gongshi does not read say what to do: .xls, .et, .ods, .numbers, a lock file, a workbook renamed .csv")
    func unreadFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-data-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workbook = try TestWorkbook(sheets: [agenciesSheet()]).bytes()
        let files: [String: [UInt8]] = [
            "agencies.csv": workbook, "old.xls": [0xD0, 0xCF, 0x11, 0xE0], "名录.et": [1], "data.ods": [1], "data.numbers": [1],
            "~$登记册.xlsx": [1], ".~lock.登记册.xlsx#": [1], ".DS_Store": [1],
        ]
        for (name, bytes) in files { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes)) }
        let found = importer.importDirectory(folder).diagnostics
        func about(_ name: String) -> Diagnostic? { found.first { $0.location.file == "data/" + name } }
        #expect(about("agencies.csv")?.message.contains("Excel workbook") == true)
        #expect(about("agencies.csv")?.fix.contains("agencies.xlsx") == true)
        #expect(about("old.xls")?.fix.contains("xlsx") == true)
        #expect(about("名录.et")?.code == "E008")
        #expect(about("data.ods")?.message.contains("LibreOffice") == true)
        #expect(about("data.numbers")?.message.contains("Numbers") == true)
        // A lock file only says its workbook is open: a warning, and the saved workbook is read (W030).
        #expect(about("~$登记册.xlsx")?.message.contains("still open") == true && about("~$登记册.xlsx")?.severity == .warning)
        #expect(about(".~lock.登记册.xlsx#")?.severity == .warning && about(".~lock.登记册.xlsx#")?.code == "W030")
        #expect(about(".DS_Store")?.severity == .warning)
        #expect(about("agencies.csv")?.description(in: .zh).contains("这个文件其实是 Excel 工作簿（.xlsx）或其他 zip 文件，只是名字叫 .csv") == true)
        #expect(about("old.xls")?.description(in: .zh).contains("另存为“Excel 工作簿 (*.xlsx)”") == true)
        #expect(about("~$登记册.xlsx")?.description(in: .zh).contains("登记册.xlsx 还在 Excel 或 WPS 中打开着") == true)
    }

    @Test("CSV cells that a spreadsheet spoilt are named as such: 9.13302001E+17, a date serial, a two-digit year, a ? for a lost character")
    func spoiltCSV() {
        let outcome = importer.importFiles([
            "agencies.csv": csv([agencyHeader, ["9.13302001E+17"] + agencyA.dropFirst(), agencyB.prefix(3) + ["宁波市海曙区测?路2号"] + agencyB.suffix(3)]),
            "qualifications.csv": csv([["证书编号", "统一社会信用代码", "发证机关", "发证日期", "有效期至"],
                                       ["2.21112E+11", agencyB[0], "浙江省市场监督管理局", "44691", "28年5月9日"],
                                       ["22111205000", agencyB[0], "浙江省市场监督管理局", "2022-05-10", "2028-05-09"]]),
        ])
        let found = Dictionary(errors(outcome).map { ($0.location.description, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(found["data/agencies.csv:2: column 1 (统一社会信用代码)"]?.code == "E015")
        #expect(found["data/agencies.csv:3: column 4 (地址)"]?.code == "E026")
        #expect(found["data/qualifications.csv:2: column 1 (证书编号)"]?.code == "E015")
        #expect(found["data/qualifications.csv:2: column 4 (发证日期)"]?.message.contains("2022-05-10") == true)
        #expect(found["data/qualifications.csv:2: column 5 (有效期至)"]?.message.contains("two-digit year") == true)
        #expect(found["data/qualifications.csv:3: column 1 (证书编号)"]?.message.contains("dropped the zero") == true)
        func zh(_ place: String) -> String { found[place]?.description(in: .zh) ?? "" }
        #expect(zh("data/agencies.csv:2: column 1 (统一社会信用代码)").contains("“9.13302001E+17”是表格显示长数字的样子"))
        #expect(zh("data/agencies.csv:3: column 4 (地址)").contains("的“?”代表一个文件编码存不下的字符"))
        #expect(zh("data/qualifications.csv:2: column 4 (发证日期)").hasPrefix("data/qualifications.csv 第 2 行，第 4 列（发证日期）：错误[E016]：“44691”是表格存储日期的方式，表示 2022-05-10"))
        #expect(zh("data/qualifications.csv:2: column 5 (有效期至)").contains("“28年5月9日”的年份只有两位：gongshi 分不清是 2028 年还是 1928 年"))
        #expect(zh("data/qualifications.csv:3: column 1 (证书编号)").contains("是表格把这一列存成数字时丢掉了开头的 0"))
    }

    @Test("A registry imported from a workbook names the sheet and cell in messages about its rows")
    func registryRemembersSheets() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-reg-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let outcome = importer.importFiles(["登记册.xlsx": try TestWorkbook(sheets: [agenciesSheet()]).bytes()])
        let store = try RegistryStore(path: path)
        try store.replaceAll(with: outcome.data, origins: outcome.origins)
        let agency = try store.loadAll().published.agencies.first
        #expect(agency?.origin.at("机构名称").description == "data/登记册.xlsx: 机构, row 2 (机构名称)")
    }
}

@Suite("Spreadsheet habits told apart from real values")
struct SpreadsheetHabitTests {
    @Test("A real code holding E between digits is not a number in scientific notation; 9.13302E+17 is")
    func scientific() {
        for real in ["91330206E200000008", "913302260E00000001", "91330225E600000001", "9E1"] { #expect(!SpreadsheetHabits.isScientific(real), "\(real)") }
        for shown in ["9.13302E+17", "2.21114E+11", "9.13302001E+017", "9E+17", "1.5e-3"] { #expect(SpreadsheetHabits.isScientific(shown), "\(shown)") }
    }
}

@Suite("Workbook parts found by their relationships")
struct WorkbookPartsTests {
    @Test("Shared strings and styles under other part names are found by their relationship's type, as other writers name them")
    func renamedParts() throws {
        let book = try TestWorkbook(sheets: [.init(name: "机构", rows: TestWorkbook.strings([["统一社会信用代码", "机构名称"], ["91330212MA2H0A1B0F", "甲"]]))]).bytes()
        let renamed = try StrictZip.read(book).get().map { entry -> (path: String, bytes: [UInt8]) in
            let path = entry.name.replacingOccurrences(of: "sharedStrings.xml", with: "strings1.xml").replacingOccurrences(of: "styles.xml", with: "look.xml")
            let text = String(decoding: entry.bytes, as: UTF8.self).replacingOccurrences(of: "Target=\"sharedStrings.xml\"", with: "Target=\"strings1.xml\"")
                .replacingOccurrences(of: "Target=\"styles.xml\"", with: "Target=\"look.xml\"")
            return (path, Array(text.utf8))
        }
        let zip = try DeterministicZip.archive(renamed, date: CivilDate(year: 2025, month: 1, day: 1)!)
        let workbook = try XLSXReader.read(zip).get()
        #expect(workbook.sheets.first?.rows.last?.cell(2) == WorkbookCell(.text("甲")))
    }
}

@Suite("libxml2's errors said in gongshi's words")
struct WorkbookXMLErrorTests {
    @Test("A part's XML error says what is wrong and where (line and column), never libxml2's own text")
    func xmlErrors() throws {
        let cases: [(xml: String, says: String)] = [
            ("<?xml version=\"1.0\" encoding=\"x-unknown\"?><worksheet/>", "declares an encoding gongshi does not read"),
            ("<?xml version=\"1.0\"?><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\u{1}</t></is></c></row></sheetData></worksheet>",
             "a character XML does not allow"),
            ("<?xml version=\"1.0\"?><worksheet>&undeclared;</worksheet>", "an entity (&name;) that is not declared"),
            ("<?xml version=\"1.0\"?><worksheet a=\"1\" a=\"2\"/>", "the same attribute twice"),
            ("<?xml version=\"1.0\"?><worksheet><sheetData></worksheet>", "closed by another element's end tag, or never closed"),
            ("<?xml version=\"1.0\"?><worksheet/><worksheet/>", "content outside its root element"),
            ("<?xml version=\"1.0\"?>\n\n" + String(repeating: "<x>", count: 300) + String(repeating: "</x>", count: 300), "deeper than 256 levels"),
        ]
        for (xml, says) in cases {
            let book = try WorkbookCostTests.workbook(changing: "xl/worksheets/sheet1.xml") { _ in xml }
            let reason = WorkbookCostTests.reason(book)
            #expect(reason.contains(says), "\(xml.prefix(60)): \(reason)")
            #expect(reason.contains("line ") && reason.contains("column "), "\(reason)")
            #expect(!reason.contains("parser error") && !reason.contains("xmlParse"), "\(reason)")
        }
    }
}
