/// Art. 9: the credit evaluation indicator system — the titles and highest scores of its four contents
/// (基本素质, 业务执行, 经营管理, 诚信记录) — which the bureau updates as management and the trade require.
public struct IndicatorSystem: Sendable, Hashable {
    /// What the bureau calls this version (`2025年修订版`); empty for the system of the measures.
    public var name: String
    /// The document that issued it, or "".
    public var document: String
    /// The four indicators' titles, in the order of the evaluation file's columns.
    public var titles: [String]
    public var maxima: [Score]

    public init(name: String = "", document: String = "", titles: [String] = SubScores.titles, maxima: [Score]) {
        self.name = name; self.document = document; self.titles = titles; self.maxima = maxima
    }

    public var maximumTotal: Score { maxima.reduce(.zero, +) }

    /// 20, 40, 20 and 20 points.
    public static let measures = IndicatorSystem(maxima: [Score(points: 20), Score(points: 40), Score(points: 20), Score(points: 20)])
}

/// Art. 9: the system of each evaluation year — `[indicators]` for every year not listed, `[indicators.YEAR]` for those that differ.
public struct IndicatorSystems: Sendable, Hashable {
    public var standard: IndicatorSystem
    public var byYear: [Int: IndicatorSystem]

    public init(standard: IndicatorSystem = .measures, byYear: [Int: IndicatorSystem] = [:]) {
        self.standard = standard; self.byYear = byYear
    }

    public static let `default` = IndicatorSystems()

    public func system(for year: Int) -> IndicatorSystem { byYear[year] ?? standard }

    /// Each distinct system among `years`, with the years it applies to, oldest first.
    public func versions(years: [Int]) -> [(system: IndicatorSystem, years: [Int])] {
        var versions: [(system: IndicatorSystem, years: [Int])] = []
        for year in Set(years).sorted() {
            let system = system(for: year)
            if let i = versions.firstIndex(where: { $0.system == system }) { versions[i].years.append(year) }
            else { versions.append((system, [year])) }
        }
        return versions
    }
}
