// The contexts of the home page and the lists. Each field is a name the page's templates may use.

public struct HomePage: Codable, Sendable {
    public struct CurrentYear: Codable, Sendable {
        var year: Int
        var href: String
        var status: StatusContext
        var counts: [Merged<GradeContext, GradeShare>]
        var ratedCount, notRatedCount: Int
        var objectionSummary: String
        var hasNotRated, hasObjections: Bool
        var chart: String
    }
    public struct YearSummary: Codable, Sendable {
        var year: Int
        var href, status: String
        var ratedCount: Int
    }
    public struct YearRow: Codable, Sendable {
        var year: Int
        var counts: [CountContext]
        var total: Int
    }
    public struct Letter: Codable, Sendable { var letter: String }

    /// The year shown first (Art. 13–14), if any is published.
    var current: CurrentYear?
    var years: [YearSummary]
    var hasManyYears: Bool
    var yearsChart: String?
    var yearsTable: [YearRow]?
    var gradeHeaders: [Letter]?
    var recentChanges: [ChangeContext]
    var hasRecentChanges: Bool
    var agencyCount, eCount, badRecordCount, notRatedCount: Int
}

/// Art. 11–14: one year's grade list, in ranking order.
public struct GradeListPage: Codable, Sendable {
    public struct Row: Codable, Sendable {
        var rank: Int
        var total: String
        var scores: [SubScoreContext]
        var grade: Shared<GradeContext>
        /// Why the grade shown is not the one the ranking gave.
        var note: String?
    }
    var year: Int
    var status: StatusContext
    var counts: [Merged<GradeContext, GradeShare>]
    var ratedCount, notRatedCount: Int
    var notRatedHref: String
    var outOfScopeCount: Int
    var objectionSummary: String
    var hasNotRated, hasOutOfScope, hasObjections: Bool
    var rule: String
    var otherYears: [YearLink]
    var hasOtherYears: Bool
    var comparisons: [LinkContext]
    var hasComparisons: Bool
    var rows: [Merged<AgencyLink, Row>]
    var indicators: [IndicatorHeader]
    var indicatorSystem: String
    var rulesHref: String?
    var chart: String
    var filters: FilterOptions
    var tableID: String
    var download: FilteredDownloadLink
}

public struct AgencyDirectoryPage: Codable, Sendable {
    public struct Row: Codable, Sendable { var grade: Shared<GradeContext>? }
    public struct CodeException: Codable, Sendable {
        var code, explanation, date: String
    }
    var gradeMeanings: [GradeContext]
    var rows: [Merged<AgencyLink, Row>]
    var count: Int
    var categories: [CategoryContext]
    var filters: FilterOptions
    var tableID: String
    /// The filters' download of the rows shown: only the grade lists have one.
    var download: FilteredDownloadLink?
    var codeExceptions: [CodeException]
    var hasCodeExceptions: Bool
}

/// Art. 12: agencies that are E on the as-of date.
public struct SeriousDishonestyPage: Codable, Sendable {
    public struct Listed: Codable, Sendable { var agency: AgencyLink }
    public struct Trigger: Codable, Sendable {
        var numeral, wording: String
    }
    var rows: [Merged<EventContext, Listed>]
    var count: Int
    var hasRows: Bool
    var triggers: [Trigger]
    var procurementHref: String
}

/// Art. 8: not rated, per published year.
public struct NotRatedPage: Codable, Sendable {
    public struct Year: Codable, Sendable {
        var year: Int
        var status: String
        var count: Int
        var rows: [Merged<AgencyLink, ReasonContext>]
    }
    var years: [Year]
    var count: Int
    var hasRows: Bool
}

/// Art. 14: bad records within their disclosure window.
public struct BadRecordsPage: Codable, Sendable {
    var rows: [BadRecordContext]
    var count: Int
    var hasRows: Bool
}
