import Foundation
import Testing
import ZIPFoundation

/// A registry with a unique marker in every internal field; after a full build and a bundle for every
/// recipient, not one output byte — pages, twins, open data, the public database, zip contents — holds one.
@Suite("Canary: internal data never reaches any output", .serialized)
struct CanaryTests {
    /// An identity number with a valid check character, unique per n.
    static func identity(_ n: Int) -> String {
        let body = "3302121990" + String(format: "%07d", 1_234_000 + n)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func write(_ site: String, _ file: String, _ text: String) throws {
        try text.write(toFile: site + "/data/" + file, atomically: false, encoding: .utf8)
    }

    @Test("No marker of any internal field in any output byte, after build and three bundles")
    func canary() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        var markers: [String] = []
        func marker(_ kind: String) -> String { markers.append("CANARY-\(kind)-\(markers.count)"); return markers.last! }

        // agencies.csv: contact person and phone.
        var agencies = try String(contentsOfFile: site + "/data/agencies.csv", encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        agencies = agencies.components(separatedBy: "\r\n").enumerated().map { i, line in
            guard i > 0, !line.isEmpty else { return line }
            var fields = line.hasSuffix(",,") ? String(line.dropLast(2)) : String(line.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ","))
            fields += ",\(marker("CONTACT")),\(marker("PHONE"))"
            return fields
        }.joined(separator: "\r\n")
        try Self.write(site, "agencies.csv", agencies)
        // key-personnel.csv: every field but the agency and the post.
        var people = "统一社会信用代码,岗位,姓名,身份证号码,联系电话\n"
        for (n, code) in ["91330212MA2H0A1B0F", "91330203MA2H0A2C18", "91330206MA2H0A3D2D"].enumerated() {
            let id = Self.identity(n)
            markers.append(id)
            people += "\(code),授权签字人,\(marker("NAME")),\(id),\(marker("MOBILE"))\n"
        }
        try Self.write(site, "key-personnel.csv", people)
        // objections.csv: the objector and contact.
        try Self.write(site, "objections.csv", """
        年度,统一社会信用代码,异议人,联系方式,提出日期,复核结果,更正后等级,复核日期
        2025,91330281MA2H0A6G5E,\(marker("OBJECTOR")),\(marker("OBJCONTACT")),2026-03-10,更正,B,2026-03-27
        2025,91330282MA2H0A7H6N,\(marker("OBJECTOR")),\(marker("OBJCONTACT")),2026-03-11,维持,,2026-03-27

        """)
        // warnings.csv: written notices and interviews, entirely internal; one public circular.
        try Self.write(site, "warnings.csv", """
        统一社会信用代码,警示形式,日期,文号,内容
        91330206MA2H0A3D2D,书面告知,2025-06-01,\(marker("WDOC")),\(marker("WNOTICE"))
        91330212MA2H0A1B0F,约见谈话,2025-06-02,\(marker("WDOC")),\(marker("WINTERVIEW"))
        91330282MA2H0A7H6N,公开通报,2025-07-01,甬环监通〔2025〕2号,监测过程不规范，予以公开通报。

        """)
        // report-numbers.csv: the numbers and their verification codes (only a hash of both may be published).
        var numbers = "报告编号,验证码,统一社会信用代码,出具日期,报告类型\n"
        for code in ["91330212MA2H0A1B0F", "91330203MA2H0A2C18"] {
            numbers += "\(marker("REPORTNO")),\(marker("VCODE")),\(code),2025-05-01,监测报告\n"
        }
        try Self.write(site, "report-numbers.csv", numbers)
        // inspectors.csv: the whole pool; info-changes.csv: internal dates (the marker is the change's kind, so use none).
        var pool = "执法证号,姓名,单位\n"
        for _ in 0..<3 { pool += "\(marker("BADGE")),\(marker("INSPECTOR")),宁波市生态环境局\n" }
        try Self.write(site, "inspectors.csv", pool)
        try Self.write(site, "inspection-draws.csv", "年度,随机种子,种子公布日期,抽取日期\n2024,公开的种子,2025-04-10,2025-04-15\n")
        let check = try Gongshi.run(["check", "--site", site])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)

        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-canary-\(UUID().uuidString)").path
        #expect(try Gongshi.run(["keygen", "-o", keys + "/k.key"]).status == 0)
        let out = site + "/out"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", out, "--quiet", "--secret-key", keys + "/k.key"]).status == 0)
        for recipient in ["market-supervision", "credit-management", "credit-ningbo"] {
            #expect(try Gongshi.run(["bundle", "--site", site, "--to", recipient, "--as-of", "2026-07-01", "--output", out + "-bundles",
                                     "--secret-key", keys + "/k.key", "--quiet"]).status == 0)
        }

        var outputs = try Gongshi.tree(out)
        for zip in try FileManager.default.contentsOfDirectory(atPath: out + "-bundles") {
            outputs["bundles/" + zip] = try Data(contentsOf: URL(fileURLWithPath: out + "-bundles/" + zip))
            let archive = try Archive(url: URL(fileURLWithPath: out + "-bundles/" + zip), accessMode: .read)
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                outputs["bundles/\(zip)/\(entry.path)"] = data
            }
        }
        #expect(outputs.count > 100 && outputs.keys.contains { $0.hasSuffix("gongshi.sqlite") })
        // An internal list of inspectors per agency, written by gongshi draw for the staff, outside the site.
        let draw = try Gongshi.run(["draw", "--site", site, "--year", "2024", "--seed", "公开的种子", "--date", "2025-04-15", "--output", keys + "/inspectors.csv"])
        #expect(draw.status == 0, "\(draw.stderr)")
        #expect(try String(contentsOfFile: keys + "/inspectors.csv", encoding: .utf8).contains("CANARY-INSPECTOR"))
        #expect(markers.count == 45)  // 9 agencies × 2, 3 people × 3, 2 objections × 2, 2 warnings × 2, 2 report numbers × 2, 3 inspectors × 2
        #expect(outputs["open-data/inspection-draws.csv"]!.containsBytes(of: "公开的种子"))
        #expect(outputs["open-data/agencies.json"]!.containsBytes(of: "宁波甲测"))  // the search does find what is there
        var leaks: [String] = []
        for (path, bytes) in outputs.sorted(by: { $0.key < $1.key }) {
            for m in markers where bytes.containsBytes(of: m) { leaks.append("\(m) in \(path)") }
        }
        #expect(leaks.isEmpty, "\(leaks)")
    }
}
