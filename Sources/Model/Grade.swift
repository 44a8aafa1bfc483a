/// Art. 11: credit-risk grades, A (lowest risk) to D by ranked total score, E for serious dishonesty.
public enum Grade: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case a = "A", b = "B", c = "C", d = "D", e = "E"

    /// Half-width capitals only: `a`, `F` and full-width `Ｅ` are rejected so a typo cannot become a grade.
    public init?(letter: String) {
        guard let grade = Grade(rawValue: letter.trimmingWhitespace()) else { return nil }
        self = grade
    }

    /// The four grades decided by ranking (Art. 11); E is never ranked.
    public static let ranked: [Grade] = [.a, .b, .c, .d]

    /// Order of risk: A < B < C < D < E.
    public static func < (x: Grade, y: Grade) -> Bool { x.order < y.order }
    public var order: Int { Grade.allCases.firstIndex(of: self)! }

    public var letter: String { rawValue }

    /// `A级`, `E级（严重失信）` — how the measures name each grade.
    public var chineseName: String { self == .e ? "E级（严重失信）" : "\(rawValue)级" }

    /// Art. 11, 16, 17 and 20: what the grade means for the agency, in the measures' words: for government
    /// procurement, licensing, funding and awards (Art. 16, 20), and for inspections (Art. 17).
    public var meaning: String {
        switch self {
        case .a: return "失信风险低。\(Self.favoured)免于现场检查（第十七条）。"
        case .b: return "失信风险较低。\(Self.favoured)现场抽查比例不超过10%（第十七条）。"
        case .c: return "失信风险一般。\(Self.notFavoured)现场抽查比例不超过50%（第十七条）。"
        case .d: return "失信风险较高。\(Self.notFavoured)现场检查比例为100%（第十七条）。"
        case .e: return "严重失信。依法限制参与政府采购活动，撤销信用评定期内授予的相关奖项、奖章、荣誉称号（第二十条）；现场检查比例为100%并增加检查频次（第十七条）。"
        }
    }

    static let favoured = "政府采购中可优先选择，办理行政许可事项提供便捷服务，优先安排科技项目立项、专项资金或其他资金补助，表彰奖励中优先授予荣誉称号（第十六条）；"
    static let notFavoured = "不适用第十六条政府采购、资金补助和表彰奖励的优先措施；"
}

/// Art. 2: the seven categories of monitoring service (一 … 七).
public enum ServiceCategory: Int, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case one = 1, two, three, four, five, six, seven

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var numeral: String { ChineseNumeral.numerals[rawValue - 1] }

    /// The wording of Art. 2, clause by clause.
    public var title: String {
        switch self {
        case .one: return "市区两级生态环境部门采取政府采购方式委托的监测和运营维护"
        case .two: return "排污单位污染源自行监测"
        case .three: return "土壤污染状况调查监测"
        case .four: return "环境影响评价现状监测、建设项目竣工环境保护验收监测"
        case .five: return "环境质量自动监测设备和污染源自动监测设备的运营维护"
        case .six: return "企事业单位排污状况自主调查监测、清洁生产审核监测、环境管理体系认证监测"
        case .seven: return "国家和本市生态环境部门要求企事业单位开展的其他监测和运营维护"
        }
    }

    /// A short label for table cells and filters.
    public var shortTitle: String {
        switch self {
        case .one: return "政府委托监测运维"
        case .two: return "污染源自行监测"
        case .three: return "土壤污染状况调查"
        case .four: return "环评现状及验收监测"
        case .five: return "自动监测设备运维"
        case .six: return "企事业自主调查监测"
        case .seven: return "其他监测和运维"
        }
    }

    public init?(numeral text: String) {
        guard let n = ChineseNumeral.parse(text), let c = ServiceCategory(rawValue: n) else { return nil }
        self = c
    }
}

/// Art. 12: the seven situations that make an agency E at once, revoking the grade it holds.
public enum SeriousDishonestyTrigger: Int, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case one = 1, two, three, four, five, six, seven

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var numeral: String { ChineseNumeral.numerals[rawValue - 1] }

    /// The wording of Art. 12, clause by clause.
    public var wording: String {
        switch self {
        case .one: return "经司法生效判决认定构成环境犯罪的"
        case .two: return "被列入政府采购严重违法失信行为记录，在禁入期限内的"
        case .three: return "以欺骗、贿赂等不正当手段取得生态环境保护行政许可，被依法撤销的"
        case .four: return "出具虚假监测数据（结果），受到处罚的"
        case .five: return "拒不接受市区两级生态环境部门监督检查，受到行政处罚，逾期不履行行政处罚决定的"
        case .six: return "在生态环境监测社会化服务活动中违反生态环境保护相关法律法规规定，受到行政处罚，逾期不履行行政处罚决定的"
        case .seven: return "法律、法规规定的应当列入严重失信名单的其他情形"
        }
    }

    public init?(numeral text: String) {
        guard let n = ChineseNumeral.parse(text), let t = SeriousDishonestyTrigger(rawValue: n) else { return nil }
        self = t
    }
}

/// Clause numbers as the measures write them: 一 … 七, also accepted as 1 … 7 or （一）.
public enum ChineseNumeral {
    public static let numerals = ["一", "二", "三", "四", "五", "六", "七"]

    public static func parse(_ text: String) -> Int? {
        var t = text.trimmingWhitespace()
        for (open, close) in [("（", "）"), ("(", ")")] where t.hasPrefix(open) && t.hasSuffix(close) {
            t = String(t.dropFirst().dropLast()).trimmingWhitespace()
        }
        if let i = numerals.firstIndex(of: t) { return i + 1 }
        if t.count == 1, let d = t.first?.asciiDigitValue, (1...7).contains(d) { return d }
        return nil
    }
}

/// Art. 20: forms of warning. Only a public circular (公开通报) is ever published.
public enum WarningForm: String, Sendable, Hashable, CaseIterable, Codable {
    case writtenNotice = "书面告知"
    case interview = "约见谈话"
    case publicCircular = "公开通报"

    public var isPublic: Bool { self == .publicCircular }
}

/// Art. 13: the outcome of reviewing an objection.
public enum ObjectionDecision: String, Sendable, Hashable, CaseIterable, Codable {
    case pending = "待复核"
    case kept = "维持"
    case corrected = "更正"
    case rejected = "不予受理"
}

/// Art. 5: the status of an agency's filing with the bureau.
public enum FilingStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case valid = "有效"
    case cancelled = "已注销"
}
