import Foundation
import Model
import Store
import Testing

/// The entities (`Model/Entities/`) are the one declaration of each data file and registry table.
struct EntityTests {
    @Test("A header means one kind of cell wherever it appears, and a header no entity declares is text unless it names a date")
    func headerKinds() {
        var kinds: [String: CSVColumn.Kind] = [:]
        for column in CSVFormat.all.flatMap(\.columns) {
            if let earlier = kinds[column.header] { #expect(earlier == column.kind, "\(column.header)") }
            kinds[column.header] = column.kind
            #expect(CSVColumn.kind(of: column.header) == column.kind)
        }
        #expect(CSVColumn.kind(of: "统一社会信用代码") == .identifier)
        #expect(CSVColumn.kind(of: "业务执行") == .number)
        #expect(CSVColumn.kind(of: "逾期受理") == .flag)
        #expect(CSVColumn.kind(of: "有效期至") == .date)
        #expect(CSVColumn.kind(of: "办理期限") == .text)
        #expect(CSVColumn.kind(of: "核查日期") == .date)
    }

    @Test("A column a migration added names that migration, and the migration adds it")
    func addedColumnsNameTheirMigration() throws {
        let entities: [(table: String, added: [(column: String, by: Int)])] = [
            ("bad_record", BadRecord.entity.storedFields.compactMap { f in f.addedBy.map { (f.column!, $0) } }),
            ("objection", Objection.entity.storedFields.compactMap { f in f.addedBy.map { (f.column!, $0) } }),
            ("info_change", InfoChange.entity.storedFields.compactMap { f in f.addedBy.map { (f.column!, $0) } }),
            ("report_number", ReportNumber.entity.storedFields.compactMap { f in f.addedBy.map { (f.column!, $0) } }),
        ]
        for (table, added) in entities {
            #expect(!added.isEmpty)
            for (column, number) in added {
                let migration = try #require(RegistrySchema.migrations.first { $0.id.hasPrefix("v\(number)-") }, "\(table).\(column)")
                #expect(migration.sql.contains("ALTER TABLE \(table) ADD COLUMN \(column) "), "\(table).\(column) in \(migration.id)")
            }
        }
    }

    @Test("Each stored field gives one value per column, in the table's column order")
    func storedRowsMatchColumns() {
        let origin = Origin(file: "data/agencies.csv", line: 7)
        let agency = Agency(origin: origin, code: UnifiedSocialCreditCode(unchecked: "91330200MA2H4X1234"), name: "甲", district: "鄞州区",
                            address: "地址", legalNature: "企业法人", legalRepresentative: "张三", serviceCategories: [.one])
        let entity = Agency.entity
        let values = entity.storedFields.map { $0.value((agency: agency, contact: nil)) }
        #expect(entity.storedFields.map { $0.column! } == ["code", "name", "district", "address", "legal_nature", "legal_representative",
                                                           "contact_person", "contact_phone", "source_line"])
        #expect(values == [.text("91330200MA2H4X1234"), .text("甲"), .text("鄞州区"), .text("地址"), .text("企业法人"), .text("张三"),
                           .null, .null, .integer(7)])
        #expect(entity.format.headers == ["统一社会信用代码", "机构名称", "所在区县", "地址", "法人性质", "法定代表人", "服务类别", "联系人", "联系电话"])
    }
}
