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
        self.origin = origin; self.agency = agency; self.field = field; self.changedOn = changedOn; self.filedOn = filedOn
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

extension InfoChange {
    /// `info-changes.csv` and the `info_change` table. Art. 7: changes are internal, except a filed change of
    /// name: its former name and date are public.
    public static let entity = Entity<Numbered<InfoChange>>(
        file: "info-changes.csv", title: "信息变更（第七条，内部）", table: "info_change", tableTitle: "信息变更",
        publicRows: "field = '名称' AND filed_on IS NOT NULL AND former_name IS NOT NULL AND former_name <> ''", fields: [
            .stored("id", "序号", .internal) { $0.id },
            .agencyCode { $0.record.agency },
            .required("变更事项", .text, "名称、地址、法人性质、关键岗位人员 或 资质范围", en: "名称, 地址, 法人性质, 关键岗位人员 or 资质范围", column: "field", .internal) { $0.record.field },
            .required("变更日期", .date, "事项实际变更之日", en: "when the change happened", column: "changed_on") { $0.record.changedOn },
            .optional("办理日期", .date, "在监管系统办理变更之日；尚未办理则留空", en: "when it was filed in the supervision system; empty while not filed", column: "filed_on", .internal) { $0.record.filedOn },
            .sourceLine { $0.record.origin.line },
            .optional("变更前名称", .text, "变更事项为“名称”时填写原来的名称；办理后作为曾用名公开，公众用旧名称也能搜到该机构", en: "for a change of 名称: the name before it (E174 on another change)",
                      column: "former_name", title: "变更前名称（曾用名）", addedBy: 11) { $0.record.formerName },
        ])
}

extension InfoChange {
    public static func read(_ f: inout some StoredRow) -> InfoChange {
        InfoChange(origin: f.origin, agency: f.agencyCode(), field: f.string("field"), changedOn: f.date("changed_on"),
                   filedOn: f.optionalDate("filed_on"), formerName: f.optionalString("former_name"))
    }
}

extension FormerName {
    /// Read back from the public rows of the `info_change` table.
    public static func read(_ f: inout some StoredRow) -> FormerName {
        FormerName(origin: f.origin, agency: f.agencyCode(), name: f.string("former_name"), changedOn: f.date("changed_on"))
    }
}

extension InfoChange {
    /// Made from a row of `info-changes.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let code = row.code()
        let field = row.required("变更事项", oneOf: InfoChange.fields, else: "E172", value: "field", list: "fields")
        let changed = row.date("变更日期")
        let filed = row.date("办理日期", required: false)
        if let changed, let filed, filed < changed {
            row.error("E122.filedBeforeChange", "办理日期", ["filed": "\(filed)", "changed": "\(changed)"])
        }
        let former = row.optionalText("变更前名称")
        if former != nil, let field, field != "名称" {
            row.error("E174", "变更前名称", ["field": "\(field)"])
        }
        guard let code, let field, let changed, row.problems.isEmpty else { return }
        data.internalOnly.infoChanges.append(InfoChange(origin: row.origin, agency: code, field: field, changedOn: changed, filedOn: filed, formerName: former))
        if let former, filed != nil {
            data.published.formerNames.append(FormerName(origin: row.origin, agency: code, name: former, changedOn: changed))
        }
    }
}
