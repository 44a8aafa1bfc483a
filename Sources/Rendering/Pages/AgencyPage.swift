/// Art. 14: one agency's page — its facts, grade in force, history, qualifications and public records.
public struct AgencyPage: Codable, Sendable {
    public struct Facts: Codable, Sendable {
        var name, code, district, address, legalNature, legalRepresentative: String
        var categories: [CategoryContext]
    }
    public struct Filing: Codable, Sendable {
        var number, date, status: String
    }
    /// One published year: rated, not rated (Art. 8) or out of scope.
    public struct HistoryRow: Codable, Sendable {
        var year: Int
        var href, status: String
        var rated: Bool?
        var grade: Shared<GradeContext>?
        var rank, total: String?
        var scores: [SubScoreContext]?
        var note: String?
        var notRated: Bool?
        var reason: String?
        var outOfScope: Bool?
    }
    public struct Title: Codable, Sendable { var title: String }
    public struct Qualification: Codable, Sendable {
        public struct Element: Codable, Sendable {
            public struct Item: Codable, Sendable {
                var item, method: String
            }
            var element: String
            var count: Int
            var items: [Item]
        }
        var number, issuer, issued, validUntil: String
        var expired: Bool
        var scopeCount: Int
        var elements: [Element]
    }
    public struct FormerName: Codable, Sendable {
        var name, until: String
    }
    public struct Circular: Codable, Sendable {
        var date, document, content: String
    }
    /// Art. 13: how to object to this agency's result during the notice.
    public struct ObjectionBox: Codable, Sendable {
        var year: Int
        var deadline, noticeHref: String
        var mailto: String?
        var agencyName, agencyCode: String
    }
    public struct CodeException: Codable, Sendable {
        var explanation, date, href: String
    }

    var agency: Facts
    var currentGrade: Shared<GradeContext>?
    var standing: String
    var filings: [Filing]
    var history: [HistoryRow]
    var indicators: [Title]
    var mixedSystems: Bool
    var movements: [MovementContext]
    var hasMovements: Bool
    var historyChart: String?
    var qualifications: [Qualification]
    var formerNames: [FormerName]
    var events: [EventContext]
    var badRecords: [BadRecordContext]
    var circulars: [Circular]
    var objectionBox: Merged<ObjectionContext, ObjectionBox>?
    var codeException: CodeException?
    var hasEvents, hasHistory, hasQualifications, hasBadRecords, hasCirculars: Bool
}
