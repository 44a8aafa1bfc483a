import Messages
import Model

/// The empty registry workbook `gongshi init` writes into `data/`: one sheet per data file, named by its
/// Chinese title and headed by its columns, so that what the clerk types is what `import` reads. Code and
/// number columns are formatted as text (`@`) before anything is typed — a credit code typed into a General
/// cell is a number and loses its last digits — date columns as dates; columns with a fixed set of words
/// offer them as a drop-down list (strict where anything else is an error, a suggestion where other words
/// are allowed, as for the kinds of bad record). Rows 2 and below carry the formats, the header is frozen; a
/// required column's header is bold on pale yellow and every column's input message says 必填 or 选填.
public enum RegistryTemplate {
    /// Each column's drop-down: the words, and whether another word is refused.
    static func choices(_ header: String, districts: [String]) -> (values: [String], strict: Bool)? {
        switch header {
        case "所在区县": return (districts, true)
        case "备案状态": return (FilingStatus.allCases.map(\.rawValue), true)
        case "是否纳入评价", "逾期受理": return (["是", "否"], true)
        case "评定等级", "更正后等级": return (["A", "B", "C", "D"], true)
        case "警示形式": return (WarningForm.allCases.map(\.rawValue), true)
        case "复核结果": return (ObjectionDecision.allCases.map(\.rawValue), true)
        case "岗位": return (["法定代表人", "最高管理者", "技术负责人", "授权签字人"], true)
        case "类别": return (BadRecordKind.allCases.map(\.rawValue), false)
        case "情形": return (["一", "二", "三", "四", "五", "六", "七"], false)
        default: return nil
        }
    }

    /// The workbook opens on 机构, the sheet everything else refers to.
    public static func parts(districts: [String], date: CivilDate) -> [(path: String, bytes: [UInt8])] {
        let first = CSVFormat.all.firstIndex { $0.file == "agencies.csv" } ?? 0
        let sheets = CSVFormat.all.enumerated().map { i, format in (name: format.title, xml: sheet(format, districts: districts, selected: i == first)) }
        return WorkbookWriter.package(sheets: sheets, title: "社会监测机构登记册", creator: "gongshi", date: date, activeTab: first, styles: styles)
    }

    /// 0 general, 1 text (@), 2 date, 3 a column's header, 4 a required column's header: bold on a pale yellow fill,
    /// with 必填 in its input message.
    static let styles = WorkbookWriter.styleSheet(
        fills: [#"<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill>"#],
        cellStyles: [#"<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/>"#])

    /// Wide enough to print what goes in it: a name, an address, a reason is long; otherwise the header's width.
    static func width(_ column: CSVColumn) -> Int {
        let header = column.header
        if ["名称", "地址", "原因", "说明", "内容", "事实", "依据", "范围", "决定"].contains(where: header.contains) { return 36 }
        return WorkbookWriter.SheetWriter.width(of: header, padding: 6, maximum: 40)
    }

    static func sheet(_ format: CSVFormat, districts: [String], selected: Bool) -> [UInt8] {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        xml += #"<sheetViews><sheetView\#(selected ? #" tabSelected="1""# : "") workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#
        for (i, column) in format.columns.enumerated() {
            let width = width(column)
            let style = switch column.kind { case .date: 2; case .number: 0; default: 1 }
            xml += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(width)" style="\#(style)" customWidth="1"/>"#
        }
        xml += #"</cols><sheetData><row r="1">"#
        for (i, column) in format.columns.enumerated() {
            xml += #"<c r="\#(CellReference.letters(i + 1))1" t="inlineStr" s="\#(column.required ? 4 : 3)"><is><t>\#(WorkbookWriter.text(column.header))</t></is></c>"#
        }
        xml += "</row></sheetData>"
        var validations: [String] = []
        for (i, column) in format.columns.enumerated() {
            let letter = CellReference.letters(i + 1)
            let prompt = column.required ? "必填" : "选填"
            guard let (values, strict) = choices(column.header, districts: districts) else {
                // Every column says whether it must be filled in, and what goes in it, when its cell is selected.
                validations.append(#"<dataValidation allowBlank="1" showInputMessage="1" promptTitle="\#(WorkbookWriter.text(column.header))（\#(prompt)）" "#
                    + #"prompt="\#(WorkbookWriter.text(String(column.doc.prefix(250))))" sqref="\#(letter)2:\#(letter)1048576"/>"#)
                continue
            }
            validations.append(#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="\#(strict ? 1 : 0)" "#
                + #"errorTitle="\#(WorkbookWriter.text(column.header))" error="请从下拉列表中选择" promptTitle="\#(WorkbookWriter.text(column.header))（\#(prompt)）" "#
                + #"prompt="\#(WorkbookWriter.text(column.doc))" sqref="\#(letter)2:\#(letter)1048576"><formula1>"\#(WorkbookWriter.text(values.joined(separator: ",")))"</formula1></dataValidation>"#)
        }
        if !validations.isEmpty { xml += #"<dataValidations count="\#(validations.count)">"# + validations.joined() + "</dataValidations>" }
        xml += "</worksheet>\n"
        return Array(xml.utf8)
    }
}
