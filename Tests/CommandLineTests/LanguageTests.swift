import Foundation
import Testing

/// The clerk reads Chinese: every message, progress line and help text is Chinese unless English is asked for.
@Suite("Messages in Chinese by default, English with --lang en or an English locale")
struct LanguageTests {
    /// A copy of the demo site with one agency code mistyped and an evaluation year without its dates.
    static func brokenSite() throws -> String {
        let site = try Gongshi.copyOfSite(Gongshi.repository + "/content")
        let path = site + "/data/agencies.csv"
        // The demo's files end their lines in CRLF, which Swift counts as one Character: split on it whole.
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
        lines[2] = lines[2].replacingOccurrences(of: #"^([0-9A-Z]{17})[0-9A-Z]"#, with: "$1", options: .regularExpression)
        try lines.joined(separator: "\r\n").write(toFile: path, atomically: false, encoding: .utf8)
        return site
    }

    @Test("With no locale, check speaks Chinese: the place, 错误[code], what is wrong and 怎么改")
    func chineseByDefault() throws {
        let site = try Self.brokenSite()
        let r = try Gongshi.run(["check", "--site", site], environment: [:])
        #expect(r.status == 1)
        #expect(r.stderr.contains("data/agencies.csv 第 3 行，第 1 列（统一社会信用代码）：错误[E103]："), "\(r.stderr)")
        #expect(r.stderr.contains("只有 17 位：缺少校验码") && r.stderr.contains("。怎么改：如果营业执照上是"))
        #expect(r.stdout.contains("个错误") && r.stdout.hasPrefix("已检查 "), "\(r.stdout)")
        #expect(!r.stderr.contains("Fix:") && !r.stdout.contains("checked "))
        // A server's C locale says nothing about the reader: still Chinese.
        #expect(try Gongshi.run(["check", "--site", site], environment: ["LANG": "C.UTF-8"]).stderr.contains("错误[E103]"))
    }

    @Test("--lang en, before or after the command, or an English locale, gives English; --lang zh wins over the locale")
    func english() throws {
        let site = try Self.brokenSite()
        for (arguments, environment) in [(["--lang", "en", "check", "--site", site], [String: String]()),
                                         (["check", "--site", site, "--lang=en"], [:]),
                                         (["check", "--site", site], ["LANG": "en_US.UTF-8"]),
                                         (["check", "--site", site], ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"])] {
            let r = try Gongshi.run(arguments, environment: environment)
            #expect(r.stderr.contains("data/agencies.csv:3: column 1 (统一社会信用代码): error[E103]: ") && r.stderr.contains(". Fix: add the check character"),
                    "\(arguments) \(environment): \(r.stderr)")
        }
        let zh = try Gongshi.run(["check", "--site", site, "--lang", "zh"], environment: ["LANG": "en_US.UTF-8"])
        #expect(zh.stderr.contains("错误[E103]"))
        let bad = try Gongshi.run(["check", "--site", site, "--lang", "fr"], environment: [:])
        #expect(bad.status == 2 && bad.stderr.contains("--lang") && bad.stderr.contains("zh") && bad.stderr.contains("en"))
    }

    @Test("Progress lines and the line that says a command stopped are Chinese too")
    func progressAndStop() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-nosite-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let r = try Gongshi.run(["build", "--site", empty], environment: [:])
        #expect(r.status == 1)
        #expect(r.stderr.contains("[1/7] 读取配置"), "\(r.stderr)")
        #expect(r.stderr.contains("错误[E403]：\(empty) 中没有 config.toml。怎么改：在网站文件夹（有 config.toml 的文件夹）中运行 gongshi，或用 gongshi init 新建一个"))
        #expect(r.stderr.contains("gongshi 在“读取配置”这一步停止，共 1 个错误；没有写出任何内容。"))
    }

