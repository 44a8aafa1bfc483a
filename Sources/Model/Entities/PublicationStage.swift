/// Art. 13–14: when a year's results are under notice (公示) and when they are final (公布).
public struct PublicationStage: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var noticeStart: CivilDate
    public var noticeEnd: CivilDate
    public var finalOn: CivilDate

    public init(origin: Origin, year: Int, noticeStart: CivilDate, noticeEnd: CivilDate, finalOn: CivilDate) {
        self.origin = origin; self.year = year; self.noticeStart = noticeStart; self.noticeEnd = noticeEnd; self.finalOn = finalOn
    }
}

extension PublicationStage {
    /// `publication-stages.csv` and the `publication_stage` table.
    public static let entity = Entity<PublicationStage>(
        file: "publication-stages.csv", title: "公示与公布", table: "publication_stage", tableTitle: "公示公布", fields: [
            .required("年度", .number, "评价年度", en: "the evaluation year; one row per year", column: "year") { $0.year },
            .required("公示开始日期", .date, "公示期第一天", en: "first day of the notice (公示); nothing of the year is published before it; after the evaluated year", column: "notice_start") { $0.noticeStart },
            .required("公示截止日期", .date, "公示期最后一天（异议截止）", en: "last day of the notice, the deadline for objections", column: "notice_end") { $0.noticeEnd },
            .required("公布日期", .date, "公示和异议处理结束后正式公布之日", en: "final publication (公布), after the notice", column: "final_on") { $0.finalOn },
            .sourceLine { $0.origin.line },
        ])
}

extension PublicationStage {
    public static func read(_ f: inout some StoredRow) -> PublicationStage {
        PublicationStage(origin: f.origin, year: f.int("year"), noticeStart: f.date("notice_start"), noticeEnd: f.date("notice_end"),
                         finalOn: f.date("final_on"))
    }
}

extension PublicationStage {
    /// Made from a row of `publication-stages.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let year = row.year()
        let start = row.date("公示开始日期")
        let end = row.date("公示截止日期")
        let final = row.date("公布日期")
        if let start, let end, end < start {
            row.error("E190.noticeEndsBeforeStart", "公示截止日期", ["end": "\(end)", "start": "\(start)"])
        }
        if let end, let final, final <= end {
            row.error("E190.finalBeforeNoticeEnds", "公布日期",
                      ["final": "\(final)", "end": "\(end)"])
        }
        if let year, let start, start.year <= year {
            row.error("E190.noticeBeforeYearEnds", "公示开始日期",
                      ["year": "\(year)", "year2": "\(start.year)", "year3": "\(year + 1)"])
        }
        guard let year, let start, let end, let final, row.problems.isEmpty else { return }
        data.published.stages.append(PublicationStage(origin: row.origin, year: year, noticeStart: start, noticeEnd: end, finalOn: final))
    }
}
