import Foundation
import Testing

@Suite("The demo registry kept in workbooks made by LibreOffice")
struct WorkbookDemoTests {
    /// Every imported table, row by row, as sqlite3 prints it (where the rows were read from left out).
    static func dump(_ registry: String) throws -> String {
        let tables = try OpenDataValidationTests.tool("sqlite3", [registry,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' AND name NOT LIKE 'sqlite%' AND name NOT IN ('import_source', 'import_origin') ORDER BY name"],
            in: "/").stdout.split(separator: "\n")
        var text = ""
        for table in tables {
            text += "== \(table)\n" + (try OpenDataValidationTests.tool("sqlite3", [registry, "SELECT * FROM \(table) ORDER BY 1, 2"], in: "/").stdout)
        }
        return text
    }

    @Test("Workbooks made by LibreOffice from the demo's CSV files (dates as dates, scores as numbers, shared strings) import the same registry")
    func demoFromWorkbooks() throws {
        let csvSite = try Gongshi.copyOfSite(Gongshi.repository + "/content")
        let bookSite = try Gongshi.copyOfSite(Gongshi.repository + "/content")
        defer { for s in [csvSite, bookSite] { try? FileManager.default.removeItem(atPath: s) } }
        for site in [csvSite, bookSite] {
            for f in try FileManager.default.contentsOfDirectory(atPath: site) where f.hasPrefix("registry.sqlite") { try FileManager.default.removeItem(atPath: site + "/" + f) }
        }
        let books = bookSite + "/books"
        let made = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/make_workbooks.py", bookSite + "/data", books], in: bookSite)
        #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
        for f in try FileManager.default.contentsOfDirectory(atPath: bookSite + "/data") { try FileManager.default.removeItem(atPath: bookSite + "/data/" + f) }
        for f in try FileManager.default.contentsOfDirectory(atPath: books) { try FileManager.default.moveItem(atPath: books + "/" + f, toPath: bookSite + "/data/" + f) }
        try FileManager.default.removeItem(atPath: books)
        let check = try Gongshi.run(["check", "--site", bookSite])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("agencies.xlsx: agencies (168 rows, xlsx)"))
        for site in [csvSite, bookSite] {
            let r = try Gongshi.run(["import", "--site", site, "--quiet"])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        }
        let fromCSV = try Self.dump(csvSite + "/registry.sqlite"), fromBooks = try Self.dump(bookSite + "/registry.sqlite")
        #expect(fromCSV.count > 100_000)
        #expect(fromCSV == fromBooks)
    }
}
