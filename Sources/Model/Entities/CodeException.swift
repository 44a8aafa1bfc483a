/// A code that fails the GB 32100-2015 check but is real, accepted because the bureau listed it (published).
public struct CodeException: Sendable, Hashable {
    public var origin: Origin
    public var code: UnifiedSocialCreditCode
    public var explanation: String
    public var confirmedOn: CivilDate

    public init(origin: Origin, code: UnifiedSocialCreditCode, explanation: String, confirmedOn: CivilDate) {
        self.origin = origin; self.code = code; self.explanation = explanation; self.confirmedOn = confirmedOn
    }
}

extension CodeException {
    /// `code-exceptions.csv` and the `code_exception` table: accepted only when listed, and the list is published.
    public static let entity = Entity<CodeException>(
        file: "code-exceptions.csv", title: "统一社会信用代码例外清单", table: "code_exception", tableTitle: "统一社会信用代码例外清单", fields: [
            .agencyCode(en: "18 characters of the code alphabet whose check character alone is wrong (E105 otherwise)", column: "code") { $0.code },
            .required("说明", .text, "为何该代码校验位不符但真实有效，将公开", en: "why the code is real (e.g. 营业执照所载代码，经登记机关书面确认), published", column: "explanation") { $0.explanation },
            .required("确认日期", .date, "登记机关或本局确认之日", en: "when it was confirmed", column: "confirmed_on") { $0.confirmedOn },
            .sourceLine { $0.origin.line },
        ])
}

extension CodeException {
    /// Only a code of the right form whose check character alone is wrong can be an exception.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        guard let raw = row.required("统一社会信用代码") else { return }
        let explanation = row.required("说明")
        let confirmed = row.date("确认日期")
        switch UnifiedSocialCreditCode.validate(raw) {
        case .success:
            row.error("E105.needsNoException", "统一社会信用代码", ["raw": "\(raw)"])
        case .failure(.wrongCheckCharacter):
            break
        case .failure:
            row.error("E105.notCodeAlphabet", "统一社会信用代码",
                      ["raw": "\(raw)"])
        }
        guard row.problems.isEmpty, let explanation, let confirmed else { return }
        data.published.codeExceptions.append(CodeException(origin: row.origin, code: UnifiedSocialCreditCode(unchecked: raw),
                                                           explanation: explanation, confirmedOn: confirmed))
    }
}

extension CodeException {
    /// Read back from the `code_exception` table. The code is taken as it is: an exception is a code whose check
    /// character fails.
    public static func read(_ f: inout some StoredRow) -> CodeException {
        CodeException(origin: f.origin, code: UnifiedSocialCreditCode(unchecked: f.string("code")), explanation: f.string("explanation"),
                      confirmedOn: f.date("confirmed_on"))
    }
}
