import Evaluation
import Registry

extension PageContexts {
    public func home() -> [String: Any] {
        var c = common(path: SitePaths.home, title: "首页", section: .home)
        if let year = publication.currentYear {
            c["current"] = [
                "year": year.year, "href": SitePaths.year(year.year), "status": statusContext(year),
                "counts": countsContext(year), "ratedCount": year.ratings.count, "notRatedCount": year.notRated.count,
                "objectionSummary": ObjectionWording.sentence(year.objections, stage: year.stage),
                "hasNotRated": !year.notRated.isEmpty, "hasObjections": !year.objections.isEmpty,
                "chart": Charts.gradeDistribution(id: "home-grades", year: year.year, counts: year.gradeCounts),
            ] as [String: Any]
        }
        c["years"] = publication.years.map { ["year": $0.year, "href": SitePaths.year($0.year), "status": $0.status.label, "ratedCount": $0.ratings.count] }
        c["hasManyYears"] = publication.years.count > 1
        if publication.years.count > 1 {
            c["yearsChart"] = Charts.countsOverYears(id: "home-years", years: publication.years.map { ($0.year, $0.gradeCounts) })
            c["yearsTable"] = publication.years.sorted { $0.year < $1.year }.map { y -> [String: Any] in
                ["year": y.year, "counts": y.gradeCounts.map { ["count": $0.count] }, "total": y.ratings.count]
            }
            c["gradeHeaders"] = Grade.allCases.map { ["letter": $0.letter] }
        }
        let recent = publication.changes.prefix(5).map { changeContext($0, root: "") }
        c["recentChanges"] = Array(recent)
        c["hasRecentChanges"] = !recent.isEmpty
        c["agencyCount"] = publication.agencies.count
        c["eCount"] = publication.seriousDishonestyList.count
        c["badRecordCount"] = publication.badRecords.count
        c["notRatedCount"] = publication.years.reduce(0) { $0 + $1.notRated.count }
        return c
    }

    /// Art. 11–14: one year's grade list, in ranking order.
    public func gradeList(_ year: YearResults) -> [String: Any] {
        let path = SitePaths.year(year.year)
        var c = common(path: path, title: "\(year.year)年度信用评价结果", section: .grades,
                       description: "\(year.year)年度宁波市生态环境监测社会化服务机构信用评价结果（\(year.status.label)）")
        let root = SitePaths.root(of: path)
        c["year"] = year.year
        c["listFeed"] = feedLink(.year(year.year))
        c["status"] = statusContext(year)
        c["counts"] = countsContext(year)
        c["ratedCount"] = year.ratings.count
        c["notRatedCount"] = year.notRated.count
        c["notRatedHref"] = root + SitePaths.notRated
        c["outOfScopeCount"] = year.outOfScopeCount
        c["objectionSummary"] = ObjectionWording.sentence(year.objections, stage: year.stage)
        c["hasNotRated"] = !year.notRated.isEmpty
        c["hasOutOfScope"] = year.outOfScopeCount > 0
        c["hasObjections"] = !year.objections.isEmpty
        c["rule"] = publication.policy.explanation
        let others = publication.years.filter { $0.year != year.year }
        c["otherYears"] = others.map { ["year": $0.year, "href": root + SitePaths.year($0.year)] }
        c["hasOtherYears"] = !others.isEmpty
        let adjacent = comparisons.filter { $0.from.year == year.year || $0.to.year == year.year }
        c["comparisons"] = adjacent.map { ["title": Self.comparisonTitle($0), "href": root + SitePaths.comparison($0.from.year, $0.to.year)] }
        c["hasComparisons"] = !adjacent.isEmpty
        c["rows"] = year.ratings.map { rating -> [String: Any] in
            var row = agencyLink(rating.agency, root: root)
            row["rank"] = rating.rank
            row["total"] = rating.total.description
            row["scores"] = subScoreContext(rating.subScores, year: year.year)
            row["grade"] = sharedGrade(rating.currentGrade)
            if let note = gradeNote(rating) { row["note"] = note }
            return row
        }
        c["indicators"] = indicatorHeaders(year: year.year)
        c["indicatorSystem"] = indicatorVersionLabel(year: year.year)
        if let href = authoredPage("rules", root: root) { c["rulesHref"] = href }
        c["chart"] = Charts.gradeDistribution(id: "list-grades", year: year.year, counts: year.gradeCounts)
        c["filters"] = filterOptions(districts: year.ratings.compactMap { names[$0.agency]?.district })
        c["tableID"] = "grade-list-\(year.year)"
        c["download"] = ["script": "download.js", "file": "grades-\(year.year)-filtered", "dataset": "grades-\(year.year).current",
                         "href": root + SitePaths.openData]
        return c
    }

