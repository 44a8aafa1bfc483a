/// What 《政府网站发展指引》 asks every page of a government website to say at its foot: who runs it (主办单位), its
/// 网站标识码, its ICP备案编号 (linked to the MIIT's record), its 公安机关备案号 (linked to the MPS's record, with the
/// record's icon), and the 党政机关网站 mark (linked to its certificate). From `[identity]` in config.toml; the icons
/// are the site's own files in `static/`, as the record offices issue them.
public struct SiteIdentity: Sendable, Equatable {
    /// 主办单位.
    public var organiser: String
    /// 网站标识码: ten digits (or `bm` and eight digits for a ministry's site).
    public var siteCode: String = ""
    /// ICP备案编号: `浙ICP备12345678号` or `浙ICP备12345678号-1`.
    public var icp: String = ""
    /// 公安机关备案号: `浙公网安备 33020302000123号`.
    public var police: String = ""
    /// The record's icon, a file in `static/`.
    public var policeIcon: String = ""
    /// The 党政机关网站 mark's certificate id at bszs.conac.cn, and its image in `static/`.
    public var conacID: String = ""
    public var conacIcon: String = ""

    public init(organiser: String) { self.organiser = organiser }

    /// The MIIT's record search, where an ICP number links.
    public static let icpRecord = "https://beian.miit.gov.cn/"

    /// The MPS's record of the site, by the number's fourteen digits.
    public var policeRecord: String? {
        let digits = police.filter { $0.isASCII && $0.isNumber }
        return digits.count == 14 ? "https://beian.mps.gov.cn/#/query/webSearch?code=" + digits : nil
    }

    /// The 党政机关网站 certificate.
    public var conacRecord: String? { conacID.isEmpty ? nil : "https://bszs.conac.cn/sitename?method=show&id=" + conacID }

    static let provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

    /// The catalogue key of what is wrong with each setting as written, nil when it is right.
    public static func siteCodeProblem(_ text: String) -> Bool {
        !(text.count == 10 && (text.allSatisfy { $0.isASCII && $0.isNumber }
                               || (text.hasPrefix("bm") && text.dropFirst(2).allSatisfy { $0.isASCII && $0.isNumber })))
    }

    public static func icpProblem(_ text: String) -> Bool {
        text.wholeMatch(of: /(.)ICP备([0-9]{6,9})号(-[0-9]{1,3})?/).map { !provinces.contains($0.output.1) } ?? true
    }

    public static func policeProblem(_ text: String) -> Bool {
        text.wholeMatch(of: /(.)公网安备 ?([0-9]{14})号/).map { !provinces.contains($0.output.1) } ?? true
    }

    public static func conacProblem(_ text: String) -> Bool {
        text.isEmpty || text.count > 64 || !text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