    @Test("--help is Chinese by default and English with --lang en, for gongshi and for each command, and lists --lang")
    func help() throws {
        let root = try Gongshi.run(["--help"], environment: [:])
        #expect(root.stdout.contains("发布宁波市第三方环境监测机构的信用评价结果") && root.stdout.contains("--lang"), "\(root.stdout)")
        for command in ["init", "check", "import", "build", "serve", "diff", "draw", "bundle", "verify-bundle", "keygen", "synth"] {
            let zh = try Gongshi.run([command, "--help"], environment: [:])
            let en = try Gongshi.run([command, "--help", "--lang", "en"], environment: [:])
            #expect(zh.status == 0 && en.status == 0, "\(command)")
            #expect(zh.stdout.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count > 20, "\(command): \(zh.stdout)")
            #expect(zh.stdout.contains("--lang") && en.stdout.contains("--lang"), "\(command)")
            #expect(zh.stdout != en.stdout, "\(command)")
        }
        #expect(try Gongshi.run(["check", "--help", "--lang", "en"], environment: [:]).stdout.contains("Report every problem"))
        #expect(try Gongshi.run(["check", "--help"], environment: [:]).stdout.contains("一次报告"))
    }

    @Test("The argument parser's own words are Chinese too: help's headings and last line, usage errors; English with --lang en")
    func parserWords() throws {
        let help = try Gongshi.run(["check", "--help"], environment: [:]).stdout
        for heading in ["概述：", "用法：gongshi check", "选项：", "（可选：utf-8, gb18030）", "显示帮助"] { #expect(help.contains(heading), "\(heading)") }
        for english in ["OVERVIEW", "USAGE", "OPTIONS", "(values:", "Show help information"] { #expect(!help.contains(english), "\(english)") }
        let root = try Gongshi.run(["--help"], environment: [:]).stdout
        #expect(root.contains("子命令：") && root.hasSuffix("运行 gongshi help <子命令> 查看各命令的详细说明。\n"), "\(root.suffix(200))")
        let cases: [([String], String)] = [
            (["build", "--bogus"], "错误：没有“--bogus”这个选项"),
            (["build", "--as-of", "2026-13-01"], "错误：“2026-13-01”不是 --as-of <date> 可用的值"),
            (["draw"], "错误：缺少必需的 --year <year>"),
            (["build", "--site"], "错误：“--site <dir>”后面缺少值"),
            (["build", "extra"], "错误：多出了参数“extra”"),
        ]
        for (arguments, expected) in cases {
            let r = try Gongshi.run(arguments, environment: [:])
            #expect(r.status == 2 && r.stderr.hasPrefix(expected), "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("用法：gongshi") && r.stderr.contains("查看说明。") && !r.stderr.contains("Usage:") && !r.stderr.contains("Error:"), "\(r.stderr)")
        }
        let en = try Gongshi.run(["build", "--bogus", "--lang", "en"], environment: [:])
        #expect(en.stderr.hasPrefix("Error: Unknown option '--bogus'") && en.stderr.contains("Usage: gongshi build"))
        #expect(try Gongshi.run(["check", "--help", "--lang", "en"], environment: [:]).stdout.contains("OPTIONS:"))
    }

    @Test("A new site, checked as the clerk sees it: no errors, and in Chinese what to fill in and where")
    func newSiteInChinese() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-init-\(UUID().uuidString)").path
        let made = try Gongshi.run(["init", site], environment: [:])
        #expect(made.status == 0 && made.stdout.contains("用 Excel 或 WPS 填写 \(site)/data/登记册.xlsx"), "\(made.stdout)")
        let r = try Gongshi.run(["check", "--site", site], environment: [:])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("没有错误，2 个警告"), "\(r.stdout)")
        #expect(r.stderr.contains("data/登记册.xlsx：机构：警告[W028]：“机构”还没有任何数据。怎么改：填写在本局备案的机构，每个机构一行（第五至七条）"), "\(r.stderr)")
        #expect(r.stderr.contains("data/登记册.xlsx：信用评价：警告[W028]："))
        #expect(try Gongshi.run(["init", site], environment: [:]).stderr.contains("不是空的"))
    }
}
