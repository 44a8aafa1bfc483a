@testable import Messages

@testable import Publishing
@testable import Model

/// A workbook written part by part, as Excel lays one out, so that each quirk of a real workbook can be
/// put in a test on its own: shared and inline strings, numbers, booleans, errors, formulas, date styles,
/// the 1904 date system, hidden sheets, merged cells.
struct TestWorkbook {
    enum Cell {
        /// A shared string.
        case s(String)
        case inline(String)
        /// A number with a style: 0 general, 1 date (built-in 14), 2 text (`@`), 3 a custom 年月日 date.
        case n(String, style: Int = 0)
        case b(Bool)
        case e(String)
        /// A formula with its cached result.
        case f(String, result: String)
        /// A formula without a cached result, as a program that does not calculate writes it.
        case uncalculated(String)
        case empty
    }

    struct Sheet {
        var name: String
        var rows: [[Cell]]
        var hidden = false
        var merges: [String] = []
        /// The first row's number (a sheet whose data starts lower down).
        var firstRow = 1
        /// Rows hidden in the sheet, by their number.
        var hiddenRows: Set<Int> = []
    }

    var sheets: [Sheet]
    var date1904 = false

    func bytes() throws -> [UInt8] {
        var shared: [String] = []
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var parts: [(path: String, bytes: [UInt8])] = []
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var sheetList = "", rels = ""
        for (i, sheet) in sheets.enumerated() {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\"><sheetData>"
            for (r, row) in sheet.rows.enumerated() {
                let number = sheet.firstRow + r
                xml += "<row r=\"\(number)\"\(sheet.hiddenRows.contains(number) ? " hidden=\"1\"" : "")>"
                for (c, cell) in row.enumerated() {
                    let ref = CellReference.letters(c + 1) + String(number)
                    switch cell {
                    case .s(let t):
                        shared.append(t)
                        xml += "<c r=\"\(ref)\" t=\"s\"><v>\(shared.count - 1)</v></c>"
                    case .inline(let t): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(esc(t))</t></is></c>"
                    case .n(let v, let style): xml += "<c r=\"\(ref)\" s=\"\(style)\"><v>\(v)</v></c>"
                    case .b(let v): xml += "<c r=\"\(ref)\" t=\"b\"><v>\(v ? 1 : 0)</v></c>"
                    case .e(let v): xml += "<c r=\"\(ref)\" t=\"e\"><v>\(esc(v))</v></c>"
                    case .f(let f, let v): xml += "<c r=\"\(ref)\"><f>\(esc(f))</f><v>\(v)</v></c>"
                    case .uncalculated(let f): xml += "<c r=\"\(ref)\" t=\"str\"><f>\(esc(f))</f></c>"
                    case .empty: xml += "<c r=\"\(ref)\" s=\"2\"/>"
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData>"
            if !sheet.merges.isEmpty { xml += "<mergeCells>" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>" }
            xml += "</worksheet>"
            parts.append(("xl/worksheets/sheet\(i + 1).xml", Array(xml.utf8)))
            sheetList += "<sheet name=\"\(esc(sheet.name))\" sheetId=\"\(i + 1)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(i + 1)\"/>"
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        let n = sheets.count
        rels += "<Relationship Id=\"rId\(n + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        rels += "<Relationship Id=\"rId\(n + 2)\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
        parts += [
            ("[Content_Types].xml", Array("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8)),
            ("_rels/.rels", Array("<?xml version=\"1.0\"?><Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".utf8)),
            ("xl/workbook.xml", Array("<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList)</sheets></workbook>".utf8)),
            ("xl/_rels/workbook.xml.rels", Array("<?xml version=\"1.0\"?><Relationships xmlns=\"\(pkg)\">\(rels)</Relationships>".utf8)),
            ("xl/styles.xml", Array("""
            <?xml version="1.0"?><styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>\
            <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>\
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="49" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>
            """.utf8)),
            ("xl/sharedStrings.xml", Array(("<?xml version=\"1.0\"?><sst xmlns=\"\(main)\">" + shared.map { "<si><t xml:space=\"preserve\">\(esc($0))</t></si>" }.joined() + "</sst>").utf8)),
        ]
        return try DeterministicZip.archive(parts, date: CivilDate(year: 2025, month: 1, day: 1)!)
    }

    /// A header row and data rows of shared strings.
    static func strings(_ rows: [[String]]) -> [[Cell]] { rows.map { $0.map { $0.isEmpty ? .empty : .s($0) } } }
}
