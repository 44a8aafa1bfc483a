import Evaluation
import Import
import Messages
import Model
import Rendering

/// A site's `config.toml`: who publishes, how grades are decided, which districts exist.
/// Every setting has the measures' value as its default and its limits enforced.
public struct SiteConfig: Sendable {
    public var site: SiteInfo
    public var rules: RegistryRules
    public var grading: GradingPolicy
    public var disclosure: DisclosurePolicy
    public var inspection: InspectionPolicy = .default
    /// The law as this site configures it (grading, disclosure, inspection, indicator systems).
    public var evaluator: Evaluator { Evaluator(grading: grading, disclosure: disclosure, inspection: inspection, indicators: rules.indicators) }
    /// Art. 14: who receives the sharing bundles, and in which columns.
    public var recipients: [Recipient] = Recipient.defaults
    /// `[publish]`: where the built site is copied to be served; nil when the site is only built.
    public var publishTarget: PublishTarget?

    public static let fileName = "config.toml"

    /// A site's address as every link and metadata file writes it (ending in `/`), or nil if `text` is not an
    /// http(s) address with a host and without spaces, a query or a fragment.
    public static func baseURL(_ text: String) -> String? {
        guard text.hasPrefix("https://") || text.hasPrefix("http://"),
              !text.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" || $0.asciiValue.map { $0 < 0x20 } == true }),
              let host = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first, !host.isEmpty else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// Parses the config; every problem is collected, each naming its key and line.
    public static func parse(_ text: String, file: String = fileName) -> Result<SiteConfig, DiagnosticList> {
        let table: TOMLTable
        switch TOMLParser.parse(text) {
        case .success(let t): table = t
        case .failure(let e):
            return .failure(DiagnosticList([Diagnostic(at: SourceLocation(file: file, line: e.line, column: e.column), e.diagnosticKey(), ["problem": .message(e.message)])]))
        }
        var root = ConfigReader(file: file, table: table)
        let title = root.string("title", required: true) ?? ""
        let description = root.string("description", default: "") ?? ""
        let publisher = root.string("publisher", required: true) ?? ""
        let publisherCode = root.string("publisher_code", default: "") ?? ""
        if !publisherCode.isEmpty, case .failure = UnifiedSocialCreditCode.validate(publisherCode) {
            root.error("publisher_code", "E400.publisherCodeInvalid",
                       ["publisherCode": "\(publisherCode)"])
        }
        let givenBaseURL = root.string("base_url", required: true) ?? "/"
        let baseURL = Self.baseURL(givenBaseURL) ?? givenBaseURL
        if Self.baseURL(givenBaseURL) == nil { root.error("base_url", "E400.baseURLNotHTTP", ["baseURL": "\(givenBaseURL)"]) }
        var districts = root.strings("districts") ?? RegistryRules.ningboDistricts
        if districts.isEmpty {
            root.error("districts", "E400.districtsEmpty")
            districts = RegistryRules.ningboDistricts
        }

        let contact = root.section("contact", absent: SiteInfo.Contact(address: "", phone: "", email: "")) { c in
            SiteInfo.Contact(address: c.string("address", default: "") ?? "", phone: c.string("phone", default: "") ?? "",
                             email: c.string("email", default: "") ?? "")
        }
        let objections = root.section("objections", absent: SiteInfo.ObjectionChannel()) { o in
            SiteInfo.ObjectionChannel(how: o.string("how", default: "") ?? "", address: o.string("address", default: "") ?? "",
                                      email: o.string("email", default: "") ?? "", phone: o.string("phone", default: "") ?? "")
        }
        let reporting = root.section("reporting", absent: SiteInfo.ReportingChannel.measures) { readReporting(&$0) }
        let grading = root.section("grading", absent: GradingPolicy.default) { readGrading(&$0) }
        let indicators = root.section("indicators", absent: IndicatorSystems.default) { readIndicators(&$0) }
        let disclosure = root.section("disclosure", absent: DisclosurePolicy.default) { readDisclosure(&$0) }
        let inspection = root.section("inspection", absent: InspectionPolicy.default) { readInspection(&$0) }
        let licence = root.section("open_data", absent: SiteInfo.Licence.ccBy4) { readLicence(&$0) }
        let identity = root.section("identity", absent: SiteIdentity(organiser: publisher)) { SiteIdentity.read(&$0, publisher: publisher) }
        let documents = root.section("documents", absent: DocumentStyle.standard(publisher: publisher)) { DocumentStyle.read(&$0, publisher: publisher) }

        let recipients = Recipient.read(&root)
        let publishTarget = root.section("publish", absent: nil) { PublishTarget.read(&$0) }

        // Art. 11 grades A to D: every threshold must be reachable by some total and leave room below it.
        if case let .thresholds(a, _, c) = grading.rule {
            let highest = ([indicators.standard] + indicators.byYear.values).map(\.maximumTotal).min()!
            var at = SourceLocation(file: file, line: table.line, field: "grading.thresholds")
            if case .table(let g)? = table["grading"] { at.line = g.entry("thresholds")?.line ?? g.line }
            if a > highest {
                root.diagnostics.error("E400.thresholdsAboveHighest", at: at,
                                       ["a": "\(a)", "highest": "\(highest)"])
            }
            if c <= .zero {
                root.diagnostics.error("E400.thresholdCAtZero", at: at,
                                       ["c": "\(c)"])
            }
        }
        let problems = root.diagnostics.all + root.unknownKeys()
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        var site = SiteInfo(title: title, description: description, publisher: publisher, baseURL: baseURL, contact: contact, pages: [])
        site.objections = objections
        site.publisherCode = publisherCode
        site.reporting = reporting
        site.licence = licence
        site.documents = documents
        site.identity = identity
        site.districts = districts
        var config = SiteConfig(site: site, rules: RegistryRules(districts: districts, indicators: indicators), grading: grading, disclosure: disclosure)
        config.inspection = inspection
        config.recipients = recipients
        config.publishTarget = publishTarget
        return .success(config)
    }

    /// Art. 9, `[indicators]`: the system of every year not listed; `[indicators.YEAR]`: a year whose system
    /// the bureau updated, starting from `[indicators]`. Each indicator is its highest score, or
    /// `{ title = "…", max = N }` when its title changed too; `name` and `document` say which version it is.
    static func readIndicators(_ ind: inout ConfigReader) -> IndicatorSystems {
        var systems = IndicatorSystems(standard: readSystem(&ind, from: .measures))
        for entry in ind.table.entries where entry.key.count == 4 && entry.key.allSatisfy(\.isASCII) && Int(entry.key) != nil {
            guard var year = ind.section(entry.key) else { continue }
            var system = readSystem(&year, from: systems.standard)
            if year.table["name"] == nil { system.name = "" }
            if year.table["document"] == nil { system.document = "" }
            systems.byYear[Int(entry.key)!] = system
            ind.absorb(year)
        }
        return systems
    }

    /// Art. 21, `[reporting]`: `channels = [{ name = "…", phone = "…", url = "…" }, …]`, where the public reports a
    /// violation; the measures' 12345 and 12369 when absent.
    static func readReporting(_ r: inout ConfigReader) -> [SiteInfo.ReportingChannel] {
        guard let raw = r.raw("channels") else { return SiteInfo.ReportingChannel.measures }
        guard case .array(let items) = raw, !items.isEmpty else {
            r.error("channels", "E400.reportingChannels", ["qualified": "\(r.qualified("channels"))"])
            return SiteInfo.ReportingChannel.measures
        }
        var channels: [SiteInfo.ReportingChannel] = []
        for (n, item) in items.enumerated() {
            guard case .table(let t) = item else {
                r.error("channels", "E400.reportingChannels", ["qualified": "\(r.qualified("channels"))"])
                continue
            }
            var c = ConfigReader(file: r.file, table: t, prefix: "\(r.qualified("channels"))[\(n + 1)]")
            let name = c.string("name", required: true) ?? ""
            let phone = c.string("phone", default: "") ?? ""
            let url = c.string("url", default: "") ?? ""
            if !phone.isEmpty, !phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ".contains($0)) }) {
                c.error("phone", "E400.reportingPhone", ["qualified": "\(c.qualified("phone"))", "phone": "\(phone)"])
            }
            if !url.isEmpty, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                c.error("url", "E400.reportingURL", ["qualified": "\(c.qualified("url"))", "url": "\(url)"])
            }
            if !name.isEmpty, phone.isEmpty, url.isEmpty {
                c.error("name", "E400.reportingHow", ["qualified": "\(c.prefix)", "name": "\(name)"])
            }
            r.absorb(c)
            channels.append(SiteInfo.ReportingChannel(name: name, phone: phone, url: url))
        }
        return channels
    }

    /// `[open_data] licence`: an SPDX identifier gongshi knows (`"CC-BY-4.0"`, the default), or
    /// `{ id = "…", title = "…", url = "https://…" }` for another licence.
    static func readLicence(_ o: inout ConfigReader) -> SiteInfo.Licence {
        let known = SiteInfo.Licence.known
        switch o.table["licence"] {
        case nil:
            return .ccBy4
        case .string(let id)?:
            _ = o.string("licence")
            if let licence = known.first(where: { $0.id.lowercased() == id.lowercased() }) { return licence }
            o.error("licence", "E400.unknownLicence", ["id": "\(id)", "known": .list(known.map { "\($0.id)" })])
            return .ccBy4
        case .table?:
            guard var t = o.section("licence") else { return .ccBy4 }
            let id = t.string("id", required: true) ?? ""
            let title = t.string("title", required: true) ?? ""
            let url = t.string("url", required: true) ?? ""
            if !url.isEmpty, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                t.error("url", "E400.reportingURL", ["qualified": "\(t.qualified("url"))", "url": "\(url)"])
            }
            o.absorb(t)
            return SiteInfo.Licence(id: id, title: title, url: url)
        case let other?:
            o.wrongType("licence", "E400.notString", other)
            _ = o.raw("licence")
            return .ccBy4
        }
    }

    static let indicatorKeys = ["basic_quality", "business_execution", "operation_management", "integrity_record"]

    static func readSystem(_ r: inout ConfigReader, from base: IndicatorSystem) -> IndicatorSystem {
        var system = base
        system.name = r.string("name", default: base.name) ?? base.name
        system.document = r.string("document", default: base.document) ?? base.document
        for (i, key) in indicatorKeys.enumerated() {
            var max: Score?
            if case .table? = r.table[key], var t = r.section(key) {
                max = t.score("max")
                if max == nil { t.error("max", "E400.required", ["qualified": "\(t.qualified("max"))", "key": "max", "table": "[\(t.prefix)]"]) }
                if let title = t.string("title") {
                    if title.trimmingWhitespace().isEmpty { t.error("title", "E400.indicatorTitle", ["qualified": "\(t.qualified("title"))"]) }
                    else { system.titles[i] = title }
                }
                r.absorb(t)
            } else {
                max = r.score(key)
            }
            guard let max else { continue }
            if max <= .zero { r.error(key, "E400.notPositive", ["qualified": "\(r.qualified(key))"]) }
            else { system.maxima[i] = max }
        }
        return system
    }

    /// `[inspection]`: a_ratio, b_ratio, c_ratio, d_ratio, e_ratio in per cent, held to Art. 17: A exempt (0),
    /// B at most 10, C at most 50, D and E all (100).
    static func readInspection(_ i: inout ConfigReader) -> InspectionPolicy {
        var policy = InspectionPolicy.default
        let rules: [(key: String, range: ClosedRange<Int>, rule: String)] = [
            ("a_ratio", 0...0, "E400.rule.a"),
            ("b_ratio", 0...InspectionPolicy.bCap, "E400.rule.b"),
            ("c_ratio", 0...InspectionPolicy.cCap, "E400.rule.c"),
            ("d_ratio", 100...100, "E400.rule.d"),
            ("e_ratio", 100...100, "E400.rule.e"),
        ]
        for rule in rules {
            guard let value = i.integer(rule.key) else { continue }
            guard rule.range.contains(value) else {
                let allowed = rule.range.count == 1 ? "\(rule.range.lowerBound)" : "\(rule.range.lowerBound)–\(rule.range.upperBound)"
                i.error(rule.key, "E400.breaksRule", ["qualified": "\(i.qualified(rule.key))", "value": "\(value)", "rule": .phrase(rule.rule), "allowed": "\(allowed)"])
                continue
            }
            if rule.key == "b_ratio" { policy.bPercent = value }
            if rule.key == "c_ratio" { policy.cPercent = value }
        }
        policy.publishInspectors = i.bool("publish_inspectors") ?? false
        return policy
    }

    /// `[disclosure]`: bad_record_months (default for every kind), public_circular_months, and `[disclosure.kinds]`
    /// with months by record kind. Administrative penalties stay within the national 3 months to 3 years.
    static func readDisclosure(_ d: inout ConfigReader) -> DisclosurePolicy {
        var policy = DisclosurePolicy.default
        let penalty = DisclosurePolicy.penaltyRange
        if let months = d.integer("bad_record_months") {
            if penalty.contains(months) { policy.defaultMonths = months }
            else {
                d.error("bad_record_months", "E400.badRecordMonths",
                        ["months": "\(months)"])
            }
        }
        if let months = d.integer("public_circular_months") {
            if (1...60).contains(months) { policy.circularMonths = months }
            else { d.error("public_circular_months", "E400.publicCircularMonths", ["months": "\(months)"]) }
        }
        if var kinds = d.section("kinds") {
            for entry in kinds.allEntries() {
                guard case .integer(let months) = entry.value else {
                    kinds.error(entry.key, "E400.monthsNotWholeNumber", ["qualified": "\(kinds.qualified(entry.key))", "key": "\(entry.key)"])
                    continue
                }
                guard let kind = BadRecordKind(rawValue: entry.key) else {
                    kinds.error(entry.key, "E400.unknownBadRecordKind",
                                ["qualified": "\(kinds.qualified(entry.key))", "list": "\(BadRecordKind.list)"])
                    continue
                }
                let isPenalty = kind == .administrativePenalty
                let allowed = isPenalty ? penalty : 1...60
                if allowed.contains(months) { policy.monthsByKind[entry.key] = months }
                else {
                    kinds.error(entry.key, isPenalty ? "E400.penaltyMonths" : "E400.kindMonthsOutOfRange",
                                ["qualified": "\(kinds.qualified(entry.key))", "months": "\(months)", "low": "\(allowed.lowerBound)", "high": "\(allowed.upperBound)"])
                }
            }
            d.absorb(kinds)
        }
        return policy
    }

    /// `[grading]`: rule = "shares" | "thresholds" | "given", with shares or thresholds, and ties.
    static func readGrading(_ g: inout ConfigReader) -> GradingPolicy {
        var policy = GradingPolicy.default
        let ruleName = g.string("rule", default: "shares") ?? "shares"
        if let ties = g.string("ties") {
            if let rule = GradingPolicy.TieRule(rawValue: ties) { policy.ties = rule }
            else { g.error("ties", "E400.unknownTieRule", ["ties": "\(ties)"]) }
        }
        switch ruleName {
        case "shares":
            guard var s = g.section("shares") else {
                if g.table["shares"] == nil { g.error("rule", "E400.sharesMissing") }
                return policy
            }
            let values = ["A", "B", "C", "D"].map { s.integer($0) }
            g.absorb(s)
            guard values.allSatisfy({ $0 != nil }) else {
                g.error("shares", "E400.sharesIncomplete")
                return policy
            }
            let v = values.map { $0! }
            // A negative share can make the sum 100 ("add up to 100 %, not 100 %"): said first, by grade.
            if let i = v.firstIndex(where: { $0 < 0 }) {
                g.error("shares", "E400.shareNegative", ["grade": "\(["A", "B", "C", "D"][i])", "value": "\(v[i])"])
                return policy
            }
            if v.reduce(0, +) != 100 {
                g.error("shares", "E400.sharesAddUp", ["sum": "\(v.reduce(0, +))"])
                return policy
            }
            policy.rule = .shares(a: v[0], b: v[1], c: v[2], d: v[3])
        case "thresholds":
            guard var t = g.section("thresholds") else {
                g.error("rule", "E400.thresholdsMissing")
                return policy
            }
            let values = ["A", "B", "C"].map { t.score($0) }
            g.absorb(t)
            guard values.allSatisfy({ $0 != nil }) else {
                g.error("thresholds", "E400.thresholdsIncomplete")
                return policy
            }
            let v = values.map { $0! }
            guard v[0] > v[1], v[1] > v[2] else {
                g.error("thresholds", "E400.thresholdsNotFalling", ["a": "\(v[0])", "b": "\(v[1])", "c": "\(v[2])"])
                return policy
            }
            policy.rule = .thresholds(a: v[0], b: v[1], c: v[2])
        case "given":
            policy.rule = .given
        default:
            g.error("rule", "E400.unknownGradingRule", ["ruleName": "\(ruleName)"])
        }
        if case .shares = policy.rule {} else if g.table["shares"] != nil, ruleName != "shares" {
            g.error("shares", "E400.sharesWithOtherRule", ["ruleName": "\(ruleName)"])
            _ = g.raw("shares")
        }
        if ruleName != "thresholds", g.table["thresholds"] != nil {
            g.error("thresholds", "E400.thresholdsWithOtherRule", ["ruleName": "\(ruleName)"])
            _ = g.raw("thresholds")
        }
        return policy
    }
}
