import Foundation
import Model
import Rendering

/// `gongshi synth`: a deterministic synthetic site of any size for scale tests — valid codes, realistic
/// shares of grades, out-of-scope and not-rated years, E events, bad records, objections, report numbers.
/// The same arguments always write the same bytes.
public struct SyntheticSite {
    public var agencies: Int
    public var years: Int
    public var seed: UInt64
    public var reportNumbers: Int
    /// The last evaluation year; earlier years precede it.
    public var lastYear = 2025

    public init(agencies: Int, years: Int, seed: UInt64, reportNumbers: Int) {
        self.agencies = agencies; self.years = years; self.seed = seed; self.reportNumbers = reportNumbers
    }

    /// SplitMix64: small, fast, and the same everywhere (the failure tests draw their kill moments from it too).
    public struct Random {
        var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let divisions = [("海曙区", "330203"), ("江北区", "330205"), ("北仑区", "330206"), ("镇海区", "330211"), ("鄞州区", "330212"),
                            ("奉化区", "330213"), ("余姚市", "330281"), ("慈溪市", "330282"), ("宁海县", "330226"), ("象山县", "330225")]
    static let syllables = Array("绿源清澜天衡东澄四方甬澈三和科诺正信恒测瑞谱环诚博测鑫检海澄同泰联谱明澈碧沄澄宇禾测德检惠测康谱汇清锦测嘉谱润检朗澈泓测安测衡准中澜致远精测卓谱汉澄泽源凯测云谱沁源")
    static let suffixes = ["检测技术有限公司", "环境检测有限公司", "环境科技有限公司", "环保技术有限公司", "检测科技有限公司", "环境监测有限公司"]
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    func code(_ i: Int, _ division: String, _ random: inout Random) -> String {
        var body = "91" + division
        var n = i
        for _ in 0..<9 { body.append(Self.alphabet[n % 31]); n /= 31 }
        return body + String(UnifiedSocialCreditCode.checkCharacter(for: body)!)
    }

