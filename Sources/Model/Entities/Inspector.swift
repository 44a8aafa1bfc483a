/// Art. 19: a member of the inspector pool (双随机). Internal unless the site publishes the pool.
public struct Inspector: Sendable, Hashable {
    public var origin: Origin
    public var badge: String
    public var name: String
    public var unit: String

    package init(origin: Origin, badge: String, name: String, unit: String) {
        self.origin = origin; self.badge = badge; self.name = name; self.unit = unit
    }
}

extension Inspector {
    /// `inspectors.csv` and the `inspector` table: internal, every column.
    public static let entity = Entity<Inspector>(
        file: "inspectors.csv", title: "执法检查人员库（第十九条，内部）", table: "inspector", tableTitle: "执法检查人员", fields: [
            .required("执法证号", .identifier, "唯一", en: "unique", column: "badge", .internal, withheld: true) { $0.badge },
            .required("姓名", .text, "内部，除非配置公开", en: "internal unless `publish_inspectors = true` in `[inspection]`", column: "name", .internal, withheld: true) { $0.name },
            .required("单位", .text, "如 宁波市生态环境局", en: "e.g. 宁波市生态环境局", column: "unit", .internal) { $0.unit },
            .sourceLine { $0.origin.line },
        ])
}

extension Inspector {
    public static func read(_ f: inout some StoredRow) -> Inspector {
        Inspector(origin: f.origin, badge: f.string("badge"), name: f.string("name"), unit: f.string("unit"))
    }
}

extension Inspector {
    /// Made from a row of `inspectors.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let badge = row.required("执法证号")
        let name = row.required("姓名")
        let unit = row.required("单位")
        guard let badge, let name, let unit else { return }
        data.internalOnly.inspectors.append(Inspector(origin: row.origin, badge: badge, name: name, unit: unit))
    }
}
