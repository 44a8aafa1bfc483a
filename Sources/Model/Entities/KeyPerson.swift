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
        self.origin = origin; self.agency = agency; self.role = role; self.name = name; self.idNumber = idNumber
        self.phone = phone
    }
}

extension KeyPerson {
    /// `key-personnel.csv` and the `key_person` table: internal, every column.
    public static let entity = Entity<Numbered<KeyPerson>>(
        file: "key-personnel.csv", title: "关键岗位人员（内部）", table: "key_person", tableTitle: "关键岗位人员", fields: [
            .stored("id", "序号", .internal) { $0.id },
            .agencyCode(.internal) { $0.record.agency },
            .required("岗位", .text, "法定代表人、最高管理者、技术负责人 或 授权签字人", en: "法定代表人, 最高管理者, 技术负责人 or 授权签字人", column: "role", .internal) { $0.record.role },
            .required("姓名", .text, "内部，不公开", en: "*internal*", column: "name", .internal, withheld: true) { $0.record.name },
            .required("身份证号码", .identifier, "18 位，含校验位（GB 11643-1999）；内部，不公开", en: "*internal*; 18 characters, GB 11643-1999 check character (messages never repeat the number)", column: "id_number", .internal, withheld: true) { $0.record.idNumber },
            .optional("联系电话", .identifier, "内部，不公开", en: "*internal*", column: "phone", .internal, withheld: true) { $0.record.phone },
            .sourceLine { $0.record.origin.line },
        ])
}

extension KeyPerson {
    public static func read(_ f: inout some StoredRow) -> KeyPerson {
        KeyPerson(origin: f.origin, agency: f.agencyCode(), role: f.string("role"), name: f.string("name"),
                  idNumber: f.string("id_number"), phone: f.string("phone"))
    }
}

extension KeyPerson {
    /// Made from a row of `key-personnel.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let code = row.code()
        let role = row.required("岗位", oneOf: KeyPerson.roles, else: "E171", value: "role", list: "roles")
        let name = row.required("姓名")
        let id = row.required("身份证号码")
        if let id, !ResidentIdentityNumber.isValid(id) {
            // The number itself is internal: the message must not repeat it.
            let expected = ResidentIdentityNumber.checkCharacter(for: id.prefix(17))
            if id.count == 18, let expected { row.error("E170.checkCharacter", "身份证号码", ["expected": "\(expected)"]) }
            else { row.error("E170", "身份证号码") }
        }
        guard let code, let role, let name, let id, row.problems.isEmpty else { return }
        data.internalOnly.keyPersonnel.append(KeyPerson(origin: row.origin, agency: code, role: role, name: name, idNumber: id, phone: row.text("联系电话")))
    }
}
