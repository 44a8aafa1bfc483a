import Messages
import Model

/// An Office Open XML workbook (`.xlsx`, ECMA-376 SpreadsheetML) as its parts, for the open data's Excel
/// files: `DeterministicZip` in Publishing packs them. A CSV cannot tell Excel or WPS that a cell is text,
/// so an all-digit credit code (`913502000728319549`) opens as `913502000728319000` and a 12-digit CMA
/// number as `2.21114E+11`; here every text cell is an inline string with the text format `@`, numbers are
/// numbers, dates are dates, and no cell is ever a formula. The same inputs give the same bytes.
public struct WorkbookWriter: Sendable {
    public enum Kind: Sendable { case text, number, date, boolean }

    /// The first sheet's rows, streamed: one worksheet's XML, split into further sheets past Excel's limit.
    public struct SheetWriter {
        public static let maximumRows = 1_048_576
        let header: [String]
        let kinds: [Kind]
        let columns: [[UInt8]]
        /// Column widths in Excel's units; nil: from each header.
        let widths: [Int]?
        public private(set) var sheets: [[UInt8]] = []
        var current: [UInt8] = []
        var row = 0

        public init(header: [String], kinds: [Kind], estimatedBytes: Int = 0, widths: [Int]? = nil) {
            self.header = header
            self.kinds = kinds
            self.widths = widths
            columns = header.indices.map { Array(CellReference.letters($0 + 1).utf8) }
            current.reserveCapacity(estimatedBytes)
            start()
        }

        /// A column's width in Excel's units, from its header: a CJK character is two wide.
        /// Widths that fit every cell of each column (for a sheet printed whole, such as a notice's annex).
        public static func fitting(_ rows: [[String]], maximum: Int = 60) -> [Int] {
            guard let count = rows.map(\.count).max() else { return [] }
            return (0..<count).map { i in rows.map { $0.count > i ? width(of: $0[i], padding: 2, maximum: maximum) : 10 }.max() ?? 10 }
        }

