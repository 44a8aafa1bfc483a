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

    @Test("DCAT: the JSON-LD catalogue parses as RDF, with one dataset series per grading year")
    func dcat() throws {
        let r = try Self.tool("python3", [Gongshi.repository + "/Tests/Tools/validate_dcat.py", "catalog.jsonld", "3"], in: openData)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let portal = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: openData + "/catalog.json")!) as! [[String: Any]]
        #expect(portal.allSatisfy { $0["数据提供方"] as? String == "宁波市生态环境局" && $0["开放属性"] != nil && $0["更新周期"] != nil && $0["发布日期"] != nil })
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
