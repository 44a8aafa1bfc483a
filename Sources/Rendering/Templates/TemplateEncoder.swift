/// Turns a typed page context into the value its templates see. A field that is nil is left out (the
/// template sees no key, never "nil"); a `Shared` piece goes in as it was converted once; `Merged` and
/// `Page` put two types' fields into one object, as Mustache reads them flat.
public enum TemplateEncoder {
    public static func value<T: Encodable>(_ context: T) -> TemplateValue {
        let encoder = ValueEncoder()
        // The contexts hold only texts, numbers, flags, lists and structs of them: encoding cannot fail.
        try? context.encode(to: encoder)
        return encoder.value
    }
}

/// Fields of an object being encoded, shared by every keyed container asked of one encoder (`Merged`).
final class ObjectFields {
    var fields: [String: TemplateValue] = [:]
}

final class ListItems {
    var items: [TemplateValue] = []
}

final class ValueEncoder: Encoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var object: ObjectFields?
    var list: ListItems?
    var single: TemplateValue?

    var value: TemplateValue {
        if let object { return .object(object.fields) }
        if let list { return .list(list.items) }
        return single ?? .object([:])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let fields = object ?? ObjectFields()
        object = fields
        return KeyedEncodingContainer(ObjectContainer<Key>(fields: fields, encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let items = list ?? ListItems()
        list = items
        return ListContainer(items: items, encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }
}

private struct ObjectContainer<Key: CodingKey>: FlatKeyedContainer {
    let fields: ObjectFields
    let encoder: ValueEncoder

    mutating func encode(_ value: Bool, forKey key: Key) { fields.fields[key.stringValue] = .bool(value) }
    mutating func encode(_ value: String, forKey key: Key) { fields.fields[key.stringValue] = .string(value) }
    mutating func encode(_ value: Int, forKey key: Key) { fields.fields[key.stringValue] = .int(value) }
    mutating func encode(_ value: Double, forKey key: Key) { fields.fields[key.stringValue] = .string(value.description) }
    mutating func encode(_ value: Float, forKey key: Key) { fields.fields[key.stringValue] = .string(value.description) }
    mutating func encode(_ value: Int8, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) { fields.fields[key.stringValue] = .string(value.description) }
    mutating func encode(_ value: UInt8, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) { fields.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) { fields.fields[key.stringValue] = .string(value.description) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) { fields.fields[key.stringValue] = TemplateEncoder.value(value) }
}

private struct ListContainer: FlatUnkeyedContainer {
    let items: ListItems
    let encoder: ValueEncoder
    var count: Int { items.items.count }

    mutating func encode(_ value: Bool) { items.items.append(.bool(value)) }
    mutating func encode(_ value: String) { items.items.append(.string(value)) }
    mutating func encode(_ value: Int) { items.items.append(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T) { items.items.append(TemplateEncoder.value(value)) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {}
    mutating func encode(_ value: Bool) { encoder.single = .bool(value) }
    mutating func encode(_ value: String) { encoder.single = .string(value) }
    mutating func encode(_ value: Int) { encoder.single = .int(value) }
    mutating func encode<T: Encodable>(_ value: T) { encoder.single = TemplateEncoder.value(value) }
}
