import Messages
import Model
/// Reads an Office Open XML workbook (`.xlsx`, as Excel, WPS and LibreOffice save it) into its sheets' cells.
///
/// Only what a registry needs: sheet names and visibility, the date system, each cell's stored value and
/// whether its number format is a date or text, shared and inline strings, merged ranges. Formulas count by
/// their cached result. Everything is streamed part by part with `XMLPull`, bounded by `WorkbookZip`.
public enum XLSXReader {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The part of the workbook the problem is in (`xl/worksheets/sheet2.xml`), or nil for the container.
        public var part: String?
        public var reason: Message
        public var description: String { part.map { "\($0): \(reason.text(.en))" } ?? reason.text(.en) }

        /// The reason with the part it is in, as the clerk's message shows it.
        public var explained: Message {
            part.map { Message("workbook.inPart", ["part": "\($0)", "reason": .message(reason)]) } ?? reason
        }
    }

    static let relationshipNamespaces = [
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ]

    /// `maximumCells`: a test's smaller bound.
    public static func read(_ bytes: [UInt8], maximumCells: Int = maximumCells) -> Result<Workbook, Failure> {
        do {
            var zip = try WorkbookZip(bytes)
            return .success(try read(&zip, maximumCells: maximumCells))
        } catch let f as WorkbookZip.Failure {
            return .failure(Failure(part: nil, reason: f.reason))
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(part: nil, reason: Message("workbook.other", ["error": "\(error)"])))
        }
    }

    /// Runs `body` over a part's XML as it is inflated; false when the workbook has no such part. A parse failure
    /// becomes a `Failure` naming the part and line — unless the part's data is damaged, which is said instead.
    @discardableResult
    static func parse(_ zip: inout WorkbookZip, _ name: String, _ body: (XMLPull) throws -> Void) throws -> Bool {
        let stream: WorkbookZip.PartStream
        do {
            guard let s = try zip.stream(name) else { return false }
            stream = s
        } catch { throw Failure(part: name, reason: error.reason) }
        do {
            let xml = try XMLPull(streaming: stream)
            try body(xml)
            try stream.finish()
        } catch let f as XMLPull.Failure {
            do { try stream.damage() } catch { throw Failure(part: name, reason: error.reason) }
            let place: Message? = f.line <= 0 ? nil : f.column > 0
                ? Message("workbook.atLineColumn", ["line": "\(f.line)", "column": "\(f.column)", "reason": .message(f.reason)])
                : Message("workbook.atLine", ["line": "\(f.line)", "reason": .message(f.reason)])
            throw Failure(part: name, reason: place ?? f.reason)
        } catch let f as WorkbookZip.Failure {
            throw Failure(part: name, reason: f.reason)
        }
        return true
    }

    static func read(_ zip: inout WorkbookZip, maximumCells: Int) throws -> Workbook {
        guard zip.contains("[Content_Types].xml") else {
            throw Failure(part: nil, reason: Message("workbook.notOOXML"))
        }
        let workbookPath = try officeDocument(&zip) ?? "xl/workbook.xml"
        let base = directory(of: workbookPath)
        let related = try relationships(&zip, of: workbookPath)
        let targets = related.mapValues(\.target)
        var date1904 = false
        var declared: [(name: String, hidden: Bool, target: String?)] = []
        let found = try parse(&zip, workbookPath) { xml in
            while try xml.next() {
                guard xml.node == .start else { continue }
                if xml.named("workbookPr") {
                    date1904 = ["1", "true"].contains(xml.attribute("date1904") ?? "")
                } else if xml.named("sheet") {
                    let id = relationshipNamespaces.lazy.compactMap { xml.attribute("id", namespace: $0) }.first
                    let state = xml.attribute("state") ?? "visible"
                    declared.append((xml.attribute("name") ?? "", state != "visible", id.flatMap { targets[$0] }))
                }
            }
        }
        guard found else { throw Failure(part: workbookPath, reason: Message("workbook.noWorkbookPart")) }
        // The styles and shared strings are found by their relationship's type, whatever their part's name.
        func relatedPart(ofType type: String) -> String? { related.values.filter { $0.type.hasSuffix("/" + type) }.map(\.target).min() }
        let stylesPath = relatedPart(ofType: "styles") ?? base + "styles.xml"
        let formats = try cellFormats(&zip, stylesPath)
        let stringsPath = relatedPart(ofType: "sharedStrings") ?? base + "sharedStrings.xml"
        let strings = try sharedStrings(&zip, stringsPath)
        var sheets: [WorkbookSheet] = []
        var cellsLeft = maximumCells
        let limit = maximumCells
        for sheet in declared {
            guard let target = sheet.target,
                  let (rows, merges) = try cells(&zip, target, strings: strings, formats: formats, cellsLeft: &cellsLeft, limit: limit) else {
                // A chart sheet or a dialog sheet has no cells (it is named in a warning as an empty sheet); a
                // missing worksheet is damage.
                if sheet.target.map({ !$0.contains("worksheets/") }) ?? false {
                    sheets.append(WorkbookSheet(name: sheet.name, hidden: sheet.hidden, rows: [], merges: []))
                    continue
                }
                throw Failure(part: sheet.target ?? workbookPath, reason: Message("workbook.noSheetPart", ["sheet": "\(sheet.name)"]))
            }
            sheets.append(WorkbookSheet(name: sheet.name, hidden: sheet.hidden, rows: rows, merges: merges))
        }
        return Workbook(sheets: sheets, date1904: date1904)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// `_rels/.rels` names the workbook part; Excel and LibreOffice put it at `xl/workbook.xml`.
    static func officeDocument(_ zip: inout WorkbookZip) throws -> String? {
        var found: String?
        try parse(&zip, "_rels/.rels") { xml in
            while try xml.next() {
                guard xml.node == .start, xml.named("Relationship") else { continue }
                if (xml.attribute("Type") ?? "").hasSuffix("/officeDocument"), let target = xml.attribute("Target") {
                    found = resolve(target, from: "")
                }
            }
        }
        return found
    }

    /// A part's relationships: id → the relationship's type and the target part's path inside the zip.
    static func relationships(_ zip: inout WorkbookZip, of path: String) throws -> [String: (type: String, target: String)] {
        let base = directory(of: path)
        let file = String(path.dropFirst(base.count))
        let relsPath = base + "_rels/" + file + ".rels"
        var targets: [String: (type: String, target: String)] = [:]
        try parse(&zip, relsPath) { xml in
            while try xml.next() {
                guard xml.node == .start, xml.named("Relationship") else { continue }
                if let id = xml.attribute("Id"), let target = xml.attribute("Target"), xml.attribute("TargetMode") != "External" {
                    targets[id] = (xml.attribute("Type") ?? "", resolve(target, from: base))
                }
            }
        }
        return targets
    }

    /// A relationship target made a zip path: absolute (`/xl/…`) or relative to `base`, with `..` resolved.
    static func resolve(_ target: String, from base: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var parts: [Substring] = []
        for piece in joined.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }

    /// Each cell style (`cellXfs`, by index) as general, date or text, from its number format.
    static func cellFormats(_ zip: inout WorkbookZip, _ part: String) throws -> [WorkbookCell.Format] {
        var custom: [Int: String] = [:]
        var formats: [WorkbookCell.Format] = []
        try parse(&zip, part) { xml in
            var inCellXfs = false
            while try xml.next() {
                if xml.node == .end, xml.named("cellXfs") { inCellXfs = false }
                guard xml.node == .start else { continue }
                if xml.named("numFmt"), let id = xml.attribute("numFmtId").flatMap({ Int($0) }) {
                    custom[id] = xml.attribute("formatCode") ?? ""
                } else if xml.named("cellXfs") {
                    inCellXfs = !xml.isEmpty
                } else if inCellXfs, xml.named("xf") {
                    let id = xml.attribute("numFmtId").flatMap { Int($0) } ?? 0
                    formats.append(NumberFormat.kind(id: id, code: custom[id]))
                }
            }
        }
        return formats
    }

    /// The shared-string table: each `<si>`'s text, its rich-text runs joined, phonetic runs left out.
    static func sharedStrings(_ zip: inout WorkbookZip, _ part: String) throws -> [String] {
        var strings: [String] = []
        try parse(&zip, part) { xml in
            var current: String?
            while try xml.next() {
                switch xml.node {
                case .start where xml.named("si"):
                    current = ""
                    if xml.isEmpty { strings.append(""); current = nil }
                case .start where xml.named("rPh"), .start where xml.named("phoneticPr"):
                    try xml.skipElement()
                case .start where xml.named("t"):
                    current? += try xml.elementText()
                    if let current { try XMLPull.bound(current, xml) }
                case .end where xml.named("si"):
                    strings.append(unescape(current ?? ""))
                    current = nil
                default: break
                }
            }
        }
        return strings
    }

    /// OOXML writes characters XML cannot hold as `_xHHHH_` (`_x000D_` for CR, `_x005F_` for `_`); line
    /// breaks become LF, as a CSV cell's do.
    static func unescape(_ s: String) -> String {
        var text = s
        // Byte scans first: String.contains(String) goes through Foundation, and every cell passes here.
        if text.utf8.contains(UInt8(ascii: "_")), text.contains("_x") {
            var out = "", scalars = Array(text.unicodeScalars), i = 0
            while i < scalars.count {
                if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
                   let v = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16), let u = Unicode.Scalar(v) {
                    out.unicodeScalars.append(u)
                    i += 7
                } else {
                    out.unicodeScalars.append(scalars[i])
                    i += 1
                }
            }
            text = out
        }
        if text.utf8.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text
    }

    /// The most cells (`<c>`, filled or not) the sheets of one workbook may hold together: what reading them
    /// costs in memory and time is bounded by this, not only by what the parts inflate to. Excel's own sheet
    /// holds 1,048,576 rows; a registry's largest table (report numbers) is kept as CSV when it is larger.
    public static let maximumCells = 10_000_000

    /// A worksheet's cells and merged ranges; nil when the workbook has no such part. `cellsLeft`: how many
    /// more cells the workbook may hold.
    static func cells(_ zip: inout WorkbookZip, _ part: String, strings: [String], formats: [WorkbookCell.Format],
                      cellsLeft: inout Int, limit: Int) throws
        -> (rows: [WorkbookSheet.Row], merges: [CellRange])?
    {
        var rows: [WorkbookSheet.Row] = []
        var merges: [CellRange] = []
        guard try parse(&zip, part, { xml in
            var rowNumber = 0
            var cells: [(column: Int, cell: WorkbookCell)] = []
            var column = 0
            var hidden = false
            func endRow() {
                // Cells come in column order (an out-of-order reference is refused below): no sort needed.
                if !cells.isEmpty { rows.append(WorkbookSheet.Row(number: rowNumber, cells: cells, hidden: hidden)) }
                cells = []
            }
            while try xml.next() {
                if xml.node == .end, xml.named("row") { endRow(); continue }
                guard xml.node == .start else { continue }
                if xml.named("row") {
                    let next = xml.attribute("r").flatMap { Int($0) } ?? rowNumber + 1
                    guard next > rowNumber, next <= 1_048_576 else { throw xml.failure("workbook.xml.rowOutOfOrder", ["next": "\(next)"]) }
                    rowNumber = next
                    column = 0
                    hidden = ["1", "true"].contains(xml.attribute("hidden") ?? "")
                    if xml.isEmpty { endRow() }
                } else if xml.named("c") {
                    cellsLeft -= 1
                    guard cellsLeft >= 0 else { throw xml.failure("workbook.xml.tooManyCells", ["limit": "\(limit)"]) }
                    if let ref = xml.attribute("r") {
                        guard let at = CellReference.parse(ref), at.row == rowNumber else { throw xml.failure("workbook.xml.cellInWrongRow", ["ref": "\(ref)", "rowNumber": "\(rowNumber)"]) }
                        guard at.column > column else { throw xml.failure("workbook.xml.cellOutOfOrder", ["ref": "\(ref)"]) }
                        column = at.column
                    } else {
                        column += 1
                    }
                    let type = xml.attribute("t") ?? "n"
                    let style = xml.attribute("s").flatMap { Int($0) } ?? 0
                    let format = style < formats.count ? formats[style] : .general
                    if let cell = try cellValue(xml, type: type, strings: strings, ref: CellReference.letters(column) + String(rowNumber)) {
                        cells.append((column, WorkbookCell(cell, format: format)))
                    }
                } else if xml.named("mergeCell"), let ref = xml.attribute("ref") {
                    let ends = ref.split(separator: ":").map(String.init)
                    if let a = ends.first.flatMap(CellReference.parse), let b = ends.last.flatMap(CellReference.parse) {
                        merges.append(CellRange(firstRow: min(a.row, b.row), firstColumn: min(a.column, b.column),
                                                lastRow: max(a.row, b.row), lastColumn: max(a.column, b.column)))
                    }
                }
            }
        }) else { return nil }
        return (rows, merges)
    }

    /// One `<c>`'s value from its `<v>` or `<is>`, by its type; nil for a cell that holds nothing.
    /// `ref`: the cell's name, for a message (which never repeats what the cell holds: it may be an internal column's).
    static func cellValue(_ xml: XMLPull, type: String, strings: [String], ref: String) throws(XMLPull.Failure) -> WorkbookCell.Value? {
        guard !xml.isEmpty else { return nil }
        let depth = xml.depth
        var v: String?
        var inline: String?
        var formula = false
        while try xml.next() {
            if xml.node == .end, xml.depth == depth { break }
            guard xml.node == .start else { continue }
            if xml.named("v") { v = try xml.elementText() }
            else if xml.named("is") { inline = try inlineText(xml) }
            else if xml.named("f") { formula = true; _ = try xml.elementText() }
            else { try xml.skipElement() }
        }
        if formula, v == nil, inline == nil { return .uncalculated }
        switch type {
        case "s":
            guard let v, let i = Int(v.trimmingWhitespace()), i >= 0, i < strings.count else {
                if v == nil { return nil }
                throw xml.failure("workbook.xml.missingSharedString", ["ref": "\(ref)"])
            }
            return .text(strings[i])
        case "inlineStr": return inline.map { .text(unescape($0)) }
        case "str": return v.map { .text(unescape($0)) }
        case "b": return v.map { .boolean($0.trimmingWhitespace() == "1" || $0.trimmingWhitespace() == "true") }
        case "e": return v.map { .error($0) }
        case "d": return v.map { .isoDate($0.trimmingWhitespace()) }
        default:
            guard let raw = v?.trimmingWhitespace(), !raw.isEmpty else { return nil }
            guard let value = Double(raw), value.isFinite else { throw xml.failure("workbook.xml.numberCellNotNumber", ["ref": "\(ref)"]) }
            return .number(raw: raw, value: value)
        }
    }

    static func inlineText(_ xml: XMLPull) throws(XMLPull.Failure) -> String {
        guard !xml.isEmpty else { return "" }
        let depth = xml.depth
        var text = ""
        while try xml.next() {
            if xml.node == .end, xml.depth == depth { break }
            guard xml.node == .start else { continue }
            if xml.named("rPh") { try xml.skipElement() } else if xml.named("t") {
                text += try xml.elementText()
                try XMLPull.bound(text, xml)
            }
        }
        return text
    }
}
