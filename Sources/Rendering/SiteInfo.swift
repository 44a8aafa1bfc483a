import Messages
import Model

/// What the site says about itself, from the `[site]`-level keys of the config.
public struct SiteInfo: Sendable {
    public var title: String
    public var description: String
    public var publisher: String
    /// Absolute URL of the published site, ending in `/` (for sitemap.xml and canonical links).
    public var baseURL: String
    public var contact: Contact
    /// Authored pages (content/pages) linked from the navigation and home, in order.
    public var pages: [PageLink]
    /// Art. 13: how and where to object during a notice.
    public var objections: ObjectionChannel = ObjectionChannel()
    /// The site's districts, in the order config.toml gives them (for filters).
    public var districts: [String] = []
    /// The publisher's own unified social credit code (数据来源单位统一社会信用代码 in shared data), if configured.
    public var publisherCode: String = ""
    /// Art. 21: where the public reports a violation, from `[reporting]` in config.toml.
    public var reporting: [ReportingChannel] = ReportingChannel.measures
    /// The open data's licence, from `[open_data] licence` (stated on the page and in every metadata file).
    public var licence: Licence = .ccBy4
    /// How the 公示, 公布 and 通报 are issued (GB/T 9704-2012), from `[documents]`.
    public var documents: DocumentStyle
    /// The government website's identity at the foot of every page, from `[identity]`.
    public var identity: SiteIdentity

    /// A licence by its SPDX identifier, with its title and address.
    public struct Licence: Sendable, Equatable {
        public var id: String
        public var title: String
        public var url: String
        /// How the page names it (`CC BY 4.0`).
        public var shortName: String

        public init(id: String, title: String, url: String, shortName: String? = nil) {
            self.id = id; self.title = title; self.url = url; self.shortName = shortName ?? id
        }

        /// `CC BY 4.0 https://…`: how a workbook's notes and catalog.json state it.
        public var statement: String { "\(shortName) \(url)" }

        public static let ccBy4 = Licence(id: "CC-BY-4.0", title: "Creative Commons Attribution 4.0 International",
                                          url: "https://creativecommons.org/licenses/by/4.0/", shortName: "CC BY 4.0")
        /// The licences open government data commonly uses, by SPDX identifier.
        public static let known: [Licence] = [
            ccBy4,
            Licence(id: "CC-BY-SA-4.0", title: "Creative Commons Attribution Share Alike 4.0 International",
                    url: "https://creativecommons.org/licenses/by-sa/4.0/", shortName: "CC BY-SA 4.0"),
            Licence(id: "CC0-1.0", title: "Creative Commons Zero v1.0 Universal", url: "https://creativecommons.org/publicdomain/zero/1.0/", shortName: "CC0 1.0"),
            Licence(id: "ODbL-1.0", title: "Open Data Commons Open Database License v1.0", url: "https://opendatacommons.org/licenses/odbl/1-0/", shortName: "ODbL 1.0"),
            Licence(id: "PDDL-1.0", title: "Open Data Commons Public Domain Dedication & License 1.0", url: "https://opendatacommons.org/licenses/pddl/1-0/", shortName: "PDDL 1.0"),
        ]
    }

    /// Art. 21: one channel for reporting a violation to the environment authorities.
    public struct ReportingChannel: Sendable, Equatable {
        public var name: String
        /// A number to call (a `tel:` link), or "".
        public var phone: String
        /// A web address, or "".
        public var url: String

        public init(name: String, phone: String = "", url: String = "") { self.name = name; self.phone = phone; self.url = url }

        /// The channels the measures name: the 12345 citizens' hotline and 12369.
        public static let measures = [ReportingChannel(name: "“12345”市民服务热线", phone: "12345"),
                                      ReportingChannel(name: "“12369”环保举报热线", phone: "12369")]
    }

    /// Art. 13: what the site tells the public about objecting, from `[objections]` in config.toml.
    public struct ObjectionChannel: Sendable {
        /// What to submit, in a sentence.
        public var how: String
        public var address: String
        public var email: String
        public var phone: String

        public init(how: String = "", address: String = "", email: String = "", phone: String = "") {
            self.how = how; self.address = address; self.email = email; self.phone = phone
        }

        public var isEmpty: Bool { address.isEmpty && email.isEmpty && phone.isEmpty }
    }

    /// Art. 13: whether the public has a way to object — an address, e-mail or phone in `[objections]`, or
    /// in `[contact]`, which the objection box falls back to.
    public var hasObjectionChannel: Bool {
        !objections.isEmpty || !contact.address.isEmpty || !contact.email.isEmpty || !contact.phone.isEmpty
    }

    /// Art. 13: a year under notice, or whose notice is still to come, on `asOf` needs a way to object: one
    /// problem per such year when the site has none (check looks ahead from its date; build refuses the day).
    public func objectionChannelProblems(stages: [PublicationStage], asOf: CivilDate, upcomingToo: Bool) -> [Diagnostic] {
        guard !hasObjectionChannel else { return [] }
        return stages.sorted { $0.year < $1.year }
            .filter { asOf <= $0.noticeEnd && (upcomingToo || $0.noticeStart <= asOf) }
            .map { Diagnostic(at: SourceLocation(file: "config.toml", field: "objections"), "E405",
                              ["year": "\($0.year)", "noticeStart": "\($0.noticeStart)", "noticeEnd": "\($0.noticeEnd)"]) }
    }

