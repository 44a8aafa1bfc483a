import Foundation
import Messages
import Model

/// One data row being read: typed getters that record a diagnostic, with its fix, for every bad value.
struct CSVRow: DataRow {
    let origin: Origin
    /// The record's fields, in file order, and where each header's is (shared by every row of the file).
    let fields: [String]
    let index: HeaderIndex
    var problems: [Diagnostic] = []
    /// Codes listed in code-exceptions.csv: accepted although their check character is wrong.
    var acceptedCodes: Set<String> = []

    init(origin: Origin, fields: [String], index: HeaderIndex) {
        self.origin = origin
        self.fields = fields
        self.index = index
    }

    func text(_ header: String) -> String { index[header].map { fields[$0].trimmingWhitespace() } ?? "" }

    func optionalText(_ header: String) -> String? {
        let t = text(header)
        return t.isEmpty ? nil : t
    }

    /// The fields of internal columns: no message about the row repeats what they hold (`CSVColumn.isInternal`).
    var internalFields: [Int] = []
    /// The fields whose sheet cell holds a number stored as text (`CSVRecord.numbersStoredAsText`).
    var numbersStoredAsText: [Int] = []

    func storedAsText(_ header: String) -> Bool { index[header].map(numbersStoredAsText.contains) ?? false }

    mutating func error(_ key: String, _ header: String, _ arguments: [String: MessageArgument] = [:]) {
        let fields = self.fields
        let secrets = internalFields.filter { $0 < fields.count }.map { fields[$0].trimmingWhitespace() }
        problems.append(Diagnostic(.error, at: origin.at(header), Message(key, arguments).withholding(secrets)))
    }

    mutating func required(_ header: String) -> String? {
        let t = text(header)
        if t.isEmpty {
            error("E001.empty", header, ["header": "\(header)"])
            return nil
        }
        return t
    }

    mutating func code(_ header: String = "统一社会信用代码") -> UnifiedSocialCreditCode? {
        guard let raw = required(header) else { return nil }
        switch UnifiedSocialCreditCode.validate(raw) {
        case .success(let code):
            return code
        case .failure(.invalidCharacter(let position, let ch)):
            let key = ch.isLowercase ? "E101.lowercase"
                : ch.unicodeScalars.first.map({ (0xFF01...0xFF5E).contains($0.value) || $0.value == 0x3000 }) == true ? "E101.fullWidth" : "E101"
            error(key, header, ["raw": "\(raw)", "character": "\(ch)", "position": "\(position)", "upper": "\(raw.uppercased())"])
        case .failure(.wrongLength(let n)):
            error("E102", header, ["raw": "\(raw)", "n": "\(n)"])
        case .failure(.missingCheckCharacter(let expected)):
            error("E103", header,
                  ["raw": "\(raw)", "expected": "\(expected)"])
        case .failure(.wrongCheckCharacter) where acceptedCodes.contains(raw):
            return UnifiedSocialCreditCode(unchecked: raw)
        case .failure(.wrongCheckCharacter(let found, let expected)):
            error("E104", header,
                  ["raw": "\(raw)", "found": "\(found)", "expected": "\(expected)", "exceptionsFile": .dataFile(CSVFormat.codeExceptions.file)])
        }
        return nil
    }

    /// A unified social credit code that may be left empty; when given it is held to GB 32100-2015 like any other.
    mutating func optionalCode(_ header: String) -> String? {
        guard !text(header).isEmpty else { return nil }
        return code(header)?.value
    }

