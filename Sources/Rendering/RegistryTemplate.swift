import Messages
import Model

/// The empty registry workbook `gongshi init` writes into `data/`: one sheet per data file, named by its
/// Chinese title and headed by its columns, so that what the clerk types is what `import` reads. Code and
/// number columns are formatted as text (`@`) before anything is typed — a credit code typed into a General
/// cell is a number and loses its last digits — date columns as dates; columns with a fixed set of words
/// offer them as a drop-down list (strict where anything else is an error, a suggestion where other words
/// are allowed, as for the kinds of bad record). Rows 2 and below carry the formats, the header is frozen.
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

    public static func parts(districts: [String], date: CivilDate) -> [(path: String, bytes: [UInt8])] {
        let sheets = CSVFormat.all.map { format in (name: format.title, xml: sheet(format, districts: districts)) }
        return WorkbookWriter.package(sheets: sheets, title: "社会监测机构登记册", creator: "gongshi", date: date)
    }

    static func sheet(_ format: CSVFormat, districts: [String]) -> [UInt8] {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#
        for (i, column) in format.columns.enumerated() {
            let width = WorkbookWriter.SheetWriter.width(of: column.header, padding: 6, maximum: 40)
            let style = switch column.kind { case .date: 2; case .number: 0; default: 1 }
            xml += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(width)" style="\#(style)" customWidth="1"/>"#
        }
        xml += #"</cols><sheetData><row r="1">"#
        for (i, column) in format.columns.enumerated() {
            xml += #"<c r="\#(CellReference.letters(i + 1))1" t="inlineStr" s="3"><is><t>\#(WorkbookWriter.text(column.header))</t></is></c>"#
        }
        xml += "</row></sheetData>"
        var validations: [String] = []
        for (i, column) in format.columns.enumerated() {
            guard let (values, strict) = choices(column.header, districts: districts) else { continue }
            let letter = CellReference.letters(i + 1)
            let prompt = column.required ? "必填" : "选填"
            validations.append(#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="\#(strict ? 1 : 0)" "#
                + #"errorTitle="\#(WorkbookWriter.text(column.header))" error="请从下拉列表中选择" promptTitle="\#(WorkbookWriter.text(column.header))（\#(prompt)）" "#
                + #"prompt="\#(WorkbookWriter.text(column.doc))" sqref="\#(letter)2:\#(letter)1048576"><formula1>"\#(WorkbookWriter.text(values.joined(separator: ",")))"</formula1></dataValidation>"#)
        }
        if !validations.isEmpty { xml += #"<dataValidations count="\#(validations.count)">"# + validations.joined() + "</dataValidations>" }
        xml += "</worksheet>\n"
        return Array(xml.utf8)
    }
}
