import Evaluation
import Foundation
import Model

/// What a reader of the publication can see, reduced to what `gongshi diff` compares: each published
/// year's stage and grades, the E list and the public bad records. Built from a `Publication` or read
/// back from a built site's open data, so two dates and two built folders are compared the same way.
public struct PublicationSnapshot: Sendable, Equatable {
    public var stages: [Int: String] = [:]
    /// Year → agency → current grade.
    public var grades: [Int: [String: String]] = [:]
    public var eList: Set<String> = []
    /// `code|document number` of every public bad record.
    public var badRecords: Set<String> = []
    public var names: [String: String] = [:]

    public init() {}

    public init(_ p: Publication) {
        for year in p.years {
            stages[year.year] = year.status.isFinal ? "final" : "notice"
            grades[year.year] = Dictionary(uniqueKeysWithValues: year.ratings.map { ($0.agency.value, $0.currentGrade.letter) })
        }
        eList = Set(p.seriousDishonestyList.map(\.agency.value))
        badRecords = Set(p.badRecords.map { "\($0.agency.value)|\($0.documentNumber)" })
        names = Dictionary(p.agencies.map { ($0.agency.code.value, $0.agency.name) }, uniquingKeysWith: { a, _ in a })
    }

    public struct ReadFailure: Error, CustomStringConvertible {
        public var file: String
        /// The catalogue key of what is wrong with the file.
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// Reads `open-data/` of a built site: the newest version of each year's grades, agencies, bad records.
    public init(builtSite root: String) throws {
        let folder = root + "/open-data"
        func rows(_ name: String) throws -> [[String: Any]] {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { throw ReadFailure(file: folder + "/" + name, reason: "E904.snapshotMissing") }
            guard let rows = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { throw ReadFailure(file: name, reason: "E904.snapshotNotJSON") }
            return rows
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        // grades-2025.current.json is the year's list in force. A folder built before it existed: the highest
        // of grades-2025.json, grades-2025.v2.json, … (grades-2025.versions.json holds changed rows only).
        var newest: [Int: (version: Int, file: String)] = [:]
        for file in files where file.hasPrefix("grades-") && file.hasSuffix(".json") {
            let stem = file.dropFirst("grades-".count).dropLast(".json".count)
            let parts = stem.split(separator: ".")
            guard let year = Int(parts[0]), !parts.contains("versions") else { continue }
            let version = parts.contains("current") ? Int.max : parts.count > 1 ? Int(parts[1].dropFirst()) ?? 1 : 1
            if version >= (newest[year]?.version ?? 0) { newest[year] = (version, file) }
        }
        for (year, entry) in newest {
            var byAgency: [String: String] = [:]
            for row in try rows(entry.file) {
                guard let code = row["unified_social_credit_code"] as? String else { continue }
                // `current_grade` in files built before the column became `grade`.
                byAgency[code] = (row["grade"] ?? row["current_grade"]) as? String ?? ""
                stages[year] = row["stage"] as? String ?? stages[year]
                names[code] = row["agency_name"] as? String ?? names[code]
            }
            grades[year] = byAgency
        }
        for row in try rows("agencies.json") {
            guard let code = row["unified_social_credit_code"] as? String else { continue }
            names[code] = row["agency_name"] as? String ?? names[code]
            if row["current_grade"] as? String == "E" { eList.insert(code) }
        }
        for row in try rows("bad-records.json") {
            if let code = row["unified_social_credit_code"] as? String, let doc = row["document_number"] as? String {
                badRecords.insert("\(code)|\(doc)")
            }
        }
    }
}

/// Sentences describing how one snapshot became another, for a clerk's change notice.
public enum PublicationDiff {
    public static func lines(from a: PublicationSnapshot, to b: PublicationSnapshot) -> [String] {
        var names = a.names
        names.merge(b.names) { _, new in new }
        func agency(_ code: String) -> String { "\(names[code] ?? code)（\(code)）" }
        func stageWord(_ s: String?) -> String { s == "final" ? "已公布" : s == "notice" ? "公示中" : "未发布" }
        var lines: [String] = []
        for year in Set(a.stages.keys).union(b.stages.keys).sorted() where a.stages[year] != b.stages[year] {
            lines.append("\(year)年度评价结果：由\(stageWord(a.stages[year]))变为\(stageWord(b.stages[year]))。")
        }
        for year in Set(a.grades.keys).intersection(b.grades.keys).sorted() {
            let before = a.grades[year]!, after = b.grades[year]!
            for code in Set(before.keys).union(after.keys).sorted() where before[code] != after[code] {
                switch (before[code], after[code]) {
                case let (x?, y?): lines.append("\(agency(code))\(year)年度等级由\(x)级调整为\(y)级。")
                case let (nil, y?): lines.append("\(agency(code))列入\(year)年度评价结果，等级为\(y)级。")
                case let (x?, nil): lines.append("\(agency(code))移出\(year)年度评价结果（原为\(x)级）。")
                case (nil, nil): break
                }
            }
        }
        for code in b.eList.subtracting(a.eList).sorted() { lines.append("\(agency(code))列入严重失信（E级）名单。") }
        for code in a.eList.subtracting(b.eList).sorted() { lines.append("\(agency(code))移出严重失信（E级）名单。") }
        for key in b.badRecords.subtracting(a.badRecords).sorted() {
            let p = key.split(separator: "|", maxSplits: 1).map(String.init)
            lines.append("新增公示\(agency(p[0]))的不良记录（\(p[1])）。")
        }
        // Art. 14–15: a record that is no longer public is not named again, not even in a change notice.
        let withdrawn = a.badRecords.subtracting(b.badRecords).count
        if withdrawn > 0 { lines.append("\(withdrawn) 条不良记录不再公示（信用修复或公示期满），不再列明机构和文书。") }
        return lines
    }
}
