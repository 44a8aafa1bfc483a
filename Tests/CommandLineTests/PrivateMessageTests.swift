import Foundation
import Testing

/// Messages reach consoles, CI logs and `--json` readers: none may repeat what an internal column holds.
@Suite("Private values in messages: no message repeats an internal cell", .serialized)
struct PrivateMessageTests {
    /// Every internal column of every entity (and the warnings that are not public), holding values that fail each check that column has: a code
    /// column kept as a number (CSV: as a spreadsheet shows it; workbook: a number cell of 18 digits), a
    /// character that hides text, a `?` of a lost character, a duplicate, a weak or shared verification code, an
    /// identity number that fails its check. Each marker holds `CANARY` or the digits `918273`.
    static func plant(_ site: String, asNumbers: Bool) throws {
        func long(_ n: Int) -> String { asNumbers ? "9182736455000000\(String(format: "%02d", n))" : "9.18273\(n)E+17" }
        func write(_ file: String, _ text: String) throws { try text.write(toFile: site + "/data/" + file, atomically: false, encoding: .utf8) }
        var agencies = try String(contentsOfFile: site + "/data/agencies.csv", encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        agencies = agencies.replacingOccurrences(of: "联系人标记CT9,0574-99990001", with: "CANARY联系人\u{202E}一,\(long(1))")
        try write("agencies.csv", agencies)
        try write("key-personnel.csv", """
        统一社会信用代码,岗位,姓名,身份证号码,联系电话
        91330203MA2H0A2C18,技术负责人,CANARY姓名\u{202E}二,\(long(2)),\(long(3))
        91330206MA2H0A3D2D,授权签字人,CANARY姓名三,33021219800101CANARY,CANARY电话
        91330206MA2H0A3D2D,技术负责人,CANARY姓名?六,330212198001011238,
        91330281MA2H0A6G5E,授权签字人,张三,918273198001011230,CANARY手机\u{200B}

        """)
        try write("objections.csv", """
        年度,统一社会信用代码,异议人,联系方式,提出日期,复核结果,更正后等级,复核日期
        2025,91330281MA2H0A6G5E,CANARY异议人\u{202E}四,\(long(4)),2026-03-10,更正,B,2026-03-27
        2025,91330282MA2H0A7H6N,CANARY异议人五,CANARY\u{2066}联系,2026-03-11,维持,,2026-03-27

        """)
        try write("report-numbers.csv", """
        报告编号,验证码,统一社会信用代码,出具日期,报告类型
        RPTCANARY01,Kx9Qm2Lp7Zt4Wv8NCANARY,91330212MA2H0A1B0F,2025-05-01,监测报告
        RPTCANARY01,Jh3Rt6Yu9Io2Pa5SCANARY,91330212MA2H0A1B0F,2025-05-02,监测报告
        \(long(5)),\(long(6)),91330212MA2H0A1B0F,2025-05-03,监测报告
        RPTCANARY02,CANARY,91330212MA2H0A1B0F,2025-05-04,监测报告
        RPTCANARY03,Kx9Qm2Lp7Zt4Wv8NCANARY,91330212MA2H0A1B0F,2025-05-05,监测报告
        RPT\u{202E}CANARY04,Ab3Cd5Ef7Gh9Ij2KCANARY,91330212MA2H0A1B0F,2025-05-06,监测报告

        """)
        try write("warnings.csv", """
        统一社会信用代码,警示形式,日期,文号,内容
        91330206MA2H0A3D2D,书面告知,2025-06-01,\(long(8)),CANARY书面告知\u{202E}内容
        91330212MA2H0A1B0F,约见谈话,2025-06-02,CANARY文号\u{200B},CANARY约见谈话

        """)
        try write("inspectors.csv", """
        执法证号,姓名,单位
        BADGECANARY1,CANARY检查员甲,宁波市生态环境局
        BADGECANARY1,CANARY检查员乙,宁波市生态环境局
        \(long(7)),CANARY检查员\u{202E}丙,宁波市生态环境局

        """)
    }

    /// What every command that reads the data says, on both streams, in both languages and as JSON.
    static func everythingSaid(_ site: String) throws -> (text: String, errors: Int) {
        var said = ""
        var errors = 0
        for arguments in [["check"], ["check", "--lang", "zh"], ["check", "--json"], ["import"], ["import", "--lang", "zh"],
                          ["build", "--as-of", "2026-07-01"], ["build", "--as-of", "2026-07-01", "--json"]] {
            let result = try Gongshi.run(arguments + ["--site", site])
            #expect(result.status != 0, "\(arguments) passed")
            said += result.stdout + result.stderr
            if arguments == ["check"] { errors = result.stderr.components(separatedBy: "error[").count - 1 }
        }
        return (said, errors)
    }

    static func leaks(in said: String) -> [String] {
        said.components(separatedBy: "\n").filter { $0.contains("CANARY") || $0.contains("918273") || $0.contains("9.18273") }
    }

    @Test("No message of check, import or build — text, Chinese or JSON — repeats a value of an internal column of a CSV file")
    func csvFiles() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try Self.plant(site, asNumbers: false)
        let (said, errors) = try Self.everythingSaid(site)
        // The checks did run on every internal column: each is named where its problem is.
        for column in ["(联系人)", "(联系电话)", "(姓名)", "(身份证号码)", "(异议人)", "(联系方式)", "(报告编号)", "(验证码)", "(执法证号)"] {
            #expect(said.contains(column), "no message about \(column)")
        }
        for code in ["E011", "E015", "E026", "E106", "E107", "E119", "E170", "E197"] { #expect(said.contains(code), "no \(code)") }
        #expect(errors >= 18, "\(said)")
        #expect(Self.leaks(in: said).isEmpty, "\(Self.leaks(in: said))")
    }

    @Test("No message repeats a value of an internal column of a workbook, a code kept as an 18-digit number cell included")
    func workbooks() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try Self.plant(site, asNumbers: true)
        let made = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/canary_workbooks.py", site + "/data"], in: site)
        #expect(made.status == 0, "\(made.stderr)")
        let (said, errors) = try Self.everythingSaid(site)
        #expect(said.contains("agencies.xlsx") && said.contains("E015") && said.contains("!D2 (身份证号码)"), "\(said)")
        #expect(errors >= 18, "\(said)")
        #expect(Self.leaks(in: said).isEmpty, "\(Self.leaks(in: said))")
    }
}
