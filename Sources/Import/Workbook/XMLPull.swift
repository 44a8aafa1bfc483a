import CSupport
import Glibc
import Messages
import Model

/// A streaming reader of one XML part of a workbook, over libxml2's pull parser.
///
/// It never loads the network, never expands entities and refuses any document type declaration (a
/// workbook has none; a DTD is how entity bombs are built), and keeps libxml2's own limits on depth and
/// text size. Parse errors are values, not output on stderr.
final class XMLPull {
    struct Failure: Error, Sendable {
        var reason: Message
        var line: Int
        var column = 0
    }

    enum Node: Equatable { case start, end, text, other }

    /// The part streamed from, kept alive as long as the reader reads it.
    private let part: WorkbookZip.PartStream
    private let reader: UnsafeMutableRawPointer
    private(set) var node = Node.other
    /// For `.start`: whether the element closes itself (`<c r="A1"/>`), so no `.end` follows.
    private(set) var isEmpty = false

    /// Reads a workbook part as it is inflated: memory stays that of the reader's buffer, whatever the part's size.
    init(streaming part: WorkbookZip.PartStream) throws(Failure) {
        guard let r = gongshi_xml_open_part(part.handle) else { throw Failure(reason: Message("xml.unreadable"), line: 0) }
        self.part = part
        reader = r
    }

    deinit { gongshi_xml_close(reader) }

    /// Moves to the next node; false at the end of the document.
    func next() throws(Failure) -> Bool {
        let rc = gongshi_xml_read(reader)
        guard rc >= 0 else {
            var failure = failure(Self.errorKeys[Int(gongshi_xml_error_kind(reader))] ?? "xml.wellFormedXml")
            failure.column = Int(gongshi_xml_column(reader))
            throw failure
        }
        guard rc == 1 else { return false }
        switch gongshi_xml_node_type(reader) {
        case 1:
            node = .start
            isEmpty = gongshi_xml_is_empty(reader) == 1
        case 15: node = .end
        case 3, 4, 13, 14: node = .text
        case 5, 10: throw failure("xml.declaresDocumentType")
        default: node = .other
        }
        return true
    }

    /// libxml2's error, by kind (`GONGSHI_XML_…`), as gongshi says it.
    static let errorKeys: [Int: String] = [
        Int(GONGSHI_XML_ENCODING): "xml.encoding", Int(GONGSHI_XML_CHARACTER): "xml.character", Int(GONGSHI_XML_ENTITY): "xml.entity",
        Int(GONGSHI_XML_ATTRIBUTE_TWICE): "xml.attributeTwice", Int(GONGSHI_XML_MISMATCH): "xml.mismatch",
        Int(GONGSHI_XML_AFTER_END): "xml.afterEnd", Int(GONGSHI_XML_EMPTY): "xml.empty", Int(GONGSHI_XML_LIMIT): "xml.limit",
    ]

    /// Skips the current element and everything inside it; the reader then stands on what follows.
    func skipElement() throws(Failure) {
        guard node == .start, !isEmpty else { return }
        let depth = gongshi_xml_depth(reader)
        while try next() {
            if node == .end, gongshi_xml_depth(reader) == depth { return }
        }
    }

    func failure(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> Failure {
        Failure(reason: Message(key, arguments), line: Int(gongshi_xml_line(reader)))
    }

    /// Whether the current node's local name is `literal` — compared in bytes, without making a String.
    func named(_ literal: StaticString) -> Bool {
        guard let n = gongshi_xml_local_name(reader) else { return false }
        return literal.withUTF8Buffer { want in
            var i = 0
            while i < want.count {
                guard UInt8(bitPattern: n[i]) == want[i] else { return false }
                i += 1
            }
            return n[i] == 0
        }
    }

    var depth: Int { Int(gongshi_xml_depth(reader)) }

    /// An attribute by its local name, in no namespace or in `namespace`.
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        guard let raw = gongshi_xml_attribute(reader, name, namespace) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// The text of the current node (for `.text`).
    var text: String {
        guard let v = gongshi_xml_value(reader) else { return "" }
        return String(cString: v)
    }

    /// The most text one cell's value may hold, in UTF-8 bytes: a spreadsheet cell holds at most 32,767
    /// characters, so a longer one is no clerk's, and is refused before it costs memory.
    static let maximumText = 1 << 20

    /// Refuses `value` when it is longer than any cell's text (`maximumText`).
    static func bound(_ value: String, _ xml: XMLPull) throws(Failure) {
        guard value.utf8.count <= maximumText else { throw xml.failure("xml.textTooLong", ["limit": "\(maximumText >> 20)"]) }
    }

    /// All the text inside the current element, up to its end, with nested elements' text too.
    func elementText() throws(Failure) -> String {
        guard node == .start, !isEmpty else { return "" }
        let depth = gongshi_xml_depth(reader)
        var value = ""
        while try next() {
            switch node {
            case .text:
                value += text
                try Self.bound(value, self)
            case .end where gongshi_xml_depth(reader) == depth: return value
            default: break
            }
        }
        throw failure("xml.elementNeverCloses")
    }
}
