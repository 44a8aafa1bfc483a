import Model

/// A notice as a Word document (`.docx`, ECMA-376 WordprocessingML) laid out as GB/T 9704-2012 lays out an official
/// document. The page: A4, 版心 156 × 225 mm (margins top 37, bottom 35, left 28, right 26 mm), 22 lines of 28
/// characters in 3号 仿宋. The 公示 and 公布 are in 文件格式: the red 发文机关标志 35 mm below the 版心's top, the
/// 发文字号 two lines under it, a red line 4 mm under that, the title two lines lower; the 通报 is a 函 in 信函格式
/// (§10.1): the mark 30 mm from the page's top over a red double line, the number at the right, a second double line
/// 20 mm above the first page's foot, no page number on the first page. Then 主送, the body, 附件说明 (a long name
/// wraps under its own first character), the unsealed signature (§7.3.5.2: 署名 右空二字, the date below it moved
/// two characters right) kept on the page of the body's last lines, page numbers `— 1 —` (odd pages at the right,
/// even at the left), and the 版记 at the foot of the last page. Packed by `DeterministicZip`: the same notice gives
/// the same bytes.
public enum OfficialDocument {
    /// mm in twentieths of a point (the unit of page geometry in WordprocessingML).
    static func twips(_ mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded()) }

    static let page = (width: 11906, height: 16838)
    static let margin = (top: twips(37), bottom: twips(35), left: twips(28), right: twips(26))
    /// The 版心's width: 156 mm.
    static let textWidth = page.width - margin.left - margin.right
    /// 225 mm over 22 lines: 28.95 pt.
    static let linePitch = 579
    /// 3号 = 16 pt, the body's character.
    static let character = 320
    /// 28 characters a line: each 16 pt character set a quarter point closer (in twentieths of a point). A character
    /// grid (`linesAndChars`) would say the same to Word, but LibreOffice spreads Latin digits over whole cells.
    static let characterSpacing = -5
    /// A body character's advance with that spacing: 15.75 pt.
    static let advance = character + characterSpacing

    static let fonts = (title: "方正小标宋简体", body: "仿宋_GB2312", song: "宋体", latin: "Times New Roman")
    static let sizes = (title: 44, body: 32, small: 28)   // half-points: 2号, 3号, 4号
    static let red = "FF0000"

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    static let wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"

    public static func parts(_ d: NoticeDocument) -> [(path: String, bytes: [UInt8])] {
        let head = OOXMLPackage.head
        let letter = d.kind.isLetter
        let body = (letter ? letterHead(d) : fileHead(d)) + mainText(d) + colophon(d)
        // §7.5: odd pages numbered at the right, even at the left; a 函's first page has none (§10.1), and its first
        // page carries the mark and the two red double lines in its own header and footer.
        var references = #"<w:headerReference w:type="default" r:id="rIdHeader"/>"#
            + #"<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>"#
        if letter {
            references += #"<w:headerReference w:type="first" r:id="rIdHeaderFirst"/><w:footerReference w:type="first" r:id="rIdFooterFirst"/>"#
        }
        let section = "<w:sectPr>" + references + #"<w:pgSz w:w="\#(page.width)" w:h="\#(page.height)"/>"#
            + #"<w:pgMar w:top="\#(margin.top)" w:right="\#(margin.right)" w:bottom="\#(margin.bottom)" w:left="\#(margin.left)""#
            + #" w:header="\#(letter ? twips(30) + 60 : twips(15))" w:footer="\#(letter ? twips(20) : footerDistance)" w:gutter="0"/>"#
            + (letter ? "<w:titlePg/>" : "")
            + #"<w:docGrid w:type="lines" w:linePitch="\#(linePitch)"/></w:sectPr>"#
        // A 函's footers start 20 mm from the foot, where its first page's double line is: the page numbers of the
        // pages after it are lifted to their own place.
        let lift = letter ? footerDistance - twips(20) : 0
        let document = head + #"<w:document xmlns:w="\#(w)" xmlns:r="\#(r)" xmlns:wp="\#(wp)" xmlns:wps="\#(wps)"><w:body>"# + body + section + "</w:body></w:document>"
        var files: [(path: String, type: String, xml: String, relationship: String, id: String)] = [
            ("word/styles.xml", "styles", styles, "styles", "rIdStyles"),
            ("word/settings.xml", "settings", settings, "settings", "rIdSettings"),
            ("word/header1.xml", "header", part("hdr", "<w:p/>"), "header", "rIdHeader"),
            ("word/footer1.xml", "footer", part("ftr", pageNumber(odd: true, lift: lift)), "footer", "rIdFooterOdd"),
            ("word/footer2.xml", "footer", part("ftr", pageNumber(odd: false, lift: lift)), "footer", "rIdFooterEven"),
        ]
        if letter {
            files.append(("word/header2.xml", "header", part("hdr", letterMark(d)), "header", "rIdHeaderFirst"))
            files.append(("word/footer3.xml", "footer", part("ftr", letterFootLine), "footer", "rIdFooterFirst"))
        }
        let typeNames = ["styles": "styles", "settings": "settings", "header": "header", "footer": "footer"]
        let types = OOXMLPackage.contentTypes(
            [("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"), OOXMLPackage.coreType]
                + files.map { ("/" + $0.path, "application/vnd.openxmlformats-officedocument.wordprocessingml.\(typeNames[$0.type]!)+xml") },
            end: "")
        let rels = OOXMLPackage.rootRelationships(main: "word/document.xml", end: "")
        let documentRels = head + #"<Relationships xmlns="\#(OOXMLPackage.relationships)">"#
            + files.map { #"<Relationship Id="\#($0.id)" Type="\#(r)/\#($0.relationship)" Target="\#($0.path.dropFirst("word/".count))"/>"# }.joined()
            + "</Relationships>"
        // Document properties dated by the notice, never by the clock.
        let core = OOXMLPackage.coreProperties(title: d.title, creator: d.authority, date: d.date, end: "")
        return [("[Content_Types].xml", Array(types.utf8)), ("_rels/.rels", Array(rels.utf8)), ("docProps/core.xml", Array(core.utf8)),
                ("word/_rels/document.xml.rels", Array(documentRels.utf8)), ("word/document.xml", Array(document.utf8))]
            + files.map { ($0.path, Array($0.xml.utf8)) }
    }

    /// The body's defaults: 3号 仿宋 (Times New Roman for Latin letters and digits), 28.95 pt lines.
    static var styles: String {
        OOXMLPackage.head + #"<w:styles xmlns:w="\#(w)"><w:docDefaults><w:rPrDefault><w:rPr>"#
            + #"<w:rFonts w:ascii="\#(fonts.latin)" w:hAnsi="\#(fonts.latin)" w:eastAsia="\#(fonts.body)"/>"#
            + #"<w:spacing w:val="\#(characterSpacing)"/><w:sz w:val="\#(sizes.body)"/><w:szCs w:val="\#(sizes.body)"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>"#
            + #"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:before="0" w:after="0" w:line="\#(linePitch)" w:lineRule="exact"/></w:pPr></w:pPrDefault>"#
            + "</w:docDefaults></w:styles>"
    }

    /// Different footers on odd and even pages (§7.5).
    static var settings: String {
        OOXMLPackage.head + #"<w:settings xmlns:w="\#(w)"><w:evenAndOddHeaders/><w:defaultTabStop w:val="\#(character * 2)"/></w:settings>"#
    }

    static func part(_ kind: String, _ content: String) -> String {
        OOXMLPackage.head + #"<w:\#(kind) xmlns:w="\#(w)" xmlns:r="\#(r)">"# + content + "</w:\(kind)>"
    }

    /// From the page's foot to the page number's foot: its top 7 mm under the 版心 (§7.5), 4号 tall.
    static let footerDistance = twips(35 - 7) - 280 - 40

    /// `— 1 —` in 4号 半角 宋体, one character in from the right (odd pages) or the left (even pages).
    static func pageNumber(odd: Bool, lift: Int) -> String {
        let run = { (text: String) in #"<w:r><w:rPr><w:rFonts w:ascii="\#(fonts.song)" w:hAnsi="\#(fonts.song)" w:eastAsia="\#(fonts.song)"/><w:sz w:val="\#(sizes.small)"/><w:szCs w:val="\#(sizes.small)"/></w:rPr>"# + text + "</w:r>" }
        return #"<w:p><w:pPr><w:spacing w:after="\#(lift)" w:line="280" w:lineRule="exact"/><w:ind w:\#(odd ? "right" : "left")="280"/><w:jc w:val="\#(odd ? "right" : "left")"/></w:pPr>"#
            + run(#"<w:t xml:space="preserve">— </w:t>"#) + run(#"<w:fldChar w:fldCharType="begin"/>"#) + run(#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#)
            + run(#"<w:fldChar w:fldCharType="separate"/>"#) + run("<w:t>1</w:t>") + run(#"<w:fldChar w:fldCharType="end"/>"#)
            + run(#"<w:t xml:space="preserve"> —</w:t>"#) + "</w:p>"
    }

    /// §10.1: the 函's mark, its glyphs' top 30 mm from the page's top (the header's edge 3 pt above, where a line
    /// of large type begins), over a red double line (thick above thin) 4 mm below the glyphs (5 pt under the line,
    /// which ends below them),
    /// 170 mm long (7 mm beyond the 版心 on each side).
    static func letterMark(_ d: NoticeDocument) -> String {
        let size = markSize(d.style.letterMark, largest: 72)
        return #"<w:p><w:pPr><w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="5" w:color="\#(red)"/></w:pBdr>"#
            + #"<w:spacing w:line="\#(size * 10)" w:lineRule="exact"/><w:ind w:left="-\#(twips(7))" w:right="-\#(twips(7))"/><w:jc w:val="center"/></w:pPr>"#
            + run(d.style.letterMark, font: fonts.title, size: size, color: red) + "</w:p>"
    }

    /// §10.1: the second red double line (thin above thick), 20 mm above the first page's foot.
    static var letterFootLine: String {
        #"<w:p><w:pPr><w:pBdr><w:bottom w:val="thinThickSmallGap" w:sz="24" w:space="0" w:color="\#(red)"/></w:pBdr>"#
            + #"<w:spacing w:line="20" w:lineRule="exact"/><w:ind w:left="-\#(twips(7))" w:right="-\#(twips(7))"/></w:pPr></w:p>"#
    }

    /// A mark's size in half-points: as large as `largest` allows while it fits the 版心's width on one line.
    static func markSize(_ mark: String, largest: Int) -> Int {
        let width = mark.reduce(0.0) { $0 + ($1.isASCII ? 0.5 : 1) }
        let fitting = Int(Double(textWidth) / 10 / max(width, 1) * 0.95)
        return max(sizes.title, min(largest, fitting))
    }

    /// One run of text; every text passes through the XML escaping.
    static func run(_ text: String, font: String? = nil, size: Int? = nil, color: String? = nil) -> String {
        var p = "<w:r>"
        if font != nil || size != nil || color != nil {
            p += "<w:rPr>"
            if let font { p += #"<w:rFonts w:ascii="\#(font)" w:hAnsi="\#(font)" w:eastAsia="\#(font)"/>"# }
            if let color { p += #"<w:color w:val="\#(color)"/>"# }
            if let size { p += #"<w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/>"# }
            p += "</w:rPr>"
        }
        return p + #"<w:t xml:space="preserve">\#(WorkbookWriter.text(text))</w:t></w:r>"#
    }
}
