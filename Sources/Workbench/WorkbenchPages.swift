import Evaluation
import Foundation
import Messages
import Model
import Publishing
import Rendering

/// What every workbench page shows around its own part: the product and site, the menu, today, and what the
/// last action said. All of it text already in the reader's language; the templates only place it.
struct Chrome: Codable, Sendable {
    struct NavItem: Codable, Sendable {
        var label, href: String
        var current: Bool
    }
    var lang, title, product, siteName, skip, navLabel, today, footer: String
    var nav: [NavItem]
    /// The form token every POST carries (`WorkbenchGuard`).
    var csrf: String
    /// `name（role）` of the logged-in user, with accounts.
    var user: String?
    var logout: String
    /// What the last action did, said once after its redirect.
    var notice: String?
    /// Why the last action was refused, each with its fix.
    var problems: [Said]
    var hasProblems: Bool
}

/// A diagnostic as a page says it: where, what, and how to put it right.
struct Said: Codable, Sendable {
    var place, text, fix, severity: String
    var isError: Bool
    /// The grid's anchor of the cell it names, when it names one.
    var anchor: String?

    init(_ diagnostic: Diagnostic, _ language: Language, anchor: String? = nil) {
        place = diagnostic.location.description(in: language)
        text = diagnostic.text.text(language)
        fix = diagnostic.text.fix(language)
        isError = diagnostic.severity == .error
        let word = MessageCatalogue.text(isError ? "workbench.error" : "workbench.warning", language)
        severity = "\(word)[\(diagnostic.code)]"
        self.anchor = anchor
    }
}

/// 状态: where each year stands and what the site shows now.
struct HomePage: Codable, Sendable {
    struct YearLine: Codable, Sendable {
        var year, stage, detail: String
        var isNotice: Bool
    }
    var chrome: Chrome
    var heading, yearsHeading, publishedHeading, nextHeading, blockersHeading, warningsHeading: String
    var years: [YearLine]
    var hasYears: Bool
    var noYears: String?
    var published: String
    var next: String
    /// What the schedule will do about it.
    var schedule: String?
    var nextReasons: [String]
    var hasNextReasons: Bool
    var blockers: [Said]
    var hasBlockers: Bool
    var noBlockers: String?
    var warnings: [Said]
    var hasWarnings: Bool
    var runsHeading: String
    var runs: [RunLine]
    var hasRuns: Bool
    var noRuns: String?
    var actions: [Chrome.NavItem]
}

/// 数据: the data in force, the candidate and its check, versions and downloads.
struct DataPage: Codable, Sendable {
    struct FileLine: Codable, Sendable {
        var name, href, size: String
    }
    struct Group: Codable, Sendable {
        var title: String
        var href: String?
        var summary: String
        var items: [Said]
        var more: String?
    }
    struct Candidate: Codable, Sendable {
        var heading, uploadedAt, summary: String
        var files: [FileLine]
        var kept: String?
        var dropped: String?
        var restored: String?
        var groups: [Group]
        var canAccept: Bool
        var acceptLabel, acceptNote, discardLabel: String
        var cannotAccept: String?
    }
    struct VersionLine: Codable, Sendable {
        var number: Int
        var label, files, restoreLabel: String
    }
    var chrome: Chrome
    var heading, currentHeading, uploadHeading, versionsHeading, downloadsHeading: String
    var current: [FileLine]
    var hasCurrent: Bool
    var noCurrent: String?
    var candidate: Candidate?
    var upload: Upload
    var versions: [VersionLine]
    var hasVersions: Bool
    var noVersions: String?
    var downloads: [Chrome.NavItem]

    struct Upload: Codable, Sendable {
        var fileLabel, hint, replaceAll, keepOthers, submit, limits: String
    }
}

/// A sheet of the candidate (or a CSV file) as a grid, its problem cells marked, each message beside it.
struct SheetPage: Codable, Sendable {
    /// Names unlike the row's: a cell without a mark must not find its row's in the template's context stack.
    struct Cell: Codable, Sendable {
        var text: String
        var cellMark: String?
        var cellAnchor: String?
        var describedBy: String?
    }
    struct Row: Codable, Sendable {
        var number: String
        var cells: [Cell]
        var gap: Bool
        var rowMark: String?
        var rowAnchor: String?
    }
    var chrome: Chrome
    var heading, back, backHref, caption, rowHeader, problemsHeading: String
    var columns: [String]
    /// Columns and the row number's: how wide a gap's row spans.
    var span: Int
    var rows: [Row]
    var hasRows: Bool
    var problems: [Said]
    var unreadable: String?
    var truncated: String?
}

