import Foundation
import Messages

/// Where a record came from: the CSV file and line, or the registry table and the line it was imported from.
public struct Origin: Sendable, Hashable {
    public var file: String
    /// The workbook sheet the row is on, when it came from a workbook.
    public var sheet: String?
    public var line: Int?
    /// Header → 1-based column index, so a message can name the column as the clerk sees it.
    public var columns: [String: Int]

    public init(file: String, sheet: String? = nil, line: Int?, columns: [String: Int] = [:]) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.columns = columns
    }

    public func at(_ field: String) -> SourceLocation {
        SourceLocation(file: file, sheet: sheet, line: line, column: columns[field], field: field)
    }

    public var location: SourceLocation { SourceLocation(file: file, sheet: sheet, line: line) }

    /// The same origin in storage of its own, for rows made on another core (see `CSVImporter.Columns.ownCopy`).
    package func ownCopy() -> Origin {
        Origin(file: String(decoding: Array(file.utf8), as: UTF8.self), sheet: sheet.map { String(decoding: Array($0.utf8), as: UTF8.self) },
               line: line, columns: columns.ownCopy())
    }
}

/// Art. 5–7: an agency filed with the bureau. Every field here is public.
public struct Agency: Sendable, Hashable {
    public var origin: Origin
    public var code: UnifiedSocialCreditCode
    public var name: String
    public var district: String
    public var address: String
    public var legalNature: String
    public var legalRepresentative: String
    /// Art. 2: the service categories the agency offers, in order 一 … 七.
    public var serviceCategories: [ServiceCategory]

    public init(origin: Origin, code: UnifiedSocialCreditCode, name: String, district: String, address: String,
                legalNature: String, legalRepresentative: String, serviceCategories: [ServiceCategory]) {
        self.origin = origin; self.code = code; self.name = name; self.district = district; self.address = address
        self.legalNature = legalNature; self.legalRepresentative = legalRepresentative; self.serviceCategories = serviceCategories
    }
}

/// Internal: the agency's contact for the bureau. Never published.
public struct AgencyContact: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var person: String
    public var phone: String

    package init(origin: Origin, agency: UnifiedSocialCreditCode, person: String, phone: String) {
        self.origin = origin
        self.agency = agency
        self.person = person
        self.phone = phone
    }
}

/// Art. 6: the filing (备案) with the bureau.
public struct Filing: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var number: String
    public var filedOn: CivilDate
    public var status: FilingStatus

    package init(origin: Origin, agency: UnifiedSocialCreditCode, number: String, filedOn: CivilDate, status: FilingStatus) {
        self.origin = origin
        self.agency = agency
        self.number = number
        self.filedOn = filedOn
        self.status = status
    }
}

/// Art. 6(三): the CMA inspection-body qualification certificate (检验检测机构资质认定证书).
public struct Qualification: Sendable, Hashable {
    public var origin: Origin
    public var certificateNumber: String
    public var agency: UnifiedSocialCreditCode
    public var issuer: String
    public var issuedOn: CivilDate
    public var validUntil: CivilDate

    package init(origin: Origin, certificateNumber: String, agency: UnifiedSocialCreditCode, issuer: String, issuedOn: CivilDate, validUntil: CivilDate) {
        self.origin = origin
        self.certificateNumber = certificateNumber
        self.agency = agency
        self.issuer = issuer
        self.issuedOn = issuedOn
        self.validUntil = validUntil
    }
}

/// One line of a certificate's schedule (附表): what the agency may test, by environmental element.
public struct ScopeItem: Sendable, Hashable {
    public var origin: Origin
    public var certificateNumber: String
    public var element: String
    public var item: String
    public var method: String

    package init(origin: Origin, certificateNumber: String, element: String, item: String, method: String) {
        self.origin = origin
        self.certificateNumber = certificateNumber
        self.element = element
        self.item = item
        self.method = method
    }
}

/// Art. 7: key personnel (关键岗位人员). Internal: names, ID numbers and phones never leave the registry.
public struct KeyPerson: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var role: String
    public var name: String
    public var idNumber: String
    public var phone: String

    public static let roles = ["法定代表人", "最高管理者", "技术负责人", "授权签字人"]

    package init(origin: Origin, agency: UnifiedSocialCreditCode, role: String, name: String, idNumber: String, phone: String) {
        self.origin = origin
        self.agency = agency
        self.role = role
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
    }
}

