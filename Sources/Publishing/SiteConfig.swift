import Evaluation
import Registry
import Rendering

/// A site's `config.toml`: who publishes, how grades are decided, which districts exist.
/// Every setting has the measures' value as its default and its limits enforced.
public struct SiteConfig: Sendable {
    public var site: SiteInfo
    public var rules: RegistryRules
    public var grading: GradingPolicy
    public var disclosure: DisclosurePolicy
    public var inspection: InspectionPolicy = .default

    public static let fileName = "config.toml"

    /// Parses the config; every problem is collected, each naming its key and line.
    public static func parse(_ text: String, file: String = fileName) -> Result<SiteConfig, DiagnosticList> {
        let table: TOMLTable
        switch TOMLParser.parse(text) {
        case .success(let t): table = t
        case .failure(let e):
            return .failure(DiagnosticList([Diagnostic(code: "E402", at: SourceLocation(file: file, line: e.line, column: e.column), e.message,
                                        fix: "correct the TOML syntax at this position")]))
        }
        var root = ConfigReader(file: file, table: table)
        let title = root.string("title", required: true) ?? ""
        let description = root.string("description", default: "") ?? ""
        let publisher = root.string("publisher", required: true) ?? ""
        let publisherCode = root.string("publisher_code", default: "") ?? ""
        if !publisherCode.isEmpty, case .failure = UnifiedSocialCreditCode.validate(publisherCode) {
            root.error("publisher_code", "publisher_code '\(publisherCode)' is not a valid unified social credit code (GB 32100-2015)",
                       fix: "write the bureau's own 18-character code, or remove the key")
        }
        var baseURL = root.string("base_url", required: true) ?? "/"
        if !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            root.error("base_url", "base_url '\(baseURL)' is not an http(s) address", fix: "write the address the site is published at, e.g. https://sthjj.ningbo.gov.cn/xypj/")
        }
        if !baseURL.hasSuffix("/") { baseURL += "/" }
        var districts = root.strings("districts") ?? RegistryRules.ningboDistricts
        if districts.isEmpty {
            root.error("districts", "districts is empty", fix: "list the site's districts, or remove the key to use Ningbo's ten")
            districts = RegistryRules.ningboDistricts
        }

        var contact = SiteInfo.Contact(address: "", phone: "", email: "")
        if var c = root.section("contact") {
            contact = SiteInfo.Contact(address: c.string("address", default: "") ?? "", phone: c.string("phone", default: "") ?? "",
                                       email: c.string("email", default: "") ?? "")
            root.absorb(c)
        }

        var objections = SiteInfo.ObjectionChannel()
        if var o = root.section("objections") {
            objections = SiteInfo.ObjectionChannel(how: o.string("how", default: "") ?? "", address: o.string("address", default: "") ?? "",
                                                   email: o.string("email", default: "") ?? "", phone: o.string("phone", default: "") ?? "")
            root.absorb(o)
        }

        var grading = GradingPolicy.default
        if var g = root.section("grading") {
            grading = readGrading(&g)
            root.absorb(g)
        }

        var maxima = RegistryRules.defaultMaxima
        if var ind = root.section("indicators") {
            for (i, key) in ["basic_quality", "business_execution", "operation_management", "integrity_record"].enumerated() {
                guard let value = ind.score(key) else { continue }
                if value <= .zero { ind.error(key, "\(ind.qualified(key)) must be above 0", fix: "give the indicator's highest score") }
                else { maxima[i] = value }
            }
            root.absorb(ind)
        }

        var disclosure = DisclosurePolicy.default
        if var d = root.section("disclosure") {
            disclosure = readDisclosure(&d)
            root.absorb(d)
        }

        var inspection = InspectionPolicy.default
        if var i = root.section("inspection") {
            inspection = readInspection(&i)
            root.absorb(i)
        }

