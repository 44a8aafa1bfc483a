import Evaluation
import Model

extension InspectionTier.Kind {
    public var label: String {
        switch self {
        case .a: return "A级"
        case .b: return "B级"
        case .c: return "C级"
        case .d: return "D级"
        case .e: return "E级"
        case .notRated: return "不予评定等级"
        }
    }

    /// What Art. 17 says of the tier.
    public var rule: String {
        switch self {
        case .a: return "免于现场检查"
        case .b: return "现场抽查比例不超过10%"
        case .c: return "现场抽查比例不超过50%"
        case .d: return "现场检查比例为100%"
        case .e: return "现场检查比例为100%，并结合投诉举报等情况增加检查频次"
        case .notRated: return "结合投诉举报等情况增加检查频次"
        }
    }
}

extension PageContexts {
    /// Art. 17, 19 (双随机、一公开): each draw with its seed, the rule in words, the tiers and who was drawn,
    /// the recipe to re-run it, and the outcomes of inspections.
    public func inspectionsPage() -> Page<InspectionsPage> {
        let path = SitePaths.inspections
        let root = SitePaths.root(of: path)
        return page(path, "监督检查（双随机、一公开）", .inspections,
                    description: "按信用风险等级分级分类的现场检查：抽查比例、公开的随机种子、抽取结果和检查结果（第十七条、第十九条）", InspectionsPage(
            draws: publication.draws.map { result in
                .init(year: result.draw.year, seed: result.draw.seed, announced: result.draw.announcedOn.iso, drawn: result.draw.drawnOn.iso,
                      shell: InspectionDrawing.shellRecipe(seed: result.draw.seed), python: InspectionDrawing.pythonRecipe(seed: result.draw.seed),
                      selectedCount: result.selected.count,
                      tiers: result.tiers.map { tier in
                          .init(label: tier.kind.label, rule: tier.kind.rule, percent: tier.percent, total: tier.members.count,
                                selectedCount: tier.selectedCount, increased: tier.increasedFrequency,
                                selected: tier.members.filter(\.selected).map { m in
                                    Merged(agencyLink(m.agency, root: root), .init(
                                        position: m.position, hmac: m.hmac,
                                        inspectors: publishedInspectors[result.draw.year]?[m.agency].map { $0.map { "\($0.name)（\($0.unit)）" }.joined(separator: "、") }))
                                },
                                hasSelected: tier.selectedCount > 0)
                      })
            },
            hasDraws: !publication.draws.isEmpty,
            outcomes: publication.inspections.map { o in
                Merged(agencyLink(o.agency, root: root), .init(year: o.year, date: o.inspectedOn.iso, result: o.result, circular: o.circular.nonEmpty))
            },
            hasOutcomes: !publication.inspections.isEmpty,
            bCap: InspectionPolicy.bCap, cCap: InspectionPolicy.cCap))
    }
}

/// Art. 17, 19 (双随机、一公开): the draws and the outcomes of inspections.
public struct InspectionsPage: Codable, Sendable {
    public struct Drawn: Codable, Sendable {
        var position: Int
        var hmac: String
        /// Only when the site publishes its pool of inspectors.
        var inspectors: String?
    }
    public struct Tier: Codable, Sendable {
        var label, rule: String
        var percent, total, selectedCount: Int
        var increased: Bool
        var selected: [Merged<AgencyLink, Drawn>]
        var hasSelected: Bool
    }
    public struct Draw: Codable, Sendable {
        var year: Int
        var seed, announced, drawn, shell, python: String
        var selectedCount: Int
        var tiers: [Tier]
    }
    public struct Outcome: Codable, Sendable {
        var year: Int
        var date, result: String
        var circular: String?
    }
    var draws: [Draw]
    var hasDraws: Bool
    var outcomes: [Merged<AgencyLink, Outcome>]
    var hasOutcomes: Bool
    var bCap, cCap: Int
}

extension OpenDatasets {
    /// Every agency of every draw in draw order, with its HMAC, so that anyone can check the draw.
    public static func inspectionDraws(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "inspection-draws", title: "双随机抽查结果",
            description: "每次抽取中各等级机构按 HMAC-SHA256（密钥为公布的随机种子，消息为统一社会信用代码）排序的结果和抽中情况（第十七条、第十九条）。",
            fields: [
                f("year", "评价年度", .integer, "按该年度评价结果分级", required: true),
                f("seed", "随机种子", .string, "抽取前公布", required: true),
                f("drawn_on", "抽取日期", .date, "", required: true),
                f("tier", "抽查等级", .string, "按抽取之日有效的等级分级", required: true, codes: OpenDataCodes.tier),
                f("tier_percent", "抽查比例", .integer, "百分比", required: true),
                f("position", "排序", .integer, "按 HMAC 从小到大的位次", required: true),
                code, agencyName,
                f("hmac_sha256", "HMAC-SHA256", .string, "十六进制", required: true),
                f("selected", "是否抽中", .boolean, "", required: true),
            ],
            rows: p.draws.flatMap { result in
                result.tiers.flatMap { tier in
                    tier.members.map { m in
                        [.integer(result.draw.year), .text(result.draw.seed), .date(result.draw.drawnOn), .text(tier.kind.rawValue),
                         .integer(tier.percent), .integer(m.position), .text(m.agency.value), name(m.agency, p), .text(m.hmac), .bool(m.selected)]
                    }
                }
            })
        d.primaryKey = ["year", "unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        d.updateCycle = "每年"
        return d
    }

    /// Art. 19 (一公开): the outcomes of inspections.
    public static func inspections(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "inspections", title: "现场检查结果",
            description: "双随机抽查和其他现场检查的结果（一公开）。",
            fields: [
                f("year", "年度", .integer, "", required: true), code, agencyName,
                f("inspected_on", "检查日期", .date, "", required: true),
                f("result", "检查结果", .string, "", required: true),
                f("circular", "通报文号", .string, "公开通报的文号，无则为空"),
            ],
            rows: p.inspections.map { o in
                [.integer(o.year), .text(o.agency.value), name(o.agency, p), .date(o.inspectedOn), .text(o.result),
                 o.circular.isEmpty ? .missing : .text(o.circular)]
            })
        d.foreignKeys = [agencyKey]
        return d
    }
}
