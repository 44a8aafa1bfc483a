/// Writes a typed page context into a `ContentKey` as it encodes, without making the value the templates
/// read: a page the last build made from the same context is taken again, and its context is never converted.
///
/// Each value is written with its kind; an object's fields in the order its type declares them, each marked
/// and named, then an end mark; a list's items, then an end mark. So equal bytes are equal contexts: the
/// bytes can be read back one way only.
final class ContextKeyEncoder: Encoder {
    var key: ContentKey
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    enum Mark {
        static let text: UInt8 = 1, number: UInt8 = 2, yes: UInt8 = 3, no: UInt8 = 4
        static let list: UInt8 = 5, object: UInt8 = 6, field: UInt8 = 7, listEnd: UInt8 = 8, objectEnd: UInt8 = 9
    }

    init(_ key: consuming ContentKey) { self.key = key }

    /// Writes `value` by encoding it here (a shared piece writes the bytes it was keyed to once).
    func write<T: Encodable>(_ value: T) {
        // An object or a list opens its own marks when it asks for its container; a single value needs none.
        try? value.encode(to: self)
        closeOpened()
    }

    func write(_ text: String) { key.add(mark: Mark.text); key.add(text) }
    func write(_ number: Int) { key.add(mark: Mark.number); key.add(number) }
    func write(_ flag: Bool) { key.add(mark: flag ? Mark.yes : Mark.no) }

    /// The objects and lists open, each with the depth of the value that opened it and the mark that closes it:
    /// one object however many containers `Merged` asks of one value, closed when that value is done.
    private var opened: [(depth: Int, end: UInt8)] = []
    private var depth = 0

    private func closeOpened() {
        if opened.last?.depth == depth { key.add(mark: opened.removeLast().end) }
    }

    private func open(_ mark: UInt8, closing end: UInt8) {
        // A second container asked for by the same value (`Merged`) adds to the object already open.
        if opened.last?.depth == depth { return }
        key.add(mark: mark)
        opened.append((depth, end))
    }

    /// Encodes a nested value one level down, so that its own object or list closes at its end.
    func nested<T: Encodable>(_ value: T) {
        depth += 1
        write(value)
        depth -= 1
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        open(Mark.object, closing: Mark.objectEnd)
        return KeyedEncodingContainer(KeyedKeyWriter<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        open(Mark.list, closing: Mark.listEnd)
        return ListKeyWriter(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleKeyWriter(encoder: self) }
}

private struct KeyedKeyWriter<Key: CodingKey>: FlatKeyedContainer {
    let encoder: ContextKeyEncoder

    private func field(_ key: Key) {
        encoder.key.add(mark: ContextKeyEncoder.Mark.field)
        encoder.key.add(key.stringValue)
    }

    mutating func encode(_ value: Bool, forKey key: Key) { field(key); encoder.write(value) }
    mutating func encode(_ value: String, forKey key: Key) { field(key); encoder.write(value) }
    mutating func encode(_ value: Int, forKey key: Key) { field(key); encoder.write(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) { field(key); encoder.nested(value) }
}

private struct ListKeyWriter: FlatUnkeyedContainer {
    let encoder: ContextKeyEncoder
    var count = 0

    mutating func encode(_ value: Bool) { count += 1; encoder.write(value) }
    mutating func encode(_ value: String) { count += 1; encoder.write(value) }
    mutating func encode(_ value: Int) { count += 1; encoder.write(value) }
    mutating func encode<T: Encodable>(_ value: T) { count += 1; encoder.nested(value) }
}

private struct SingleKeyWriter: SingleValueEncodingContainer {
    let encoder: ContextKeyEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {}
    mutating func encode(_ value: Bool) { encoder.write(value) }
    mutating func encode(_ value: String) { encoder.write(value) }
    mutating func encode(_ value: Int) { encoder.write(value) }
    mutating func encode<T: Encodable>(_ value: T) { encoder.nested(value) }
}
