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
        self.objectionID = objectionID; self.objector = objector; self.contact = contact
    }
}

/// An objection as the registry stores it: the public record and who filed it.
public typealias ObjectionRow = (objection: Objection, objector: ObjectorIdentity?)

extension Objection {
    /// `objections.csv` and the `objection` table.
    public static let entity = Entity<ObjectionRow>(
        file: "objections.csv", title: "异议（第十三条）", table: "objection", tableTitle: "异议", fields: [
            .stored("id", "序号") { $0.objection.id },
            .required("年度", .number, "被异议的评价年度", en: "the evaluation year objected to", column: "year") { $0.objection.year },
            .agencyCode(en: "the agency whose result is objected to") { $0.objection.agency },
            .required("异议人", .text, "内部，不公开", en: "*internal*: who objected (only the counts are published)", column: "objector", .internal, withheld: true) { $0.objector?.objector ?? "" },
            .optional("联系方式", .identifier, "内部，不公开", en: "*internal*", column: "objector_contact", title: "异议人联系方式", .internal, withheld: true) { $0.objector?.contact },
            .required("提出日期", .date, "如 2026-02-10", en: "date filed", column: "filed_on") { $0.objection.filedOn },
            .required("复核结果", .text, "待复核、维持、更正 或 不予受理", en: "待复核, 维持, 更正 or 不予受理", column: "decision") { $0.objection.decision },
            .optional("更正后等级", .text, "复核结果为 更正 时填写 A–D", en: "A–D, required when 复核结果 is 更正; it must differ from the grade the ranking gives (E185), a result is corrected once (E183), and only a rated agency's result can be corrected (E184)", column: "corrected_grade") { $0.objection.correctedGrade },
            .optional("复核日期", .date, "复核完成之日", en: "date of the decision, required once reviewed; a correction applies from it", column: "decided_on") { $0.objection.decidedOn },
            .sourceLine { $0.objection.origin.line },
            .optional("逾期受理", .flag, "公示期外提出但经同意受理的填 是；否则公示期外的异议为错误", en: "是 when an objection filed outside the notice period was accepted all the same; otherwise such an objection is an error (E182) unless its 复核结果 is 不予受理", column: "accepted_late", addedBy: 2) { $0.objection.acceptedLate },
        ])
}

extension Objection {
    public static func read(_ f: inout some StoredRow) -> Objection? {
        guard let decision = f.enumValue("decision", ObjectionDecision.self) else { return nil }
        return Objection(origin: f.origin, id: f.int("id"), year: f.int("year"), agency: f.agencyCode(), filedOn: f.date("filed_on"),
                         decision: decision, correctedGrade: f.grade("corrected_grade"), decidedOn: f.optionalDate("decided_on"),
                         acceptedLate: f.int("accepted_late") == 1)
    }
}

extension ObjectorIdentity {
    /// Read back from the internal columns of the `objection` table.
    public static func read(_ f: inout some StoredRow) -> ObjectorIdentity {
        ObjectorIdentity(objectionID: f.int("id"), objector: f.string("objector"), contact: f.string("objector_contact"))
    }
}

extension Objection {
    /// Made from a row of `objections.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let year = row.year()
        let code = row.code()
        let objector = row.required("异议人")
        let filed = row.date("提出日期")
        let decision = row.oneOf("复核结果", ObjectionDecision.self)
        let corrected = row.grade("更正后等级")
        let decided = row.date("复核日期", required: false)
        var acceptedLate = false
        if !row.text("逾期受理").isEmpty { acceptedLate = row.yesNo("逾期受理") ?? false }
        if decision == .corrected && corrected == nil {
            row.error("E180.correctionWithoutGrade", "更正后等级")
        }
        if let corrected, decision != .corrected {
            row.error("E180.gradeWithoutCorrection", "更正后等级", ["correctedLetter": "\(corrected.letter)"])
        }
        if corrected == .e {
            row.error("E180.correctedToE", "更正后等级", ["seriousDishonestyFile": .dataFile(CSVFormat.seriousDishonesty.file)])
        }
        if let decision, decision != .pending, decided == nil {
            row.error("E180.reviewedWithoutDate", "复核日期")
        }
        if let filed, let decided, decided < filed {
            row.error("E122.decidedBeforeFiled", "复核日期", ["decided": "\(decided)", "filed": "\(filed)"])
        }
        guard let year, let code, let objector, let filed, let decision, row.problems.isEmpty else { return }
        let id = data.published.objections.count + 1
        data.published.objections.append(Objection(origin: row.origin, id: id, year: year, agency: code, filedOn: filed,
                                                   decision: decision, correctedGrade: corrected, decidedOn: decided, acceptedLate: acceptedLate))
        data.internalOnly.objectors.append(ObjectorIdentity(objectionID: id, objector: objector, contact: row.text("联系方式")))
    }
}