    /// The choices of the filter form (shown only when JavaScript runs; the full table is always there).
    func filterOptions(districts: [String]) -> [String: Any] {
        let present = Set(districts)
        return [
            "grades": Grade.allCases.map { ["value": $0.letter, "label": $0.chineseName] },
            "districts": site.districts.filter(present.contains).map { ["value": $0, "label": $0] },
            "categories": ServiceCategory.allCases.map { ["value": $0.numeral, "label": "（\($0.numeral)）\($0.shortTitle)"] },
        ]
    }

    /// Why the grade shown is not the one the ranking gave, in the measures' terms.
    func gradeNote(_ rating: Rating) -> String? {
        if let event = rating.revokedBy {
            return "原评定\(rating.correctedGrade?.letter ?? rating.awardedGrade.letter)级，因第十二条第（\(event.trigger.numeral)）项情形于\(event.verifiedOn.iso)撤销，评定为E级"
        }
        if let corrected = rating.correctedGrade, corrected != rating.awardedGrade {
            return "经异议复核，由\(rating.awardedGrade.letter)级更正为\(corrected.letter)级"
        }
        return nil
    }

    /// Art. 11–14: why the grade in force is the one shown, or why there is none (`GradeStanding`).
    func standingNote(_ profile: AgencyProfile) -> String {
        switch profile.standing {
        case .seriousDishonesty(let event):
            return "自\(event.verifiedOn.chinese)起因第十二条第（\(event.trigger.numeral)）项情形评定为E级（\(event.documentNumber)）。"
        case .rated(let year, _, let since):
            return "\(year)年度评价结果，自\(since.chinese)公布之日起有效，至下一年度评价结果公布之日的前一日止。"
        case .none(let yearInForce, let lapsed):
            guard let yearInForce else { return "暂无正式公布的评定等级。" }
            var text = ""
            if let lapsed {
                text += "\(lapsed.year)年度评定的\(lapsed.grade.letter)级已于\(lapsed.on.chinese)下一年度评价结果公布时失效。"
            }
            switch profile.history.first(where: { $0.year == yearInForce })?.outcome {
            case .notRated?: text += "\(yearInForce)年度不予评定等级（第八条），现无有效的评定等级。"
            case .outOfScope?: text += "\(yearInForce)年度未在本市开展业务，未纳入评价（第八条），现无有效的评定等级。"
            default: text += "\(yearInForce)年度未对本机构评定等级，现无有效的评定等级。"
            }
            return text
        }
    }

