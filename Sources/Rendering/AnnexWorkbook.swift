import Messages
import Model

/// An annex of a notice as a workbook made to be printed with it (GB/T 9704-2012 §7.3.7): `附件N` at the top left,
/// the annex's title centred over the table, then the table with its header row repeated on every printed page;
/// A4 landscape, fitted to the page's width, every cell text (an 18-digit code stays a code) and ruled. A second sheet
/// says which notice it belongs to. The same annex gives the same bytes.
public struct AnnexWorkbook: Sendable {
    public var annex: NoticeDocument.Annex
    public var notice: String
    public var creator: String
    public var date: CivilDate

    public init(annex: NoticeDocument.Annex, notice: String, creator: String, date: CivilDate) {
        self.annex = annex; self.notice = notice; self.creator = creator; self.date = date
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    public var sheetName: String { "附件\(annex.number)" }

    /// Columns wide enough that no cell wraps when printed, whatever face draws it: a CJK character counts 2.2 of
    /// Excel's units, a Latin letter or digit 1.2 (an 18-character code must stay on one line).
    static func widths(_ rows: [[String]]) -> [Int] {
        guard let count = rows.map(\.count).max() else { return [] }
        return (0..<count).map { i in
            let widest = rows.map { $0.count > i ? $0[i].reduce(0.0) { $0 + ($1.isASCII ? 1.2 : 2.2) } : 0 }.max() ?? 0
            return min(60, max(6, Int(widest.rounded(.up)) + 2))
        }
    }

    public func parts() -> [(path: String, bytes: [UInt8])] {
        let head = OOXMLPackage.head
        let count = max(1, annex.headers.count)
        let last = CellReference.letters(count)
        let widths = Self.widths([annex.headers] + annex.rows)
        var sheet = head + #"<worksheet xmlns="\#(Self.main)" xmlns:r="\#(Self.rel)"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
            + #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
            + "<cols>" + widths.enumerated().map { #"<col min="\#($0.offset + 1)" max="\#($0.offset + 1)" width="\#($0.element)" customWidth="1"/>"# }.joined() + "</cols>"
            + "<sheetData>"
        func cell(_ column: Int, _ row: Int, _ text: String, style: Int) -> String {
            #"<c r="\#(CellReference.letters(column + 1))\#(row)" t="inlineStr" s="\#(style)"><is><t xml:space="preserve">\#(WorkbookWriter.text(text))</t></is></c>"#
        }
        // 1 附件N (黑体), 2 the title (centred over the table), 3 the header, then the rows: 0 general, 1 附件N, 2 title,
        // 3 header (bold, ruled), 4 text (ruled).
        sheet += #"<row r="1" ht="24" customHeight="1">"# + cell(0, 1, sheetName, style: 1) + "</row>"
        sheet += #"<row r="2" ht="36" customHeight="1">"# + cell(0, 2, annex.title, style: 2)
            + (1..<count).map { #"<c r="\#(CellReference.letters($0 + 1))2" s="2"/>"# }.joined() + "</row>"
        sheet += #"<row r="3">"# + annex.headers.enumerated().map { cell($0.offset, 3, $0.element, style: 3) }.joined() + "</row>"
        for (i, row) in annex.rows.enumerated() {
            sheet += #"<row r="\#(i + 4)">"# + row.enumerated().map { cell($0.offset, i + 4, $0.element, style: 4) }.joined() + "</row>"
        }
        sheet += "</sheetData>"
        if count > 1 { sheet += #"<mergeCells count="1"><mergeCell ref="A2:\#(last)2"/></mergeCells>"# }
        sheet += #"<printOptions horizontalCentered="1"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
            + #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
            + "<headerFooter><oddFooter>&amp;C— &amp;P —</oddFooter></headerFooter></worksheet>\n"

        // The notes: which notice the annex belongs to (header bold and ruled, the rest ruled text).
        let noteRows = [["项目", "内容"], ["附件", "\(annex.number)"], ["标题", annex.title], ["所属公告", notice]]
        let notes = head + #"<worksheet xmlns="\#(Self.main)"><cols><col min="1" max="1" width="12" customWidth="1"/><col min="2" max="2" width="80" customWidth="1"/></cols><sheetData>"#
            + noteRows.enumerated().map { r, row in
                #"<row r="\#(r + 1)">"# + row.enumerated().map { cell($0.offset, r + 1, $0.element, style: r == 0 ? 3 : 4) }.joined() + "</row>"
            }.joined() + "</sheetData></worksheet>\n"
        let types = OOXMLPackage.contentTypes([
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"), OOXMLPackage.coreType,
            ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
            ("/xl/worksheets/sheet2.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
        ], end: "\n")
        // The header row printed again at the top of every page.
        let workbook = head + #"<workbook xmlns="\#(Self.main)" xmlns:r="\#(Self.rel)"><bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
            + #"<sheet name="\#(sheetName)" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets>"#
            + #"<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'\#(sheetName)'!$3:$3</definedName></definedNames></workbook>"# + "\n"
        let workbookRels = head + #"<Relationships xmlns="\#(OOXMLPackage.relationships)">"#
            + #"<Relationship Id="rId1" Type="\#(Self.rel)/worksheet" Target="worksheets/sheet1.xml"/>"#
            + #"<Relationship Id="rId2" Type="\#(Self.rel)/worksheet" Target="worksheets/sheet2.xml"/>"#
            + #"<Relationship Id="rId3" Type="\#(Self.rel)/styles" Target="styles.xml"/></Relationships>"# + "\n"
        let thin = #"<left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/>"#
        let styles = head + #"<styleSheet xmlns="\#(Self.main)">"#
            + #"<fonts count="4"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#
            + #"<font><sz val="16"/><name val="黑体"/><family val="3"/><charset val="134"/></font>"#
            + #"<font><sz val="18"/><name val="方正小标宋简体"/><family val="3"/><charset val="134"/></font>"#
            + #"<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>\#(thin)</border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
            + #"<xf numFmtId="49" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#
            + #"<xf numFmtId="49" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#
            + #"<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf></cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"# + "\n"
        return [
            ("[Content_Types].xml", Array(types.utf8)), ("_rels/.rels", Array(OOXMLPackage.rootRelationships(main: "xl/workbook.xml", end: "\n").utf8)),
            ("docProps/core.xml", Array(OOXMLPackage.coreProperties(title: "附件\(annex.number) \(annex.title)", creator: creator, date: date, end: "\n").utf8)),
            ("xl/workbook.xml", Array(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)), ("xl/styles.xml", Array(styles.utf8)),
            ("xl/worksheets/sheet1.xml", Array(sheet.utf8)), ("xl/worksheets/sheet2.xml", Array(notes.utf8)),
        ]
    }
}
