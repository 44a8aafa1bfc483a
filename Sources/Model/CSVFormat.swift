/// A column of a data file, by the Chinese header a bureau clerk writes.

public struct CSVColumn: Sendable {
    public var header: String
    public var required: Bool
    /// What goes in it, for docs/data-format.md and `gongshi check` messages.
    public var doc: String
    /// Never published (in some rows, for warnings), and never repeated in a message either (identity numbers,
    /// phones, objectors, report numbers and their codes, inspectors, the warnings that are not public): a
    /// message about such a cell says where it is and what is wrong, not what it holds, since messages reach
    /// consoles, CI logs and `--json` readers.
    public var isInternal = false

    /// What a spreadsheet cell of this column must hold, for reading workbooks and naming spreadsheet mistakes.
    public enum Kind: Sendable {
        /// Codes and numbers that are names, not quantities: every digit counts, so a spreadsheet must keep them as text.
        case identifier
        case date
        /// Scores and years.
        case number
        /// 是 or 否.
        case flag
        case text
    }

    public var kind: Kind { CSVColumn.kind(of: header) }

    static let identifiers: Set<String> = ["统一社会信用代码", "证书编号", "备案编号", "执法证号", "身份证号码", "联系电话", "联系方式",
                                           "报告编号", "验证码", "随机种子", "认定文号", "决定文书号", "文号", "通报文号",
                                           "决定机关统一社会信用代码", "数据来源单位统一社会信用代码"]
    static let numbers: Set<String> = ["年度", "基本素质", "业务执行", "经营管理", "诚信记录", "总分", "罚款金额（万元）", "没收金额（万元）"]
    static let flags: Set<String> = ["是否纳入评价", "逾期受理"]

    public static func kind(of header: String) -> Kind {
        if identifiers.contains(header) { return .identifier }
        if numbers.contains(header) { return .number }
        if flags.contains(header) { return .flag }
        if header.hasSuffix("日期") || header == "有效期至" || header == "处罚有效期" { return .date }
        return .text
    }
}

/// One data file of a site's `data/` folder: one file per entity.
public struct CSVFormat: Sendable {
    public var file: String
    public var title: String
    public var requiredFile: Bool
    public var columns: [CSVColumn]

    public var headers: [String] { columns.map(\.header) }
    /// The headers of the columns whose values no message may repeat.
    public var internalHeaders: Set<String> { Set(columns.filter(\.isInternal).map(\.header)) }
}

extension CSVFormat {
    static func req(_ header: String, _ doc: String) -> CSVColumn { CSVColumn(header: header, required: true, doc: doc) }
    static func opt(_ header: String, _ doc: String) -> CSVColumn { CSVColumn(header: header, required: false, doc: doc) }
    /// An internal column (`CSVColumn.isInternal`).
    static func unpublished(_ column: CSVColumn) -> CSVColumn {
        var column = column
        column.isInternal = true
        return column
    }
    static let codeColumn = req("统一社会信用代码", "18 位，含校验位（GB 32100-2015）")

    public static let agencies = CSVFormat(file: "agencies.csv", title: "机构", requiredFile: true, columns: [
        codeColumn,
        req("机构名称", "全称"),
        req("所在区县", "宁波市的区（县、市），如 鄞州区"),
        req("地址", "经营场所地址"),
        req("法人性质", "如 企业法人、事业单位法人"),
        req("法定代表人", "姓名（公开）"),
        req("服务类别", "第二条的一至七，用顿号分隔，如 一、二、五"),
        unpublished(opt("联系人", "内部，不公开")),
        unpublished(opt("联系电话", "内部，不公开")),
    ])

    public static let filings = CSVFormat(file: "filings.csv", title: "备案", requiredFile: false, columns: [
        codeColumn,
        req("备案编号", "备案登记表编号"),
        req("备案日期", "如 2024-03-01"),
        req("备案状态", "有效 或 已注销"),
    ])

    public static let qualifications = CSVFormat(file: "qualifications.csv", title: "资质认定证书", requiredFile: false, columns: [
        req("证书编号", "检验检测机构资质认定证书编号，12 位数字"),
        codeColumn,
        req("发证机关", "如 浙江省市场监督管理局"),
        req("发证日期", "如 2023-05-10"),
        req("有效期至", "如 2029-05-09"),
    ])

    public static let qualificationScope = CSVFormat(file: "qualification-scope.csv", title: "资质认定范围", requiredFile: false, columns: [
        req("证书编号", "qualifications.csv 中的证书编号"),
        req("环境要素", "如 水和废水、环境空气和废气、土壤和沉积物、噪声"),
        req("检测项目", "如 化学需氧量"),
        opt("方法标准", "如 HJ 828-2017"),
    ])

