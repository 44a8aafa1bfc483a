@testable import Import
import Testing
@testable import Publishing
@testable import Model

/// What a workbook may cost is bounded by what it holds that a spreadsheet writes, not only by its size.
@Suite("A workbook's cost is bounded: comments, tags, a cell's text, the number of cells")
struct WorkbookCostTests {
    static let agencies = TestWorkbook.Sheet(name: "机构", rows: TestWorkbook.strings([["统一社会信用代码", "机构名称"], ["91330212MA2H0A1B0F", "甲"]]))

    /// The test workbook with one part's XML changed by `change`.
    static func workbook(changing part: String, _ change: (String) -> String) throws -> [UInt8] {
        let parts = try StrictZip.read(try TestWorkbook(sheets: [agencies]).bytes()).get().map { entry -> (path: String, bytes: [UInt8]) in
            entry.name == part ? (entry.name, Array(change(String(decoding: entry.bytes, as: UTF8.self)).utf8)) : (entry.name, entry.bytes)
        }
        return try DeterministicZip.archive(parts, date: CivilDate(year: 2025, month: 1, day: 1)!)
    }

    static func reason(_ bytes: [UInt8], maximumCells: Int = XLSXReader.maximumCells) -> String {
        switch XLSXReader.read(bytes, maximumCells: maximumCells) {
        case .success: return "read"
        case .failure(let f): return f.explained.text(.en)
        }
    }

    @Test("Comments and processing instructions: a part may hold up to 1 MB of them, before or inside its root; more is refused by name")
    func comments() throws {
        let small = String(repeating: "<!-- a comment -->", count: 1_000)
        for part in ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"] {
            let within = try Self.workbook(changing: part) { $0.replacingOccurrences(of: "?>", with: "?>" + small) }
            #expect(Self.reason(within) == "read", "\(part)")
            let before = try Self.workbook(changing: part) { $0.replacingOccurrences(of: "?>", with: "?>" + String(repeating: "<!--" + String(repeating: "x", count: 65_536) + "-->", count: 17)) }
            #expect(Self.reason(before).contains("more than 1 MB of XML comments or processing instructions"), "\(part): \(Self.reason(before))")
        }
        let inside = try Self.workbook(changing: "xl/worksheets/sheet1.xml") {
            $0.replacingOccurrences(of: "<sheetData>", with: "<sheetData>" + String(repeating: "<?pi " + String(repeating: "y", count: 60_000) + "?>", count: 20))
        }
        #expect(Self.reason(inside).contains("more than 1 MB of XML comments"), "\(Self.reason(inside))")
        // `<!--` inside CDATA or an attribute value opens no comment; `-->` inside a CDATA section closes none.
        let quoted = try Self.workbook(changing: "xl/sharedStrings.xml") {
            $0.replacingOccurrences(of: "<t xml:space=\"preserve\">甲</t>", with: "<t xml:space=\"preserve\"><![CDATA[甲<!--]]></t>")
        }
        #expect(try XLSXReader.read(quoted).get().sheets[0].rows[1].cell(2) == WorkbookCell(.text("甲<!--")))
    }

    @Test("A tag longer than 64 KB (a million attributes, or one endless one) is refused by name; a quoted '>' does not end a tag")
    func longTag() throws {
        let many = try Self.workbook(changing: "xl/worksheets/sheet1.xml") {
            $0.replacingOccurrences(of: "<sheetData>", with: "<sheetData><row r=\"1\"" + (0..<20_000).map { " a\($0)=\"\"" }.joined() + "/>")
        }
        #expect(Self.reason(many).contains("a tag longer than 64 KB"), "\(Self.reason(many))")
        let quoted = try Self.workbook(changing: "xl/workbook.xml") { $0.replacingOccurrences(of: "<sheet name=\"机构\"", with: "<sheet name=\"机构\" x=\">>\"") }
        #expect(Self.reason(quoted) == "read")
    }

    @Test("A cell's text over 1 MB is refused (a spreadsheet cell holds 32,767 characters), in one shared string or in its runs together")
    func longText() throws {
        let long = String(repeating: "长", count: 400_000)
        let shared = try Self.workbook(changing: "xl/sharedStrings.xml") { $0.replacingOccurrences(of: ">甲<", with: ">\(long)<") }
        #expect(Self.reason(shared).contains("a text is longer than 1 MB"), "\(Self.reason(shared))")
        let runs = try Self.workbook(changing: "xl/sharedStrings.xml") {
            $0.replacingOccurrences(of: "<t xml:space=\"preserve\">甲</t>", with: String(repeating: "<r><t>\(String(repeating: "长", count: 100_000))</t></r>", count: 4))
        }
        #expect(Self.reason(runs).contains("a text is longer than 1 MB"), "\(Self.reason(runs))")
        let fits = try Self.workbook(changing: "xl/sharedStrings.xml") { $0.replacingOccurrences(of: ">甲<", with: ">\(String(repeating: "长", count: 32_767))<") }
        #expect(Self.reason(fits) == "read")
    }

    @Test("The sheets of a workbook may hold so many cells together; one more is refused by name")
    func cellCount() throws {
        let rows = [["统一社会信用代码", "机构名称"]] + (1...9).map { ["91330212MA2H0A1B0F", "机构\($0)"] }
        let book = try TestWorkbook(sheets: [.init(name: "机构", rows: TestWorkbook.strings(rows))]).bytes()
        #expect(Self.reason(book, maximumCells: 20) == "read")
        #expect(Self.reason(book, maximumCells: 19).contains("more than 19 cells together"), "\(Self.reason(book, maximumCells: 19))")
    }
}
