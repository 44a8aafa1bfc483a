/// 二人审核, 共享 and 审计: the pages of requests, bundles and the trail.

/// A request as the lists show it: what it asks, who asked, where it stands.
struct RequestLine: Codable, Sendable {
    var href, title, who, state, stateClass: String
}

/// One request in full: what the reviewer decides on, and what the visitor may do with it.
struct RequestPage: Codable, Sendable {
    struct Fact: Codable, Sendable {
        var label, value: String
    }
    struct CountLine: Codable, Sendable {
        var file, records, added, changed, withdrawn: String
    }
    struct Decision: Codable, Sendable {
        var commentLabel, commentHint, approveLabel, rejectLabel: String
    }
    var chrome: Chrome
    var heading, id, state, stateClass: String
    var facts: [Fact]
    var changesHeading: String
    var changes: ChangesPart?
    var packageHeading: String
    var package: [PublishPage.FileLine]
    var hasPackage: Bool
    var countsHeading: String
    var countHeaders: [String]
    var counts: [CountLine]
    var hasCounts: Bool
    /// Shown to a reviewer who may decide it (not its author).
    var decision: Decision?
    /// Why the visitor cannot decide it, when they could decide others.
    var cannotDecide: String?
    var withdrawLabel: String?
    var retryLabel: String?
    var retryHint: String?
    var download: PublishPage.FileLine?
    var back, backHref: String
}

/// 共享: the recipients, a plan for one, the requests and the log of bundles sent (Art. 14).
struct BundlesPage: Codable, Sendable {
    struct Option: Codable, Sendable {
        var value, label: String
    }
    var chrome: Chrome
    var heading, explain, recipientLabel, dateLabel, date, fullLabel, planLabel, requestsHeading, logHeading, logLink: String
    var recipients: [Option]
    var hasRecipients: Bool
    var noRecipients: String?
    var requests: [RequestLine]
    var hasRequests: Bool
    var noRequests: String?
    struct LogLine: Codable, Sendable {
        var recipient, sequence, kind, asOf, since, file, hash, records: String
    }
    var logHeaders: [String]
    var log: [LogLine]
    var hasLog: Bool
    var noLog: String?
}

/// 审计: the trail, filtered, newest first, with its check and its exports.
struct AuditPage: Codable, Sendable {
    struct Line: Codable, Sendable {
        var seq, at, user, address, action, detail, input, output: String
    }
    struct Option: Codable, Sendable {
        var value, label: String
        var selected: Bool
    }
    var chrome: Chrome
    var heading, intact: String
    var broken: Bool
    var filterLegend, userLabel, actionLabel, fromLabel, toLabel, textLabel, filterLabel, anyLabel: String
    var user, from, to, text: String
    var actions: [Option]
    var headers: [String]
    var lines: [Line]
    var hasLines: Bool
    var shown: String
    var csvHref, xlsxHref, csvLabel, xlsxLabel: String
}