    /// Art. 14: one agency's page.
    public func agency(_ profile: AgencyProfile) -> [String: Any] {
        let a = profile.agency
        let path = SitePaths.agency(a.code)
        var c = common(path: path, title: a.name, section: .agencies, description: "\(a.name)（\(a.code)）的信用评价等级、资质和不良记录")
        c["listFeed"] = feedLink(.agency(a.code, name: a.name))
        let root = SitePaths.root(of: path)
        c["agency"] = [
            "name": a.name, "code": a.code.value, "district": a.district, "address": a.address,
            "legalNature": a.legalNature, "legalRepresentative": a.legalRepresentative,
            "categories": a.serviceCategories.map { ["numeral": $0.numeral, "title": $0.title] },
        ] as [String: Any]
        if let grade = profile.currentGrade { c["currentGrade"] = sharedGrade(grade) }
        c["standing"] = standingNote(profile)
        c["filings"] = profile.filings.map { ["number": $0.number, "date": $0.filedOn.iso, "status": $0.status.rawValue] }
        // Art. 9: each score is shown out of its own year's maximum, whatever the other years on the page.
        let systems = publication.indicators.versions(years: profile.history.map(\.year)).map(\.system)
        let mixedSystems = systems.count > 1
        c["history"] = profile.history.map { year -> [String: Any] in
            var row: [String: Any] = ["year": year.year, "href": root + SitePaths.year(year.year), "status": year.status.label]
            switch year.outcome {
            case .rated(let rating):
                row["rated"] = true
                row["grade"] = sharedGrade(rating.currentGrade)
                row["rank"] = "\(rating.rank)/\(year.ratedCount)"
                row["total"] = rating.total.description
                row["scores"] = subScoreContext(rating.subScores, year: year.year, outOfMaximum: true)
                if let note = gradeNote(rating) { row["note"] = note }
            case .notRated(let reason):
                row["notRated"] = true
                row["reason"] = reason
            case .outOfScope:
                row["outOfScope"] = true
            }
            return row
        }
        c["indicators"] = (0..<SubScores.titles.count).map { i in
            ["title": systems.isEmpty ? SubScores.titles[i] : Array(Set(systems.map { $0.titles[i] })).sorted().joined(separator: "／")]
        }
        c["mixedSystems"] = mixedSystems
        let movements = gradeMovements(profile, root: root)
        c["movements"] = movements
        c["hasMovements"] = !movements.isEmpty
        if !profile.history.isEmpty {
            c["historyChart"] = Charts.gradeHistory(id: "history", agency: a.name, points: profile.history.map { year in
                switch year.outcome {
                case .rated(let r): return (year.year, r.currentGrade, "")
                case .notRated: return (year.year, nil, "不予评定")
                case .outOfScope: return (year.year, nil, "未纳入评价")
                }
            })
        }
        c["qualifications"] = profile.qualifications.map { q -> [String: Any] in
            // Elements in the order the certificate's schedule lists them.
            var order: [String] = []
            var byElement: [String: [ScopeItem]] = [:]
            for item in q.scope {
                if byElement[item.element] == nil { order.append(item.element) }
                byElement[item.element, default: []].append(item)
            }
            let elements = order.map { ($0, byElement[$0]!) }
            return [
                "number": q.qualification.certificateNumber, "issuer": q.qualification.issuer,
                "issued": q.qualification.issuedOn.iso, "validUntil": q.qualification.validUntil.iso,
                "expired": q.qualification.validUntil < publication.asOf,
                "scopeCount": q.scope.count,
                "elements": elements.map { element, items in
                    ["element": element, "count": items.count,
                     "items": items.map { ["item": $0.item, "method": $0.method] }] as [String: Any]
                },
            ]
        }
        c["formerNames"] = profile.formerNames.map { ["name": $0.name, "until": $0.changedOn.iso] }
        c["events"] = profile.seriousDishonesty.map(eventContext)
        c["badRecords"] = profile.badRecords.map { badRecordContext($0, root: root, withAgency: false) }
        c["circulars"] = profile.publicCirculars.map { ["date": $0.issuedOn.iso, "document": $0.documentNumber, "content": $0.content] }
        if let box = objectionBox(for: a, root: root) { c["objectionBox"] = box }
        if let exception = publication.codeExceptions.first(where: { $0.code == a.code }) {
            c["codeException"] = ["explanation": exception.explanation, "date": exception.confirmedOn.iso, "href": root + SitePaths.agencies + "#code-exceptions"]
        }
        c["hasEvents"] = !profile.seriousDishonesty.isEmpty
        c["hasHistory"] = !profile.history.isEmpty
        c["hasQualifications"] = !profile.qualifications.isEmpty
        c["hasBadRecords"] = !profile.badRecords.isEmpty
        c["hasCirculars"] = !profile.publicCirculars.isEmpty
        return c
    }

