import Evaluation
import Import
import Model

/// Art. 13–14: a year's final list, once published (`open-data/grades-YEAR.csv`, version 1), never changes.
/// Later changes the measures provide for — a correction on review, an E event, a lifting — are new versions
/// beside it; a change to the data behind it (a score, a row, a given grade, the year's dates) would rewrite
/// it, its notice and its annexes, so the build refuses it and says what the data now contradict.
public enum FrozenList {
    /// The columns a published list is held to: its results. Not the name or the district, the agency's own
    /// facts: a name is as of the list's date when its change was filed (Art. 7), and a typo corrected in the
    /// registry, or an agency that moved, is not a changed result.
    static let held: Set<String> = ["rank", "unified_social_credit_code", "basic_quality", "business_execution",
                                    "operation_management", "integrity_record", "total_score", "awarded_grade", "corrected_grade",
                                    "grade", "revoked_on", "revocation_trigger"]

    /// What the held columns of a final year's version 1 are made of, as the data give them now: each rated
    /// agency in list order with its rank, scores, total and grades. Two data that digest the same give the same
    /// held columns, so a list published from data of this digest cannot differ from them (`differences` need not
    /// read it). Nil for a year that is not final.
    public static func heldDigest(_ year: YearResults) -> String? {
        guard year.status.isFinal, let first = year.versions.first else { return nil }
        var key = ContentKey("frozen list held 1")
        key.add(year.year)
        key.add(first.count)
        for r in first.ratings {
            key.add(r.agency.value)
            key.add(r.rank)
            key.add(r.subScores.map { $0.values.map(\.hundredths) } ?? [])
            key.add(r.total.hundredths)
            key.add([r.awardedGrade.letter, r.correctedGrade?.letter ?? "", r.currentGrade.letter])
            key.add(r.revokedBy.map { [$0.verifiedOn.iso, "\($0.trigger.rawValue)"] } ?? [])
        }
        return key.digest.hex
    }

    /// How `published` — a year's list as the output holds it — differs from the version 1 the data give now:
    /// one line per agency ("CODE 列 公布值 → 现值"), at most `limit` (and a count of the rest). Empty when they
    /// agree, or when the file is not a final list (under notice, or unreadable: nothing to hold the data to).
    public static func differences(_ year: YearResults, published: String, _ p: Publication, limit: Int = 10) -> [String] {
        guard year.status.isFinal, let first = year.versions.first,
              case .success(let table) = CSVReader.read(published.hasPrefix("\u{FEFF}") ? String(published.dropFirst()) : published),
              let stage = table.header.firstIndex(of: "stage"), let code = table.header.firstIndex(of: "unified_social_credit_code"),
              table.records.allSatisfy({ $0.fields.count == table.header.count && $0.fields[stage] == "final" }), !table.records.isEmpty
        else { return [] }
        let fields = OpenDatasets.gradeFields(year.year, stage: "final", p).map(\.name)
        var now: [String: [String: String]] = [:]
        var order: [String] = []
        for rating in first.ratings {
            let row = OpenDatasets.gradeRow(year.year, stage: "final", rating, p, namesOn: first.date).map(\.csv)
            now[rating.agency.value] = Dictionary(uniqueKeysWithValues: zip(fields, row))
            order.append(rating.agency.value)
        }
        // Columns both have: a newer gongshi may write one more, an older one fewer.
        let columns = table.header.enumerated().filter { held.contains($0.element) && fields.contains($0.element) }
        var lines: [String] = []
        var seen: Set<String> = []
        for record in table.records {
            let agency = record.fields[code]
            seen.insert(agency)
            guard let current = now[agency] else { lines.append("\(agency)：公布的名单中有，现在的数据中没有"); continue }
            let changed = columns.filter { current[$0.element] != record.fields[$0.offset] }
                .map { "\($0.element) \(record.fields[$0.offset].isEmpty ? "（空）" : record.fields[$0.offset]) → \(current[$0.element]!.isEmpty ? "（空）" : current[$0.element]!)" }
            if !changed.isEmpty { lines.append("\(agency)：" + changed.joined(separator: "，")) }
        }
        for agency in order where !seen.contains(agency) { lines.append("\(agency)：现在的数据中有，公布的名单中没有") }
        return lines.count <= limit ? lines : Array(lines.prefix(limit)) + ["另有 \(lines.count - limit) 家"]
    }
}