    /// E125: an amount in 万元 as the credit platforms take it: a plain non-negative number, at most six decimals.
    mutating func amount(_ header: String) -> String? {
        let raw = text(header)
        guard !raw.isEmpty else { return nil }
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber),
              parts.count == 1 || (1...6).contains(parts[1].count) && parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            error("E125", header, ["raw": "\(raw)"])
            return nil
        }
        return raw
    }

    mutating func date(_ header: String, required isRequired: Bool = true) -> CivilDate? {
        let raw = text(header)
        if raw.isEmpty {
            if isRequired { _ = required(header) }
            return nil
        }
        switch CivilDate.parse(raw) {
        case .success(let date): return date
        case .failure(.notADate):
            error("E120", header, ["raw": "\(raw)"])
        case .failure(.doesNotExist(let y, let m, let d)):
            if (1...12).contains(m) {
                error("E121", header, ["raw": "\(raw)", "month": "\(y)-\(m < 10 ? "0" : "")\(m)", "days": "\(CivilDate.daysIn(month: m, year: y))",
                                       "y": "\(y)", "m": "\(m)", "d": "\(d)"])
            } else {
                error("E121.noSuchMonth", header, ["raw": "\(raw)", "y": "\(y)", "m": "\(m)", "d": "\(d)"])
            }
        }
        return nil
    }

    mutating func score(_ header: String) -> Score? {
        let raw = text(header)
        guard !raw.isEmpty else { return nil }
        guard let score = Score.parse(raw) else {
            error("E130", header, ["raw": "\(raw)"])
            return nil
        }
        return score
    }

    mutating func year(_ header: String = "年度") -> Int? {
        guard let raw = required(header) else { return nil }
        let digits = raw.hasSuffix("年") ? String(raw.dropLast()) : raw
        guard digits.count == 4, digits.allSatisfy({ $0.asciiDigitValue != nil }), let y = Int(digits), (2000...2999).contains(y) else {
            error("E160", header, ["raw": "\(raw)"])
            return nil
        }
        return y
    }

    mutating func grade(_ header: String) -> Grade? {
        let raw = text(header)
        guard !raw.isEmpty else { return nil }
        guard let grade = Grade(letter: raw) else {
            error("E140", header,
                  ["raw": "\(raw)"])
            return nil
        }
        return grade
    }

    mutating func yesNo(_ header: String) -> Bool? {
        guard let raw = required(header) else { return nil }
        switch raw {
        case "是", "Y", "y", "1": return true
        case "否", "N", "n", "0": return false
        default:
            error("E001.neitherNor", header, ["raw": "\(raw)"])
            return nil
        }
    }

    mutating func oneOf<T: RawRepresentable>(_ header: String, _ type: T.Type) -> T? where T: CaseIterable, T.RawValue == String {
        guard let raw = required(header) else { return nil }
        guard let value = T(rawValue: raw) else {
            let options = T.allCases.map(\.rawValue).joined(separator: "、")
            error("E001.one", header, ["raw": "\(raw)", "options": "\(options)"])
            return nil
        }
        return value
    }
}

/// Header → field, for every row of one file. Keyed by the headers' bytes as gongshi spells them (`CSVFormat`),
/// to which the file's headers were matched: hashing a Chinese header as a `String` normalizes it first, and
/// that was a tenth of an import's time at millions of rows. A file has a few dozen headers at most: they
/// are compared byte for byte, length first, which costs less than hashing the header asked for.
final class HeaderIndex: Sendable {
    private let headers: [(bytes: [UInt8], field: Int)]

    init(_ fields: [String: Int]) {
        headers = fields.map { (Array($0.key.utf8), $0.value) }
    }

    subscript(header: String) -> Int? {
        var header = header
        return header.withUTF8 { wanted in
            for (bytes, field) in headers where bytes.count == wanted.count {
                if wanted.isEmpty || bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, wanted.baseAddress!, wanted.count) == 0 }) { return field }
            }
            return nil
        }
    }

    /// The same index in storage of its own (see `CSVImporter.Columns.ownCopy`).
    func ownCopy() -> HeaderIndex { HeaderIndex(Dictionary(uniqueKeysWithValues: headers.map { (String(decoding: $0.bytes, as: UTF8.self), $0.field) })) }
}
