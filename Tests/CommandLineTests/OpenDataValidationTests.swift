import Foundation
import Testing

/// The demo's open data, built and signed as `make run` does, checked by the validators others use.
@Suite("Open data that outside validators accept, signed so anyone can check it", .serialized)
struct OpenDataValidationTests {
    static let built: (site: String, output: String, keyDirectory: String) = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-opendata-\(UUID().uuidString)").path
        let site = root + "/site", keys = root + "/keys"
        try! FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        for part in ["config.toml", "data", "pages", "notices"] {
            try! FileManager.default.copyItem(atPath: Gongshi.repository + "/content/" + part, toPath: site + "/" + part)
        }
        precondition(try! Gongshi.run(["keygen", "-o", keys + "/minisign.key"]).status == 0)
        precondition(try! Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let r = try! Gongshi.run(["build", "--site", site, "--as-of", "2026-11-29", "--output", site + "/public", "--quiet",
                                  "--secret-key", keys + "/minisign.key"])
        precondition(r.status == 0, r.stderr)
        return (site, site + "/public", keys)
    }()

    static func tool(_ executable: String, _ arguments: [String], in directory: String) throws -> Gongshi.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Gongshi.finish(process, out, err)
    }

    var openData: String { Self.built.output + "/open-data" }

    @Test("frictionless validate: the Data Package and every resource are valid")
    func frictionless() throws {
        let r = try Self.tool("frictionless", ["validate", "--json", "datapackage.json"], in: openData)
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(report?["valid"] as? Bool == true, "\(r.stdout.prefix(3000))")
        let package = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: openData + "/datapackage.json")!) as! [String: Any]
        let resources = package["resources"] as! [[String: Any]]
        #expect(resources.count >= 10)
        #expect(resources.allSatisfy { $0["encoding"] as? String == "utf-8" && ($0["hash"] as? String)?.hasPrefix("sha256:") == true })
        let grades = resources.first { $0["name"] as? String == "grades-2025" }!
        let fields = (grades["schema"] as! [String: Any])["fields"] as! [[String: Any]]
        let current = fields.first { $0["name"] as? String == "grade" }!
        #expect(current["categories"] as? [String] == ["A", "B", "C", "D", "E"] && current["categoriesOrdered"] as? Bool == true)
    }

    @Test("csvwvalidate: every CSV agrees with its CSVW metadata")
    func csvw() throws {
        let metadata = try FileManager.default.contentsOfDirectory(atPath: openData).filter { $0.hasSuffix(".csv-metadata.json") }.sorted()
        #expect(metadata.count >= 10)
        for file in metadata {
            let r = try Self.tool("csvwvalidate", ["-v", file], in: openData)
            #expect(r.status == 0 && r.stdout.contains("OK"), "\(file): \(r.stdout.suffix(1500)) \(r.stderr.suffix(1500))")
        }
    }

    @Test("JSON Schema (draft 2020-12, with a format checker): every JSON file is valid")
    func jsonSchema() throws {
        let r = try Self.tool("python3", [Gongshi.repository + "/Tests/Tools/validate_json_schema.py", openData], in: openData)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("json-schema errors: 0"))
    }

    @Test("DCAT: the JSON-LD parses as RDF with DCAT 3's shapes: series apart from datasets, versions in series, distributions, licence")
    func dcat() throws {
        let r = try Self.tool("python3", [Gongshi.repository + "/Tests/Tools/validate_dcat.py", "catalog.jsonld", "3"], in: openData)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("DCAT OK") && r.stdout.contains("3 series"))
        let portal = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: openData + "/catalog.json")!) as! [[String: Any]]
        #expect(portal.allSatisfy { $0["数据提供方"] as? String == "宁波市生态环境局" && $0["开放属性"] != nil && $0["更新周期"] != nil && $0["发布日期"] != nil })
    }

    /// A copy of the demo's open data with one thing broken, for the validators to catch.
    func mangled(_ change: (String) throws -> Void) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-mangled-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: openData, toPath: copy)
        try change(copy)
        return copy
    }

    /// Replaces the first 12-digit certificate number of the file with its first 11 digits.
    static func shortenCertificate(_ file: String) throws {
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let range = try #require(text.range(of: "(?<![0-9])[0-9]{12}(?![0-9])", options: .regularExpression))
        text.replaceSubrange(range, with: String(text[range].dropLast()))
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test("An 11-digit certificate number or a series that is its own dataset fails frictionless, CSVW, JSON Schema and the DCAT check")
    func mangledFilesFail() throws {
        let folder = try mangled { root in
            try Self.shortenCertificate(root + "/qualifications.csv")
            try Self.shortenCertificate(root + "/qualifications.json")
            let catalog = root + "/catalog.jsonld"
            let text = try String(contentsOfFile: catalog, encoding: .utf8)
            try text.replacingOccurrences(of: "catalog.jsonld#dataset-grades-2024\"", with: "catalog.jsonld#series-grades-2024\"")
                .write(toFile: catalog, atomically: true, encoding: .utf8)
        }
        let frictionless = try Self.tool("frictionless", ["validate", "--json", "datapackage.json"], in: folder)
        let report = try JSONSerialization.jsonObject(with: Data(frictionless.stdout.utf8)) as! [String: Any]
        let errors = (report["tasks"] as! [[String: Any]]).flatMap { ($0["errors"] as? [[String: Any]]) ?? [] }
        #expect(errors.contains { $0["type"] as? String == "constraint-error" && ($0["note"] as? String ?? "").contains("pattern") }, "\(errors.prefix(3))")
        let csvw = try Self.tool("csvwvalidate", ["-v", "qualifications.csv-metadata.json"], in: folder)
        #expect(csvw.status != 0 && csvw.stdout.contains("FAIL"), "\(csvw.stdout.suffix(500))")
        let schema = try Self.tool("python3", [Gongshi.repository + "/Tests/Tools/validate_json_schema.py", folder], in: folder)
        #expect(schema.status != 0 && schema.stdout.contains("does not match '^[0-9]{12}$'"), "\(schema.stdout.suffix(500))")
        let dcat = try Self.tool("python3", [Gongshi.repository + "/Tests/Tools/validate_dcat.py", "catalog.jsonld", "3"], in: folder)
        #expect(dcat.status != 0 && dcat.stdout.contains("typed both dcat:Dataset and dcat:DatasetSeries"), "\(dcat.stdout)")
    }

    @Test("The open-data page lists each year's stable current address first, then the later versions' rows, then version 1; one all-years file")
    func currentFirst() throws {
        let page = try String(contentsOfFile: openData + "/index.html", encoding: .utf8)
        let order = ["ds-grades-2024.current", "ds-grades-2024.versions", "ds-grades-2024\""].map { page.range(of: "id=\"" + $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "\(order)")
        // No full copy of a list per version: the stable address says which version it holds.
        #expect(!FileManager.default.fileExists(atPath: openData + "/grades-2024.v2.csv"))
        #expect(page.contains("本文件地址固定，内容始终是现行版本：目前为第3版，"))
        let all = try String(contentsOfFile: openData + "/grades-all-years.csv", encoding: .utf8).components(separatedBy: "\r\n")
        #expect(all[0] == "year,unified_social_credit_code,agency_name,grade,stage,version")
        let perYear = try String(contentsOfFile: openData + "/grades-2024.current.csv", encoding: .utf8).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        let all2024 = all.dropFirst().filter { $0.hasPrefix("2024,") }
        #expect(all2024.count == perYear.count && all2024.allSatisfy { $0.hasSuffix(",final,3") })
    }

    @Test("minisign -V verifies SHA256SUMS.minisig with the published key; sha256sum -c checks every file")
    func signature() throws {
        let site = Self.built.output
        let verify = try Self.tool("minisign", ["-Vm", "SHA256SUMS", "-p", "minisign.pub"], in: site)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("as of 2026-11-29 file:SHA256SUMS"))
        let sums = try Self.tool("sha256sum", ["-c", "--quiet", "--strict", "SHA256SUMS"], in: site)
        #expect(sums.status == 0, "\(sums.stdout) \(sums.stderr)")
        let listed = try String(contentsOfFile: site + "/SHA256SUMS", encoding: .utf8).split(separator: "\n").count
        // All but SHA256SUMS, its signature, the key and the owner mark (.gongshi-output).
        #expect(listed == (try Gongshi.tree(site).count) - 4)
        let page = try String(contentsOfFile: site + "/open-data/index.html", encoding: .utf8)
        // The field tables speak Chinese: types by their Chinese names, codes with what each means.
        #expect(page.contains("<td>文本</td>") && page.contains("<td>整数</td>") && !page.contains("<td>string</td>") && !page.contains("<td>integer</td>"))
        #expect(page.contains("（代码：notice 公示；final 公布）"))
        let key = try String(contentsOfFile: site + "/minisign.pub", encoding: .utf8).split(separator: "\n")[1]
        #expect(page.contains("minisign -Vm SHA256SUMS -P \(key)"))
        // A changed file no longer matches; a changed SHA256SUMS no longer verifies.
        let copy = Self.built.site + "/tampered"
        try FileManager.default.copyItem(atPath: site, toPath: copy)
        try "tampered".write(toFile: copy + "/SHA256SUMS", atomically: false, encoding: .utf8)
        #expect(try Self.tool("minisign", ["-Vm", "SHA256SUMS", "-p", "minisign.pub"], in: copy).status != 0)
    }

    @Test("Excel files: every cell as its CSV says, of the right type (openpyxl), and the codes as written once LibreOffice has opened them")
    func excel() throws {
        let r = try Self.tool("python3", [Gongshi.repository + "/Tests/Tools/check_xlsx.py", openData, "--libreoffice"], in: openData)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("cells checked"))
    }

    @Test("gongshi.sqlite holds public columns and published rows only")
    func publicDatabase() throws {
        let db = openData + "/gongshi.sqlite"
        let tables = try Self.tool("sqlite3", [db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"], in: openData)
        #expect(tables.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "agency,agency_service_category,bad_record,evaluation,filing,indicator,public_circular,publication_stage,published_grade,qualification,qualification_scope,serious_dishonesty")
        let columns = try Self.tool("sqlite3", [db, "SELECT group_concat(name) FROM pragma_table_info('agency')"], in: openData)
        #expect(!columns.stdout.contains("contact"))
        let years = try Self.tool("sqlite3", [db, "SELECT group_concat(year) FROM publication_stage"], in: openData)
        #expect(years.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2023,2024,2025")
    }
}
