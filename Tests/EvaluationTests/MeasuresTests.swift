import Testing
@testable import Evaluation
@testable import Model

/// The measures' articles that a registry written in code shows best: counts, history and the indicator systems.
@Suite("The measures, article by article")
struct MeasuresTests {
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)

    @Test("Art. 8, 13: only objections to a published result count, and only corrections that changed a grade")
    func objectionCounts() {
        // Ten agencies ranked 90…45: 1–2 A, 3–5 B, 6–8 C, 9–10 D. 11 is not rated, 12 out of scope.
        var r = Build.registry(totals: ["90", "85", "80", "75", "70", "65", "60", "55", "50", "45"])
        r.agencies += [Build.agency(11), Build.agency(12)]
        r.evaluations += [Build.evaluation(2025, 11, total: nil, notRated: "信息严重失实且拒绝整改"),
                          Build.evaluation(2025, 12, total: nil, inScope: false)]
        r.objections = [
            Build.objection(1, 6, filed: "2026-03-05", decision: .corrected, grade: .b, decided: "2026-03-20"),  // C → B
            Build.objection(2, 11, filed: "2026-03-05", decision: .corrected, grade: .b, decided: "2026-03-20"), // not rated: nothing to correct
            Build.objection(3, 12, filed: "2026-03-06", decision: .corrected, grade: .a, decided: "2026-03-20"), // out of scope: no result
            Build.objection(4, 3, filed: "2026-03-06", decision: .corrected, grade: .b, decided: "2026-03-20"),  // B → B: changes nothing
            Build.objection(5, 9, filed: "2026-03-07", decision: .rejected, decided: "2026-03-08"),
        ]
        let year = evaluator.evaluate(r, asOf: Build.date("2026-04-07")).years[0]
        #expect(year.objections.withinPeriod.received == 4)  // the out-of-scope agency has no published result to object to
        #expect(year.objections.withinPeriod.refused == 1)
        #expect(year.correctionCount == 1)
        #expect(year.ratings.first { $0.agency == Build.code(6) }?.currentGrade == .b)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-04-07")).changes.filter { $0.kind == .correction }.count == year.correctionCount)
    }

    @Test("Art. 12–15: an E listing stays in the history when lifted; a ground that was a repaired record is not named")
    func liftedListingHistory() {
        var r = Build.registry(totals: ["90", "80"])
        var event = Build.event(2, on: "2026-05-01", lifted: "2026-09-01")
        r.seriousDishonesty = [event]
        r.badRecords = [BadRecord(origin: Build.origin, agency: Build.code(2), kind: "行政处罚", documentNumber: event.documentNumber,
                                  authority: "宁波市生态环境局", decidedOn: Build.date("2026-04-20"), content: "出具虚假监测报告",
                                  disclosureUntil: nil, repairedOn: Build.date("2026-09-01"))]
        let before = evaluator.evaluate(r, asOf: Build.date("2026-08-01")).changes
        #expect(before.contains { $0.kind == .seriousDishonesty && $0.reference == event.documentNumber })
        #expect(before.contains { $0.kind == .badRecord && $0.reference == event.documentNumber })
        let published = evaluator.evaluate(r, asOf: Build.date("2026-10-01"))
        let after = published.changes
        // The frozen versions keep their grades; the note of version 2 no longer names the repaired decision.
        let versions = published.years[0].versions
        #expect(versions.map(\.number) == [1, 2, 3])
        #expect(versions[1].ratings.first { $0.agency == Build.code(2) }?.currentGrade == .e)
        #expect(versions[1].reasons.map(\.kind) == [.seriousDishonesty] && versions[1].reasons[0].referenceWithdrawn)
        let listing = after.filter { $0.kind == .seriousDishonesty || $0.kind == .lifted }
        #expect(listing.map(\.kind) == [.lifted, .seriousDishonesty])
        #expect(listing.allSatisfy { $0.agency == Build.code(2) && $0.reference.isEmpty && $0.referenceWithdrawn })
        #expect(!after.contains { $0.kind == .badRecord })
        #expect(after.contains { $0.kind == .repair && $0.agency == nil && $0.recordCount == 1 })
        // A listing whose ground is still public keeps its document.
        event.documentNumber = "甬环罚〔2026〕99号"
        r.seriousDishonesty = [event]
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-10-01")).changes.contains { $0.kind == .lifted && $0.reference == "甬环罚〔2026〕99号" })
    }

    @Test("Art. 15: repairing a record while an E listing on the same decision stands is an error")
    func repairUnderListing() {
        var r = Build.registry(totals: ["90", "80"])
        r.seriousDishonesty = [Build.event(2, on: "2026-05-01")]
        r.badRecords = [BadRecord(origin: Build.origin, agency: Build.code(2), kind: "行政处罚", documentNumber: "甬环罚〔2026〕2号",
                                  authority: "宁波市生态环境局", decidedOn: Build.date("2026-04-20"), content: "出具虚假监测报告",
                                  disclosureUntil: nil, repairedOn: Build.date("2026-09-01"))]
        let data = RegistryData(published: r)
        #expect(RegistryChecks.check(data, rules: .ningbo).map(\.code).contains("E127"))
        r.seriousDishonesty[0].liftedOn = Build.date("2026-09-01")
        #expect(!RegistryChecks.check(RegistryData(published: r), rules: .ningbo).map(\.code).contains("E127"))
    }

    @Test("Art. 9: each year is checked against its own indicator system")
    func scoresPerYearSystem() {
        var r = Build.registry(totals: ["75", "70"])
        r.evaluations[0].subScores = SubScores(basicQuality: Score(points: 20), businessExecution: Score(points: 38),
                                               operationManagement: Score(points: 10), integrityRecord: Score(points: 7))
        r.evaluations[0].total = r.evaluations[0].subScores!.sum
        var updated = IndicatorSystem.measures
        updated.maxima[1] = Score(points: 35)
        let under2025 = RegistryRules(districts: RegistryRules.ningboDistricts, indicators: IndicatorSystems(byYear: [2025: updated]))
        let found = RegistryChecks.check(RegistryData(published: r), rules: under2025).filter { $0.code == "E131" }
        #expect(found.count == 1 && found[0].message.contains("outside 0–35") && found[0].fix.contains("2025"), "\(found)")
        #expect(RegistryChecks.check(RegistryData(published: r), rules: .ningbo).filter { $0.code == "E131" }.isEmpty)
    }
}
