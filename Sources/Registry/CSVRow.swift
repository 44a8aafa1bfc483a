/// One data row being read: typed getters that record a diagnostic, with its fix, for every bad value.
struct CSVRow {
    let origin: Origin
    let cells: [String: String]
    var problems: [Diagnostic] = []
    /// Codes listed in code-exceptions.csv: accepted although their check character is wrong.
    var acceptedCodes: Set<String> = []

    init(origin: Origin, cells: [String: String]) {
        self.origin = origin
        self.cells = cells
    }

    func text(_ header: String) -> String { cells[header]?.trimmingWhitespace() ?? "" }

    func optionalText(_ header: String) -> String? {
        let t = text(header)
        return t.isEmpty ? nil : t
    }

    mutating func error(_ code: String, _ header: String, _ message: String, fix: String) {
        problems.append(Diagnostic(.error, code: code, at: origin.at(header), message, fix: fix))
    }

    mutating func required(_ header: String) -> String? {
        let t = text(header)
        if t.isEmpty {
            error("E001", header, "\(header) is empty", fix: "fill in \(header); it is required")
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
            let hint: String
            if ch.isLowercase { hint = "write letters as capitals (\(raw.uppercased()))" }
            else if ch.unicodeScalars.first.map({ (0xFF01...0xFF5E).contains($0.value) || $0.value == 0x3000 }) == true {
                hint = "replace the full-width character '\(ch)' with its half-width form"
            } else { hint = "codes use only digits and the capitals 0-9 A-H J-N P-R T U W-Y" }
            error("E101", header, "'\(raw)' has '\(ch)' at position \(position), which no unified social credit code contains", fix: hint)
        case .failure(.wrongLength(let n)):
            error("E102", header, "'\(raw)' has \(n) characters; a unified social credit code has 18", fix: "copy the code again from the business licence")
        case .failure(.missingCheckCharacter(let expected)):
            error("E103", header, "'\(raw)' has 17 characters: the check character is missing; the full code would be \(raw)\(expected)",
                  fix: "add the check character \(expected) if the licence shows \(raw)\(expected)")
        case .failure(.wrongCheckCharacter) where acceptedCodes.contains(raw):
            return UnifiedSocialCreditCode(unchecked: raw)
        case .failure(.wrongCheckCharacter(let found, let expected)):
            error("E104", header, "'\(raw)' ends in check character \(found) but the first 17 characters give \(expected) (GB 32100-2015)",
                  fix: "check the code against the business licence; a code ending in \(expected) would be valid. A real legacy code is accepted only when listed in code-exceptions.csv")
        }
        return nil
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
            error("E120", header, "'\(raw)' is not a date", fix: "write the date as YYYY-MM-DD, e.g. 2025-03-01")
        case .failure(.doesNotExist(let y, let m, let d)):
            let last = (1...12).contains(m) ? " (\(y)-\(m < 10 ? "0" : "")\(m) has \(CivilDate.daysIn(month: m, year: y)) days)" : ""
            error("E121", header, "'\(raw)' is a date that does not exist\(last)", fix: "correct the day or month; \(y)-\(m)-\(d) is not on the calendar")
        }
        return nil
    }

    mutating func score(_ header: String) -> Score? {
        let raw = text(header)
        guard !raw.isEmpty else { return nil }
        guard let score = Score.parse(raw) else {
            error("E130", header, "'\(raw)' is not a score", fix: "write a plain number with at most two decimals, e.g. 18.5")
            return nil
        }
        return score
    }

    mutating func year(_ header: String = "年度") -> Int? {
        guard let raw = required(header) else { return nil }
        let digits = raw.hasSuffix("年") ? String(raw.dropLast()) : raw
        guard digits.count == 4, digits.allSatisfy({ $0.asciiDigitValue != nil }), let y = Int(digits), (2000...2999).contains(y) else {
            error("E160", header, "'\(raw)' is not a year", fix: "write the four-digit year, e.g. 2025")
            return nil
        }
        return y
    }

    mutating func grade(_ header: String) -> Grade? {
        let raw = text(header)
        guard !raw.isEmpty else { return nil }
        guard let grade = Grade(letter: raw) else {
            error("E140", header, "'\(raw)' is not a grade; grades are the capital letters A, B, C, D and E (Art. 11)",
                  fix: "write one of A B C D (half-width capitals), or leave it empty to grade by ranking")
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
            error("E001", header, "'\(raw)' is neither 是 nor 否", fix: "write 是 or 否")
            return nil
        }
    }

    mutating func oneOf<T: RawRepresentable>(_ header: String, _ type: T.Type) -> T? where T: CaseIterable, T.RawValue == String {
        guard let raw = required(header) else { return nil }
        guard let value = T(rawValue: raw) else {
            let options = T.allCases.map(\.rawValue).joined(separator: "、")
            error("E001", header, "'\(raw)' is not one of \(options)", fix: "write one of \(options)")
            return nil
        }
        return value
    }
}