    public static let keyPersonnel = CSVFormat(file: "key-personnel.csv", title: "关键岗位人员（内部）", requiredFile: false, columns: [
        codeColumn,
        req("岗位", "法定代表人、最高管理者、技术负责人 或 授权签字人"),
        unpublished(req("姓名", "内部，不公开")),
        unpublished(req("身份证号码", "18 位，含校验位（GB 11643-1999）；内部，不公开")),
        unpublished(opt("联系电话", "内部，不公开")),
    ])

    public static let evaluations = CSVFormat(file: "evaluations.csv", title: "信用评价", requiredFile: false, columns: [
        req("年度", "评价周期（自然年），如 2025"),
        codeColumn,
        req("是否纳入评价", "是 或 否（当年未在本市开展业务为 否，第八条）"),
        opt("基本素质", "得分，最多两位小数"),
        opt("业务执行", "得分"),
        opt("经营管理", "得分"),
        opt("诚信记录", "得分"),
        opt("总分", "四项之和；留空则自动求和"),
        opt("评定等级", "A–D；留空则按排名评定；填写则核对是否与排名一致"),
        opt("不予评定原因", "不予评定等级时填写（第八条），将公示"),
    ])

    public static let seriousDishonesty = CSVFormat(file: "serious-dishonesty.csv", title: "严重失信行为（E级）", requiredFile: false, columns: [
        codeColumn,
        req("情形", "第十二条的一至七"),
        req("认定日期", "核实确认之日，自该日起为 E 级"),
        req("认定文号", "如 甬环罚〔2025〕12号"),
        req("认定机关", "如 宁波市生态环境局"),
        req("事实摘要", "公开的简要事实"),
        opt("解除日期", "依法解除时填写"),
    ])

    public static let badRecords = CSVFormat(file: "bad-records.csv", title: "不良记录", requiredFile: false, columns: [
        codeColumn,
        req("类别", "如 行政处罚"),
        req("决定文书号", "如 甬环罚〔2025〕8号"),
        req("决定机关", "如 宁波市生态环境局"),
        req("决定日期", "如 2025-04-02"),
        req("内容", "公开的违法事实和处理结果摘要"),
        opt("公示截止日期", "留空则按配置的默认公示期"),
        opt("信用修复日期", "信用修复（第十五条）完成之日，自该日起不再公示"),
        // The 双公示 fields of an administrative penalty, shared with the credit platforms as they name them.
        opt("违法行为类型", "共享用（行政处罚）：如 超标排放"),
        opt("违法事实", "共享用（行政处罚）：违法事实全文；公开的摘要写在“内容”"),
        opt("处罚依据", "共享用（行政处罚）：如《中华人民共和国大气污染防治法》第九十九条"),
        opt("处罚类别", "共享用（行政处罚）：如 罚款；警告、没收违法所得"),
        opt("处罚内容", "共享用（行政处罚）：如 罚款人民币贰万元整"),
        opt("罚款金额（万元）", "共享用：以万元计的数字，最多六位小数，如 2 或 0.5"),
        opt("没收金额（万元）", "共享用：没收违法所得、没收非法财物的金额，以万元计"),
        opt("暂扣或吊销证照", "共享用：暂扣或吊销的证照名称及编号"),
        opt("处罚有效期", "共享用：处罚的有效期，如 2026-04-01；不填则为公示截止日期"),
        opt("决定机关统一社会信用代码", "共享用：决定机关的统一社会信用代码；本局作出的可不填（用 config.toml 的 publisher_code）"),
        opt("数据来源单位", "他机关作出的记录（经营异常名录、失信被执行人等）的提供单位；不填则为决定机关"),
        opt("数据来源单位统一社会信用代码", "数据来源单位的统一社会信用代码"),
    ])

    public static let warnings = CSVFormat(file: "warnings.csv", title: "警示（第二十条）", requiredFile: false, columns: [
        codeColumn,
        req("警示形式", "书面告知、约见谈话 或 公开通报；仅公开通报公开"),
        req("日期", "如 2025-06-18"),
        // Internal in the rows of 书面告知 and 约见谈话: withheld from messages in every row, since a cell's
        // message is made before its row's form is known.
        unpublished(opt("文号", "公开通报的文号")),
        unpublished(req("内容", "事由")),
    ])

