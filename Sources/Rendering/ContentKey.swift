import Cryptography
import Model

/// The SHA-256 of everything one output is made from, written unambiguously (every text with its length,
/// every value with its kind, an object's keys in order): equal keys mean equal inputs, so an output the
/// last build made from the same key has the bytes this build would make (`RenderMemo`).
public struct ContentKey: ~Copyable {
    private var bytes: [UInt8] = []
    /// Where the bytes go a block at a time: the key of a list of 100,000 agencies would otherwise be a
    /// buffer of a hundred megabytes beside the page. Nil: the bytes are kept (`kept()`).
    private let stream: Digest.SHA256Stream?
    private static let block = 1 << 16

    public init(_ kind: String) {
        stream = Digest.SHA256Stream()
        bytes.reserveCapacity(Self.block + 4096)
        add(kind)
    }

    private init() { stream = nil }

    /// A key whose bytes are kept, not hashed: a piece many keys take as it is (`Shared`).
    static func kept() -> ContentKey { ContentKey() }

    /// The bytes of a key made by `kept()`.
    var keptBytes: [UInt8] { bytes }

    private mutating func flushIfFull() {
        guard bytes.count >= Self.block, let stream else { return }
        bytes.withUnsafeBufferPointer { stream.update($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func add(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            add(utf8.count)
            bytes.append(contentsOf: utf8)
        }
        if done == nil {
            add(text.utf8.count)
            bytes.append(contentsOf: text.utf8)
        }
        flushIfFull()
    }

    public mutating func add(_ texts: [String]) {
        add(texts.count)
        for text in texts { add(text) }
    }

    public mutating func add(_ numbers: [Int]) {
        add(numbers.count)
        for number in numbers { add(number) }
    }

    mutating func add(mark: UInt8) { bytes.append(mark) }

    /// Bytes a kept key was given (a shared piece's).
    mutating func add(raw: [UInt8]) {
        bytes += raw
        flushIfFull()
    }

    public mutating func add(_ number: Int) {
        withUnsafeBytes(of: Int64(number).littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func add(_ value: Dataset.Value) {
        switch value {
        case .text(let s): bytes.append(1); add(s)
        case .integer(let i): bytes.append(2); add(i)
        case .score(let s): bytes.append(3); add(s.description)
        case .date(let d): bytes.append(4); add(d.iso)
        case .bool(let b): bytes.append(b ? 5 : 6)
        case .missing: bytes.append(7)
        }
    }

    /// The key: SHA-256 of what was added.
    public var digest: [UInt8] { stream?.digest(after: bytes) ?? Digest.sha256(bytes) }
}

extension Dataset {
    /// What the dataset's files (CSV, JSON, Excel CSV and workbook) are made from, given its rows.
    public func contentKey(rows: [[Value]], publisher: String, asOf: CivilDate, licence: String) -> [UInt8] {
        var key = ContentKey("dataset files 1")
        for text in [name, title, description, publisher, asOf.iso, licence] { key.add(text) }
        key.add(fields.count)
        for field in fields {
            for text in [field.name, field.title, field.type.rawValue, field.description, field.pattern ?? "\u{0}"] { key.add(text) }
            key.add(field.required ? 1 : 0)
            key.add(field.categories?.count ?? -1)
            for category in field.categories ?? [] { key.add(category) }
        }
        key.add(rows.count)
        for row in rows {
            key.add(row.count)
            for value in row { key.add(value) }
        }
        return key.digest
    }
}

extension NoticeDocument {
    /// What a notice's package (its HTML fragment, its .docx and its annex workbooks) is made from: every
    /// stored property (a test holds this list to the type's).
    public var contentKey: [UInt8] {
        var key = ContentKey("notice package 2")
        key.add(folder)
        key.add(kind.rawValue)
        key.add(number ?? "-")
        key.add([style.issuer, style.mark, style.letterMark, style.printedBy])
        key.add(style.copyTo)
        key.add(title)
        key.add(addressees)
        key.add(paragraphs)
        key.add(annexes.count)
        for annex in annexes {
            key.add(annex.number)
            key.add([annex.title, annex.file])
            key.add(annex.headers)
            key.add(annex.rows.count)
            for row in annex.rows { key.add(row) }
        }
        key.add(authority)
        key.add(date.iso)
        return key.digest
    }
}
