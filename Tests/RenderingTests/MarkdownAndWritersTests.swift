import Foundation
import Testing
@testable import Rendering
import Model

@Suite("cmark in safe mode, and the writers of the open data")
struct MarkdownAndWritersTests {
    @Test("Authored Markdown cannot inject HTML or javascript: links")
    func safeMode() {
        let html = Markdown.html("正文**加粗**\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(html.contains("<strong>加粗</strong>"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(Markdown.html("") == "")
    }

    @Test("Text in a Markdown twin reads literally: pipes, emphasis and tags are escaped")
    func twinEscaping() {
        #expect(Markdown.escape("甲|乙 *丙* <script>") == "甲\\|乙 \\*丙\\* \\<script\\>")
        #expect(Markdown.escape("第一行\n第二行") == "第一行 第二行")
        // The escaped text survives a round trip through a renderer as the same characters.
        #expect(Markdown.html(Markdown.escape("a|b <i>x</i> [y](z)")) == "<p>a|b &lt;i&gt;x&lt;/i&gt; [y](z)</p>\n")
    }

    @Test("CSV: RFC 4180 quoting with CRLF line ends")
    func csv() {
        var w = CSVWriter(header: ["名称", "内容"])
        w.append(["甲,乙", "说\"好\""])
        w.append(["两\n行", ""])
        #expect(w.text == "名称,内容\r\n\"甲,乙\",\"说\"\"好\"\"\"\r\n\"两\n行\",\r\n")
    }

    @Test("JSON: keys in the documented order, strings escaped, Chinese kept as UTF-8")
    func json() {
        let value = JSONValue.array([.object([("b", .string("宁波\"\n\u{01}")), ("a", .decimal("85.5")), ("n", .null), ("t", .bool(true))])])
        #expect(value.text() == "[\n  {\n    \"b\": \"宁波\\\"\\n\\u0001\",\n    \"a\": 85.5,\n    \"n\": null,\n    \"t\": true\n  }\n]")
        #expect(JSONValue.array([]).text() == "[]")
    }

    @Test("Pinyin order for agency names, code order for exact ties")
    func collation() {
        let names = ["重庆", "北京", "阿坝", "李村", "安吉"]
        #expect(ChineseCollation.sorted(names, by: { $0 }, then: { $0 }) == ["阿坝", "安吉", "北京", "重庆", "李村"])
        let pairs = [("宁波（海曙）检测", "B"), ("宁波(海曙)检测", "A"), ("宁波海曙检测", "C"), ("宁波海曙检测", "A")]
        #expect(ChineseCollation.sorted(pairs, by: { $0.0 }, then: { $0.1 }).map { $0.0 + $0.1 }
            == ["宁波(海曙)检测A", "宁波（海曙）检测B", "宁波海曙检测A", "宁波海曙检测C"])
    }

    @Test("Sort keys give the same order as comparing with the zh_CN locale, on names clerks write")
    func collationKeysMatchLocaleCompare() {
        let pieces = ["宁波", "（宁波）", "(宁波)", "ABC", "abc", "１２３", "123", "·", "-", " ", "重庆", "长沙", "厦门",
                      "银行", "单", "曾", "é", "e", "鄞州", "慈溪", "环境", "监测", "有限公司", "Ａ"]
        // Every fourth-order mix of the pieces, walked with co-prime strides so neighbours differ.
        let names = (0..<400).map { i in (0..<4).map { j in pieces[(i * 7 + j * 11 + i * j * 5) % pieces.count] }.joined() }
        let locale = Locale(identifier: "zh_CN")
        let byCompare = names.sorted { $0.compare($1, locale: locale) == .orderedAscending || ($0.compare($1, locale: locale) == .orderedSame && $0 < $1) }
        #expect(ChineseCollation.sorted(names, by: { $0 }, then: { $0 }) == byCompare)
    }

    @Test("Relative links back to the root, and public URLs for the sitemap")
    func paths() {
        #expect(SitePaths.root(of: "index.html") == "")
        #expect(SitePaths.root(of: "agencies/X/index.html") == "../../")
        #expect(SitePaths.url(of: "grades/2025/index.html", base: "https://a.b/x/") == "https://a.b/x/grades/2025/")
        #expect(SitePaths.url(of: "index.html", base: "https://a.b/x/") == "https://a.b/x/")
    }
}