    public static let objections = CSVFormat(file: "objections.csv", title: "异议（第十三条）", requiredFile: false, columns: [
        req("年度", "被异议的评价年度"),
        codeColumn,
        unpublished(req("异议人", "内部，不公开")),
        unpublished(opt("联系方式", "内部，不公开")),
        req("提出日期", "如 2026-02-10"),
        req("复核结果", "待复核、维持、更正 或 不予受理"),
        opt("更正后等级", "复核结果为 更正 时填写 A–D"),
        opt("复核日期", "复核完成之日"),
        opt("逾期受理", "公示期外提出但经同意受理的填 是；否则公示期外的异议为错误"),
    ])

    public static let publicationStages = CSVFormat(file: "publication-stages.csv", title: "公示与公布", requiredFile: false, columns: [
        req("年度", "评价年度"),
        req("公示开始日期", "公示期第一天"),
        req("公示截止日期", "公示期最后一天（异议截止）"),
        req("公布日期", "公示和异议处理结束后正式公布之日"),
    ])

    /// Codes that fail the GB 32100-2015 check but are real (legacy registrations): accepted only when
    /// listed here, and the list is published.
    public static let codeExceptions = CSVFormat(file: "code-exceptions.csv", title: "统一社会信用代码例外清单", requiredFile: false, columns: [
        codeColumn,
        req("说明", "为何该代码校验位不符但真实有效，将公开"),
        req("确认日期", "登记机关或本局确认之日"),
    ])

    public static let infoChanges = CSVFormat(file: "info-changes.csv", title: "信息变更（第七条，内部）", requiredFile: false, columns: [
        codeColumn,
        req("变更事项", "名称、地址、法人性质、关键岗位人员 或 资质范围"),
        req("变更日期", "事项实际变更之日"),
        opt("办理日期", "在监管系统办理变更之日；尚未办理则留空"),
        opt("变更前名称", "变更事项为“名称”时填写原来的名称；办理后作为曾用名公开，公众用旧名称也能搜到该机构"),
    ])

    public static let reportNumbers = CSVFormat(file: "report-numbers.csv", title: "监测报告编号（第十八条）", requiredFile: false, columns: [
        unpublished(req("报告编号", "监测报告上的编号；内部，不公开")),
        unpublished(req("验证码", "报告上印制的验证码（防伪码），随机的至少 12 位字母或数字（纯数字至少 16 位）；内部，不公开。网站只公开编号与验证码组合的哈希值")),
        codeColumn,
        req("出具日期", "报告出具之日"),
        req("报告类型", "如 监测报告、运维报告"),
    ])

    public static let inspectors = CSVFormat(file: "inspectors.csv", title: "执法检查人员库（第十九条，内部）", requiredFile: false, columns: [
        unpublished(req("执法证号", "唯一")),
        unpublished(req("姓名", "内部，除非配置公开")),
        req("单位", "如 宁波市生态环境局"),
    ])

    public static let inspectionDraws = CSVFormat(file: "inspection-draws.csv", title: "双随机抽查（第十七条、第十九条）", requiredFile: false, columns: [
        req("年度", "按哪一年度的评价结果分级抽查"),
        req("随机种子", "抽取前公布的随机种子（任意文字）"),
        req("种子公布日期", "种子公布之日，应早于抽取日期"),
        req("抽取日期", "抽取之日：按该日有效的等级分级"),
    ])

    public static let inspections = CSVFormat(file: "inspections.csv", title: "检查结果（一公开）", requiredFile: false, columns: [
        req("年度", "抽查所属年度"),
        codeColumn,
        req("检查日期", "现场检查之日"),
        req("检查结果", "如 未发现问题、责令整改"),
        opt("通报文号", "公开通报的文号，无则留空"),
    ])

    /// Every data file gongshi reads, in the order they are loaded (exceptions first: they decide which codes are valid).
    public static let all: [CSVFormat] = [
        codeExceptions, agencies, filings, qualifications, qualificationScope, keyPersonnel, evaluations,
        seriousDishonesty, badRecords, warnings, objections, publicationStages, infoChanges, reportNumbers,
        inspectors, inspectionDraws, inspections,
    ]
}

/// Site rules the data is checked against; they come from the site's configuration.
public struct RegistryRules: Sendable {
    /// The districts (区县市) an agency may be in.
    public var districts: [String]
    /// Art. 9: each evaluation year's indicator system (the highest score of each indicator).
    public var indicators: IndicatorSystems

    public init(districts: [String], indicators: IndicatorSystems = .default) {
        self.districts = districts
        self.indicators = indicators
    }

    /// Ningbo's ten county-level divisions.
    public static let ningboDistricts = ["海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区", "余姚市", "慈溪市", "宁海县", "象山县"]
    public static let ningbo = RegistryRules(districts: ningboDistricts)
}
