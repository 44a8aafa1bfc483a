import Testing
@testable import Evaluation
@testable import Model

@Suite("Art. 17, 19: inspection tiers and a reproducible draw (双随机)")
struct InspectionDrawTests {
    func ratings(_ grades: [Grade]) -> [Rating] {
        grades.enumerated().map { i, g in
            Rating(agency: Build.code(i + 1), rank: i + 1, subScores: nil, total: Score(points: 90 - i), awardedGrade: g == .e ? .d : g,
                   correctedGrade: nil, revokedBy: g == .e ? Build.event(i + 1, on: "2026-05-01") : nil)
        }
    }

    func draw(_ seed: String, _ grades: [Grade], policy: InspectionPolicy = .default) -> DrawResult {
        InspectionDrawing.draw(InspectionDraw(origin: Build.origin, year: 2025, seed: seed, announcedOn: Build.date("2026-04-10"), drawnOn: Build.date("2026-04-15")),
                               ratings: ratings(grades), notRated: [NotRatedListing(agency: Build.code(99), year: 2025, reason: "拒绝整改")], policy: policy)
    }

    @Test("HMAC-SHA256 is the standard one (RFC 4231, test case 2), as openssl computes it")
    func hmacKnownAnswer() {
        #expect(InspectionDrawing.hmac(seed: "Jefe", message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("Art. 17: A none, B at most 10 %, C at most 50 %, D and E all, not rated all; counts round down")
    func tierSizes() {
        let grades: [Grade] = Array(repeating: .a, count: 4) + Array(repeating: .b, count: 19) + Array(repeating: .c, count: 7) + [.d, .d, .e]
        let result = draw("种子", grades)
        #expect(result.tiers.map(\.kind) == [.a, .b, .c, .d, .e, .notRated])
        #expect(result.tiers.map(\.members.count) == [4, 19, 7, 2, 1, 1])
        #expect(result.tiers.map(\.selectedCount) == [0, 1, 3, 2, 1, 1])  // 19 × 10 % = 1.9 → 1; 7 × 50 % = 3.5 → 3
        #expect(result.tiers.first { $0.kind == .e }?.increasedFrequency == true)
        for tier in result.tiers where tier.kind == .b || tier.kind == .c {
            #expect(tier.selectedCount * 100 <= tier.members.count * (tier.kind == .b ? 10 : 50))
        }
        let lower = draw("种子", grades, policy: InspectionPolicy(bPercent: 5, cPercent: 20))
        #expect(lower.tiers.map(\.selectedCount) == [0, 0, 1, 2, 1, 1])
    }

    @Test("The same seed gives the same draw; another seed another order")
    func reproducible() {
        let grades = Array(repeating: Grade.b, count: 40) + Array(repeating: Grade.c, count: 10)
        let first = draw("2026年第1期", grades), again = draw("2026年第1期", grades), other = draw("2026年第2期", grades)
        #expect(first.selected == again.selected)
        #expect(first.tiers[1].members.map(\.agency) == again.tiers[1].members.map(\.agency))
        #expect(first.tiers[1].members.map(\.agency) != other.tiers[1].members.map(\.agency))
        #expect(first.selected != other.selected)
        // The order is the HMAC order, which anyone can recompute.
        let b = first.tiers[1].members
        #expect(b.map(\.hmac) == b.map(\.hmac).sorted())
        #expect(b.allSatisfy { $0.hmac == InspectionDrawing.hmac(seed: "2026年第1期", message: $0.agency.value) })
    }

    @Test("Inspectors are drawn the same way: two per selected agency, reproducibly")
    func inspectors() {
        let pool = (1...8).map { Inspector(origin: Build.origin, badge: "B\($0)", name: "检查员\($0)", unit: "局") }
        let result = draw("种子", Array(repeating: .d, count: 3))
        let first = InspectionDrawing.assignInspectors(result, pool: pool), again = InspectionDrawing.assignInspectors(result, pool: pool)
        #expect(first.count == 4 && first.allSatisfy { $0.inspectors.count == 2 })
        #expect(first.map { $0.inspectors.map(\.badge) } == again.map { $0.inspectors.map(\.badge) })
        #expect(Set(first.map { $0.inspectors.map(\.badge).joined() }).count > 1)
    }
}
