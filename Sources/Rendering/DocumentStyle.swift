import Model

/// GB/T 9704-2012 as this site issues its documents, from `[documents]` in config.toml: the issuing organ's name
/// (发文机关署名), its marks (发文机关标志: `…文件` on the 公示 and 公布, the organ's name on the 函), the 抄送 and
/// 印发机关 of the 版记, and each year's 发文字号 — numbers the bureau's office assigns, so written in, never made up.
public struct DocumentStyle: Sendable, Equatable {
    /// 发文机关署名.
    public var issuer: String
    /// 发文机关标志 of a 文件格式 document (the 公示 and 公布).
    public var mark: String
    /// 发文机关标志 of a 信函格式 document (the 通报 函).
    public var letterMark: String
    /// 抄送机关 (版记); none: no 抄送 line.
    public var copyTo: [String]
    /// 印发机关 (版记 of a 文件格式 document).
    public var printedBy: String
    /// 发文字号 by year and kind; a document without one has none (and the build says so).
    public var numbers: [Int: [DocumentKind: String]]

    public init(issuer: String, mark: String? = nil, letterMark: String? = nil, copyTo: [String] = [], printedBy: String? = nil,
                numbers: [Int: [DocumentKind: String]] = [:]) {
        self.issuer = issuer
        self.mark = mark ?? issuer + "文件"
        self.letterMark = letterMark ?? issuer
        self.copyTo = copyTo
        self.printedBy = printedBy ?? issuer + "办公室"
        self.numbers = numbers
    }

    /// A site's documents as the publisher issues them, with nothing configured.
    public static func standard(publisher: String) -> DocumentStyle { DocumentStyle(issuer: publisher) }

    public func number(_ year: Int, _ kind: DocumentKind) -> String? { numbers[year]?[kind] }
}

/// The documents a year's results are issued in (Art. 13–14).
public enum DocumentKind: String, Sendable, CaseIterable, Hashable {
    /// 公示: the results under notice.
    case notice
    /// 公布: the final results.
    case final
    /// 通报: the 函 to the departments the results are shared with.
    case circular

    /// The key of its 发文字号 under `[documents.YEAR]`.
    public var numberKey: String { rawValue + "_number" }

    /// GB/T 9704 §10.1: a 函 is in 信函格式; the notices in 文件格式.
    public var isLetter: Bool { self == .circular }
}

/// 发文字号 (GB/T 9704 §7.2.5): 机关代字, the year in full inside 六角括号, the number without 第 and without
/// leading zeros, then 号 — `甬环发〔2026〕3号`.
public enum DocumentNumber {
    /// The catalogue key of what is wrong with `text` as a 发文字号 (the phrase a message names); nil when it is one.
    public static func problem(_ text: String) -> String? {
        let scalars = Array(text)
        if text.contains(where: \.isWhitespace) { return "E400.documentNumber.space" }
        if text.contains(where: { "[]［］【】()（）{}".contains($0) }) || !text.contains("〔") || !text.contains("〕") {
            return "E400.documentNumber.brackets"
        }
        guard let open = scalars.firstIndex(of: "〔"), let close = scalars.firstIndex(of: "〕"), open < close else {
            return "E400.documentNumber.brackets"
        }
        if open == 0 { return "E400.documentNumber.agency" }
        let year = String(scalars[(open + 1)..<close])
        guard year.count == 4, year.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(year), (1949...2999).contains(y) else {
            return "E400.documentNumber.year"
        }
        let rest = String(scalars[(close + 1)...])
        guard rest.hasSuffix("号") else { return "E400.documentNumber.hao" }
        let digits = String(rest.dropLast())
        if digits.hasPrefix("第") { return "E400.documentNumber.di" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "E400.documentNumber.digits" }
        if digits.hasPrefix("0") { return "E400.documentNumber.zero" }
        return nil
    }
}