/// Art. 8–11: one agency's evaluation for one natural year, as recorded by the bureau.
public struct EvaluationRecord: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var agency: UnifiedSocialCreditCode
    /// Art. 8: false when the agency had no business in Ningbo that year; it is then absent from the year's lists.
    public var inScope: Bool
    /// Art. 9: the four indicators.
    public var subScores: SubScores?
    public var total: Score?
    /// A grade given in the input, verified against the ranking.
    public var givenGrade: Grade?
    /// Art. 8: set when the agency is not rated (不予评定), with the public reason.
    public var notRatedReason: String?

    public init(origin: Origin, year: Int, agency: UnifiedSocialCreditCode, inScope: Bool, subScores: SubScores?,
                total: Score?, givenGrade: Grade?, notRatedReason: String?) {
        self.origin = origin; self.year = year; self.agency = agency; self.inScope = inScope; self.subScores = subScores
        self.total = total; self.givenGrade = givenGrade; self.notRatedReason = notRatedReason
    }

    public var isNotRated: Bool { notRatedReason != nil }
}

/// Art. 9: 基本素质, 业务执行, 经营管理, 诚信记录.
public struct SubScores: Sendable, Hashable {
    public var basicQuality: Score
    public var businessExecution: Score
    public var operationManagement: Score
    public var integrityRecord: Score

    public init(basicQuality: Score, businessExecution: Score, operationManagement: Score, integrityRecord: Score) {
        self.basicQuality = basicQuality; self.businessExecution = businessExecution
        self.operationManagement = operationManagement; self.integrityRecord = integrityRecord
    }

    public var sum: Score { basicQuality + businessExecution + operationManagement + integrityRecord }

    public static let titles = ["基本素质", "业务执行", "经营管理", "诚信记录"]
    public var values: [Score] { [basicQuality, businessExecution, operationManagement, integrityRecord] }
}

/// Art. 12: a verified serious-dishonesty event; the agency is E from `verifiedOn`.
public struct SeriousDishonestyEvent: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var trigger: SeriousDishonestyTrigger
    public var verifiedOn: CivilDate
    public var documentNumber: String
    public var authority: String
    public var summary: String
    public var liftedOn: CivilDate?

    public init(origin: Origin, agency: UnifiedSocialCreditCode, trigger: SeriousDishonestyTrigger, verifiedOn: CivilDate,
                documentNumber: String, authority: String, summary: String, liftedOn: CivilDate?) {
        self.origin = origin; self.agency = agency; self.trigger = trigger; self.verifiedOn = verifiedOn
        self.documentNumber = documentNumber; self.authority = authority; self.summary = summary; self.liftedOn = liftedOn
    }
}

/// Art. 10, 14–15: a bad record (不良记录) collected from the credit platforms.
public struct BadRecord: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var kind: String
    public var documentNumber: String
    public var authority: String
    public var decidedOn: CivilDate
    public var content: String
    /// End of the disclosure window when the record states one.
    public var disclosureUntil: CivilDate?
    /// Art. 15: credit repair (信用修复) ends the disclosure from this date.
    public var repairedOn: CivilDate?
    /// What the credit platforms' penalty fields ask beyond the public summary, and who supplied the record.
    public var details: BadRecordDetails

    public init(origin: Origin, agency: UnifiedSocialCreditCode, kind: String, documentNumber: String, authority: String,
                decidedOn: CivilDate, content: String, disclosureUntil: CivilDate?, repairedOn: CivilDate?,
                details: BadRecordDetails = BadRecordDetails()) {
        self.origin = origin; self.agency = agency; self.kind = kind; self.documentNumber = documentNumber
        self.authority = authority; self.decidedOn = decidedOn; self.content = content
        self.disclosureUntil = disclosureUntil; self.repairedOn = repairedOn; self.details = details
    }
}

/// Art. 14: the 行政处罚 fields of the national 双公示 standard that a bad record may carry (optional columns
/// of bad-records.csv), and the source of a record another authority decided (经营异常名录, 失信被执行人).
public struct BadRecordDetails: Sendable, Hashable {
    public var violationType: String?
    public var facts: String?
    public var basis: String?
    public var penaltyKind: String?
    public var penaltyContent: String?
    /// 罚款金额（万元）, as written: a decimal number of ten-thousand yuan.
    public var fine: String?
    public var confiscation: String?
    public var license: String?
    /// 处罚有效期.
    public var validUntil: CivilDate?
    public var authorityCode: String?
    /// 数据来源单位 and its code, when not the bureau and not the deciding authority.
    public var source: String?
    public var sourceCode: String?

