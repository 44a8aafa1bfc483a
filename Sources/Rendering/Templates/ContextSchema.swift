/// What a page context holds, read from its Swift type: the names a template may use, and what each is.
/// The theme is checked against it when it loads (`TemplateCheck`), so a misspelt name is an error with its
/// place instead of an empty cell on every page.
public indirect enum ContextSchema: Equatable, Sendable {
    case text
    case number
    case flag
    case list(ContextSchema)
    case object([String: ContextSchema])

    /// The schema of `type`, found by decoding it from a decoder that answers every question with a
    /// placeholder and notes what was asked. `duplicates`: names two merged parts both define.
    public static func of<T: Decodable>(_ type: T.Type) -> (schema: ContextSchema, duplicates: [String]) {
        let recorder = SchemaRecorder()
        do {
            _ = try T(from: recorder)
        } catch {
            // Only a type that refuses placeholders gets here (an enum decoded from its raw value): it has no
            // names a template could use.
        }
        return (recorder.schema, recorder.duplicates.sorted())
    }

    var fields: [String: ContextSchema]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    public enum Kind: Sendable {
        case text, number, flag, list, object

        /// The catalogue key of how a message or `help templates` names the kind.
        var phraseKey: String {
            switch self {
            case .text: return "template.kindText"
            case .number: return "template.kindNumber"
            case .flag: return "template.kindFlag"
            case .list: return "template.kindList"
            case .object: return "template.kindObject"
            }
        }
    }

    var kind: Kind {
        switch self {
        case .text: return .text
        case .number: return .number
        case .flag: return .flag
        case .list: return .list
        case .object: return .object
        }
    }
}

final class SchemaRecorder: Decoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var fields: [String: ContextSchema]?
    var element: ContextSchema?
    var single: ContextSchema?
    var duplicates: Set<String> = []

    var schema: ContextSchema {
        if let fields { return .object(fields) }
        if let element { return .list(element) }
        return single ?? .object([:])
    }

    func record(_ key: String, _ schema: ContextSchema) {
        if fields?[key] != nil { duplicates.insert(key) }
        fields?[key] = schema
    }

    func recordChild<T: Decodable>(_ type: T.Type) throws -> (T, ContextSchema) {
        let child = SchemaRecorder()
        let value = try T(from: child)
        duplicates.formUnion(child.duplicates)
        return (value, child.schema)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        if fields == nil { fields = [:] }
        return KeyedDecodingContainer(KeyedRecorder<Key>(recorder: self))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer { ListRecorder(recorder: self) }

    func singleValueContainer() -> any SingleValueDecodingContainer { SingleRecorder(recorder: self) }
}

