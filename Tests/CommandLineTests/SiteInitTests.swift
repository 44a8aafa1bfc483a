import Foundation
import Testing

@Suite("gongshi init: a new site a clerk can start from")
struct SiteInitTests {
    static func newFolder() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-init-\(UUID().uuidString)").path }

    @Test("init makes a site that check passes as written, saying what to fill in; a folder that holds anything is refused and left as it was")
    func initThenCheck() throws {
        let site = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let made = try Gongshi.run(["init", site])
        #expect(made.status == 0, "\(made.stderr)")
        for file in ["config.toml", "README.md", "data/登记册.xlsx", "pages/about.md", "pages/rules.md", "pages/how-to-object.md", "表格模板/agencies.csv"] {
            #expect(FileManager.default.fileExists(atPath: site + "/" + file), "\(file)")
        }
        let check = try Gongshi.run(["check", "--site", site])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect((check.stdout + check.stderr).contains("机构 has no rows yet"))
        let before = try Gongshi.tree(site)
        let again = try Gongshi.run(["init", site])
        #expect(again.status == 1 && again.stderr.contains("E030"), "\(again.stderr)")
        #expect(try Gongshi.tree(site) == before)
        // The same gongshi writes the same bytes.
        let other = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try Gongshi.run(["init", other]).status == 0)
        #expect(try Gongshi.tree(other) == before)
    }

    @Test("A failed init says which file and why, in the clerk's words, and leaves nothing behind: not the files, not the folders it made")
    func failedInit() throws {
        let base = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/empty", withIntermediateDirectories: true)
        // A file-size limit stops the writes part of the way through, as a full disk would.
        for target in [base + "/new/parents/site", base + "/empty"] {
            for language in ["en", "zh"] {
                let failed = try Gongshi.run(["/bin/sh", "-c", "ulimit -f 4; exec \"$0\" init \"$1\" --lang \"$2\"", Gongshi.binary, target, language], viaShell: true)
                #expect(failed.status == 1, "\(failed.stderr)")
                #expect(failed.stderr.contains("E030"), "\(failed.stderr)")
                #expect(failed.stderr.contains(language == "en" ? "a file-size limit is set" : "设有文件大小限制"), "\(failed.stderr)")
                #expect(failed.stderr.contains(language == "en" ? "Nothing of the new site was left behind" : "没有留下半个网站"), "\(failed.stderr)")
                #expect(!failed.stderr.contains("Code=") && !failed.stderr.contains("NSCocoaErrorDomain") && !failed.stderr.contains("(null)"), "\(failed.stderr)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: base) == ["empty"], "\(target)")
                if target.hasSuffix("empty") { #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty) }
            }
        }
        // A path through a file: said as such, in the clerk's language.
        try "x".write(toFile: base + "/file", atomically: true, encoding: .utf8)
        let through = try Gongshi.run(["init", base + "/file/site", "--lang", "zh"])
        #expect(through.status == 1 && through.stderr.contains("路径中有一部分是文件而不是文件夹"), "\(through.stderr)")
        // Once the limit is gone, the same folder takes the site.
        #expect(try Gongshi.run(["init", base + "/empty"]).status == 0)
    }

    @Test("The standard pages are the demo's, without its note that the data is fictional")
    func pages() throws {
        let site = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Gongshi.run(["init", site]).status == 0)
        for page in ["about.md", "rules.md", "how-to-object.md"] {
            let made = try String(contentsOfFile: site + "/pages/" + page, encoding: .utf8)
            let demo = try String(contentsOfFile: Gongshi.repository + "/content/pages/" + page, encoding: .utf8)
            #expect(made == demo.replacingOccurrences(of: "\n> 本站为演示站点：机构名称、统一社会信用代码、人员和事件均为虚构，仅用于展示。\n", with: ""), "\(page)")
            #expect(!made.contains("演示"))
        }
    }

    @Test("The workbook: a sheet per data file, code columns text, dates dates, drop-down lists; filled in by openpyxl it imports")
    func workbook() throws {
        let site = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Gongshi.run(["init", site]).status == 0)
        let script = """
        import sys, openpyxl, datetime
        path = sys.argv[1]
        book = openpyxl.load_workbook(path)
        ws = book["机构"]
        header = [c.value for c in ws[1]]
        assert header[:3] == ["统一社会信用代码", "机构名称", "所在区县"], header
        assert ws.column_dimensions["A"].number_format == "@", ws.column_dimensions["A"].number_format
        assert ws.freeze_panes == "A2", ws.freeze_panes
        lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
        assert lists.get("C2:C1048576", "").startswith('"海曙区,江北区'), lists
        q = book["资质认定证书"]
        assert q.column_dimensions["A"].number_format == "@"
        assert q.column_dimensions["D"].number_format == "yyyy-mm-dd", q.column_dimensions["D"].number_format
        assert len(book.sheetnames) == 17, book.sheetnames
        # It opens on 机构; a required column's header stands out; every column says 必填 or 选填; names print whole.
        assert book.active.title == "机构", book.active.title
        assert ws["B1"].fill.fgColor.rgb == "FFFFF2CC" and ws["B1"].font.b, (ws["B1"].fill.fgColor.rgb, ws["B1"].font.b)
        prompts = {str(v.sqref): v.promptTitle for v in ws.data_validations.dataValidation}
        assert prompts.get("B2:B1048576") == "机构名称（必填）", prompts
        assert ws.column_dimensions["B"].width >= 30 and ws.column_dimensions["D"].width >= 30, (ws.column_dimensions["B"].width, ws.column_dimensions["D"].width)
        # A clerk types a row, the code as text, the date as a date.
        ws.append(["91330212MA2H0A1B0F", "宁波甲测检测技术有限公司", "鄞州区", "宁波市鄞州区测试路1号", "企业法人", "张甲", "一、二"])
        q.append(["221112050001", "91330212MA2H0A1B0F", "浙江省市场监督管理局", datetime.date(2022, 5, 10), datetime.date(2028, 5, 9)])
        q["D2"].number_format = q["E2"].number_format = "yyyy-mm-dd"
        book.save(path)
        print("ok")
        """
        let r = try OpenDataValidationTests.tool("python3", ["-c", script, site + "/data/登记册.xlsx"], in: site)
        #expect(r.status == 0 && r.stdout.contains("ok"), "\(r.stdout)\(r.stderr)")
        let check = try Gongshi.run(["check", "--site", site])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("机构 (1 rows, xlsx)") && check.stdout.contains("资质认定证书 (1 rows, xlsx)"), "\(check.stdout)")
        // import says what it read as the clerk has it: a workbook and its sheets (CSV files as files).
        let imported = try Gongshi.run(["import", "--site", site])
        #expect(imported.stdout.contains("imported 2 rows from 1 workbook(s) (17 sheets)"), "\(imported.stdout)")
        let zh = try Gongshi.run(["import", "--site", site], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.stdout.contains("已从 1 个工作簿（17 张表）导入 2 行"), "\(zh.stdout)")
        let csvSite = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", csvSite]).stdout.contains("from 11 CSV file(s)"))
    }

    @Test("help data-format prints the reference in the reader's language, the same as docs/data-format.zh.md and docs/data-format.md")
    func dataFormat() throws {
        let zh = try Gongshi.run(["help", "data-format"], environment: ["LANG": "zh_CN.UTF-8"])
        let en = try Gongshi.run(["help", "data-format", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.status == 0 && en.status == 0)
        #expect(zh.stdout.hasPrefix("# 数据格式") && en.stdout.hasPrefix("# Data format"))
        #expect(zh.stdout == (try String(contentsOfFile: Gongshi.repository + "/docs/data-format.zh.md", encoding: .utf8)),
                "docs/data-format.zh.md is not what the binary prints: run `make docs`")
        #expect(en.stdout == (try String(contentsOfFile: Gongshi.repository + "/docs/data-format.md", encoding: .utf8)),
                "docs/data-format.md is not what the binary prints: run `make docs`")
    }
}