    public init(violationType: String? = nil, facts: String? = nil, basis: String? = nil, penaltyKind: String? = nil,
                penaltyContent: String? = nil, fine: String? = nil, confiscation: String? = nil, license: String? = nil,
                validUntil: CivilDate? = nil, authorityCode: String? = nil, source: String? = nil, sourceCode: String? = nil) {
        self.violationType = violationType; self.facts = facts; self.basis = basis; self.penaltyKind = penaltyKind
        self.penaltyContent = penaltyContent; self.fine = fine; self.confiscation = confiscation; self.license = license
        self.validUntil = validUntil; self.authorityCode = authorityCode; self.source = source; self.sourceCode = sourceCode
    }
}

/// Art. 20: a warning. Only public circulars reach the public registry.
public struct WarningRecord: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var form: WarningForm
    public var issuedOn: CivilDate
    public var documentNumber: String
    public var content: String

    package init(origin: Origin, agency: UnifiedSocialCreditCode, form: WarningForm, issuedOn: CivilDate, documentNumber: String, content: String) {
        self.origin = origin
        self.agency = agency
        self.form = form
        self.issuedOn = issuedOn
        self.documentNumber = documentNumber
        self.content = content
    }
}

/// Art. 13: an objection (异议) to a year's result. Who objected is internal (`ObjectorIdentity`).
public struct Objection: Sendable, Hashable {
    public var origin: Origin
    public var id: Int
    public var year: Int
    public var agency: UnifiedSocialCreditCode
    public var filedOn: CivilDate
    public var decision: ObjectionDecision
    public var correctedGrade: Grade?
    public var decidedOn: CivilDate?
    /// Filed outside the notice period but accepted by the bureau all the same.
    public var acceptedLate: Bool

    public init(origin: Origin, id: Int, year: Int, agency: UnifiedSocialCreditCode, filedOn: CivilDate,
                decision: ObjectionDecision, correctedGrade: Grade?, decidedOn: CivilDate?, acceptedLate: Bool = false) {
        self.origin = origin; self.id = id; self.year = year; self.agency = agency; self.filedOn = filedOn
        self.decision = decision; self.correctedGrade = correctedGrade; self.decidedOn = decidedOn; self.acceptedLate = acceptedLate
    }
}

/// Internal: who filed an objection. Never published (Art. 13 protects the objector).
public struct ObjectorIdentity: Sendable, Hashable {
    public var objectionID: Int
    public var objector: String
    public var contact: String

    package init(objectionID: Int, objector: String, contact: String) {
        self.objectionID = objectionID
        self.objector = objector
        self.contact = contact
    }
}

/// Art. 13–14: when a year's results are under notice (公示) and when they are final (公布).
public struct PublicationStage: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var noticeStart: CivilDate
    public var noticeEnd: CivilDate
    public var finalOn: CivilDate

    public init(origin: Origin, year: Int, noticeStart: CivilDate, noticeEnd: CivilDate, finalOn: CivilDate) {
        self.origin = origin; self.year = year; self.noticeStart = noticeStart; self.noticeEnd = noticeEnd; self.finalOn = finalOn
    }
}

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

/// Art. 7: a change of name, address, legal nature, key personnel or scope, and when it was filed. Internal.
public struct InfoChange: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var field: String
    public var changedOn: CivilDate
    /// Nil while the change has not been filed.
    public var filedOn: CivilDate?
    /// A change of 名称: the name before it. Once filed it is public, as the agency's former name (曾用名).
    public var formerName: String? = nil

    public static let fields = ["名称", "地址", "法人性质", "关键岗位人员", "资质范围"]

    package init(origin: Origin, agency: UnifiedSocialCreditCode, field: String, changedOn: CivilDate, filedOn: CivilDate? = nil, formerName: String? = nil) {
        self.origin = origin
        self.agency = agency
        self.field = field
        self.changedOn = changedOn
        self.filedOn = filedOn
        self.formerName = formerName
    }
}

/// Art. 7: a filed change of name, public as the agency's former name so that the public finds the agency
/// under the name they knew it by.
public struct FormerName: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var name: String
    /// The day the name changed (the former name was in use until then).
    public var changedOn: CivilDate

    public init(origin: Origin, agency: UnifiedSocialCreditCode, name: String, changedOn: CivilDate) {
        self.origin = origin; self.agency = agency; self.name = name; self.changedOn = changedOn
    }
}

/// Art. 18: a report number as the registry keeps it (internal: the number itself is never published).
public struct ReportNumber: Sendable, Hashable {
    public var origin: Origin
    public var number: String
    /// The verification code printed on the report (验证码, 防伪码): internal, never published.
    public var code: String
    public var agency: UnifiedSocialCreditCode
    public var issuedOn: CivilDate
    public var type: String

