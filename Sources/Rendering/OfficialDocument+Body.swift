import Model

/// The elements of GB/T 9704-2012 in the order a document has them: 版头 (§7.2, §10.1), 主体 (§7.3), 版记 (§7.4).
extension OfficialDocument {
    /// A paragraph's properties, in the schema's order.
    struct Paragraph {
        var keepNext = false
        /// All its lines on one page (an annex's name, the signature).
        var keepLines = false
        var border: String?
        var before = 0
        var line: Int?
        var indent: String?
        var align: String?
        var tabs: [(kind: String, at: Int)] = []
        /// Off for the 版头's large type: the grid would pull it onto its lines.
        var grid = true

        func xml(_ runs: String) -> String {
            var p = "<w:p><w:pPr>"
            if keepNext { p += "<w:keepNext/>" }
            if keepLines { p += "<w:keepLines/>" }
            if let border { p += "<w:pBdr>\(border)</w:pBdr>" }
            if !tabs.isEmpty { p += "<w:tabs>" + tabs.map { #"<w:tab w:val="\#($0.kind)" w:pos="\#($0.at)"/>"# }.joined() + "</w:tabs>" }
            // No extra space between Chinese and Latin text: a line holds its 28 characters, a date its own width.
            p += #"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#
            if !grid { p += #"<w:snapToGrid w:val="0"/>"# }
            if before > 0 || line != nil {
                p += #"<w:spacing w:before="\#(before)""# + (line.map { #" w:line="\#($0)" w:lineRule="exact""# } ?? "") + "/>"
            }
            if let indent { p += "<w:ind \(indent)/>" }
            if let align { p += #"<w:jc w:val="\#(align)"/>"# }
            return p + "</w:pPr>" + runs + "</w:p>"
        }
    }

    /// An empty line of the body.
    static func blank(keepNext: Bool = false) -> String { Paragraph(keepNext: keepNext).xml("") }

    /// §7.2.4–7.2.7 (文件格式): the red mark centred with its top 35 mm under the 版心's top, two lines lower the 发文字号
    /// centred, a red line as wide as the 版心 4 mm under it, then two empty lines before the title.
    static func fileHead(_ d: NoticeDocument) -> String {
        let size = markSize(d.style.mark, largest: 84)
        var xml = Paragraph(before: twips(35), line: size * 10, align: "center", grid: false)
            .xml(run(d.style.mark, font: fonts.title, size: size, color: red))
        xml += blank() + blank()
        // 4 mm under the number's glyphs: 4 pt under its line, which ends below them.
        let line = #"<w:bottom w:val="single" w:sz="12" w:space="4" w:color="\#(red)"/>"#
        xml += Paragraph(border: line, align: "center").xml(d.number.map { run($0) } ?? "")
        return xml + blank() + blank()
    }

    /// §10.1 (信函格式): under the header's mark and double line, the 发文字号 flush with the 版心's right edge, 7/8 of a
    /// 3号 character below the line; the title two lines lower.
    static func letterHead(_ d: NoticeDocument) -> String {
        var xml = Paragraph(before: 280, align: "right").xml(d.number.map { run($0) } ?? "")
        xml += blank() + blank()
        return xml
    }

    /// §7.3.1–7.3.5: the title, 主送, the body, 附件说明, the signature and the date.
    static func mainText(_ d: NoticeDocument) -> String {
        var xml = Paragraph(line: linePitch, align: "center", grid: false).xml(run(d.title, font: fonts.title, size: sizes.title))
        xml += blank()
        // §7.3.2: flush left, wrapping flush left, a full-width colon after the last.
        if !d.addressees.isEmpty { xml += Paragraph().xml(run(d.addressees.joined(separator: "，") + "：")) }
        let paragraphs = d.paragraphs.filter { !$0.isEmpty }
        // The body's last paragraph, the 附件说明 and the signature stay on one page: the signature never stands alone.
        for (i, text) in paragraphs.enumerated() {
            xml += Paragraph(keepNext: i == paragraphs.count - 1, indent: #"w:firstLineChars="200" w:firstLine="\#(character * 2)""#).xml(run(text))
        }
        if !d.annexes.isEmpty {
            xml += blank(keepNext: true)
            xml += annexList(d.annexes)
        }
        xml += blank(keepNext: true)
        xml += signature(d.authority, d.date)
        return xml
    }

    /// §7.3.4: `附件：1.名称` two characters in; each further number under the first, and a name too long for its
    /// line continued under its own first character (a tab after the number puts every name at the same place).
    static func annexList(_ annexes: [NoticeDocument.Annex]) -> String {
        let numbers = character * 2 + character * 3
        let names = numbers + character * 5 / 4
        return annexes.enumerated().map { i, annex in
            let first = i == 0 ? "附件：" : ""
            let indent = i == 0 ? #"w:left="\#(names)" w:hanging="\#(names - character * 2)""# : #"w:left="\#(names)" w:hanging="\#(names - numbers)""#
            return Paragraph(keepNext: true, keepLines: true, indent: indent, tabs: [("left", names)]).xml(run(first + "\(annex.number).") + "<w:r><w:tab/></w:r>" + run(annex.title))
        }.joined()
    }

    /// §7.3.5.2, unsealed: the organ two characters from the right, the date (§7.3.5.4: Arabic numerals, no padding)
    /// on the next line starting two characters to the right of the organ's first — or, when the date is the longer,
    /// the date two from the right and the organ moved left to keep the two characters. Both are set from the left,
    /// so that the two-character step holds however wide a reader's font draws the date's digits.
    static func signature(_ issuer: String, _ date: CivilDate) -> String {
        let issuerWidth = width(issuer), dateWidth = width(date.chinese)
        var issuerStart = 28 - 2 - issuerWidth, dateStart = issuerStart + 2
        if dateStart + dateWidth > 26 {
            dateStart = 26 - dateWidth
            issuerStart = dateStart - 2
        }
        func indent(_ chars: Double) -> String { #"w:left="\#(Int((chars * Double(advance)).rounded()))""# }
        return Paragraph(keepNext: true, indent: indent(issuerStart)).xml(run(issuer))
            + Paragraph(indent: indent(dateStart)).xml(run(date.chinese))
    }

    /// Characters as the grid counts them: a CJK character one, a Latin letter or digit half.
    static func width(_ text: String) -> Double { text.reduce(0) { $0 + ($1.isASCII ? 0.5 : 1) } }

    /// §7.4 (文件格式): the 版记 at the foot of the last page — a thick line, 抄送 (one character in from each side,
    /// continued under the first name), a thin line, 印发机关 one character from the left and 印发日期 one from the
    /// right, a thick line on the 版心's bottom edge. §10.1 (信函格式): only the 抄送, without lines or 印发.
    static func colophon(_ d: NoticeDocument) -> String {
        let letter = d.kind.isLetter
        let small = 280
        var rows: [(indent: String, tabs: [(kind: String, at: Int)], runs: String)] = []
        if !d.style.copyTo.isEmpty {
            rows.append((#"w:left="\#(small * 4)" w:hanging="\#(small * 3)" w:right="\#(small)""#, [],
                         run("抄送：" + d.style.copyTo.joined(separator: "，") + "。", size: sizes.small)))
        }
        if !letter {
            rows.append((#"w:left="\#(small)" w:right="\#(small)""#, [("right", textWidth - small)],
                         run(d.style.printedBy, size: sizes.small) + "<w:r><w:tab/></w:r>" + run(d.date.chinese + "印发", size: sizes.small)))
        }
        guard !rows.isEmpty else { return "" }
        let thick = #"w:val="single" w:sz="8" w:space="1" w:color="000000""#, thin = #"w:val="single" w:sz="6" w:space="1" w:color="000000""#
        var content = ""
        for (i, row) in rows.enumerated() {
            var borders = ""
            if !letter {
                if i == 0 { borders += "<w:top \(thick)/>" }
                borders += i == rows.count - 1 ? "<w:bottom \(thick)/>" : "<w:bottom \(thin)/>"
            }
            content += Paragraph(border: borders.isEmpty ? nil : borders, indent: row.indent, tabs: row.tabs).xml(row.runs)
        }
        // A text box held to the bottom of the 版心, which the text keeps clear of (a floating table would do in
        // Word, but LibreOffice sets it inline). Its height: the lines and the rules' room.
        let emu = 635
        let height = (rows.count * linePitch + 80) * emu, width = textWidth * emu
        let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        let box = #"<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0">"#
            + #"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>"#
            + #"<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV><wp:extent cx="\#(width)" cy="\#(height)"/>"#
            + #"<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/>"#
            + #"<a:graphic xmlns:a="\#(a)"><a:graphicData uri="\#(wps)"><wps:wsp><wps:cNvSpPr txBox="1"/>"#
            + #"<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\#(width)" cy="\#(height)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"#
            + "<wps:txbx><w:txbxContent>" + content + "</w:txbxContent></wps:txbx>"
            + #"<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr>"#
            + "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
        // Anchored in the body's last paragraph: a point high, so that it never starts a page of its own.
        return Paragraph(line: 20, grid: false).xml(box)
    }
}