/// What a new build would change against what is published now: `diff`'s sentences, then the files.
struct ChangesPart: Codable, Sendable {
    struct Group: Codable, Sendable {
        var label: String
        var paths: [String]
        var more: String?
    }
    var summary: String
    var sentences: [String]
    var hasSentences: Bool
    var groups: [Group]
}

/// 预览: the site as of any date, built into the workbench's own folder, with what it would change.
struct PreviewPage: Codable, Sendable {
    var chrome: Chrome
    var heading, dateLabel, date, buildLabel, hint, openLabel, frameTitle, changesHeading: String
    var hasPreview: Bool
    var shown: String?
    var previewURL: String?
    var noPreview: String?
    var changes: ChangesPart?
}

/// Runs of publication, newest first, as the home and publish pages list them.
struct RunLine: Codable, Sendable {
    var when, what: String
    var failed: Bool
    var problem: String?
}

/// 发布: where the site goes, what is served there now, the stage's notice package, the runs so far.
struct PublishPage: Codable, Sendable {
    struct FileLine: Codable, Sendable {
        var name, href, size: String
    }
    struct Package: Codable, Sendable {
        var title: String
        var files: [FileLine]
    }
    var chrome: Chrome
    var heading, target, explain, publishLabel, previewLink, packagesHeading, runsHeading: String
    /// With accounts no one publishes alone: a request, decided by a second person.
    var direct: Bool
    var requestHeading, requestExplain, dateLabel, date, requestLabel, requestsHeading: String
    var requests: [RequestLine]
    var hasRequests: Bool
    var noRequests: String?
    var serving: String?
    var packages: [Package]
    var noPackages: String?
    var runs: [RunLine]
    var hasRuns: Bool
    var noRuns: String?
}

/// 设置: the settings a clerk fills in, as a form that writes config.toml; the rest shown as written, with its article.
struct SettingsPage: Codable, Sendable {
    struct Field: Codable, Sendable {
        var id, name, label, hint, value: String
        var long, required: Bool
        var problem: String?
    }
    struct Group: Codable, Sendable {
        var legend: String
        var note: String?
        var fields: [Field]
    }
    struct Other: Codable, Sendable {
        var title, text: String
    }
    var chrome: Chrome
    var heading, intro, saveLabel, requiredMark, othersHeading, othersNote: String
    var groups: [Group]
    var others: [Other]
}

/// 登录: with accounts, every page but this asks for a session.
struct LoginPage: Codable, Sendable {
    var chrome: Chrome
    var heading, nameLabel, passwordLabel, submit, hint, name, next: String
}

/// 账户: who is logged in, and their sessions, each of which they may end.
struct AccountPage: Codable, Sendable {
    struct SessionLine: Codable, Sendable {
        var id, started, lastSeen, address, endLabel: String
        var isThis: Bool
    }
    var chrome: Chrome
    var heading, who, sessionsHeading, thisOne, started, lastSeen, address: String
    var sessions: [SessionLine]
}

/// A refusal that is not a page of its own: what went wrong and where to go.
struct ErrorPage: Codable, Sendable {
    var chrome: Chrome
    var heading, back: String
    var problems: [Said]
}

/// The workbench's templates (Templates/, built in) with each page's context: checked together when loaded.
enum WorkbenchTemplates {
    static let pages: [(name: String, schema: ContextSchema)] = [
        ("home", ContextSchema.of(HomePage.self).schema),
        ("data", ContextSchema.of(DataPage.self).schema),
        ("sheet", ContextSchema.of(SheetPage.self).schema),
        ("error", ContextSchema.of(ErrorPage.self).schema),
        ("preview", ContextSchema.of(PreviewPage.self).schema),
        ("publish", ContextSchema.of(PublishPage.self).schema),
        ("settings", ContextSchema.of(SettingsPage.self).schema),
        ("login", ContextSchema.of(LoginPage.self).schema),
        ("account", ContextSchema.of(AccountPage.self).schema),
        ("request", ContextSchema.of(RequestPage.self).schema),
        ("bundles", ContextSchema.of(BundlesPage.self).schema),
        ("audit", ContextSchema.of(AuditPage.self).schema),
    ]

    static func load() throws -> Theme {
        let files = embeddedTheme.map { ($0.path, [UInt8](Data(base64Encoded: $0.base64)!)) }
        return try Theme.load(.builtIn(files), pages: pages)
    }
}