    public struct Contact: Sendable {
        public var address: String
        public var phone: String
        public var email: String

        public init(address: String, phone: String, email: String) {
            self.address = address; self.phone = phone; self.email = email
        }
    }

    public struct PageLink: Sendable {
        public var title: String
        public var slug: String

        public init(title: String, slug: String) { self.title = title; self.slug = slug }
    }

    /// The path part of the base URL (`/xypj/` for `https://sthjj.ningbo.gov.cn/xypj/`), for links that must
    /// work from any depth (the 404 page).
    public var basePath: String {
        guard let scheme = baseURL.range(of: "://"), let slash = baseURL[scheme.upperBound...].firstIndex(of: "/") else { return "/" }
        return String(baseURL[slash...])
    }

    public init(title: String, description: String, publisher: String, baseURL: String, contact: Contact, pages: [PageLink]) {
        self.title = title; self.description = description; self.publisher = publisher
        self.baseURL = baseURL; self.contact = contact; self.pages = pages
        documents = .standard(publisher: publisher)
        identity = SiteIdentity(organiser: publisher)
    }
}

/// Where each page lives in the output. Links are relative and name `index.html` explicitly, so the
/// site works from a web server and from the file system alike.
public enum SitePaths {
    public static let home = "index.html"
    public static let agencies = "agencies/index.html"
    public static let notRated = "not-rated/index.html"
    public static let seriousDishonesty = "serious-dishonesty/index.html"
    public static let badRecords = "bad-records/index.html"
    public static let openData = "open-data/index.html"
    public static let notices = "notices/index.html"
    public static let changes = "changes/index.html"
    public static let feed = "feed.xml"
    public static let search = "search/index.html"
    public static let searchIndex = "search/index.json"
    public static let script = "assets/site.js"
    public static let verify = "verify/index.html"
    public static let inspections = "inspections/index.html"
    /// 网站地图 and 联系我们 (《政府网站发展指引》).
    public static let siteMap = "site-map/index.html"
    public static let contact = "contact-us/index.html"
    public static func generatedNotice(year: Int, final: Bool) -> String { "notices/\(year)-\(final ? "final" : "notice")/index.html" }
    public static func notice(_ slug: String) -> String { "notices/\(slug)/index.html" }
    public static let stylesheet = "assets/style.css"
    public static func agency(_ code: UnifiedSocialCreditCode) -> String { "agencies/\(code.value)/index.html" }
    public static func year(_ year: Int) -> String { "grades/\(year)/index.html" }
    /// Two adjacent published years side by side.
    public static func comparison(_ from: Int, _ to: Int) -> String { "grades/\(from)-\(to)/index.html" }
    /// The Atom feed of a list or an agency: `feed.xml` in the page's folder.
    public static func feed(of page: String) -> String { String(page.dropLast("index.html".count)) + "feed.xml" }
    public static func page(_ slug: String) -> String { "\(slug)/index.html" }

    /// The folders at the top of every build: no authored page or static file may go in one. A test builds
    /// the demo and checks that every file it writes lies in one of these, or is one of `generatedFiles`,
    /// or belongs to the theme, an authored page or static/.
    public static let generatedFolders: Set<String> = Set(OutputFamily.allCases.flatMap { $0.folders })
    /// The files at the top of every build.
    public static let generatedFiles: Set<String> = Set(OutputFamily.allCases.flatMap { $0.files })
    /// Names no authored page may take: the generated folders, the top-level files' names without extension,
    /// and the default theme's `assets/` (a site's theme may add folders: `SiteContent` checks those).
    public static let reservedSlugs: Set<String> = generatedFolders.union(generatedFiles.map { String($0.prefix { $0 != "." }).lowercased() })
        .union(["assets"])

    /// `../../` for `agencies/X/index.html`: the way back to the site root.
    public static func root(of path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    /// The URL a visitor sees: the folder for an `index.html`, the path otherwise.
    public static func url(of path: String, base: String) -> String {
        path == "index.html" ? base : base + (path.hasSuffix("/index.html") ? String(path.dropLast("index.html".count)) : path)
    }
}

/// Generated parts an authored page can show after its text (front matter `sections = [...]`), so that the
/// rules page states what the registry and config say rather than a copy that can go stale.
public enum PageSection: String, Sendable, CaseIterable {
    /// Art. 9: every version of the indicator system, with the years it applies to.
    case indicatorSystems = "indicator-systems"
    /// Art. 16, 17, 20: what each grade means for procurement, funding, awards and inspections.
    case gradeConsequences = "grade-consequences"
    /// Art. 21: where the public reports a violation.
    case reportingChannels = "reporting-channels"
}
