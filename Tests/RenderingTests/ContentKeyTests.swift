import Cryptography
import Model
import Testing
@testable import Rendering

@Suite("Content keys: equal only for equal inputs")
struct ContentKeyTests {
    func key<C: Encodable>(_ context: C) -> [UInt8] {
        let encoder = ContextKeyEncoder(ContentKey("test"))
        encoder.write(context)
        return encoder.key.digest
    }

    struct Text: Codable, Sendable { var a: String }
    struct Number: Codable, Sendable { var a: Int }
    struct Flag: Codable, Sendable { var a: Bool }
    struct Texts: Codable, Sendable { var a: [String] }
    struct Maybe: Codable, Sendable { var a: String?; var b: String? }
    struct Inner: Codable, Sendable { var a: Text }
    struct Other: Codable, Sendable { var b: String }

    @Test("Contexts that print alike, or split differently, have different keys")
    func distinct() {
        #expect(key(Text(a: "1")) != key(Number(a: 1)))
        #expect(key(Text(a: "true")) != key(Flag(a: true)))
        #expect(key(Texts(a: ["ab", "c"])) != key(Texts(a: ["a", "bc"])))
        #expect(key(Texts(a: [])) != key(Inner(a: Text(a: ""))))
        #expect(key(Maybe(a: "x", b: nil)) != key(Maybe(a: nil, b: "x")))
        #expect(key(Maybe(a: "", b: nil)) != key(Maybe(a: nil, b: nil)))
        #expect(key(Merged(Text(a: "x"), Other(b: "y"))) != key(Inner(a: Text(a: "x"))))
        #expect(key(Texts(a: ["甲"])) != key(Texts(a: ["乙"])))
        #expect(key([Texts(a: []), Texts(a: [])]) != key([Texts(a: [])]))
    }

    @Test("Equal contexts have equal keys; a shared piece is keyed as the piece itself")
    func equal() {
        #expect(key(Merged(Text(a: "x"), Other(b: "y"))) == key(Merged(Text(a: "x"), Other(b: "y"))))
        struct Holder: Codable, Sendable { var a: Shared<Texts> }
        struct Plain: Codable, Sendable { var a: Texts }
        let texts = Texts(a: (0..<1000).map { "机构\($0)" })
        #expect(key(Holder(a: Shared(texts))) == key(Plain(a: texts)))
    }

    @Test("A key too long to buffer is hashed a block at a time, and is the SHA-256 of the same bytes kept whole")
    func streamedKey() {
        // About 900 KB of key: several blocks, and texts that straddle their edges.
        let value = Texts(a: (0..<50_000).map { "机构\($0)" })
        let kept = ContextKeyEncoder(ContentKey.kept())
        kept.write(value)
        var whole: [UInt8] = []
        withUnsafeBytes(of: Int64(4).littleEndian) { whole += $0 }
        whole += Array("test".utf8) + kept.key.keptBytes
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
        let notice = NoticeDocument(folder: "2025-notice", kind: .notice, number: "甬环发〔2026〕5号", style: .standard(publisher: "宁波市生态环境局"),
                                    title: "公示", addressees: [], paragraphs: ["正文"], annexes: [annex],
                                    authority: "宁波市生态环境局", date: CivilDate(year: 2026, month: 3, day: 1)!)
        #expect(Mirror(reflecting: notice).children.compactMap(\.label)
                == ["folder", "kind", "number", "style", "title", "addressees", "paragraphs", "annexes", "authority", "date"])
        #expect(Mirror(reflecting: annex).children.compactMap(\.label) == ["number", "title", "file", "headers", "rows"])
        var changed = notice
        changed.annexes[0].rows = [["2"]]
        #expect(notice.contentKey != changed.contentKey)
        changed = notice
        changed.paragraphs = ["正", "文"]
        #expect(notice.contentKey != changed.contentKey)
        changed = notice
        changed.number = "甬环发〔2026〕6号"
        #expect(notice.contentKey != changed.contentKey)
        changed = notice
        changed.style.copyTo = ["市市场监管局"]
        #expect(notice.contentKey != changed.contentKey)
    }
}
