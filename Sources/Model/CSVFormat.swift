/// A column of a data file, by the Chinese header a bureau clerk writes.

public struct CSVColumn: Sendable {
    public var header: String
    public var required: Bool
    /// What goes in it, in Chinese: `gongshi help data-format`, `gongshi check` messages, the template's prompts.
    public var doc: String
    /// The same in English.
    public var en: String
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

    public var kind: Kind

    public init(header: String, required: Bool, doc: String, en: String = "", kind: Kind, isInternal: Bool = false) {
        self.header = header; self.required = required; self.doc = doc; self.en = en; self.kind = kind; self.isInternal = isInternal
    }

    /// A column that holds the name of an agency, an authority or a person: a full-width space inside one is
    /// an input method's slip (W031), where in a summary it may be meant.
    public var holdsName: Bool {
        header.hasSuffix("名称") || header.hasSuffix("机关") || header.hasSuffix("单位") || ["法定代表人", "姓名", "异议人", "联系人"].contains(header)
    }

    /// What a header's cells hold, wherever the header appears (a data file, a report): as the entities
    /// declare it, and for a header no entity has, a date when it names one.
    public static func kind(of header: String) -> Kind {
        if let kind = declaredKinds[header] { return kind }
        return header.hasSuffix("日期") ? .date : .text
    }

    static let declaredKinds: [String: Kind] = Dictionary(CSVFormat.all.flatMap(\.columns).map { ($0.header, $0.kind) }, uniquingKeysWith: { a, _ in a })
}

/// One data file of a site's `data/` folder: one file per entity.
public struct CSVFormat: Sendable {
    public var file: String
    public var title: String
    public var requiredFile: Bool
    public var columns: [CSVColumn]

    public var headers: [String] { columns.map(\.header) }
    /// The name of its sheet in a workbook: the title without its bracketed note (`监测报告编号`).
    public var sheetName: String { String(title.prefix { $0 != "（" }) }
    /// The headers of the columns whose values no message may repeat.
    public var internalHeaders: Set<String> { Set(columns.filter(\.isInternal).map(\.header)) }
}

extension CSVFormat {
    // Each data file is declared with its entity, in `Entities/`.
    public static let agencies = Agency.entity.format
    public static let filings = Filing.entity.format
    public static let qualifications = Qualification.entity.format
    public static let qualificationScope = ScopeItem.entity.format
    public static let keyPersonnel = KeyPerson.entity.format
    public static let evaluations = EvaluationRecord.entity.format
    public static let seriousDishonesty = SeriousDishonestyEvent.entity.format
    public static let badRecords = BadRecord.entity.format
    public static let warnings = WarningRecord.entity.format
    public static let objections = Objection.entity.format
    public static let publicationStages = PublicationStage.entity.format
    public static let codeExceptions = CodeException.entity.format
    public static let infoChanges = InfoChange.entity.format
    public static let reportNumbers = ReportNumber.entity.format
    public static let inspectors = Inspector.entity.format
    public static let inspectionDraws = InspectionDraw.entity.format
    public static let inspections = InspectionOutcome.entity.format

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
