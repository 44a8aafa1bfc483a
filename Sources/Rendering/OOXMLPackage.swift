import Model

/// The parts every Office Open XML package has (ECMA-376 Part 2) — the content types, the package's
/// relationships and the core properties — for the .docx (`OfficialDocument`) and .xlsx (`WorkbookWriter`)
/// writers. `end`: what follows each part's last element (the workbook's parts end in a line feed).
enum OOXMLPackage {
    static let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

    /// `[Content_Types].xml`: the defaults for relationships and XML, and each part's own type, in order.
    static func contentTypes(_ overrides: [(part: String, type: String)], end: String) -> String {
        head + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + overrides.map { #"<Override PartName="\#($0.part)" ContentType="\#($0.type)"/>"# }.joined()
            + "</Types>" + end
    }

    /// The core properties' content type, for `contentTypes`.
    static let coreType = (part: "/docProps/core.xml", type: "application/vnd.openxmlformats-package.core-properties+xml")

    /// `_rels/.rels`: the main part, and the core properties.
    static func rootRelationships(main target: String, end: String) -> String {
        head + #"<Relationships xmlns="\#(relationships)">"#
            + #"<Relationship Id="rId1" Type="\#(officeDocument)" Target="\#(target)"/>"#
            + #"<Relationship Id="rId2" Type="\#(relationships)/metadata/core-properties" Target="docProps/core.xml"/>"#
            + "</Relationships>" + end
    }

    /// `docProps/core.xml`: title and creator, created and modified on `date` — never the clock's.
    static func coreProperties(title: String, creator: String, date: CivilDate, end: String) -> String {
        let stamp = "\(date.iso)T00:00:00Z"
        return head + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<dc:title>\(WorkbookWriter.text(title))</dc:title><dc:creator>\(WorkbookWriter.text(creator))</dc:creator>"
            + #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:modified>"#
            + "</cp:coreProperties>" + end
    }
}