    public func agencyDirectory() -> [String: Any] {
        let path = SitePaths.agencies
        var c = common(path: path, title: "社会监测机构名录", section: .agencies, description: "已在宁波市生态环境局备案的社会监测机构")
        let root = SitePaths.root(of: path)
        let ordered = agenciesInNameOrder
        c["gradeMeanings"] = Grade.allCases.map(gradeContext)
        c["rows"] = ordered.map { profile -> [String: Any] in
            var row = agencyLink(profile.agency.code, root: root)
            if let grade = profile.currentGrade { row["grade"] = sharedGrade(grade) }
            return row
        }
        c["count"] = ordered.count
        c["categories"] = ServiceCategory.allCases.map { ["numeral": $0.numeral, "title": $0.title] }
        c["filters"] = filterOptions(districts: ordered.map(\.agency.district))
        c["tableID"] = "agency-list"
        c["codeExceptions"] = publication.codeExceptions.map { ["code": $0.code.value, "explanation": $0.explanation, "date": $0.confirmedOn.iso] }
        c["hasCodeExceptions"] = !publication.codeExceptions.isEmpty
        return c
    }

    /// Art. 12: agencies that are E on the as-of date.
    public func seriousDishonestyList() -> [String: Any] {
        let path = SitePaths.seriousDishonesty
        var c = common(path: path, title: "严重失信（E级）机构名单", section: .seriousDishonesty,
                       description: "存在第十二条所列严重失信行为、直接评定为E级的社会监测机构")
        c["listFeed"] = feedLink(.seriousDishonesty)
        let root = SitePaths.root(of: path)
        c["rows"] = publication.seriousDishonestyList.map { listing -> [String: Any] in
            eventContext(listing.event).merging(["agency": agencyLink(listing.agency, root: root)]) { a, _ in a }
        }
        c["count"] = publication.seriousDishonestyList.count
        c["hasRows"] = !publication.seriousDishonestyList.isEmpty
        c["triggers"] = SeriousDishonestyTrigger.allCases.map { ["numeral": $0.numeral, "wording": $0.wording] }
        c["procurementHref"] = root + SitePaths.openData + "#ds-procurement-restrictions"
        return c
    }

    /// Art. 8: not rated, per published year.
    public func notRatedList() -> [String: Any] {
        let path = SitePaths.notRated
        var c = common(path: path, title: "不予评定等级的机构", section: .notRated,
                       description: "备案、变更和上传信息存在严重失信、重大遗漏且拒绝整改，不予评定等级的社会监测机构（第八条）")
        let root = SitePaths.root(of: path)
        c["years"] = publication.years.filter { !$0.notRated.isEmpty }.map { year -> [String: Any] in
            ["year": year.year, "status": year.status.label, "count": year.notRated.count,
             "rows": year.notRated.map { agencyLink($0.agency, root: root).merging(["reason": $0.reason]) { a, _ in a } }]
        }
        c["count"] = publication.years.reduce(0) { $0 + $1.notRated.count }
        c["hasRows"] = (c["count"] as? Int ?? 0) > 0
        return c
    }

    /// Art. 14: bad records within their disclosure window.
    public func badRecordList() -> [String: Any] {
        let path = SitePaths.badRecords
        var c = common(path: path, title: "不良记录", section: .badRecords, description: "公示期内的社会监测机构不良记录")
        c["listFeed"] = feedLink(.badRecords)
        let root = SitePaths.root(of: path)
        c["rows"] = publication.badRecords.map { badRecordContext($0, root: root, withAgency: true) }
        c["count"] = publication.badRecords.count
        c["hasRows"] = !publication.badRecords.isEmpty
        return c
    }

    /// An authored page from content/pages, its body already rendered by cmark.
    public func authoredPage(slug: String, title: String, html: String, sections: [PageSection] = []) -> [String: Any] {
        var c = common(path: SitePaths.page(slug), title: title, section: .page)
        c.removeValue(forKey: "twin")
        c["body"] = html
        for section in sections {
            switch section {
            case .indicatorSystems:
                c["indicatorSystems"] = ["versions": indicatorSystemsContext(), "hasVersions": !indicatorVersions.isEmpty] as [String: Any]
            case .gradeConsequences:
                c["gradeConsequences"] = ["grades": Grade.allCases.map(gradeContext)] as [String: Any]
            case .reportingChannels:
                c["reportingChannels"] = true
            }
        }
        return c
    }

