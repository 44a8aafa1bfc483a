/// One line of a certificate's schedule (附表): what the agency may test, by environmental element.
public struct ScopeItem: Sendable, Hashable {
    public var origin: Origin
    public var certificateNumber: String
    public var element: String
    public var item: String
    public var method: String

    package init(origin: Origin, certificateNumber: String, element: String, item: String, method: String) {
        self.origin = origin; self.certificateNumber = certificateNumber; self.element = element; self.item = item
        self.method = method
    }
}

extension ScopeItem {
    /// `qualification-scope.csv` and the `qualification_scope` table.
    public static let entity = Entity<Numbered<ScopeItem>>(
        file: "qualification-scope.csv", title: "资质认定范围", table: "qualification_scope", tableTitle: "资质认定范围", fields: [
            .stored("id", "序号") { $0.id },
            .required("证书编号", .identifier, "qualifications.csv 中的证书编号", en: "a certificate of qualifications.csv", column: "certificate_number") { $0.record.certificateNumber },
            .required("环境要素", .text, "如 水和废水、环境空气和废气、土壤和沉积物、噪声", en: "e.g. 水和废水, 环境空气和废气, 土壤和沉积物, 噪声", column: "element") { $0.record.element },
            .required("检测项目", .text, "如 化学需氧量", en: "e.g. 化学需氧量", column: "item") { $0.record.item },
            .optional("方法标准", .text, "如 HJ 828-2017", en: "e.g. HJ 828-2017", column: "method") { $0.record.method },
            .sourceLine { $0.record.origin.line },
        ])
}

extension ScopeItem {
    public static func read(_ f: inout some StoredRow) -> ScopeItem {
        ScopeItem(origin: f.origin, certificateNumber: f.string("certificate_number"), element: f.string("element"),
                  item: f.string("item"), method: f.string("method"))
    }
}

extension ScopeItem {
    /// Made from a row of `qualification-scope.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let number = row.required("证书编号")
        let element = row.required("环境要素")
        let item = row.required("检测项目")
        guard let number, let element, let item else { return }
        data.published.scopeItems.append(ScopeItem(origin: row.origin, certificateNumber: number, element: element,
                                                   item: item, method: row.text("方法标准")))
    }
}
