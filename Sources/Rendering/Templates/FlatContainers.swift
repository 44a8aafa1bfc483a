/// What the containers of both context encoders (`TemplateEncoder`, `ContextKeyEncoder`) share: a page
/// context's fields and items are values, encoded whole, so neither is ever asked for a nested container (a
/// request is a programming error, stopped alike in both), nil is absence, and a superclass's fields join the
/// object being encoded.
protocol FlatKeyedContainer: KeyedEncodingContainerProtocol {
    associatedtype Parent: Encoder
    var encoder: Parent { get }
}

extension FlatKeyedContainer {
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) {}

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("a page context encodes its fields as values")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("a page context encodes its fields as values")
    }

    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

/// The same for a list's items.
protocol FlatUnkeyedContainer: UnkeyedEncodingContainer {
    associatedtype Parent: Encoder
    var encoder: Parent { get }
}

extension FlatUnkeyedContainer {
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {}

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("a page context encodes its items as values")
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("a page context encodes its items as values")
    }

    mutating func superEncoder() -> any Encoder { encoder }
}