        // Art. 11 grades A to D: every threshold must be reachable by some total and leave room below it.
        if case let .thresholds(a, _, c) = grading.rule {
            let highest = maxima.reduce(Score.zero, +)
            var at = SourceLocation(file: file, line: table.line, field: "grading.thresholds")
            if case .table(let g)? = table["grading"] { at.line = g.entry("thresholds")?.line ?? g.line }
            if a > highest {
                root.diagnostics.error("E400", at: at, "thresholds A = \(a) is above the highest possible total, \(highest) (the sum of [indicators]): no agency could ever be A",
                                       fix: "set A at or below \(highest), or raise the indicators' maxima")
            }
            if c <= .zero {
                root.diagnostics.error("E400", at: at, "thresholds C = \(c): every total is at least that, so no agency could ever be D",
                                       fix: "set C above 0")
            }
        }
        let problems = root.diagnostics.all + root.unknownKeys()
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        var site = SiteInfo(title: title, description: description, publisher: publisher, baseURL: baseURL, contact: contact, pages: [])
        site.objections = objections
        site.publisherCode = publisherCode
        site.districts = districts
        var config = SiteConfig(site: site, rules: RegistryRules(districts: districts, subScoreMaxima: maxima), grading: grading, disclosure: disclosure)
        config.inspection = inspection
        return .success(config)
    }

    /// `[inspection]`: a_ratio, b_ratio, c_ratio, d_ratio, e_ratio in per cent, held to Art. 17: A exempt (0),
    /// B at most 10, C at most 50, D and E all (100).
    static func readInspection(_ i: inout ConfigReader) -> InspectionPolicy {
        var policy = InspectionPolicy.default
        let rules: [(key: String, range: ClosedRange<Int>, rule: String)] = [
            ("a_ratio", 0...0, "Art. 17 exempts A agencies from on-site inspection"),
            ("b_ratio", 0...InspectionPolicy.bCap, "Art. 17 caps on-site checks of B agencies at 10%"),
            ("c_ratio", 0...InspectionPolicy.cCap, "Art. 17 caps on-site checks of C agencies at 50%"),
            ("d_ratio", 100...100, "Art. 17 inspects every D agency (100%)"),
            ("e_ratio", 100...100, "Art. 17 inspects every E agency (100%)"),
        ]
        for rule in rules {
            guard let value = i.integer(rule.key) else { continue }
            guard rule.range.contains(value) else {
                let allowed = rule.range.count == 1 ? "\(rule.range.lowerBound)" : "\(rule.range.lowerBound)–\(rule.range.upperBound)"
                i.error(rule.key, "\(i.qualified(rule.key)) = \(value)% breaks the rule: \(rule.rule)", fix: "set it to \(allowed)")
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
                d.error("bad_record_months", "bad_record_months = \(months) is outside 3–36: the national rule discloses administrative penalties for at least 3 months and at most 3 years",
                        fix: "choose a value from 3 to 36")
            }
        }
        if let months = d.integer("public_circular_months") {
            if (1...60).contains(months) { policy.circularMonths = months }
            else { d.error("public_circular_months", "public_circular_months = \(months) is outside 1–60", fix: "choose a value from 1 to 60") }
        }
        if var kinds = d.section("kinds") {
            for entry in kinds.allEntries() {
                guard case .integer(let months) = entry.value else {
                    kinds.error(entry.key, "\(kinds.qualified(entry.key)) must be a whole number of months", fix: "write e.g. \"\(entry.key)\" = 12")
                    continue
                }
                guard let kind = BadRecordKind(rawValue: entry.key) else {
                    kinds.error(entry.key, "\(kinds.qualified(entry.key)) is not a kind of bad record; a period is set for a kind, whatever detail its records add",
                                fix: "write one of \(BadRecordKind.list)")
                    continue
                }
                let isPenalty = kind == .administrativePenalty
                let allowed = isPenalty ? penalty : 1...60
                if allowed.contains(months) { policy.monthsByKind[entry.key] = months }
                else {
                    kinds.error(entry.key, "\(kinds.qualified(entry.key)) = \(months) is outside \(allowed.lowerBound)–\(allowed.upperBound)"
                                + (isPenalty ? ": the national rule discloses administrative penalties for at least 3 months and at most 3 years" : ""),
                                fix: "choose a value from \(allowed.lowerBound) to \(allowed.upperBound)")
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
            else { g.error("ties", "ties = \"\(ties)\" is not a tie rule", fix: "write ties = \"better\" or ties = \"worse\"") }
        }
        switch ruleName {
        case "shares":
            guard var s = g.section("shares") else {
                if g.table["shares"] == nil { g.error("rule", "rule = \"shares\" needs the shares of A, B, C and D", fix: "add shares = { A = 20, B = 40, C = 30, D = 10 }") }
                return policy
            }
            let values = ["A", "B", "C", "D"].map { s.integer($0) }
            g.absorb(s)
            guard values.allSatisfy({ $0 != nil }) else {
                g.error("shares", "shares must give A, B, C and D", fix: "write shares = { A = 20, B = 40, C = 30, D = 10 }")
                return policy
            }
            let v = values.map { $0! }
            if v.contains(where: { $0 < 0 }) || v.reduce(0, +) != 100 {
                g.error("shares", "shares add up to \(v.reduce(0, +))%, not 100% (Art. 11 grades every rated agency A to D)", fix: "make A + B + C + D = 100")
                return policy
            }
            policy.rule = .shares(a: v[0], b: v[1], c: v[2], d: v[3])
        case "thresholds":
            guard var t = g.section("thresholds") else {
                g.error("rule", "rule = \"thresholds\" needs the thresholds of A, B and C", fix: "add thresholds = { A = 90, B = 80, C = 60 }")
                return policy
            }
            let values = ["A", "B", "C"].map { t.score($0) }
            g.absorb(t)
            guard values.allSatisfy({ $0 != nil }) else {
                g.error("thresholds", "thresholds must give A, B and C", fix: "write thresholds = { A = 90, B = 80, C = 60 }")
                return policy
            }
            let v = values.map { $0! }
            guard v[0] > v[1], v[1] > v[2] else {
                g.error("thresholds", "thresholds must fall from A to C (A \(v[0]), B \(v[1]), C \(v[2]))", fix: "make A > B > C")
                return policy
            }
            policy.rule = .thresholds(a: v[0], b: v[1], c: v[2])
        case "given":
            policy.rule = .given
        default:
            g.error("rule", "rule = \"\(ruleName)\" is not a grading rule", fix: "write rule = \"shares\", \"thresholds\" or \"given\"")
        }
        if case .shares = policy.rule {} else if g.table["shares"] != nil, ruleName != "shares" {
            g.error("shares", "shares is set but rule = \"\(ruleName)\"", fix: "remove shares, or set rule = \"shares\"")
            _ = g.raw("shares")
        }
        if ruleName != "thresholds", g.table["thresholds"] != nil {
            g.error("thresholds", "thresholds is set but rule = \"\(ruleName)\"", fix: "remove thresholds, or set rule = \"thresholds\"")
            _ = g.raw("thresholds")
        }
        return policy
    }
}
