import Evaluation
import Model

extension PageContexts {
    public func home() -> Page<HomePage> {
        let current = publication.currentYear.map { year in
            HomePage.CurrentYear(
                year: year.year, href: SitePaths.year(year.year), status: statusContext(year),
                counts: countsContext(year), ratedCount: year.ratings.count, notRatedCount: year.notRated.count,
                objectionSummary: ObjectionWording.sentence(year.objections, stage: year.stage),
                hasNotRated: !year.notRated.isEmpty, hasObjections: !year.objections.isEmpty,
                chart: Charts.gradeDistribution(id: "home-grades", year: year.year, counts: year.gradeCounts))
        }
        let many = publication.years.count > 1
        let recent = Array(publication.changes.prefix(5).map { changeContext($0, root: "") })
        return page(SitePaths.home, "首页", .home, HomePage(
            current: current,
            years: publication.years.map { .init(year: $0.year, href: SitePaths.year($0.year), status: $0.status.label, ratedCount: $0.ratings.count) },
            hasManyYears: many,
            yearsChart: many ? Charts.countsOverYears(id: "home-years", years: publication.years.map { ($0.year, $0.gradeCounts) }) : nil,
            yearsTable: many ? publication.years.sorted { $0.year < $1.year }.map { y in
                .init(year: y.year, counts: y.gradeCounts.map { .init(count: $0.count) }, total: y.ratings.count)
            } : nil,
            gradeHeaders: many ? Grade.allCases.map { .init(letter: $0.letter) } : nil,
            recentChanges: recent, hasRecentChanges: !recent.isEmpty,
            agencyCount: publication.agencies.count, eCount: publication.seriousDishonestyList.count,
            badRecordCount: publication.badRecords.count, notRatedCount: publication.years.reduce(0) { $0 + $1.notRated.count }))
    }

    /// Art. 11–14: one year's grade list, in ranking order.
    public func gradeList(_ year: YearResults) -> Page<GradeListPage> {
        let path = SitePaths.year(year.year)
        var c = common(path: path, title: "\(year.year)年度信用评价结果", section: .grades,
                       description: "\(year.year)年度宁波市生态环境监测社会化服务机构信用评价结果（\(year.status.label)）")
        let root = SitePaths.root(of: path)
        c.listFeed = feedLink(.year(year.year))
        let others = publication.years.filter { $0.year != year.year }
        let adjacent = comparisons.filter { $0.from.year == year.year || $0.to.year == year.year }
        return Page(c, GradeListPage(
            year: year.year, status: statusContext(year), counts: countsContext(year),
            ratedCount: year.ratings.count, notRatedCount: year.notRated.count, notRatedHref: root + SitePaths.notRated,
            outOfScopeCount: year.outOfScopeCount, objectionSummary: ObjectionWording.sentence(year.objections, stage: year.stage),
            hasNotRated: !year.notRated.isEmpty, hasOutOfScope: year.outOfScopeCount > 0, hasObjections: !year.objections.isEmpty,
            rule: publication.policy.explanation,
            otherYears: others.map { YearLink(year: $0.year, href: root + SitePaths.year($0.year)) }, hasOtherYears: !others.isEmpty,
            comparisons: adjacent.map { LinkContext(title: Self.comparisonTitle($0), href: root + SitePaths.comparison($0.from.year, $0.to.year)) },
            hasComparisons: !adjacent.isEmpty,
            rows: year.ratings.map { rating in
                Merged(agencyLink(rating.agency, root: root),
                       GradeListPage.Row(rank: rating.rank, total: rating.total.description, scores: subScoreContext(rating.subScores, year: year.year),
                                         grade: sharedGrade(rating.currentGrade), note: gradeNote(rating)))
            },
            indicators: indicatorHeaders(year: year.year), indicatorSystem: indicatorVersionLabel(year: year.year),
            rulesHref: authoredPage("rules", root: root),
            chart: Charts.gradeDistribution(id: "list-grades", year: year.year, counts: year.gradeCounts),
            filters: filterOptions(districts: year.ratings.compactMap { names[$0.agency]?.district }),
            tableID: "grade-list-\(year.year)",
            download: .init(script: "download.js", file: "grades-\(year.year)-filtered", dataset: "grades-\(year.year).current",
                            href: root + SitePaths.openData)))
    }