    public init(origin: Origin, number: String, code: String, agency: UnifiedSocialCreditCode, issuedOn: CivilDate, type: String) {
        self.origin = origin; self.number = number; self.code = code; self.agency = agency; self.issuedOn = issuedOn; self.type = type
    }

    /// The form a number is compared in: full-width characters made half-width (NFKC), spaces and dashes
    /// removed, letters in capitals — so "ＮＢ－２０２５ 001", "nb-2025001" and "NB2025001" are the same
    /// number. Art. 18: a reader who types a genuine number without its hyphens must not be told it is not
    /// registered; the verify page says so and its script does the same.
    public static func normalized(_ text: String) -> String { comparedForm(text, droppingDashes: true) }

    /// `droppingDashes` false: the form before verification codes, which kept dashes (unified), for the legacy digest.
    package static func comparedForm(_ text: String, droppingDashes: Bool) -> String {
        // ASCII, the usual case, needs no Unicode normalization: drop spaces (and dashes), capitalize. Read
        // over the bytes themselves: ten million numbers, each normalized for its digest and its key.
        var text = text
        let ascii = text.withUTF8 { bytes -> (isASCII: Bool, changes: Bool) in
            var high: UInt8 = 0, changes = false
            for byte in bytes {
                high |= byte
                changes = changes || byte <= 0x20 || (0x61...0x7A).contains(byte) || (droppingDashes && byte == 0x2D)
            }
            return (high < 0x80, changes)
        }
        guard ascii.isASCII else { return comparedFormByUnicode(text, droppingDashes: droppingDashes) }
        guard ascii.changes else { return text }
        let dropped = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) || (droppingDashes && byte == 0x2D) }
        var bytes: [UInt8] = []
        for byte in text.utf8 where !dropped(byte) {
            bytes.append((0x61...0x7A).contains(byte) ? byte - 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func comparedFormByUnicode(_ text: String, droppingDashes: Bool) -> String {
        var out = ""
        for scalar in text.precomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            switch scalar.value {
            case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63: if !droppingDashes { out.append("-") }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.uppercased()
    }

    /// Separates these hashes from any other SHA-256; the verify page prefixes the same text.
    /// v3: numbers compared without dashes (v2 kept them); a page or index of one cannot match the other's.
    public static let digestDomain = "gongshi-report-v3\n"

    /// A verification code as compared: like a number, full-width folded, spaces and dashes removed, capitals.
    public static func normalizedCode(_ text: String) -> String { normalized(text) }

    /// Why a code is too easy to guess, or nil: at least 12 letters or digits, or 16 digits if digits only
    /// (about 2^53 possibilities or more), nothing else.
    public static func weakness(ofCode code: String) -> Message? { weakness(ofCodeKey: normalizedCode(code)) }

    /// The same, of a code already normalized (`normalizedCode`).
    package static func weakness(ofCodeKey key: String) -> Message? {
        var c = key
        // Over the bytes: letters and digits, whether digits only, and the distinct characters, counted in a
        // bitmap (a Set per row costs at millions).
        let (alphanumeric, digitsOnly, seen) = c.withUTF8 { bytes in
            var alphanumeric = true, digitsOnly = true, seen: UInt64 = 0
            for byte in bytes {
                let digit = (0x30...0x39).contains(byte)
                alphanumeric = alphanumeric && (digit || (0x41...0x5A).contains(byte))
                digitsOnly = digitsOnly && digit
                if alphanumeric { seen |= 1 << UInt64(byte - 0x30) }
            }
            return (alphanumeric, digitsOnly, seen)
        }
        guard alphanumeric else { return Message("E106.notAlphanumeric") }
        let needed = digitsOnly ? 16 : 12
        if c.utf8.count < needed { return Message(digitsOnly ? "E106.fewDigits" : "E106.fewCharacters", ["count": "\(c.utf8.count)", "needed": "\(needed)"]) }
        if seen.nonzeroBitCount < 4 { return Message("E106.repetitive") }
        return nil
    }
}

/// Art. 18: what the public registry holds of a report number — the SHA-256 of it and its verification
/// code (`ReportNumber.digest(number:code:)`), never the number.
public struct PublishedReportNumber: Sendable, Hashable {
    public var origin: Origin
    /// Hex SHA-256 of the normalized number and code.
    public var digest: String
    public var agency: UnifiedSocialCreditCode
    public var issuedOn: CivilDate
    public var type: String

    public init(origin: Origin, digest: String, agency: UnifiedSocialCreditCode, issuedOn: CivilDate, type: String) {
        self.origin = origin; self.digest = digest; self.agency = agency; self.issuedOn = issuedOn; self.type = type
    }
}

/// Art. 19: a member of the inspector pool (双随机). Internal unless the site publishes the pool.
public struct Inspector: Sendable, Hashable {
    public var origin: Origin
    public var badge: String
    public var name: String
    public var unit: String

    package init(origin: Origin, badge: String, name: String, unit: String) {
        self.origin = origin
        self.badge = badge
        self.name = name
        self.unit = unit
    }
}

/// Art. 17, 19: a draw of the agencies to inspect, by grade tier, from a seed announced beforehand.
public struct InspectionDraw: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var seed: String
    public var announcedOn: CivilDate
    public var drawnOn: CivilDate

    public init(origin: Origin, year: Int, seed: String, announcedOn: CivilDate, drawnOn: CivilDate) {
        self.origin = origin; self.year = year; self.seed = seed; self.announcedOn = announcedOn; self.drawnOn = drawnOn
    }
}

/// Art. 19 (一公开): the outcome of an inspection.
public struct InspectionOutcome: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var agency: UnifiedSocialCreditCode
    public var inspectedOn: CivilDate
    public var result: String
    public var circular: String

    package init(origin: Origin, year: Int, agency: UnifiedSocialCreditCode, inspectedOn: CivilDate, result: String, circular: String) {
        self.origin = origin
        self.year = year
        self.agency = agency
        self.inspectedOn = inspectedOn
        self.result = result
        self.circular = circular
    }
}

