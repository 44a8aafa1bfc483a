import Testing
@testable import Rendering
import Registry

@Suite("Content keys: equal only for equal inputs, whatever the order a dictionary was built in")
struct ContentKeyTests {
    func key(_ value: TemplateValue) -> [UInt8] {
        var key = ContentKey("test")
        key.add(value)
        return key.digest
    }

    @Test("An object's key does not depend on the order its fields were added")
    func objectOrder() {
        var a: [String: TemplateValue] = [:], b: [String: TemplateValue] = [:]
        for i in 0..<50 { a["k\(i)"] = .int(i) }
        for i in (0..<50).reversed() { b["k\(i)"] = .int(i) }
        #expect(key(.object(a)) == key(.object(b)))
    }

    @Test("Values that print alike, or split differently, have different keys",
          arguments: [
              (TemplateValue.string("1"), TemplateValue.int(1)),
              (.string("true"), .bool(true)),
              (.list([.string("ab"), .string("c")]), .list([.string("a"), .string("bc")])),
              (.list([]), .object([:])),
              (.object(["a": .string("b")]), .object(["ab": .string("")])),
              (.list([.list([])]), .list([.list([]), .list([])])),
              (.string("甲"), .string("乙")),
          ])
    func distinct(_ pair: (TemplateValue, TemplateValue)) {
        #expect(key(pair.0) != key(pair.1))
    }

    @Test("A key too long to buffer is hashed a block at a time, and is the SHA-256 of the same bytes kept whole")
    func streamedKey() {
        // About 900 KB of key: several blocks, and texts that straddle their edges.
        let value = TemplateValue.list((0..<50_000).map { .string("机构\($0)") })
        var whole: [UInt8] = []
        withUnsafeBytes(of: Int64(4).littleEndian) { whole += $0 }
        whole += Array("test".utf8) + ContentKey.bytes(of: value)
        #expect(whole.count > 800_000)
        #expect(key(value) == Digest.sha256(whole))
    }

    @Test("A dataset's key moves with any cell, field or fact its files show")
    func datasetKey() {
        let field = Dataset.Field(name: "grade", title: "等级", type: .string, description: "评价等级")
        let d = Dataset(name: "grades-2025", title: "2025年度", description: "说明", fields: [field], rows: [[.text("A")]])
        let date = CivilDate(year: 2026, month: 3, day: 6)!
        let base = d.contentKey(rows: [[.text("A")]], publisher: "宁波市生态环境局", asOf: date, licence: "CC BY 4.0")
        #expect(base == d.contentKey(rows: [[.text("A")]], publisher: "宁波市生态环境局", asOf: date, licence: "CC BY 4.0"))
        #expect(base != d.contentKey(rows: [[.text("B")]], publisher: "宁波市生态环境局", asOf: date, licence: "CC BY 4.0"))
        #expect(base != d.contentKey(rows: [[.text("A")], []], publisher: "宁波市生态环境局", asOf: date, licence: "CC BY 4.0"))
        #expect(base != d.contentKey(rows: [[.text("A")]], publisher: "宁波市生态环境局", asOf: CivilDate(year: 2026, month: 3, day: 7)!, licence: "CC BY 4.0"))
        var renamed = d
        renamed.fields[0].title = "信用等级"
        #expect(base != renamed.contentKey(rows: [[.text("A")]], publisher: "宁波市生态环境局", asOf: date, licence: "CC BY 4.0"))
    }

    @Test("A notice package's key covers every stored property of the notice: a new one must be added to the key")
    func noticeKeyCoversTheType() {
        let annex = NoticeDocument.Annex(number: 1, title: "结果", file: "annex-1.xlsx", headers: ["序号"], rows: [["1"]])
        let notice = NoticeDocument(folder: "2025-notice", title: "公示", addressees: [], paragraphs: ["正文"], annexes: [annex],
                                    authority: "宁波市生态环境局", date: CivilDate(year: 2026, month: 3, day: 1)!)
        #expect(Mirror(reflecting: notice).children.compactMap(\.label)
                == ["folder", "title", "addressees", "paragraphs", "annexes", "authority", "date"])
        #expect(Mirror(reflecting: annex).children.compactMap(\.label) == ["number", "title", "file", "headers", "rows"])
        var changed = notice
        changed.annexes[0].rows = [["2"]]
        #expect(notice.contentKey != changed.contentKey)
        changed = notice
        changed.paragraphs = ["正", "文"]
        #expect(notice.contentKey != changed.contentKey)
    }
}
