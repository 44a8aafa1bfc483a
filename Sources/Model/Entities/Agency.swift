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
        self.origin = origin; self.agency = agency; self.person = person; self.phone = phone
    }
}

/// An agency as the registry stores it: the public record and the bureau's contact for it.
public typealias AgencyRow = (agency: Agency, contact: AgencyContact?)

extension Agency {
    /// `agencies.csv` and the `agency` table (服务类别 in `agency_service_category`).
    public static let entity = Entity<AgencyRow>(
        file: "agencies.csv", title: "机构", requiredFile: true, table: "agency", tableTitle: "社会监测机构", fields: [
            .agencyCode(en: "18 characters with the check character; one row per agency", column: "code") { $0.agency.code },
            .required("机构名称", .text, "全称", en: "full name", column: "name") { $0.agency.name },
            .required("所在区县", .text, "宁波市的区（县、市），如 鄞州区", en: "one of the site's districts (`districts` in config.toml; default Ningbo's ten: 海曙区 江北区 北仑区 镇海区 鄞州区 奉化区 余姚市 慈溪市 宁海县 象山县)", column: "district") { $0.agency.district },
            .required("地址", .text, "经营场所地址", en: "address", column: "address") { $0.agency.address },
            .required("法人性质", .text, "如 企业法人、事业单位法人", en: "e.g. 企业法人, 事业单位法人", column: "legal_nature") { $0.agency.legalNature },
            .required("法定代表人", .text, "姓名（公开）", en: "name (public, as on the business licence)", column: "legal_representative") { $0.agency.legalRepresentative },
            EntityField(header: "服务类别", required: true, doc: "第二条的一至七，用顿号分隔，如 一、二、五", en: "Art. 2 categories, e.g. `一、二、五`", column: nil) { _ in .null },
            .optional("联系人", .text, "内部，不公开", en: "*internal*", column: "contact_person", .internal, withheld: true) { $0.contact?.person },
            .optional("联系电话", .identifier, "内部，不公开", en: "*internal*", column: "contact_phone", .internal, withheld: true) { $0.contact?.phone },
            .sourceLine { $0.agency.origin.line },
        ])

    /// Art. 2: the agency's service categories, a row each.
    public static let serviceCategoryTable = TableSpec(name: "agency_service_category", title: "服务类别", columns: [
        ColumnSpec(name: "agency_code", visibility: .public, title: "统一社会信用代码"),
        ColumnSpec(name: "category", visibility: .public, title: "服务类别（第二条，1–7 即一至七）"),
    ])
}

extension Agency {
    /// Read back from the `agency` table, with its categories from `agency_service_category`.
    public static func read(_ f: inout some StoredRow, categories: [String: [ServiceCategory]]) -> Agency {
        let code = f.code("code")
        return Agency(origin: f.origin, code: code, name: f.string("name"), district: f.string("district"), address: f.string("address"),
                      legalNature: f.string("legal_nature"), legalRepresentative: f.string("legal_representative"),
                      serviceCategories: categories[code.value] ?? [])
    }
}

extension AgencyContact {
    /// Read back from the internal columns of the `agency` table.
    public static func read(_ f: inout some StoredRow) -> AgencyContact {
        AgencyContact(origin: f.origin, agency: f.code("code"), person: f.string("contact_person"), phone: f.string("contact_phone"))
    }
}

extension Agency {
    /// Art. 2: `一、二、五`; also accepts commas, semicolons and spaces between the numerals.
    static func serviceCategories(_ text: String) -> (categories: [ServiceCategory], unknown: [String]) {
        let parts = text.split(whereSeparator: { "、,，;； /".contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        var categories: Set<ServiceCategory> = []
        var unknown: [String] = []
        for part in parts {
            if let c = ServiceCategory(numeral: part) { categories.insert(c) } else { unknown.append(part) }
        }
        return (categories.sorted(), unknown)
    }

    /// Made from a row of `agencies.csv` (or its sheet): each bad cell is said; the agency is added only when
    /// the row is whole, its contact (internal) beside it.
    public static func add(_ row: inout some DataRow, rules: RegistryRules, to data: inout RegistryData) {
        let code = row.code()
        let name = row.required("机构名称")
        let district = row.required("所在区县", oneOf: rules.districts, else: "E112", value: "district", list: "districts")
        let address = row.required("地址")
        let nature = row.required("法人性质")
        let representative = row.required("法定代表人")
        var categories: [ServiceCategory] = []
        if let raw = row.required("服务类别") {
            let parsed = Self.serviceCategories(raw)
            categories = parsed.categories
            for bad in parsed.unknown {
                row.error("E113.unknownCategory", "服务类别",
                          ["bad": "\(bad)"])
            }
            if parsed.unknown.isEmpty && categories.isEmpty {
                row.error("E113.noCategory", "服务类别")
            }
        }
        guard let code, let name, let district, let address, let nature, let representative, row.problems.isEmpty else { return }
        data.published.agencies.append(Agency(origin: row.origin, code: code, name: name, district: district, address: address,
                                              legalNature: nature, legalRepresentative: representative, serviceCategories: categories))
        let person = row.text("联系人"), phone = row.text("联系电话")
        if !person.isEmpty || !phone.isEmpty {
            data.internalOnly.contacts.append(AgencyContact(origin: row.origin, agency: code, person: person, phone: phone))
        }
    }
}
