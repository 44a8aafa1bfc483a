import Foundation
import Testing
@testable import Publishing

/// The toml-test suite (github.com/toml-lang/toml-test, TOML 1.0.0 files): every valid document parses,
/// every invalid one is refused with a message, none crashes. The suite comes from PyPI (it ships inside
/// tomlkit's source archive; `make test-deps` unpacks it into .build/toml-test); without it the test says so.
@Suite("TOML 1.0: the toml-test suite")
struct TOMLConformanceTests {
    static let root = ProcessInfo.processInfo.environment["GONGSHI_TOML_TEST"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/.build/toml-test/tests"

    @Test("Every TOML 1.0 document of toml-test is parsed or refused as the suite says")
    func suite() throws {
        let list = try String(contentsOfFile: Self.root + "/files-toml-1.0.0", encoding: .utf8)
        var wrong: [String] = []
        var count = 0, compared = 0
        for file in list.split(separator: "\n") where file.hasSuffix(".toml") {
            guard let data = FileManager.default.contents(atPath: Self.root + "/" + file) else { continue }
            count += 1
            let valid = file.hasPrefix("valid/")
            let parsed: Bool
            if let text = String(data: data, encoding: .utf8), !data.contains(0) {
                if case .success = TOMLParser.parse(text) { parsed = true } else { parsed = false }
            } else {
                parsed = false
            }
            if parsed != valid { wrong.append("\(valid ? "refused" : "accepted") \(file)") }
            // A valid document must also give the values the suite's JSON says.
            if valid, parsed, let text = String(data: data, encoding: .utf8), case .success(let table) = TOMLParser.parse(text),
               let json = FileManager.default.contents(atPath: Self.root + "/" + file.dropLast(5) + ".json"),
               let expected = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) {
                compared += 1
                if let difference = Self.difference(.table(table), expected, at: "") { wrong.append("misread \(file): \(difference)") }
            }
        }
        print("toml-test: \(count - wrong.count) of \(count) as the suite says, \(compared) valid documents' values compared")
        #expect(count > 600 && compared > 150)
        #expect(wrong.isEmpty, "\(wrong.count) wrong:\n\(wrong.joined(separator: "\n"))")
    }

    /// Where a parsed value differs from toml-test's JSON (`{"type": …, "value": …}` for each scalar), or nil.
    static func difference(_ value: TOMLValue, _ expected: Any, at path: String) -> String? {
        switch value {
        case .table(let t):
            guard let object = expected as? [String: Any] else { return "\(path): a table where the suite has \(expected)" }
            guard Set(object.keys) == Set(t.entries.map(\.key)) else { return "\(path): keys \(t.entries.map(\.key).sorted()) for \(object.keys.sorted())" }
            for entry in t.entries {
                if let d = difference(entry.value, object[entry.key]!, at: path + "." + entry.key) { return d }
            }
            return nil
        case .array(let items):
            guard let list = expected as? [Any], list.count == items.count else { return "\(path): an array of \(items.count) for \(expected)" }
            for (n, (item, e)) in zip(items, list).enumerated() {
                if let d = difference(item, e, at: "\(path)[\(n)]") { return d }
            }
            return nil
        default:
            guard let object = expected as? [String: Any], let type = object["type"] as? String, let want = object["value"] as? String else {
                return "\(path): \(value) where the suite has \(expected)"
            }
            let (kind, got) = scalar(value)
            guard kind == type else { return "\(path): \(kind) \(got) for \(type) \(want)" }
            switch kind {
            case "float":
                let a = Double(got.replacingOccurrences(of: "+", with: "")), b = Double(want.replacingOccurrences(of: "+", with: ""))
                return a == b || (a?.isNaN == true && b?.isNaN == true) ? nil : "\(path): \(got) for \(want)"
            case "datetime", "datetime-local", "time-local", "date-local":
                return normalized(got) == normalized(want) ? nil : "\(path): \(got) for \(want)"
            default:
                return got == want ? nil : "\(path): \(got.debugDescription) for \(want.debugDescription)"
            }
        }
    }

    static func scalar(_ value: TOMLValue) -> (String, String) {
        switch value {
        case .string(let s): return ("string", s)
        case .integer(let n): return ("integer", String(n))
        case .float(let f): return ("float", f)
        case .bool(let b): return ("bool", b ? "true" : "false")
        case .date(let d): return ("date-local", d.iso)
        case .dateTime(let w):
            let hasDate = w.count >= 10 && w.dropFirst(4).first == "-"
            guard hasDate else { return ("time-local", w) }
            guard w.count > 10 else { return ("date-local", w) }
            let time = w.dropFirst(11)
            return (time.contains(where: { "Zz+-".contains($0) }) ? "datetime" : "datetime-local", w)
        default: return ("?", "")
        }
    }

    /// `1979-05-27 07:32:00z` and `1979-05-27T07:32:00Z` are one time; so are `.999` and `.999000`.
    static func normalized(_ s: String) -> String {
        var t = s.uppercased()
        if t.count > 10, t.dropFirst(10).first == " " { t = String(t.prefix(10)) + "T" + t.dropFirst(11) }
        if let dot = t.firstIndex(of: ".") {
            var end = t.index(after: dot)
            while end < t.endIndex, t[end].isNumber { end = t.index(after: end) }
            var fraction = String(t[t.index(after: dot)..<end])
            while fraction.hasSuffix("0") { fraction.removeLast() }
            t = String(t[..<dot]) + (fraction.isEmpty ? "" : "." + fraction) + t[end...]
        }
        return t
    }
}
