/// A JSON value written with its keys in the order given, so files read like their documentation
/// and the same data always gives the same bytes.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    /// A decimal already formatted exactly (scores: `85.5`), written as a JSON number.
    case decimal(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text() == b.text() }

    /// On one line, without spaces: for values stored or hashed rather than read.
    public func compactText() -> String {
        switch self {
        case .array(let items): return "[" + items.map { $0.compactText() }.joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { key, value -> String in
                var k = ""
                JSONValue.quote(key, into: &k)
                return k + ":" + value.compactText()
            }.joined(separator: ",") + "}"
        default: return text()
        }
    }

    /// Two-space indented text with a final newline at the top level.
    public func text() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    func write(into out: inout String, indent: Int) {
        switch self {
        case .string(let s): JSONValue.quote(s, into: &out)
        case .integer(let i): out += String(i)
        case .decimal(let d): out += d
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.write(into: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                JSONValue.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 1)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    /// RFC 8259 string escaping; non-ASCII text is written as UTF-8, not `\u` escapes.
    static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        ByteWriter.jsonString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}
