import Model

/// A notice as a Word document (`.docx`, ECMA-376 WordprocessingML) laid out as GB/T 9704-2012 lays out an
/// official document: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 2号
/// 小标宋 centred; 主送 flush left; the body in 3号 仿宋, first lines indented two characters, 28 pt lines;
/// the 附件 list under the body; the issuing authority and the date (Arabic numerals) at the right. Its
/// parts are packed by `DeterministicZip`: the same notice gives the same bytes.
public enum OfficialDocument {
    /// mm in twentieths of a point (the unit of page geometry in WordprocessingML).
    static func twips(_ mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded()) }

    static let title = (font: "方正小标宋简体", halfPoints: 44)   // 2号 = 22 pt
    static let body = (font: "仿宋_GB2312", halfPoints: 32)       // 3号 = 16 pt

    public static func parts(_ d: NoticeDocument) -> [(path: String, bytes: [UInt8])] {
        let head = OOXMLPackage.head
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        var content = ""
        content += paragraph(d.title, font: title.font, size: title.halfPoints, align: "center", after: 560)
        if !d.addressees.isEmpty { content += paragraph(d.addressees.joined(separator: "，") + "：", indent: false) }
        for p in d.paragraphs { content += paragraph(p) }
        content += paragraph("", indent: false)
        for (i, a) in d.annexes.enumerated() {
            content += paragraph((i == 0 ? "附件：" : "　　　") + "\(a.number). \(a.title)")
        }
        content += paragraph("", indent: false) + paragraph("", indent: false)
        content += paragraph(d.authority, align: "right", indent: false, right: 4)
        content += paragraph(d.date.chinese, align: "right", indent: false, right: 4)
        let section = #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>"#
            + #"<w:pgMar w:top="\#(twips(37))" w:right="\#(twips(26))" w:bottom="\#(twips(35))" w:left="\#(twips(28))" w:header="851" w:footer="992" w:gutter="0"/>"#
            + #"<w:docGrid w:type="linesAndChars" w:linePitch="560" w:charSpace="0"/></w:sectPr>"#
        let document = head + #"<w:document xmlns:w="\#(w)"><w:body>"# + content + section + "</w:body></w:document>"
        let styles = head + #"<w:styles xmlns:w="\#(w)"><w:docDefaults><w:rPrDefault><w:rPr>"#
            + #"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="\#(body.font)"/>"#
            + #"<w:sz w:val="\#(body.halfPoints)"/><w:szCs w:val="\#(body.halfPoints)"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>"#
            + #"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>"#
        let types = OOXMLPackage.contentTypes([
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"), OOXMLPackage.coreType,
        ], end: "")
        let rels = OOXMLPackage.rootRelationships(main: "word/document.xml", end: "")
        let documentRels = head + #"<Relationships xmlns="\#(OOXMLPackage.relationships)">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
            + "</Relationships>"
        // Document properties dated by the notice, never by the clock.
        let core = OOXMLPackage.coreProperties(title: d.title, creator: d.authority, date: d.date, end: "")
        return [("[Content_Types].xml", Array(types.utf8)), ("_rels/.rels", Array(rels.utf8)), ("docProps/core.xml", Array(core.utf8)),
                ("word/_rels/document.xml.rels", Array(documentRels.utf8)), ("word/document.xml", Array(document.utf8)),
                ("word/styles.xml", Array(styles.utf8))]
    }

    /// One paragraph; `indent`: the body's two-character first-line indent; `right`: characters kept free at the right.
    static func paragraph(_ text: String, font: String? = nil, size: Int? = nil, align: String? = nil, indent: Bool = true,
                          after: Int? = nil, right: Int = 0) -> String {
        var p = "<w:p><w:pPr>"
        if let after { p += #"<w:spacing w:after="\#(after)"/>"# }
        if indent { p += #"<w:ind w:firstLineChars="200" w:firstLine="640"/>"# } else if right > 0 { p += #"<w:ind w:rightChars="\#(right * 100)" w:right="\#(right * 320)"/>"# }
        if let align { p += #"<w:jc w:val="\#(align)"/>"# }
        p += "</w:pPr>"
        guard !text.isEmpty else { return p + "</w:p>" }
        p += "<w:r>"
        if font != nil || size != nil {
            p += "<w:rPr>"
            if let font { p += #"<w:rFonts w:ascii="\#(font)" w:hAnsi="\#(font)" w:eastAsia="\#(font)"/>"# }
            if let size { p += #"<w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/>"# }
            p += "</w:rPr>"
        }
        return p + #"<w:t xml:space="preserve">\#(WorkbookWriter.text(text))</w:t></w:r></w:p>"#
    }
}
