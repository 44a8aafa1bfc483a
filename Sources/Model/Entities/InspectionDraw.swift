/// Art. 17, 19: a draw of the agencies to inspect, by grade tier, from a seed announced beforehand.
public struct InspectionDraw: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var seed: String
    public var announcedOn: CivilDate
    public var drawnOn: CivilDate

    public init(origin: Origin, year: Int, seed: String, announcedOn: CivilDate, drawnOn: CivilDate) {
        self.origin = origin; self.year = year; self.seed = seed; self.announcedOn = announcedOn; self.drawnOn = drawnOn
    }
}

extension InspectionDraw {
    /// `inspection-draws.csv` and the `inspection_draw` table.
    public static let entity = Entity<InspectionDraw>(
        file: "inspection-draws.csv", title: "双随机抽查（第十七条、第十九条）", table: "inspection_draw", tableTitle: "双随机抽查", fields: [
            .required("年度", .number, "按哪一年度的评价结果分级抽查", en: "the evaluation year whose grades make the tiers; its results must be final on the draw date", column: "year") { $0.year },
            .required("随机种子", .identifier, "抽取前公布的随机种子（任意文字）", en: "the seed announced before the draw (any text)", column: "seed") { $0.seed },
            .required("种子公布日期", .date, "种子公布之日，应早于抽取日期", en: "when the seed was announced; before the draw date", column: "announced_on") { $0.announcedOn },
            .required("抽取日期", .date, "抽取之日：按该日有效的等级分级", en: "the draw: grades in force that day", column: "drawn_on") { $0.drawnOn },
            .sourceLine { $0.origin.line },
        ])
}

extension InspectionDraw {
    public static func read(_ f: inout some StoredRow) -> InspectionDraw {
        InspectionDraw(origin: f.origin, year: f.int("year"), seed: f.string("seed"), announcedOn: f.date("announced_on"), drawnOn: f.date("drawn_on"))
    }
}

extension InspectionDraw {
    /// Made from a row of `inspection-draws.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let year = row.year()
        let seed = row.required("随机种子")
        let announced = row.date("种子公布日期")
        let drawn = row.date("抽取日期")
        if let announced, let drawn, drawn <= announced {
            row.error("E196", "抽取日期",
                      ["drawn": "\(drawn)", "announced": "\(announced)"])
        }
        guard let year, let seed, let announced, let drawn, row.problems.isEmpty else { return }
        data.published.inspectionDraws.append(InspectionDraw(origin: row.origin, year: year, seed: seed, announcedOn: announced, drawnOn: drawn))
    }
}