    public func notFound() -> [String: Any] {
        // 404.html is served at any depth, so its links start from the site's path on the server.
        let base = site.basePath
        var c = common(path: "404.html", title: "页面不存在", section: .page)
        c.removeValue(forKey: "twin")
        c.removeValue(forKey: "canonical")
        c["root"] = base
        c["stylesheet"] = base + SitePaths.stylesheet
        c["script"] = base + SitePaths.script
        c["feed"] = base + SitePaths.feed
        c["searchHref"] = base + SitePaths.search
        c["site"] = siteContext(root: base)
        c["nav"] = navigation(root: base, section: .page)
        return c
    }
}

extension PageContexts {
    /// The open-data catalogue: each dataset with its fields, from the same definitions the files come from.
    /// How the published files are signed, for the open-data page: the key and the commands to check.
    public struct Signing: Sendable {
        public var keyID: String
        public var publicKeyLine: String

        public init(keyID: String, publicKeyLine: String) {
            self.keyID = keyID
            self.publicKeyLine = publicKeyLine
        }
    }

    /// The open-data catalogue: each dataset with its fields (the definitions the files are written from),
    /// its files with formats, sizes and SHA-256, the metadata, and how to verify everything.
    public func openData(_ datasets: [Dataset], facts: [String: FileFacts], signing: Signing?) -> [String: Any] {
        let path = SitePaths.openData
        var c = common(path: path, title: "开放数据", section: .openData, description: "信用评价结果、机构、资质和不良记录的开放数据（CSV、JSON）")
        func file(_ name: String, _ format: String) -> [String: Any]? {
            guard let f = facts[name] else { return nil }
            return ["file": name, "href": name, "format": format, "size": Self.byteSize(f.bytes), "sha256": f.sha256]
        }
        c["datasets"] = datasets.map { d -> [String: Any] in
            [
                "name": d.name, "title": d.title, "description": d.description, "rows": d.rowCount,
                "isCurrent": d.isCurrent, "versionNote": d.versionNote, "hasVersionNote": !d.versionNote.isEmpty,
                "files": [file("\(d.name).csv", "CSV（UTF-8）"), file("excel/\(d.name).xlsx", "Excel/WPS（.xlsx）"),
                          file("excel/\(d.name).csv", "CSV（Excel/WPS 用，中文表头）"),
                          file("\(d.name).json", "JSON"), file("\(d.name).csv-metadata.json", "CSVW 元数据"),
                          file("schemas/\(d.name).schema.json", "JSON Schema")].compactMap { $0 },
                "fields": d.fields.map { f -> [String: Any] in
                    ["name": f.name, "title": f.title, "type": f.type.rawValue, "description": f.description, "required": f.required]
                },
                "primaryKey": d.primaryKey.joined(separator: ", "), "hasPrimaryKey": !d.primaryKey.isEmpty,
            ]
        }
        c["licence"] = ["shortName": site.licence.shortName, "url": site.licence.url, "title": site.licence.title]
        c["packageFiles"] = [file("datapackage.json", "Frictionless Data Package v2"), file("catalog.jsonld", "DCAT（JSON-LD）"),
                             file("catalog.json", "数据目录（数据提供方、更新周期、开放属性、发布日期）"),
                             file("gongshi.sqlite", "SQLite（登记库的公开部分）")].compactMap { $0 }
        if let signing {
            c["signing"] = ["keyID": signing.keyID, "publicKey": signing.publicKeyLine,
                            "publicKeyHref": SitePaths.root(of: path) + "minisign.pub"] as [String: Any]
        }
        return c
    }

    static func byteSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let tenths = (bytes * 10 + 512) / 1024
        if tenths < 10240 { return "\(tenths / 10).\(tenths % 10) KB" }
        let mb = (bytes * 10 + 524_288) / 1_048_576
        return "\(mb / 10).\(mb % 10) MB"
    }
}