@Suite("Open data files for spreadsheets")
struct ExcelVariantTests {
    @Test("A text cell starting with = + - @ gets a leading apostrophe in the CSV and is a string cell in the Excel file; numbers are untouched, JSON keeps the text")
    func formulaSafety() {
        let d = Dataset(name: "t", title: "t", description: "",
                        fields: [Dataset.Field(name: "name", title: "名称", type: .string, description: ""),
                                 Dataset.Field(name: "score", title: "分", type: .number, description: "")],
                        rows: [[.text("=HYPERLINK(\"http://x\")"), .score(Score(hundredths: -500))], [.text("@SUM(A1)"), .missing],
                               [.text("+86"), .missing], [.text("-负"), .missing], [.text("正常"), .missing]])
        let files = d.files()
        let (csv, json) = (String(decoding: files.csv, as: UTF8.self), String(decoding: files.json, as: UTF8.self))
        #expect(csv == "name,score\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-5\r\n'@SUM(A1),\r\n'+86,\r\n'-负,\r\n正常,\r\n")
        // The Excel sheet: text as inline strings in the text format, the number a number, nothing a formula.
        let sheet = String(decoding: files.sheets[0], as: UTF8.self)
        #expect(files.sheets.count == 1)
        #expect(sheet.contains(#"<c r="A2" t="inlineStr" s="1"><is><t xml:space="preserve">=HYPERLINK(&quot;http://x&quot;)</t></is></c><c r="B2"><v>-5</v></c>"#))
        #expect(sheet.contains(#"<c r="A3" t="inlineStr" s="1"><is><t xml:space="preserve">@SUM(A1)</t></is></c></row>"#))
        #expect(!sheet.contains("<f>"))
        #expect(json.contains("\"name\": \"=HYPERLINK(\\\"http://x\\\")\""))
        // The JSON is the same text the general JSON writer gives.
        let rows = d.rows.map { row in JSONValue.object(zip(d.fields, row).map { field, value -> (String, JSONValue) in
            switch value {
            case .text(let s): return (field.name, .string(s))
            case .score(let s): return (field.name, .decimal(s.description))
            default: return (field.name, .null)
            }
        }) }
        #expect(json == JSONValue.array(rows).text() + "\n")
    }

    @Test("A field with a CR LF line break is quoted; U+2028 and control characters are escaped in JSON")
    func lineBreaks() {
        let d = Dataset(name: "t", title: "t", description: "", fields: [Dataset.Field(name: "s", title: "s", type: .string, description: "")],
                        rows: [[.text("一\r\n二")], [.text("a\u{2028}b\u{1}\u{2029}\u{2027}")]])
        let files = d.files()
        #expect(String(decoding: files.csv, as: UTF8.self) == "s\r\n\"一\r\n二\"\r\na\u{2028}b\u{1}\u{2029}\u{2027}\r\n")
        #expect(String(decoding: files.json, as: UTF8.self).contains("\"s\": \"a\\u2028b\\u0001\\u2029\u{2027}\""))
        #expect(String(decoding: files.json, as: UTF8.self).contains("\"s\": \"一\\r\\n二\""))
    }
}

@Suite("The CSV for Excel and WPS")
struct ExcelCSVTests {
    @Test("Text a spreadsheet would read as a number or a date is written =\"…\"; formulas in the data stay text; other text is as typed")
    func excelText() {
        #expect(ByteWriter.excelText("913502000728319549") == "=\"913502000728319549\"")
        #expect(ByteWriter.excelText("221112050001") == "=\"221112050001\"")
        #expect(ByteWriter.excelText("0123") == "=\"0123\"")
        #expect(ByteWriter.excelText("91330206E200000008") == "=\"91330206E200000008\"")
        #expect(ByteWriter.excelText("3-4") == "=\"3-4\"")
        #expect(ByteWriter.excelText("91330212MA2H0A1B0F") == "91330212MA2H0A1B0F")
        #expect(ByteWriter.excelText("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(ByteWriter.excelText("-1+1") == "=\"-1+1\"")
        #expect(ByteWriter.excelText("宁波") == "宁波")
        #expect(ByteWriter.excelText("") == "")
    }
}