/// A placeholder for each kind of value, and the kind it records.
private protocol Placeholder {
    static var placeholder: Self { get }
    static var recorded: ContextSchema { get }
}
extension String: Placeholder { static var placeholder: String { "" }; static var recorded: ContextSchema { .text } }
extension Bool: Placeholder { static var placeholder: Bool { false }; static var recorded: ContextSchema { .flag } }
extension Int: Placeholder { static var placeholder: Int { 0 }; static var recorded: ContextSchema { .number } }
extension Int8: Placeholder { static var placeholder: Int8 { 0 }; static var recorded: ContextSchema { .number } }
extension Int16: Placeholder { static var placeholder: Int16 { 0 }; static var recorded: ContextSchema { .number } }
extension Int32: Placeholder { static var placeholder: Int32 { 0 }; static var recorded: ContextSchema { .number } }
extension Int64: Placeholder { static var placeholder: Int64 { 0 }; static var recorded: ContextSchema { .number } }
extension UInt: Placeholder { static var placeholder: UInt { 0 }; static var recorded: ContextSchema { .text } }
extension UInt8: Placeholder { static var placeholder: UInt8 { 0 }; static var recorded: ContextSchema { .number } }
extension UInt16: Placeholder { static var placeholder: UInt16 { 0 }; static var recorded: ContextSchema { .number } }
extension UInt32: Placeholder { static var placeholder: UInt32 { 0 }; static var recorded: ContextSchema { .number } }
extension UInt64: Placeholder { static var placeholder: UInt64 { 0 }; static var recorded: ContextSchema { .text } }
extension Double: Placeholder { static var placeholder: Double { 0 }; static var recorded: ContextSchema { .text } }
extension Float: Placeholder { static var placeholder: Float { 0 }; static var recorded: ContextSchema { .text } }

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) -> Bool { false }

    private func placeholder<T: Placeholder>(_ type: T.Type, _ key: Key) -> T {
        recorder.record(key.stringValue, T.recorded)
        return T.placeholder
    }

    func decode(_ type: Bool.Type, forKey key: Key) -> Bool { placeholder(type, key) }
    func decode(_ type: String.Type, forKey key: Key) -> String { placeholder(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) -> Double { placeholder(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) -> Float { placeholder(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) -> Int { placeholder(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) -> Int8 { placeholder(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) -> Int16 { placeholder(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) -> Int32 { placeholder(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) -> Int64 { placeholder(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) -> UInt { placeholder(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) -> UInt8 { placeholder(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) -> UInt16 { placeholder(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) -> UInt32 { placeholder(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) -> UInt64 { placeholder(type, key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, schema) = try recorder.recordChild(type)
        recorder.record(key.stringValue, schema)
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        let child = SchemaRecorder()
        recorder.record(key.stringValue, .object([:]))
        return child.container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer {
        recorder.record(key.stringValue, .list(.object([:])))
        return SchemaRecorder().unkeyedContainer()
    }

    func superDecoder() -> any Decoder { recorder }
    func superDecoder(forKey key: Key) -> any Decoder { recorder }
}

/// A list is recorded from one element.
private struct ListRecorder: UnkeyedDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    mutating func decodeNil() -> Bool { false }

    private mutating func placeholder<T: Placeholder>(_ type: T.Type) -> T {
        currentIndex += 1
        recorder.element = T.recorded
        return T.placeholder
    }

    mutating func decode(_ type: Bool.Type) -> Bool { placeholder(type) }
    mutating func decode(_ type: String.Type) -> String { placeholder(type) }
    mutating func decode(_ type: Double.Type) -> Double { placeholder(type) }
    mutating func decode(_ type: Float.Type) -> Float { placeholder(type) }
    mutating func decode(_ type: Int.Type) -> Int { placeholder(type) }
    mutating func decode(_ type: Int8.Type) -> Int8 { placeholder(type) }
    mutating func decode(_ type: Int16.Type) -> Int16 { placeholder(type) }
    mutating func decode(_ type: Int32.Type) -> Int32 { placeholder(type) }
    mutating func decode(_ type: Int64.Type) -> Int64 { placeholder(type) }
    mutating func decode(_ type: UInt.Type) -> UInt { placeholder(type) }
    mutating func decode(_ type: UInt8.Type) -> UInt8 { placeholder(type) }
    mutating func decode(_ type: UInt16.Type) -> UInt16 { placeholder(type) }
    mutating func decode(_ type: UInt32.Type) -> UInt32 { placeholder(type) }
    mutating func decode(_ type: UInt64.Type) -> UInt64 { placeholder(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        let (value, schema) = try recorder.recordChild(type)
        recorder.element = schema
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        recorder.element = .object([:])
        return SchemaRecorder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedDecodingContainer {
        currentIndex += 1
        recorder.element = .list(.object([:]))
        return SchemaRecorder().unkeyedContainer()
    }

    mutating func superDecoder() -> any Decoder { recorder }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    private func placeholder<T: Placeholder>(_ type: T.Type) -> T {
        recorder.single = T.recorded
        return T.placeholder
    }

    func decode(_ type: Bool.Type) -> Bool { placeholder(type) }
    func decode(_ type: String.Type) -> String { placeholder(type) }
    func decode(_ type: Double.Type) -> Double { placeholder(type) }
    func decode(_ type: Float.Type) -> Float { placeholder(type) }
    func decode(_ type: Int.Type) -> Int { placeholder(type) }
    func decode(_ type: Int8.Type) -> Int8 { placeholder(type) }
    func decode(_ type: Int16.Type) -> Int16 { placeholder(type) }
    func decode(_ type: Int32.Type) -> Int32 { placeholder(type) }
    func decode(_ type: Int64.Type) -> Int64 { placeholder(type) }
    func decode(_ type: UInt.Type) -> UInt { placeholder(type) }
    func decode(_ type: UInt8.Type) -> UInt8 { placeholder(type) }
    func decode(_ type: UInt16.Type) -> UInt16 { placeholder(type) }
    func decode(_ type: UInt32.Type) -> UInt32 { placeholder(type) }
    func decode(_ type: UInt64.Type) -> UInt64 { placeholder(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The same recorder: a type that decodes itself through a single value (`Shared`) has that value's schema.
        try T(from: recorder)
    }
}