/// Everything the publication may show. Built only from public columns and public rows.
public struct PublicRegistry: Sendable {
    public var codeExceptions: [CodeException] = []
    public var agencies: [Agency] = []
    public var filings: [Filing] = []
    public var qualifications: [Qualification] = []
    public var scopeItems: [ScopeItem] = []
    public var evaluations: [EvaluationRecord] = []
    public var seriousDishonesty: [SeriousDishonestyEvent] = []
    public var badRecords: [BadRecord] = []
    /// Public circulars only (Art. 20).
    public var publicCirculars: [WarningRecord] = []
    public var objections: [Objection] = []
    public var stages: [PublicationStage] = []
    /// Art. 18: hashes only.
    public var reportNumbers: [PublishedReportNumber] = []
    public var inspectionDraws: [InspectionDraw] = []
    public var inspections: [InspectionOutcome] = []
    /// Filed name changes only (Art. 7).
    public var formerNames: [FormerName] = []

    public init() {}
}

/// What the registry keeps for the bureau alone.
public struct InternalRegistry: Sendable {
    public var contacts: [AgencyContact] = []
    public var keyPersonnel: [KeyPerson] = []
    /// Written notices and interviews (Art. 20); never published.
    public var nonPublicWarnings: [WarningRecord] = []
    public var objectors: [ObjectorIdentity] = []
    public var infoChanges: [InfoChange] = []
    /// The numbers themselves, for `gongshi check`; the public side has their hashes.
    public var reportNumbers: [ReportNumber] = []
    public var inspectors: [Inspector] = []

    public init() {}
}

/// The whole registry: what may be published, and what may not, kept apart by type.
public struct RegistryData: Sendable {
    public var published: PublicRegistry
    public var internalOnly: InternalRegistry

    public init(published: PublicRegistry = PublicRegistry(), internalOnly: InternalRegistry = InternalRegistry()) {
        self.published = published
        self.internalOnly = internalOnly
    }
}

/// Art. 14: one bundle sent to a recipient, and every record it carried (kept internal, for the next delta).
public struct BundleLogEntry: Sendable {
    public struct Record: Sendable, Equatable {
        public var digest: String
        /// The record's fields as a JSON array of strings, so a later delta can say what was withdrawn.
        public var rowJSON: String

        public init(digest: String, rowJSON: String) {
            self.digest = digest
            self.rowJSON = rowJSON
        }
    }

    public var recipient: String
    public var sequence: Int
    /// "full" or "delta".
    public var kind: String
    public var asOf: CivilDate
    public var fileName: String
    public var sha256: String
    /// Dataset → record key → record.
    public var records: [String: [String: Record]]

    public init(recipient: String, sequence: Int, kind: String, asOf: CivilDate, fileName: String, sha256: String,
                records: [String: [String: Record]]) {
        self.recipient = recipient; self.sequence = sequence; self.kind = kind; self.asOf = asOf
        self.fileName = fileName; self.sha256 = sha256; self.records = records
    }
}

extension Dictionary where Key == String, Value == Int {
    /// The same entries in storage of their own.
    package func ownCopy() -> [String: Int] { Dictionary(uniqueKeysWithValues: map { (String(decoding: Array($0.key.utf8), as: UTF8.self), $0.value) }) }
}
