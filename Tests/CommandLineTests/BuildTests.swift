import Foundation
import Testing

@Suite("gongshi build: the fixture site, byte for byte", .serialized)
struct BuildTests {
    /// Internal values in the fixture: contacts, key personnel, ID numbers, phones, objectors, a written notice.
    static let internalMarkers = ["CT9", "0574-99990001", "KP4", "KP5", "330212198001011238", "330203198512124561",
                                  "13800000001", "13800000002", "13800000003", "OB7", "OB8", "WN6", "书面告知"]

    func builtSite(asOf: String = "2026-07-01") throws -> (site: String, output: String) {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let output = site + "/out"
        let r = try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output])
        #expect(r.status == 0, "\(r.stderr)")
        return (site, output)
    }

    @Test("build --timings says where the time went — each step in order with its memory, the render step's outputs by kind — and writes nothing of it into the output")
    func timings() throws {
        let (site, untimed) = try builtSite()
        let timed = site + "/timed"
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", timed, "--timings", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout.prefix(300))")
        let timings = try #require(report["timings"] as? [String: Any])
        let steps = try #require(timings["steps"] as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String } == ["loadConfig", "loadRegistry", "check", "loadTheme", "evaluate", "render", "switch"].map { "progress." + $0 })
        #expect(steps.allSatisfy { ($0["ms"] as? Double ?? -1) >= 0 && ($0["residentMB"] as? Int ?? 0) > 0 })
        #expect((timings["peakMB"] as? Int ?? 0) >= steps.compactMap { $0["residentMB"] as? Int }.max() ?? 1)
        let kinds = Dictionary(uniqueKeysWithValues: try #require(timings["render"] as? [[String: Any]]).map { ($0["kind"] as! String, $0["count"] as! Int) })
        // One agency page per agency the site lists, each list page, the open data and the database, once each.
        let files = try Gongshi.tree(timed)
        #expect(kinds["agency"] == files.keys.filter { $0.hasPrefix("agencies/") && $0.hasSuffix("/index.html") && $0 != "agencies/index.html" }.count)
        #expect(kinds["grade-list"] == 2 && kinds["gongshi.sqlite"] == 1 && kinds["agencies"] == 1)
        #expect(kinds["open-data"] == files.keys.filter { $0.hasPrefix("open-data/excel/") && $0.hasSuffix(".xlsx") }.count)
        // The same bytes as a build without it: no clock reaches the site.
        #expect(files == (try Gongshi.tree(untimed)))
        // In words, on standard error, in the reader's language.
        let said = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/said", "--timings", "--quiet"], environment: [:])
        #expect(said.status == 0 && said.stdout.isEmpty)
        #expect(said.stderr.contains("各步用时") && said.stderr.contains("[6/7] 生成页面：") && said.stderr.contains("内存峰值"), "\(said.stderr)")
        #expect(said.stderr.contains("  agency：\(kinds["agency"]!) 个，"), "\(said.stderr)")
    }

    @Test("404.html, served at any depth, links the stylesheet and every section of the menu from the site's path on the server")
    func notFoundLinksFromTheBasePath() throws {
        let files = try Gongshi.tree(try builtSite().output)
        let page = String(decoding: try #require(files["404.html"]), as: UTF8.self)
        #expect(page.contains("href=\"/xypj/assets/style.css\""))
        for section in ["index.html", "agencies/index.html", "serious-dishonesty/index.html", "not-rated/index.html", "bad-records/index.html",
                        "notices/index.html", "changes/index.html", "inspections/index.html", "verify/index.html", "open-data/index.html"] {
            #expect(page.contains("<a href=\"/xypj/\(section)\">"), "\(section)")
        }
        #expect(!page.contains("href=\"../"))
    }

    @Test("Exactly the expected pages: 30 pages with 27 Markdown twins (a year comparison, the site map and the contact page among them), open data, search and verify indexes, feeds, downloads, sitemap, 404, stylesheet")
    func pageCounts() throws {
        let files = try Gongshi.tree(try builtSite().output)
        let html = files.keys.filter { $0.hasSuffix(".html") && !$0.hasPrefix("packages/") }
        #expect(html.count == 31)
        #expect(files["site-map/index.html"] != nil && files["contact-us/index.md"] != nil)
        #expect(files["grades/2024-2025/index.html"] != nil && files["grades/2024-2025/index.md"] != nil)
        // An Atom feed per year, list and agency beside its page, and each year's download rows.
        #expect(files.keys.filter { $0.hasSuffix("feed.xml") }.count == 1 + 2 + 2 + 9)
        #expect(files["grades/2024/download.js"] != nil && files["grades/2025/download.js"] != nil)
        // Art. 13–14: a notice package per stage begun (2024 and 2025: 公示, 公布, 通报), five files each.
        let packages = Set(files.keys.filter { $0.hasPrefix("packages/") }.map { $0.split(separator: "/")[1] })
        #expect(packages == ["2024-notice", "2024-final", "2024-circular", "2025-notice", "2025-final", "2025-circular"])
        #expect(files.keys.filter { $0.hasPrefix("packages/") }.count == 30)
        #expect(files["inspections/index.html"] != nil && files["verify/index.html"] != nil && files["verify/verify.js"] != nil)
        #expect(files.keys.filter { $0.hasPrefix("verify/shards/") }.count == 16)  // no report numbers: the smallest index
        #expect(files["search/index.html"] != nil && files["search/index.js"] != nil && files["assets/site.js"] != nil)
        #expect(files.keys.filter { $0.hasSuffix("index.md") }.count == 27)
        #expect(Set(html.filter { $0.hasPrefix("notices/") }) == [
            "notices/index.html", "notices/2024-notice/index.html", "notices/2024-final/index.html",
            "notices/2025-notice/index.html", "notices/2025-final/index.html",
        ])
        #expect(html.filter { $0.hasPrefix("agencies/") && $0 != "agencies/index.html" }.count == 9)
        let datasets = ["grades-2024", "grades-2024.current", "grades-2025", "grades-2025.versions", "grades-2025.current", "grades-all-years", "agencies", "qualifications", "qualification-scope",
                        "bad-records", "not-rated", "serious-dishonesty", "procurement-restrictions", "changes", "code-exceptions", "inspection-draws", "inspections"]
        for name in datasets {
            for file in ["\(name).csv", "excel/\(name).xlsx", "excel/\(name).csv", "\(name).json", "\(name).csv-metadata.json", "schemas/\(name).schema.json"] {
                #expect(files["open-data/" + file] != nil, "\(file)")
            }
        }
        for file in ["datapackage.json", "catalog.jsonld", "catalog.json", "gongshi.sqlite", "index.html", "index.md"] {
            #expect(files["open-data/" + file] != nil, "\(file)")
        }
        #expect(files.keys.filter { $0.hasPrefix("open-data/") }.count == datasets.count * 6 + 6)
        #expect(files["SHA256SUMS"] != nil && files["SHA256SUMS.minisig"] == nil)  // built without a key: not signed
        #expect(files["assets/style.css"] != nil && files["sitemap.xml"] != nil && files["404.html"] != nil && files["feed.xml"] != nil)
        let sitemap = String(decoding: files["sitemap.xml"]!, as: UTF8.self)
        #expect(sitemap.components(separatedBy: "<loc>").count - 1 == 30)
        #expect(sitemap.contains("<loc>https://example.gov.cn/xypj/grades/2025/</loc>"))
    }

    @Test("The licence is configuration: [open_data] licence is stated on the page, in the data package, CSVW and DCAT")
    func licence() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let config = site + "/config.toml"
        try (try String(contentsOfFile: config, encoding: .utf8) + "\n[open_data]\nlicence = \"CC0-1.0\"\n").write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/out", "--quiet"]).status == 0)
        let files = try Gongshi.tree(site + "/out")
        func text(_ path: String) -> String { String(decoding: files[path] ?? Data(), as: UTF8.self) }
        let cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
        #expect(text("open-data/index.html").contains("许可协议：<a href=\"\(cc0)\" rel=\"license\">CC0 1.0</a>"))
        #expect(text("open-data/datapackage.json").contains("\"name\": \"CC0-1.0\"") || text("open-data/datapackage.json").contains("\"name\":\"CC0-1.0\""))
        #expect(text("open-data/agencies.csv-metadata.json").contains(cc0) && text("open-data/catalog.jsonld").contains(cc0))
        #expect(files.keys.allSatisfy { !String(decoding: files[$0]!, as: UTF8.self).contains("creativecommons.org/licenses/by/4.0") })
        // Any other licence is described, not guessed.
        try (try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "\"CC0-1.0\"", with: "\"MIT\"")).write(toFile: config, atomically: true, encoding: .utf8)
        let r = try Gongshi.run(["check", "--site", site])
        #expect(r.status == 1 && r.stderr.contains("E400") && r.stderr.contains("MIT"), "\(r.stderr)")
    }

    @Test("Two builds of the same inputs and date are byte-identical")
    func deterministic() throws {
        let (site, first) = try builtSite()
        let second = site + "/out2"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", second, "--quiet"]).status == 0)
        let a = try Gongshi.tree(first), b = try Gongshi.tree(second)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.keys.filter { a[$0] != b[$0] }.isEmpty)
        // Another date gives other bytes where the date shows.
        let third = site + "/out3"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-05-01", "--output", third, "--quiet"]).status == 0)
        #expect(try Gongshi.tree(third)["index.html"] != a["index.html"])
    }

    @Test("A rebuild whose inputs did not change does nothing; a change to any input, or to the output, builds again")
    func unchangedInputs() throws {
        let (site, output) = try builtSite()
        func build(_ date: String = "2026-07-01") throws -> String {
            let r = try Gongshi.run(["build", "--site", site, "--as-of", date, "--output", output])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stderr + r.stdout
        }
        let skipped = "nothing to do"
        // builtSite's build was the first after an import (it leaves an empty WAL beside the registry): not a change.
        #expect(try build().contains(skipped))
        #expect(try build().contains("nothing changed, nothing written"))
        let before = try Gongshi.tree(output)
        // Each input in turn: the date, a page, a template override, the registry, the output itself.
        #expect(try !build("2026-07-02").contains(skipped))
        #expect(try build("2026-07-02").contains(skipped))
        let about = site + "/pages/" + (try FileManager.default.contentsOfDirectory(atPath: site + "/pages").sorted().first!)
        try (String(contentsOfFile: about, encoding: .utf8) + "\n更新。\n").write(toFile: about, atomically: true, encoding: .utf8)
        #expect(try !build().contains(skipped))
        try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}<h1>404</h1>{{/main}}{{/layout}}\n".write(toFile: site + "/templates/404.mustache", atomically: true, encoding: .utf8)
        #expect(try !build().contains(skipped))
        #expect(try String(contentsOfFile: output + "/404.html", encoding: .utf8).contains("<h1>404</h1>"))
        #expect(try build().contains(skipped))
        let agencies = site + "/data/agencies.csv"
        try String(contentsOfFile: agencies, encoding: .utf8).replacingOccurrences(of: "宁波市", with: "浙江省宁波市")
            .write(toFile: agencies, atomically: true, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        #expect(try !build().contains(skipped))
        #expect(try build().contains(skipped))
        #expect(try String(contentsOfFile: output + "/open-data/agencies.csv", encoding: .utf8).contains("浙江省宁波市"))
        try FileManager.default.removeItem(atPath: output + "/SHA256SUMS")
        #expect(try !build().contains(skipped))
        #expect(try Gongshi.tree(output)["SHA256SUMS"] != nil)
        #expect(try Gongshi.tree(output).keys.sorted() == before.keys.sorted())
    }

    @Test("No internal value reaches any output byte")
    func nothingInternal() throws {
        let files = try Gongshi.tree(try builtSite().output)
        #expect(files["index.html"]!.containsBytes(of: "测试站点"))  // the search finds what is there
        for (path, data) in files {
            for marker in Self.internalMarkers { #expect(!data.containsBytes(of: marker), "\(marker) in \(path)") }
        }
    }

    @Test("Open data: grades of 2025 in ranking order; the revocation after final publication is version 2, current and one row of the versions file")
    func openData() throws {
        let files = try Gongshi.tree(try builtSite().output)
        let csv = String(decoding: files["open-data/grades-2025.csv"]!, as: UTF8.self)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "year,stage,rank,unified_social_credit_code,agency_name,district,basic_quality,business_execution,operation_management,integrity_record,total_score,awarded_grade,corrected_grade,grade,revoked_on,revocation_trigger")
        #expect(lines[1] == "2025,final,1,91330212MA2H0A1B0F,宁波甲测检测技术有限公司,鄞州区,19,38,19,19,95,A,,A,,")
        #expect(lines[2] == "2025,final,2,91330203MA2H0A2C18,宁波乙测环境检测有限公司,海曙区,18,36,18,18,90,B,,B,,")
        let v2 = String(decoding: files["open-data/grades-2025.current.csv"]!, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(v2[2] == "2025,final,2,91330203MA2H0A2C18,宁波乙测环境检测有限公司,海曙区,18,36,18,18,90,B,,E,2026-06-01,4")
        let versions = String(decoding: files["open-data/grades-2025.versions.csv"]!, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(versions.count == 2 && versions[1].hasPrefix("2,2026-06-01,2025,final,2,91330203MA2H0A2C18,宁波乙测环境检测有限公司,海曙区,18,36,18,18,90,B,,E,2026-06-01,4,"))
        #expect(lines.contains("2025,final,6,91330281MA2H0A6G5E,余姚己测环境监测有限公司,余姚市,15,30,15,15,75,C,B,B,,"))
        let json = try JSONSerialization.jsonObject(with: files["open-data/grades-2025.current.json"]!) as! [[String: Any]]
        #expect(json.count == 7)
        #expect(json[3]["total_score"] as? Double == 85)
        #expect(json[3]["basic_quality"] as? Double == 17.5)
        #expect(json[0]["revoked_on"] is NSNull)
        #expect(json[1]["revoked_on"] as? String == "2026-06-01")
    }

    @Test("Authored Markdown goes through cmark safe mode: no script, no javascript: link")
    func authoredPage() throws {
        let files = try Gongshi.tree(try builtSite().output)
        let about = String(decoding: files["about/index.html"]!, as: UTF8.self)
        #expect(about.contains("本站<strong>测试</strong>。"))
        #expect(!about.contains("<script>alert") && !about.contains("javascript:"))
    }

    @Test("During the notice period the site says the results are not final, with the deadline")
    func noticeStage() throws {
        let files = try Gongshi.tree(try builtSite(asOf: "2026-03-05").output)
        let home = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(home.contains("公示中，结果尚未最终确定。"))
        #expect(home.contains("2026年3月13日 前向宁波市生态环境局提出异议申请"))
        let csv = String(decoding: files["open-data/grades-2025.csv"]!, as: UTF8.self)
        #expect(csv.contains("2025,notice,1,"))
    }

    @Test("A failed build leaves the previous output exactly as it was")
    func failedBuildKeepsOutput() throws {
        let (site, output) = try builtSite()
        let before = try Gongshi.tree(output)
        try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}{{#agency}}{{/main}}{{/layout}}".write(toFile: site + "/templates/agency.mustache", atomically: false, encoding: .utf8)
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", output])
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/agency.mustache"))
        let after = try Gongshi.tree(output)
        #expect(after.keys.sorted() == before.keys.sorted())
        #expect(after.keys.filter { after[$0] != before[$0] }.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.contains("staging") }.isEmpty)
    }

    @Test("A site's templates/ overrides one template of the theme and keeps the rest")
    func override() throws {
        let (site, _) = try builtSite()
        try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}<p>自定义首页 {{agencyCount}}</p>{{/main}}{{/layout}}".write(toFile: site + "/templates/home.mustache", atomically: false, encoding: .utf8)
        let output = site + "/custom"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", output, "--quiet"]).status == 0)
        let files = try Gongshi.tree(output)
        #expect(String(decoding: files["index.html"]!, as: UTF8.self).contains("<p>自定义首页 9</p>"))
        #expect(String(decoding: files["agencies/index.html"]!, as: UTF8.self).contains("社会监测机构名录"))
    }
}
