import Model

/// A notice written by the bureau (`content/notices/SLUG.md`), already rendered by cmark.
public struct AuthoredNotice: Sendable {
    public enum Stage: String, Sendable, CaseIterable {
        /// 公示
        case notice
        /// 公布
        case final
        /// Any other announcement (通知, 说明 …).
        case other
    }

    public var slug: String
    public var title: String
    /// Published from this date: before it the notice is not on the site.
    public var date: CivilDate
    public var year: Int?
    public var stage: Stage
    public var html: String
    public var markdown: String

    public init(slug: String, title: String, date: CivilDate, year: Int?, stage: Stage, html: String, markdown: String) {
        self.slug = slug; self.title = title; self.date = date; self.year = year; self.stage = stage; self.html = html; self.markdown = markdown
    }
}
