import Foundation
import Testing

/// Issue 18's guard: whatever a rebuild reuses, after a one-record change its output is exactly a build from nothing.
@Suite("A rebuild after a one-record change is byte for byte a build from scratch (the demo)")
struct IncrementalBuildTests {
    /// One kind of one-record change, as the clerk makes it in a data file (bytes replaced, or a row added).
    struct Change: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var old: [UInt8]
        var new: [UInt8]
        var testDescription: String { name }
    }

    static let changes: [Change] = [
        Change(name: "an agency's address", file: "agencies.csv", old: Array("小港纬三路34号".utf8), new: Array("小港纬三路36号".utf8)),
        // evaluations.csv is GB18030, as Excel saves it; 是 is CA C7 there. One indicator and the total, in the
        // year under notice on the as-of date, so the ranking can move.
        Change(name: "one score", file: "evaluations.csv",
               old: Array("2025,9133021194PT3HG662,".utf8) + [0xCA, 0xC7] + Array(",16.5,25.5,14,17,73,".utf8),
               new: Array("2025,9133021194PT3HG662,".utf8) + [0xCA, 0xC7] + Array(",16.5,25.5,14,18,74,".utf8)),
        Change(name: "one E event", file: "serious-dishonesty.csv", old: [],
               new: Array("9133021148R61KLP12,四,2026-02-10,甬环罚〔2026〕5号,宁波市生态环境局,出具虚假监测报告。,\n".utf8)),
        Change(name: "one repair", file: "bad-records.csv",
               old: Array("甬环罚〔2025〕64号,宁波市生态环境局,2025-10-07,超出资质认定范围出具监测数据，被处以罚款。,,,".utf8),
               new: Array("甬环罚〔2025〕64号,宁波市生态环境局,2025-10-07,超出资质认定范围出具监测数据，被处以罚款。,,2026-02-20,".utf8)),
    ]

    @Test("Art. 13: after the change, the rebuilt output equals a build from nothing, and something changed", arguments: changes)
    func rebuildEqualsScratch(_ change: Change) throws {
        let site = try FailureTests.demoSite()
        let output = site + "/public", scratch = site + "/scratch"
        let asOf = "2026-03-06"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"]).status == 0)
        let before = try Gongshi.tree(output)
        let path = site + "/data/" + change.file
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if change.old.isEmpty {
            bytes += change.new
        } else {
            let at = try #require(Data(bytes).range(of: Data(change.old)), "\(change.name): the demo no longer has the row to change")
            bytes.replaceSubrange(at, with: change.new)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let check = try Gongshi.run(["check", "--site", site, "--quiet"])
        #expect(check.status == 0, "\(change.name): \(check.stderr)")
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let rebuilt = try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", scratch, "--quiet"]).status == 0)
        let after = try Gongshi.tree(output)
        #expect(after != before, "\(change.name) changed nothing in the output")
        let fresh = try Gongshi.tree(scratch)
        #expect(after == fresh, "\(change.name): \(TrustSite.difference(after, fresh))")
    }

    /// Builds the demo into public/, makes `change` to the site, rebuilds, and builds from nothing into scratch/.
    func rebuild(after change: (String) throws -> Void) throws -> (before: [String: Data], after: [String: Data], fresh: [String: Data]) {
        let site = try FailureTests.demoSite()
        let output = site + "/public", scratch = site + "/scratch"
        let asOf = "2026-03-06"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"]).status == 0)
        let before = try Gongshi.tree(output)
        try change(site)
        let rebuilt = try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", scratch, "--quiet"]).status == 0)
        return (before, try Gongshi.tree(output), try Gongshi.tree(scratch))
    }

    @Test("A changed template is rendered again on every page that uses it, though no record and no context changed")
    func templateChange() throws {
        let (before, after, fresh) = try rebuild { site in
            try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
            let template = try String(contentsOfFile: Gongshi.repository + "/site-templates/agency.mustache", encoding: .utf8)
            try template.replacingOccurrences(of: "<dt>统一社会信用代码</dt>", with: "<dt>代码（统一社会信用代码）</dt>")
                .write(toFile: site + "/templates/agency.mustache", atomically: true, encoding: .utf8)
        }
        let pages = after.keys.filter { $0.hasPrefix("agencies/") && $0.hasSuffix("/index.html") && $0 != "agencies/index.html" }
        #expect(!pages.isEmpty)
        for page in pages {
            #expect(String(decoding: after[page]!, as: UTF8.self).contains("<dt>代码（统一社会信用代码）</dt>"), "\(page) was taken from the last build")
            #expect(after[page] != before[page])
        }
        #expect(after == fresh, "\(TrustSite.difference(after, fresh))")
    }

    @Test("What the last build was made from is only a hint: a damaged, emptied or foreign memo still gives the build from nothing",
          arguments: ["damaged", "truncated", "foreign"])
    func memoIsOnlyAHint(_ damage: String) throws {
        let (_, after, fresh) = try rebuild { site in
            let memo = site + "/.public.memo"
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: memo)))
            #expect(bytes.count > 1000)
            switch damage {
            case "damaged":
                // Every 97th byte past the header changed: keys, hashes, sizes and paths that no longer match.
                for i in stride(from: 200, to: bytes.count, by: 97) { bytes[i] ^= 0x5A }
            case "truncated":
                bytes = Array(bytes.prefix(bytes.count / 2))
            default:
                // A memo of a build as of another day, whose pages say something else under the same paths.
                let other = site + "/other"
                #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-04-20", "--output", other, "--quiet"]).status == 0)
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: site + "/.other.memo")))
            }
            try Data(bytes).write(to: URL(fileURLWithPath: memo))
            // And a record changed, so that the stamp does not match and every page is looked up in the memo.
            let path = site + "/data/agencies.csv"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "小港纬三路34号", with: "小港纬三路38号").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        }
        #expect(after == fresh, "\(damage): \(TrustSite.difference(after, fresh))")
    }
}
