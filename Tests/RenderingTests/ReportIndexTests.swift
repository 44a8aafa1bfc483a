import Evaluation
import Foundation
import Model
import Rendering
import Testing

/// Art. 18: the /verify/ index: shards small enough to load on any line, never a report number in them.
@Suite("Report-number index")
struct ReportIndexTests {
    static let agency = UnifiedSocialCreditCode(unchecked: "91330203MA2AB1C2XK")

    /// A publication whose numbers have the given hashes (the index never sees the numbers themselves).
    static func publication(digests: [String]) -> Publication {
        var p = Publication(asOf: CivilDate(iso: "2026-06-01")!, policy: GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .better),
                            years: [], agencies: [], seriousDishonestyList: [], badRecords: [], changes: [])
        p.reportNumbers = digests.enumerated().map { i, digest in
            PublishedReportNumber(origin: Origin(file: "data/report-numbers.csv", line: i + 2), digest: digest, agency: agency,
                                  issuedOn: CivilDate(iso: "2025-03-0\(1 + i % 9)")!, type: i % 2 == 0 ? "委托监测" : "自行监测")
        }
        return p
    }

    static func randomDigests(_ count: Int, prefix: String = "", seed: UInt64) -> [String] {
        var state = seed
        return (0..<count).map { _ in
            var hex = prefix
            while hex.utf8.count < 64 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                hex += String(state >> 32, radix: 16).leftPadding(to: 8)
            }
            return String(hex.prefix(64))
        }
    }

    @Test("Shards average at most 200 entries: 10 million numbers take 4 hex digits (65,536 shards)")
    func shardCount() {
        #expect(ReportIndex.prefixLength(for: 3_200) == 1)
        #expect(ReportIndex.prefixLength(for: 3_201) == 2)
        #expect(ReportIndex.prefixLength(for: 10_000_000) == 4)
    }

    @Test("A shard that would pass 16 KB splits the index one hex digit finer")
    func largestShardFits() throws {
        // 400 hashes that all begin with 0: one digit would put them all in shard 0 (about 26 KB).
        let index = ReportIndex(Self.publication(digests: Self.randomDigests(400, prefix: "0", seed: 7)))
        #expect(index.prefixLength == 2)
        #expect(index.shardCount == 256)
        let scripts = (0..<index.shardCount).map { index.script(ofShard: $0) }
        #expect(scripts.allSatisfy { $0.count <= ReportIndex.maximumShardBytes })
        #expect(scripts.reduce(0) { $0 + $1.count } > ReportIndex.maximumShardBytes)
    }

    @Test("A shard lists its entries by the 16 hex digits after its prefix, with agency, date, type and grade")
    func shardScript() throws {
        let digests = ["ab" + String(repeating: "f", count: 62), "ab" + String(repeating: "1", count: 62), "cd" + String(repeating: "2", count: 62)]
        let index = ReportIndex(Self.publication(digests: digests))
        #expect(index.prefixLength == 1)
        #expect(index.types == ["委托监测", "自行监测"])
        let a = String(decoding: index.script(ofShard: 0xa), as: UTF8.self)
        #expect(a == "gongshiVerifyShard(\"a\",[[\"b111111111111111\",\"91330203MA2AB1C2XK\",\"20250302\",1,\"\"],"
                   + "[\"bfffffffffffffff\",\"91330203MA2AB1C2XK\",\"20250301\",0,\"\"]]);\n")
        #expect(String(decoding: index.script(ofShard: 0), as: UTF8.self) == "gongshiVerifyShard(\"0\",[]);\n")
    }
}

private extension String {
    func leftPadding(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