        static func width(of header: String, padding: Int, maximum: Int) -> Int {
            min(maximum, max(10, header.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E7F ? 2 : 1) } + padding))
        }

        mutating func start() {
            current += Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8) + [0x0A]
            current += Array(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#.utf8)
            current += Array(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#.utf8)
            current += Array("<cols>".utf8)
            for (i, title) in header.enumerated() {
                let width = widths.map { i < $0.count ? $0[i] : 10 } ?? Self.width(of: title, padding: 4, maximum: 48)
                current += Array(#"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(width)" customWidth="1"/>"#.utf8)
            }
            current += Array("</cols><sheetData>".utf8)
            row = 0
            appendRow(header.map { .text($0) }, style: 3)
        }

        /// Appends a data row; a full sheet is closed and another begun, with the header again.
        public mutating func append(_ values: [Dataset.Value]) {
            if row == Self.maximumRows { close(); start() }
            appendRow(values, style: nil)
        }

        // The cells' fixed bytes, made once: a national registry's workbooks have tens of millions of cells.
        static let rowOpen = Array(#"<row r=""#.utf8), rowClose = Array("</row>".utf8), tagEnd = Array(#"">"#.utf8)
        static let cellOpen = Array(#"<c r=""#.utf8)
        static let textCell = Array(#"" t="inlineStr" s="1"><is><t xml:space="preserve">"#.utf8)
        static let headerCell = Array(#"" t="inlineStr" s="3"><is><t xml:space="preserve">"#.utf8)
        static let textClose = Array("</t></is></c>".utf8)
        static let valueOpen = Array(#""><v>"#.utf8), valueClose = Array("</v></c>".utf8)
        static let dateOpen = Array(#"" s="2"><v>"#.utf8), boolOpen = Array(#"" t="b"><v>"#.utf8)

        mutating func appendRow(_ values: [Dataset.Value], style header: Int?) {
            row += 1
            let r = Array(String(row).utf8)
            current.append(contentsOf: Self.rowOpen)
            current.append(contentsOf: r)
            current.append(contentsOf: Self.tagEnd)
            for (i, value) in values.enumerated() {
                if case .missing = value { continue }
                current.append(contentsOf: Self.cellOpen)
                current.append(contentsOf: columns[i])
                current.append(contentsOf: r)
                switch value {
                case .missing: break
                case .text(let s):
                    current.append(contentsOf: header == nil ? Self.textCell : Self.headerCell)
                    Self.escape(s, into: &current)
                    current.append(contentsOf: Self.textClose)
                case .integer(let n):
                    current.append(contentsOf: Self.valueOpen)
                    current.append(contentsOf: String(n).utf8)
                    current.append(contentsOf: Self.valueClose)
                case .score(let s):
                    current.append(contentsOf: Self.valueOpen)
                    current.append(contentsOf: s.description.utf8)
                    current.append(contentsOf: Self.valueClose)
                case .date(let d):
                    // Days since 1899-12-30, Excel's day 0 in the 1900 date system.
                    current.append(contentsOf: Self.dateOpen)
                    current.append(contentsOf: String(d.dayNumber + 25_569).utf8)
                    current.append(contentsOf: Self.valueClose)
                case .bool(let b):
                    current.append(contentsOf: Self.boolOpen)
                    current.append(b ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    current.append(contentsOf: Self.valueClose)
                }
            }
            current.append(contentsOf: Self.rowClose)
        }

        mutating func close() {
            let last = CellReference.letters(max(1, header.count))
            current += Array(#"</sheetData><autoFilter ref="A1:\#(last)\#(max(1, row))"/></worksheet>"#.utf8) + [0x0A]
            sheets.append(current)
            current = []
        }

        /// The worksheets' XML, the first holding the header and the first rows.
        public mutating func finish() -> [[UInt8]] {
            close()
            return sheets
        }

        /// XML text: `& < > "` escaped; the text was checked on the way in (no control characters).
        static func escape(_ text: String, into out: inout [UInt8]) {
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == 0x0D }) else {
                out.append(contentsOf: text.utf8)
                return
            }
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): out += Array("&amp;".utf8)
                case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                case UInt8(ascii: "\""): out += Array("&quot;".utf8)
                case 0x0D: out += Array("&#13;".utf8)
                default: out.append(byte)
                }
            }
        }
    }

    public var title: String
    public var creator: String
    public var date: CivilDate
    /// Data sheets' XML (from `SheetWriter`), then a notes sheet of plain rows.
    public var dataSheets: [[UInt8]]
    public var notes: [[String]]

    public init(title: String, creator: String, date: CivilDate, dataSheets: [[UInt8]], notes: [[String]]) {
        self.title = title; self.creator = creator; self.date = date; self.dataSheets = dataSheets; self.notes = notes
    }

    static func text(_ s: String) -> String {
        var out: [UInt8] = []
        SheetWriter.escape(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Every part of the package, by its path in the zip.
    public func parts() -> [(path: String, bytes: [UInt8])] {
        let dataNames = dataSheets.count == 1 ? ["数据"] : dataSheets.indices.map { "数据\($0 + 1)" }
        var notesWriter = SheetWriter(header: ["项目", "内容", "类型", "说明"], kinds: [.text, .text, .text, .text])
        for row in notes { notesWriter.append(row.map { .text($0) } + Array(repeating: .missing, count: max(0, 4 - row.count))) }
        return Self.package(sheets: Array(zip(dataNames + ["说明"], dataSheets + notesWriter.finish())), title: title, creator: creator, date: date)
    }

    /// The workbook's styles: 0 general, 1 text (@), 2 date, 3 header (bold text), then `cellStyles` (whose
    /// fillId counts from 2, the first of `fills`).
    static func styleSheet(fills: [String] = [], cellStyles: [String] = []) -> String {
        #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>"#
            + #"<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>"#
            + #"<fills count="\#(2 + fills.count)"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"# + fills.joined() + "</fills>"
            + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="\#(4 + cellStyles.count)"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
            + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
            + #"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"# + cellStyles.joined() + "</cellXfs>"
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"# + "\n"
    }

    /// A workbook package around named worksheets' XML: content types, relationships, document properties
    /// dated `date` (no clock), and the styles the sheets use — 0 general, 1 text (`@`), 2 date, 3 bold header.
    /// `activeTab`: the sheet the workbook opens on; `styles`: another style sheet, for a workbook of its own kind.
    public static func package(sheets named: [(name: String, xml: [UInt8])], title: String, creator: String, date: CivilDate,
                               activeTab: Int = 0, styles given: String? = nil) -> [(path: String, bytes: [UInt8])] {
        let names = named.map(\.name), sheets = named.map(\.xml)
        let head = OOXMLPackage.head
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let types = OOXMLPackage.contentTypes([
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"), OOXMLPackage.coreType,
        ] + sheets.indices.map { ("/xl/worksheets/sheet\($0 + 1).xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml") },
                                              end: "\n")
        let rootRels = OOXMLPackage.rootRelationships(main: "xl/workbook.xml", end: "\n")
        let core = OOXMLPackage.coreProperties(title: title, creator: creator, date: date, end: "\n")
        var workbook = head + #"<workbook xmlns="\#(main)" xmlns:r="\#(rel)"><bookViews><workbookView activeTab="\#(activeTab)"/></bookViews><sheets>"#
        var workbookRels = head + #"<Relationships xmlns="\#(OOXMLPackage.relationships)">"#
        for (i, name) in names.enumerated() {
            workbook += #"<sheet name="\#(Self.text(name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
            workbookRels += #"<Relationship Id="rId\#(i + 1)" Type="\#(rel)/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
        }
        workbook += "</sheets></workbook>\n"
        workbookRels += #"<Relationship Id="rId\#(names.count + 1)" Type="\#(rel)/styles" Target="styles.xml"/></Relationships>"# + "\n"
        let styles = head + (given ?? styleSheet())
        var parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(types.utf8)), ("_rels/.rels", Array(rootRels.utf8)), ("docProps/core.xml", Array(core.utf8)),
            ("xl/workbook.xml", Array(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)), ("xl/styles.xml", Array(styles.utf8)),
        ]
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet)) }
        return parts
    }
}
