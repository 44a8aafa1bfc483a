import Foundation
@testable import Store
import Testing
@testable import Publishing
@testable import Model

/// Art. 7, 17–19 on the real binary: the draw, its published form and its recipes, and the internal reports.
@Suite("Supervision the public can check", .serialized)
struct SupervisionTests {
    static let seed = "2025年4月15日宁波市生态环境局公告的随机种子：7391-2846-0517（演示）"

    static let demo: (site: String, output: String) = {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-supervision-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        for part in ["config.toml", "data", "pages", "notices"] {
            try! FileManager.default.copyItem(atPath: Gongshi.repository + "/content/" + part, toPath: site + "/" + part)
        }
        precondition(try! Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        precondition(try! Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--output", site + "/public", "--quiet"]).status == 0)
        return (site, site + "/public")
    }()

    /// Rows of the published draw: tier → codes in draw order, and the selected ones.
    static func published() throws -> [String: (order: [String], selected: [String])] {
        let text = try String(contentsOfFile: demo.output + "/open-data/inspection-draws.csv", encoding: .utf8)
        var tiers: [String: (order: [String], selected: [String])] = [:]
        for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
            // year,seed,drawn_on,tier,tier_percent,position,code,name,hmac,selected — the seed holds no comma.
            let f = line.components(separatedBy: ",")
            var entry = tiers[f[3]] ?? ([], [])
            entry.order.append(f[6])
            if f[9] == "true" { entry.selected.append(f[6]) }
            tiers[f[3]] = entry
        }
        return tiers
    }

    @Test("gongshi draw gives exactly the draw the site publishes")
    func drawMatchesSite() throws {
        let r = try Gongshi.run(["draw", "--site", Self.demo.site, "--year", "2024", "--seed", Self.seed, "--date", "2025-04-20", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let printed = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { String($0.split(separator: " ")[1]) }
        let tiers = try Self.published()
        let selected = ["a", "b", "c", "d", "e", "not-rated"].flatMap { tiers[$0]?.selected ?? [] }
        #expect(printed == selected)
        #expect(r.stdout.contains("the site publishes this draw"))
        // Said in the reader's language, every line of it: English here, Chinese with --lang zh.
        #expect(r.stdout.hasPrefix("Random inspection draw on the 2024 results, drawn on 2025-04-20"), "\(r.stdout.prefix(200))")
        #expect(r.stdout.contains("\ngrade B: ") && r.stdout.contains("(on-site inspection of at most 10%)") && !r.stdout.contains("级："))
        let zh = try Gongshi.run(["draw", "--site", Self.demo.site, "--year", "2024", "--seed", Self.seed, "--date", "2025-04-20", "--quiet", "--lang", "zh"])
        #expect(zh.stdout.hasPrefix("2024年度评价结果的双随机抽查，抽取日期 2025-04-20") && zh.stdout.contains("\nB级：") && zh.stdout.contains("网站发布的就是这次抽取"))
        #expect(tiers["b"]!.selected.count == tiers["b"]!.order.count * 10 / 100)
        #expect(tiers["a"]!.selected.isEmpty && tiers["d"]!.selected == tiers["d"]!.order)
        let other = try Gongshi.run(["draw", "--site", Self.demo.site, "--year", "2024", "--seed", "另一个种子", "--date", "2025-04-20", "--quiet"])
        #expect(other.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") } != r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") })
    }

    @Test("The recipes on the site (openssl in a shell, Python) reproduce the published order")
    func recipes() throws {
        let tiers = try Self.published()
        let order = tiers["b"]!.order
        let work = Self.demo.site + "/recipe"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try (order.shuffled().joined(separator: "\n") + "\n").write(toFile: work + "/tier.txt", atomically: false, encoding: .utf8)
        let page = try String(contentsOfFile: Self.demo.output + "/inspections/index.html", encoding: .utf8)
        let recipes = page.components(separatedBy: "<pre><code>").dropFirst().map { String($0.components(separatedBy: "</code></pre>")[0]) }
            .map { $0.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
                .replacingOccurrences(of: "head -n K", with: "head -n \(order.count)") }
        #expect(recipes.count == 2)
        for recipe in recipes {
            let r = try Gongshi.run(["/bin/sh", "-c", "cd \"$0\" && " + recipe, work], viaShell: true)
            let lines = r.stdout.split(separator: "\n").map { String($0.split(separator: " ").last!) }
            #expect(lines == order, "\(recipe)\n\(r.stderr)")
        }
    }

    @Test("A draw before the year's results are final is refused (E199)")
    func drawBeforeFinal() throws {
        let r = try Gongshi.run(["draw", "--site", Self.demo.site, "--year", "2025", "--seed", "x", "--date", "2026-03-06", "--quiet"])
        #expect(r.status == 1 && r.stderr.contains("error[E199]"))
    }

    @Test("Art. 7: late filings, and CMA certificates expired or expiring within 90 days, in internal reports")
    func reports() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try """
        统一社会信用代码,变更事项,变更日期,办理日期
        91330212MA2H0A1B0F,地址,2025-01-10,2025-02-10
        91330203MA2H0A2C18,名称,2025-01-31,2025-03-10
        91330206MA2H0A3D2D,关键岗位人员,2026-01-20,
        91330211MA2H0A4E3E,资质范围,2026-02-20,

        """.write(toFile: site + "/data/info-changes.csv", atomically: false, encoding: .utf8)
        let late = try Gongshi.run(["check", "--site", site, "--report", "late-filings", "--as-of", "2026-03-06", "--csv", site + "/late.csv"])
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.contains("2025-01-31  2025-02-28  2025-03-10  逾期 10 天"))  // 31 January + one month = 28 February
        #expect(late.stdout.contains("2026-01-20  2026-02-20  未办理      已逾期 14 天"))
        #expect(!late.stdout.contains("2025-01-10") && !late.stdout.contains("2026-02-20  2026-03-20"))
        #expect(late.stdout.hasSuffix("2 条\n"))
        let csv = try Data(contentsOf: URL(fileURLWithPath: site + "/late.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").count == 4)
        let expiring = try Gongshi.run(["check", "--site", site, "--report", "expiring-qualifications", "--as-of", "2026-03-06"])
        #expect(expiring.stdout.contains("201112050002  2026-01-09  已过期 56 天"))
        // The report's CSV is for Excel: the 12-digit certificate number opens as text with every digit.
        _ = try Gongshi.run(["check", "--site", site, "--report", "expiring-qualifications", "--as-of", "2026-03-06", "--csv", site + "/expiring.csv"])
        let expiringCSV = try String(contentsOfFile: site + "/expiring.csv", encoding: .utf8)
        #expect(expiringCSV.contains("\"=\"\"201112050002\"\"\""), "\(expiringCSV)")
        #expect(!expiring.stdout.contains("221112050001"))
        // Nothing of either report reaches the site.
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--output", site + "/out", "--quiet"]).status == 0)
        for (path, bytes) in try Gongshi.tree(site + "/out") {
            #expect(!bytes.containsBytes(of: "逾期 10 天") && !bytes.containsBytes(of: "已逾期 14 天") && !bytes.containsBytes(of: "2026-01-20"), "\(path)")
        }
    }

    @Test("Art. 7: a filed change of name makes the former name public (agency page, search); an unfiled one, and a former name on another change (E174), do not")
    func formerNames() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try """
        统一社会信用代码,变更事项,变更日期,办理日期,变更前名称
        91330203MA2H0A2C18,名称,2025-01-31,2025-02-10,宁波市乙测环保技术有限公司
        91330212MA2H0A1B0F,名称,2025-01-10,,宁波甲测旧名有限公司

        """.write(toFile: site + "/data/info-changes.csv", atomically: false, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--output", site + "/out", "--quiet"]).status == 0)
        let page = try String(contentsOfFile: site + "/out/agencies/91330203MA2H0A2C18/index.html", encoding: .utf8)
        #expect(page.contains("<dt>曾用名</dt><dd>宁波市乙测环保技术有限公司（2025-01-31 起更名）</dd>"))
        let twin = try String(contentsOfFile: site + "/out/agencies/91330203MA2H0A2C18/index.md", encoding: .utf8)
        #expect(twin.contains("- 曾用名：宁波市乙测环保技术有限公司（2025-01-31 起更名）"))
        let index = try String(contentsOfFile: site + "/out/search/index.js", encoding: .utf8)
        #expect(index.contains("\"宁波市乙测环保技术有限公司\"]"))
        for (path, bytes) in try Gongshi.tree(site + "/out") {
            #expect(!bytes.containsBytes(of: "宁波甲测旧名有限公司"), "\(path)")
        }
        try """
        统一社会信用代码,变更事项,变更日期,办理日期,变更前名称
        91330203MA2H0A2C18,地址,2025-01-31,2025-02-10,宁波市乙测环保技术有限公司

        """.write(toFile: site + "/data/info-changes.csv", atomically: false, encoding: .utf8)
        let refused = try Gongshi.run(["check", "--site", site])
        #expect(refused.status == 1 && refused.stderr.contains("error[E174]") && refused.stderr.contains("info-changes.csv:2"), "\(refused.stderr)")
    }

    /// Every entry id the published shards hold, as prefix + the 16 hex digits after it.
    static func publishedIDs() throws -> (ids: Set<String>, prefixLength: Int) {
        var ids: Set<String> = []
        var prefixLength = 0
        for (path, bytes) in try Gongshi.tree(demo.output) where path.hasPrefix("verify/shards/") {
            let prefix = String(path.dropFirst("verify/shards/".count).dropLast(3))
            prefixLength = prefix.count
            let text = String(decoding: bytes, as: UTF8.self)
            for match in text.matches(of: try Regex(#"\["([0-9a-f]{16})""#)) { ids.insert(prefix + String(text[match.range].dropFirst(2).dropLast())) }
        }
        return (ids, prefixLength)
    }

    @Test("Art. 18: trying the demo's numbering pattern, and codes for a known number, with a fixed CPU budget, recovers no report number")
    func verifyIndexResistsEnumeration() throws {
        let (ids, prefixLength) = try Self.publishedIDs()
        #expect(ids.count == 3861)
        func published(_ digest: String) -> Bool { ids.contains(String(digest.prefix(prefixLength + 16))) }
        let rows = try String(contentsOfFile: Gongshi.repository + "/content/data/report-numbers.csv", encoding: .utf8)
            .components(separatedBy: "\n").dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",").map(String.init) }
        // The index does answer the right number with its code: the check works.
        #expect(rows.allSatisfy { published(ReportNumber.digest(number: $0[0], code: $0[1])) })
        // The attack that recovered all 3,861 numbers before: hash every number of the pattern (NBnnn-JC2025-0001 …),
        // alone, with an empty code and with the number as its code; also the old, unsalted form.
        var recovered = 0, tried = 0
        let started = Date()
        for agency in 1...168 {
            for kind in ["JC", "YW", "TR"] {
                for year in [2024, 2025] {
                    for n in 1...40 {
                        let number = "NB\(String(agency).leftPadded(to: 3))-\(kind)\(year)-\(String(n).leftPadded(to: 4))"
                        for digest in [ReportNumber.legacyDigest(of: number), ReportNumber.digest(number: number, code: ""),
                                       ReportNumber.digest(number: number, code: number)] where published(digest) { recovered += 1 }
                        tried += 3
                    }
                }
            }
        }
        // Then codes for one number whose code is not known, for a fixed three seconds.
        let budget = 3.0
        _ = started
        var random = SyntheticSite.Random(state: 18)
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        let target = rows[0][0]
        let guessing = Date()
        while Date().timeIntervalSince(guessing) < budget {
            for _ in 0..<1000 {
                let code = String((0..<16).map { _ in alphabet[random.below(alphabet.count)] })
                if published(ReportNumber.digest(number: target, code: code)) { recovered += 1 }
                tried += 1
            }
        }
        #expect(tried > 100_000)
        #expect(recovered == 0, "\(recovered) of \(tried) tries found a published entry")
        // No output file holds the old number-only hash of any real number: every run of 16 hex digits anywhere
        // in the output, against the 16 digits a shard would have used.
        var windows: Set<Substring> = []
        for (_, bytes) in try Gongshi.tree(Self.demo.output) {
            let text = String(decoding: bytes, as: UTF8.self)
            for match in text.matches(of: try Regex("[0-9a-f]{16,}")) {
                let run = text[match.range]
                var start = run.startIndex
                while let end = run.index(start, offsetBy: 16, limitedBy: run.endIndex) {
                    windows.insert(run[start..<end])
                    start = run.index(after: start)
                }
            }
        }
        #expect(windows.count > 1000)
        let leaked = rows.filter { windows.contains(ReportNumber.legacyDigest(of: $0[0]).dropFirst(prefixLength).prefix(16)) }
        #expect(leaked.isEmpty, "\(leaked.count) numbers' old hashes are in the output")
    }

    @Test("Art. 18: the verify index lists no report number or verification code, and each shard is small")
    func verifyIndex() throws {
        let rows = try String(contentsOfFile: Gongshi.repository + "/content/data/report-numbers.csv", encoding: .utf8)
            .components(separatedBy: "\n").dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",").map(String.init) }
        let numbers = rows.map { $0[0] } + rows.prefix(200).map { $0[1] }
        #expect(numbers.count > 3000)
        let files = try Gongshi.tree(Self.demo.output)
        let shards = files.filter { $0.key.hasPrefix("verify/shards/") }
        #expect(shards.count == 256)
        #expect(shards.values.allSatisfy { $0.count <= 16 * 1024 })
        for number in numbers.prefix(200) {
            for (path, bytes) in files where bytes.containsBytes(of: number) { Issue.record("\(number) in \(path)") }
        }
    }
}