    /// Writes `config.toml` and `data/*.csv` into `folder`.
    public func write(to folder: String) throws {
        var random = Random(state: seed)
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/pages", withIntermediateDirectories: true)
        try """
        title = "宁波市生态环境监测社会化服务机构信用评价信息公开（合成数据）"
        description = "gongshi synth 生成的合成数据，用于规模测试。"
        publisher = "宁波市生态环境局"
        base_url = "https://example.gov.cn/xypj/"

        [grading]
        rule = "shares"
        shares = { A = 15, B = 45, C = 30, D = 10 }
        ties = "better"

        """.write(toFile: folder + "/config.toml", atomically: false, encoding: .utf8)
        try "+++\ntitle = \"关于\"\n+++\n\n合成数据。\n".write(toFile: folder + "/pages/about.md", atomically: false, encoding: .utf8)

        var agencyCSV = CSVWriter(header: CSVFormat.agencies.headers, spreadsheetSafe: false)
        var filings = CSVWriter(header: CSVFormat.filings.headers, spreadsheetSafe: false)
        var qualifications = CSVWriter(header: CSVFormat.qualifications.headers, spreadsheetSafe: false)
        var scope = CSVWriter(header: CSVFormat.qualificationScope.headers, spreadsheetSafe: false)
        var people = CSVWriter(header: CSVFormat.keyPersonnel.headers, spreadsheetSafe: false)
        var evaluations = CSVWriter(header: CSVFormat.evaluations.headers, spreadsheetSafe: false)
        var events = CSVWriter(header: CSVFormat.seriousDishonesty.headers, spreadsheetSafe: false)
        var records = CSVWriter(header: Array(CSVFormat.badRecords.headers.prefix(8)), spreadsheetSafe: false)  // without the optional 双公示 columns
        var objections = CSVWriter(header: CSVFormat.objections.headers, spreadsheetSafe: false)
        var numbers = CSVWriter(header: CSVFormat.reportNumbers.headers, spreadsheetSafe: false)
        let firstYear = lastYear - years + 1
        var codes: [String] = []
        let elements = [("水和废水", ["化学需氧量", "氨氮", "总磷", "总氮", "pH值"]), ("环境空气和废气", ["二氧化硫", "氮氧化物", "颗粒物"]),
                        ("噪声", ["工业企业厂界环境噪声"]), ("土壤和沉积物", ["铅", "镉", "汞"])]
        for i in 0..<agencies {
            let (district, division) = Self.divisions[random.below(Self.divisions.count)]
            let code = code(i, division, &random)
            codes.append(code)
            let name = "宁波" + String(Self.syllables[random.below(Self.syllables.count)]) + String(Self.syllables[random.below(Self.syllables.count)])
                + String(i) + Self.suffixes[random.below(Self.suffixes.count)]
            let categories = (1...7).filter { _ in random.chance(0.35) }
            agencyCSV.append([code, name, district, "宁波市\(district)测试路\(i % 999 + 1)号", "企业法人", "法人\(i)",
                              (categories.isEmpty ? [2] : categories).map { ChineseNumeral.numerals[$0 - 1] }.joined(separator: "、"), "", ""])
            filings.append([code, "甬环监备\(i)", "2020-0\(random.below(9) + 1)-1\(random.below(9))", "有效"])
            let certificateNumber = String(200_000_000_000 + i)
            qualifications.append([certificateNumber, code, "浙江省市场监督管理局", "2022-05-10", "2028-05-09"])
            for (element, items) in elements where random.chance(0.6) {
                for item in items.prefix(1 + random.below(items.count)) { scope.append([certificateNumber, element, item, "HJ 1-2020"]) }
            }
            people.append([code, "技术负责人", "人员\(i)", Self.identity(i), ""])
            var ratedLastYear = false
            for year in firstYear...lastYear where i < agencies * (90 + (year - firstYear) * 10 / max(years, 1)) / 100 {
                if random.chance(0.04) { evaluations.append([String(year), code, "否", "", "", "", "", "", "", ""]); continue }
                if random.chance(0.01) { evaluations.append([String(year), code, "是", "", "", "", "", "", "", "拒绝整改"]); continue }
                let parts = [20, 40, 20, 20].map { max_ in (Double(max_) * (0.55 + Double(random.below(450)) / 1000)).rounded() / 1 }
                evaluations.append([String(year), code, "是"] + parts.map { String(Int($0)) } + ["", "", ""])
                ratedLastYear = year == lastYear
            }
            if random.chance(0.003) {
                events.append([code, ChineseNumeral.numerals[random.below(7)], "\(lastYear + 1)-0\(random.below(9) + 1)-1\(random.below(9))", "甬环罚〔\(lastYear + 1)〕\(i)号",
                               "宁波市生态环境局", "合成事件。", ""])
            }
            if random.chance(0.05) {
                let y = lastYear - random.below(3)
                records.append([code, "行政处罚", "甬环罚〔\(y)〕\(i)号", "宁波市生态环境局", "\(y)-0\(random.below(9) + 1)-1\(random.below(9))", "合成记录。", "",
                                random.chance(0.2) ? "\(y + 1)-0\(random.below(9) + 1)-1\(random.below(9))" : ""])
            }
            if ratedLastYear, random.chance(0.01) {
                objections.append([String(lastYear), code, "异议人\(i)", "", "\(lastYear + 1)-03-05", "维持", "", "\(lastYear + 1)-03-27", ""])
            }
        }
        // Art. 18: each report's verification code, 16 hex digits from a generator of its own (the rest of the
        // site stays as it was for a seed).
        var codeRandom = Random(state: seed ^ 0x5EED_C0DE)
        for n in 0..<reportNumbers {
            let code = String(String(codeRandom.next(), radix: 16, uppercase: true).leftPadded(to: 16))
            numbers.append(["SYN-\(n)", code, codes[n % codes.count], "\(lastYear)-0\(n % 9 + 1)-1\(n % 9)", n % 5 == 0 ? "运维报告" : "监测报告"])
        }
        var stages = CSVWriter(header: CSVFormat.publicationStages.headers, spreadsheetSafe: false)
        for year in firstYear...lastYear { stages.append([String(year), "\(year + 1)-03-02", "\(year + 1)-03-13", "\(year + 1)-04-07"]) }
        let files: [(String, CSVWriter)] = [
            (CSVFormat.agencies.file, agencyCSV), (CSVFormat.filings.file, filings), (CSVFormat.qualifications.file, qualifications),
            (CSVFormat.qualificationScope.file, scope), (CSVFormat.keyPersonnel.file, people), (CSVFormat.evaluations.file, evaluations),
            (CSVFormat.seriousDishonesty.file, events), (CSVFormat.badRecords.file, records), (CSVFormat.objections.file, objections),
            (CSVFormat.publicationStages.file, stages), (CSVFormat.reportNumbers.file, numbers),
        ]
        for (file, writer) in files {
            guard FileManager.default.createFile(atPath: folder + "/data/" + file, contents: Data(writer.text.utf8)) else {
                throw OutputWriter.Failure(path: folder + "/data/" + file, "E900.cannotWrite")
            }
        }
    }

    /// A valid-looking identity number (internal data of the synthetic registry).
    static func identity(_ i: Int) -> String {
        let body = "3302121980" + String(format: "%07d", i % 10_000_000)
        return body + String(ResidentIdentityNumber.checkCharacter(for: body)!)
    }
}