    /// The choices of the filter form (shown only when JavaScript runs; the full table is always there).
    func filterOptions(districts: [String]) -> FilterOptions {
        let present = Set(districts)
        return FilterOptions(
            grades: Grade.allCases.map { Choice(value: $0.letter, label: $0.chineseName) },
            districts: site.districts.filter(present.contains).map { Choice(value: $0, label: $0) },
            categories: ServiceCategory.allCases.map { Choice(value: $0.numeral, label: "（\($0.numeral)）\($0.shortTitle)") })
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
    public func agency(_ profile: AgencyProfile) -> Page<AgencyPage> {
        let a = profile.agency
        let path = SitePaths.agency(a.code)
        var c = common(path: path, title: a.name, section: .agencies, description: "\(a.name)（\(a.code)）的信用评价等级、资质和不良记录")
        c.listFeed = feedLink(.agency(a.code, name: a.name))
        let root = SitePaths.root(of: path)
        // Art. 9: each score is shown out of its own year's maximum, whatever the other years on the page.
        let systems = publication.indicators.versions(years: profile.history.map(\.year)).map(\.system)
        let movements = gradeMovements(profile, root: root)
        return Page(c, AgencyPage(
            agency: .init(name: a.name, code: a.code.value, district: a.district, address: a.address,
                          legalNature: a.legalNature, legalRepresentative: a.legalRepresentative,
                          categories: a.serviceCategories.map { CategoryContext(numeral: $0.numeral, title: $0.title) }),
            currentGrade: profile.currentGrade.map(sharedGrade),
            standing: standingNote(profile),
            filings: profile.filings.map { .init(number: $0.number, date: $0.filedOn.iso, status: $0.status.rawValue) },
            history: profile.history.map { year in
                var row = AgencyPage.HistoryRow(year: year.year, href: root + SitePaths.year(year.year), status: year.status.label)
                switch year.outcome {
                case .rated(let rating):
                    row.rated = true
                    row.grade = sharedGrade(rating.currentGrade)
                    row.rank = "\(rating.rank)/\(year.ratedCount)"
                    row.total = rating.total.description
                    row.scores = subScoreContext(rating.subScores, year: year.year, outOfMaximum: true)
                    row.note = gradeNote(rating)
                case .notRated(let reason):
                    row.notRated = true
                    row.reason = reason
                case .outOfScope:
                    row.outOfScope = true
                }
                return row
            },
            indicators: (0..<SubScores.titles.count).map { i in
                .init(title: systems.isEmpty ? SubScores.titles[i] : Array(Set(systems.map { $0.titles[i] })).sorted().joined(separator: "／"))
            },
            mixedSystems: systems.count > 1,
            movements: movements, hasMovements: !movements.isEmpty,
            historyChart: profile.history.isEmpty ? nil : Charts.gradeHistory(id: "history", agency: a.name, points: profile.history.map { year in
                switch year.outcome {
                case .rated(let r): return (year.year, r.currentGrade, "")
                case .notRated: return (year.year, nil, "不予评定")
                case .outOfScope: return (year.year, nil, "未纳入评价")
                }
            }),
            qualifications: profile.qualifications.map { q in
                // Elements in the order the certificate's schedule lists them.
                var order: [String] = []
                var byElement: [String: [ScopeItem]] = [:]
                for item in q.scope {
                    if byElement[item.element] == nil { order.append(item.element) }
                    byElement[item.element, default: []].append(item)
                }
                return .init(
                    number: q.qualification.certificateNumber, issuer: q.qualification.issuer,
                    issued: q.qualification.issuedOn.iso, validUntil: q.qualification.validUntil.iso,
                    expired: q.qualification.validUntil < publication.asOf, scopeCount: q.scope.count,
                    elements: order.map { element in
                        let items = byElement[element]!
                        return .init(element: element, count: items.count, items: items.map { .init(item: $0.item, method: $0.method) })
                    })
            },
            formerNames: profile.formerNames.map { .init(name: $0.name, until: $0.changedOn.iso) },
            events: profile.seriousDishonesty.map(eventContext),
            badRecords: profile.badRecords.map { badRecordContext($0, root: root, withAgency: false) },
            circulars: profile.publicCirculars.map { .init(date: $0.issuedOn.iso, document: $0.documentNumber, content: $0.content) },
            objectionBox: objectionBox(for: a, root: root),
            codeException: codeExceptions[a.code].map {
                .init(explanation: $0.explanation, date: $0.confirmedOn.iso, href: root + SitePaths.agencies + "#code-exceptions")
            },
            hasEvents: !profile.seriousDishonesty.isEmpty, hasHistory: !profile.history.isEmpty,
            hasQualifications: !profile.qualifications.isEmpty, hasBadRecords: !profile.badRecords.isEmpty,
            hasCirculars: !profile.publicCirculars.isEmpty))
    }

    public func agencyDirectory() -> Page<AgencyDirectoryPage> {
        let path = SitePaths.agencies
        let root = SitePaths.root(of: path)
        let ordered = agenciesInNameOrder
        return page(path, "社会监测机构名录", .agencies, description: "已在宁波市生态环境局备案的社会监测机构", AgencyDirectoryPage(
            gradeMeanings: Grade.allCases.map(gradeContext),
            rows: ordered.map { Merged(agencyLink($0.agency.code, root: root), .init(grade: $0.currentGrade.map(sharedGrade))) },
            count: ordered.count,
            categories: ServiceCategory.allCases.map { CategoryContext(numeral: $0.numeral, title: $0.title) },
            filters: filterOptions(districts: ordered.map(\.agency.district)),
            tableID: "agency-list",
            codeExceptions: publication.codeExceptions.map { .init(code: $0.code.value, explanation: $0.explanation, date: $0.confirmedOn.iso) },
            hasCodeExceptions: !publication.codeExceptions.isEmpty))
    }

    /// Art. 12: agencies that are E on the as-of date.
    public func seriousDishonestyList() -> Page<SeriousDishonestyPage> {
        let path = SitePaths.seriousDishonesty
        var c = common(path: path, title: "严重失信（E级）机构名单", section: .seriousDishonesty,
                       description: "存在第十二条所列严重失信行为、直接评定为E级的社会监测机构")
        c.listFeed = feedLink(.seriousDishonesty)
        let root = SitePaths.root(of: path)
        return Page(c, SeriousDishonestyPage(
            rows: publication.seriousDishonestyList.map { Merged(eventContext($0.event), .init(agency: agencyLink($0.agency, root: root))) },
            count: publication.seriousDishonestyList.count,
            hasRows: !publication.seriousDishonestyList.isEmpty,
            triggers: SeriousDishonestyTrigger.allCases.map { .init(numeral: $0.numeral, wording: $0.wording) },
            procurementHref: root + SitePaths.openData + "#ds-procurement-restrictions"))
    }

    /// Art. 8: not rated, per published year.
    public func notRatedList() -> Page<NotRatedPage> {
        let path = SitePaths.notRated
        let root = SitePaths.root(of: path)
        let count = publication.years.reduce(0) { $0 + $1.notRated.count }
        return page(path, "不予评定等级的机构", .notRated,
                    description: "备案、变更和上传信息存在严重失信、重大遗漏且拒绝整改，不予评定等级的社会监测机构（第八条）", NotRatedPage(
            years: publication.years.filter { !$0.notRated.isEmpty }.map { year in
                .init(year: year.year, status: year.status.label, count: year.notRated.count,
                      rows: year.notRated.map { Merged(agencyLink($0.agency, root: root), ReasonContext(reason: $0.reason)) })
            },
            count: count, hasRows: count > 0))
    }

    /// Art. 14: bad records within their disclosure window.
    public func badRecordList() -> Page<BadRecordsPage> {
        let path = SitePaths.badRecords
        var c = common(path: path, title: "不良记录", section: .badRecords, description: "公示期内的社会监测机构不良记录")
        c.listFeed = feedLink(.badRecords)
        let root = SitePaths.root(of: path)
        return Page(c, BadRecordsPage(rows: publication.badRecords.map { badRecordContext($0, root: root, withAgency: true) },
                                      count: publication.badRecords.count, hasRows: !publication.badRecords.isEmpty))
    }

    /// An authored page from content/pages, its body already rendered by cmark.
    public func authoredPage(slug: String, title: String, html: String, sections: [PageSection] = []) -> Page<AuthoredPage> {
        var c = common(path: SitePaths.page(slug), title: title, section: .page)
        c.twin = nil
        var body = AuthoredPage(body: html)
        for section in sections {
            switch section {
            case .indicatorSystems:
                body.indicatorSystems = .init(versions: indicatorSystemsContext(), hasVersions: !indicatorVersions.isEmpty)
            case .gradeConsequences:
                body.gradeConsequences = .init(grades: Grade.allCases.map(gradeContext))
            case .reportingChannels:
                body.reportingChannels = true
            }
        }
        return Page(c, body)
    }

    public func notFound() -> Page<NoFields> {
        // 404.html is served at any depth, so its links start from the site's path on the server.
        let base = site.basePath
        var c = common(path: "404.html", title: "页面不存在", section: .page)
        c.twin = nil
        c.canonical = nil
        c.root = base
        c.stylesheet = base + SitePaths.stylesheet
        c.script = base + SitePaths.script
        c.feed = base + SitePaths.feed
        c.searchHref = base + SitePaths.search
        c.site = Shared(siteContext(root: base))
        c.nav = Shared(navigation(root: base, section: .page))
        c.breadcrumb = breadcrumb(path: "404.html", title: c.title, root: base, nav: c.nav.piece)
        return Page(c, NoFields())
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
    public func openData(_ datasets: [Dataset], facts: [String: FileFacts], signing: Signing?) -> Page<OpenDataPage> {
        let path = SitePaths.openData
        func file(_ name: String, _ format: String) -> OpenDataPage.File? {
            guard let f = facts[name] else { return nil }
            return .init(file: name, href: name, format: format, size: Self.byteSize(f.bytes), sha256: f.sha256)
        }
        return page(path, "开放数据", .openData, description: "信用评价结果、机构、资质和不良记录的开放数据（CSV、JSON）", OpenDataPage(
            datasets: datasets.map { d in
                .init(name: d.name, title: d.title, description: d.description, rows: d.rowCount,
                      isCurrent: d.isCurrent, versionNote: d.versionNote, hasVersionNote: !d.versionNote.isEmpty,
                      files: DatasetFile.allCases.compactMap { file($0.path(d.name), $0.pageFormat) },
                      fields: d.fields.map { .init(name: $0.name, title: $0.title, type: $0.type.chineseName, description: $0.description, required: $0.required) },
                      primaryKey: d.primaryKey.joined(separator: ", "), hasPrimaryKey: !d.primaryKey.isEmpty)
            },
            licence: .init(shortName: site.licence.shortName, url: site.licence.url, title: site.licence.title),
            packageFiles: CatalogueFile.allCases.compactMap { file($0.path, $0.pageFormat) },
            signing: signing.map { .init(keyID: $0.keyID, publicKey: $0.publicKeyLine, publicKeyHref: SitePaths.root(of: path) + "minisign.pub") }))
    }

    static func byteSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let tenths = (bytes * 10 + 512) / 1024
        if tenths < 10240 { return "\(tenths / 10).\(tenths % 10) KB" }
        let mb = (bytes * 10 + 524_288) / 1_048_576
        return "\(mb / 10).\(mb % 10) MB"
    }
}
