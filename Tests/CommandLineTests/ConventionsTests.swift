import Foundation
import Testing

/// What a user of Hugo or Zola expects of the command line, and of a binary copied alone.
@Suite("Command-line conventions: --version, --base-url, --json, help that wraps, one meaning per code, the built-in theme")
struct ConventionsTests {
    @Test("--version gives the version, the commit and the commit's date; never the clock of the run")
    func version() throws {
        let zh = try Gongshi.run(["--version"], environment: ["LANG": "C.UTF-8"])
        #expect(zh.status == 0)
        let version = try String(contentsOfFile: Gongshi.repository + "/VERSION", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(zh.stdout.hasPrefix("gongshi \(version)（提交 "), "\(zh.stdout)")
        let en = try Gongshi.run(["--version"])
        let pattern = #"^gongshi [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}|unknown), built ([0-9]{4}-[0-9]{2}-[0-9]{2}|unknown)\)\n$"#
        #expect(en.stdout.range(of: pattern, options: .regularExpression) != nil, "\(en.stdout)")
        // The commit the binary was built from, when it was built from a checkout (not a tarball).
        let git = try Gongshi.run(["/usr/bin/git", "-C", Gongshi.repository, "log", "-1", "--format=%h %cd", "--date=format-local:%Y-%m-%d", "--abbrev=12"],
                                  viaShell: true, environment: ["TZ": "UTC"])
        if git.status == 0, !en.stdout.contains("unknown") {
            let parts = git.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
            // A commit made since the binary was built is not its commit: only its shape is checked then.
            if en.stdout.contains(String(parts[0])) { #expect(en.stdout.contains("built \(parts[1])"), "\(en.stdout) \(git.stdout)") }
        }
    }

    @Test("The theme built into the binary gives the same site as the site-templates folder, byte for byte")
    func builtInTheme() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let builtIn = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/out-builtin", "--quiet"],
                                      environment: ["LANG": "en_US.UTF-8", "GONGSHI_THEME": ""])
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        let folder = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/out-folder", "--quiet",
                                      "--theme", Gongshi.repository + "/site-templates"])
        #expect(folder.status == 0, "\(folder.stderr)")
        let a = try Gongshi.tree(site + "/out-builtin"), b = try Gongshi.tree(site + "/out-folder")
        #expect(a.count > 20)
        #expect(a == b, "\(Set(a.keys).symmetricDifference(b.keys).sorted().prefix(5)) \(a.keys.filter { a[$0] != b[$0] }.sorted().prefix(5))")
        // A theme folder without layout.mustache is refused with its own code.
        let wrong = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/out-x", "--theme", site + "/data"])
        #expect(wrong.status == 1 && wrong.stderr.contains("error[E504]"), "\(wrong.stderr)")
    }

    @Test("build --base-url publishes for another address without touching config.toml; a bad one is refused with the fix")
    func baseURL() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let config = try Data(contentsOf: URL(fileURLWithPath: site + "/config.toml"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let staging = "https://staging.example.net/test/xypj"
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/staging", "--base-url", staging, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let sitemap = try String(contentsOfFile: site + "/staging/sitemap.xml", encoding: .utf8)
        #expect(sitemap.contains("<loc>https://staging.example.net/test/xypj/</loc>"), "\(sitemap.prefix(400))")
        #expect(!sitemap.contains("example.gov.cn"))
        let catalog = try String(contentsOfFile: site + "/staging/open-data/catalog.json", encoding: .utf8)
        #expect(catalog.contains(staging + "/") && !catalog.contains("example.gov.cn/xypj"))
        // The same build without the option is the config's address again (the override is an input of the build).
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/staging", "--quiet"]).status == 0)
        #expect(try String(contentsOfFile: site + "/staging/sitemap.xml", encoding: .utf8).contains("<loc>https://example.gov.cn/xypj/</loc>"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: site + "/config.toml")) == config)
        for bad in ["staging.example.net", "ftp://x/", "https:///nohost", "https://x.example/a b", "https://x.example/?q=1"] {
            let refused = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/bad", "--base-url", bad])
            #expect(refused.status == 1, "\(bad)")
            #expect(refused.stderr.contains("--base-url: error[E400]") && refused.stderr.contains("not an http(s) address"), "\(bad): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: site + "/bad"))
    }

    @Test("check --json: one object per diagnostic with code, file, line, column, message and fix; the exit status as in text")
    func checkJSON() throws {
        let broken = try Gongshi.run(["check", "--site", Gongshi.fixture("broken-site"), "--json"])
        #expect(broken.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [String: Any], "\(broken.stdout.prefix(300))")
        #expect(object["command"] as? String == "check" && object["ok"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == object["errors"] as! Int + (object["warnings"] as! Int))
        #expect(diagnostics.count > 3)
        for d in diagnostics {
            #expect(Set(d.keys).isSuperset(of: ["severity", "code", "file", "line", "column", "field", "message", "fix", "text"]))
            #expect((d["code"] as? String)?.range(of: #"^[EW][0-9]{3}$"#, options: .regularExpression) != nil)
            #expect(!(d["message"] as? String ?? "").isEmpty && !(d["fix"] as? String ?? "").isEmpty)
        }
        let text = try Gongshi.run(["check", "--site", Gongshi.fixture("broken-site")])
        // The same diagnostics as the text form, in the same order.
        let lines = text.stderr.split(separator: "\n").filter { $0.contains("error[") || $0.contains("warning[") }.map(String.init)
        #expect(lines == diagnostics.map { $0["text"] as! String })
        let located = try #require(diagnostics.first { $0["line"] is Int && $0["column"] is Int })
        #expect((located["file"] as? String)?.hasPrefix("data/") == true)
        // No progress or notes on standard error: standard output is the whole answer.
        #expect(broken.stderr.isEmpty, "\(broken.stderr)")
        // In Chinese by default.
        let zh = try Gongshi.run(["check", "--site", Gongshi.fixture("broken-site"), "--json"], environment: [:])
        #expect(zh.stdout.contains("\"fix\": \"") && zh.stdout.range(of: #"\p{Han}"#, options: .regularExpression) != nil)
    }

    @Test("build --json reports what was written and the warnings; a stop is JSON too, with its step, and exit 1")
    func buildJSON() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let ok = try Gongshi.run(["check", "--site", site, "--json"])
        #expect(ok.status == 0)
        let checked = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(checked["ok"] as? Bool == true && (checked["files"] as? [Any])?.isEmpty == false)
        let missing = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--json"])
        #expect(missing.status == 1)
        let stop = try #require(try JSONSerialization.jsonObject(with: Data(missing.stdout.utf8)) as? [String: Any], "\(missing.stdout)")
        #expect(stop["ok"] as? Bool == false && stop["errors"] as? Int == 1)
        #expect((stop["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "E303")
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let built = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--json"])
        #expect(built.status == 0, "\(built.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(built.stdout.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == true && report["outcome"] as? String == "replaced" && (report["pages"] as? Int ?? 0) > 10)
        #expect(report["signed"] as? Bool == false && report["asOf"] as? String == "2026-07-01")
        let again = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["outcome"] as? String == "unchanged")
        #expect(try Gongshi.run(["check", "--site", site, "--json", "--report", "1"]).status == 2)
    }

    /// Display columns of a line: Chinese characters and full-width forms take two.
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { n, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    /// What cannot be split from a line's start: a Latin word (with the space before it), or a Chinese character
    /// with the punctuation that may not begin a line.
    static func firstUnit(_ line: String) -> Substring {
        guard let first = line.first else { return "" }
        let noLineStart = "，。、；：？！）」』】》…”’·"
        if first.isASCII {
            let word = line.prefix { $0.isASCII && $0 != " " }
            return " " + word + line.dropFirst(word.count).prefix { noLineStart.contains($0) }
        }
        return line.prefix(1) + line.dropFirst().prefix { noLineStart.contains($0) }
    }

    @Test("The shell completes --lang with zh and en, and bundle --to with the recipients of the site being typed")
    func completions() throws {
        let bash = try Gongshi.run(["--generate-completion-script", "bash"], environment: [:]).stdout
        #expect(bash.contains("'--lang')\n        __gongshi_add_completions -W 'zh'$'\\n''en'"), "\(bash.prefix(300))")
        #expect(bash.contains("---completion bundle -- --to"))
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let config = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try (config + "\n[recipients.zhoushan]\nname = \"舟山市生态环境局\"\naddress = \"舟山市生态环境局\"\nreceives = [\"grades\"]\nformats = [\"csv\"]\n")
            .write(toFile: site + "/config.toml", atomically: false, encoding: .utf8)
        // As bash asks: the words typed so far, the word being completed last.
        let all = try Gongshi.run(["---completion", "bundle", "--", "--to", "5", "0", "gongshi", "bundle", "--site", site, "--to", ""], environment: [:])
        #expect(all.stdout.split(separator: "\n") == ["market-supervision", "credit-management", "credit-ningbo", "yrd-environment", "zhoushan"], "\(all.stdout)\(all.stderr)")
        let typed = try Gongshi.run(["---completion", "bundle", "--", "--to", "5", "2", "gongshi", "bundle", "--site", site, "--to", "cr"], environment: [:])
        #expect(typed.stdout.split(separator: "\n") == ["credit-management", "credit-ningbo"])
        // No site here: the default recipients.
        let none = try Gongshi.run(["---completion", "bundle", "--", "--to", "3", "0", "gongshi", "bundle", "--to", ""], environment: [:])
        #expect(none.stdout.split(separator: "\n").count == 4)
    }

    @Test("Chinese --help fits 80 columns and never breaks a sentence at a space inside it (bundle, draw, keygen, diff and the rest)")
    func helpWraps() throws {
        let commands = ["", "init", "check", "import", "build", "serve", "diff", "draw", "bundle", "verify-bundle", "keygen", "synth"]
        for command in commands {
            let r = try Gongshi.run((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "80"])
            #expect(r.status == 0)
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines where !line.hasPrefix("用法：") && !line.hasPrefix("       ") {
                #expect(Self.columns(line) <= 80, "gongshi \(command) --help: \(Self.columns(line)) columns: \(line)")
            }
        }
        // Every paragraph of every command's discussion is broken only where the next character would not fit:
        // never early, at a space inside a sentence (the parser's break at "git 工作区").
        let dump = try Gongshi.run(["--experimental-dump-help"], environment: [:])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])["command"] as? [String: Any]
        for command in try #require(root?["subcommands"] as? [[String: Any]]) {
            guard let name = command["commandName"] as? String, let discussion = command["discussion"] as? String else { continue }
            let help = try Gongshi.run([name, "--help"], environment: ["COLUMNS": "80"]).stdout
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for paragraph in discussion.split(separator: "\n") where !paragraph.hasPrefix(" ") && Self.columns(paragraph) > 80 {
                let target = paragraph.replacingOccurrences(of: " ", with: "")
                // The run of output lines that spells the paragraph (the spaces at breaks dropped).
                guard let start = lines.firstIndex(where: { !$0.isEmpty && target.hasPrefix($0.replacingOccurrences(of: " ", with: "")) }) else {
                    Issue.record("gongshi \(name) --help: paragraph not found: \(paragraph)")
                    continue
                }
                var end = start, joined = ""
                while end < lines.count, joined.count < target.count {
                    joined += lines[end].replacingOccurrences(of: " ", with: "")
                    end += 1
                }
                #expect(joined == target, "gongshi \(name) --help lost or changed text:\n\(paragraph)\n\(lines[start..<end].joined(separator: "\n"))")
                for i in start..<(end - 1) {
                    #expect(Self.columns(Substring(lines[i])) + Self.columns(Self.firstUnit(lines[i + 1])) > 78,
                            "gongshi \(name) --help breaks early:\n\(lines[i])\n\(lines[i + 1])")
                }
            }
        }
        let keygen = try Gongshi.run(["keygen", "--help"], environment: ["COLUMNS": "80"])
        #expect(!keygen.stdout.contains("git\n工作区"), "\(keygen.stdout)")
    }

    @Test("A folder that is not a site: check, import and build say E403 and leave the folder as it was (no lock file)")
    func notASiteUntouched() throws {
        let empty = NSTemporaryDirectory() + "gongshi-nosite-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for command in [["check"], ["import"], ["build", "--as-of", "2026-07-01"]] {
            let r = try Gongshi.run(command + ["--site", empty])
            #expect(r.status == 1 && r.stderr.contains("error[E403]"), "\(command)")
            let left = try FileManager.default.contentsOfDirectory(atPath: empty)
            #expect(left.isEmpty, "\(command) left \(left)")
        }
    }

    @Test("E900 means one thing: a file gongshi writes could not be written; a missing site, registry or theme has its own code")
    func oneMeaningOfE900() throws {
        let empty = NSTemporaryDirectory() + "gongshi-nosite-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try Gongshi.run(["build", "--site", empty]).stderr.contains("error[E403]"))
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01"]).stderr.contains("error[E303]"))
        #expect(try Gongshi.run(["diff", empty, site]).stderr.contains("error[E904]"))
        let table = try String(contentsOfFile: Gongshi.repository + "/docs/data-format.md", encoding: .utf8)
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("| E900 ") }
        #expect(rows.count == 1 && rows[0].contains("could not be written"))
    }

    @Test("A long build shows its pages done and the rate on a terminal, and nothing of it to a pipe")
    func progressOnATerminal() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        // script(1) gives the build a terminal of its own.
        let command = "GONGSHI_THEME='\(Gongshi.repository)/site-templates' LANG=en_US.UTF-8 '\(Gongshi.binary)' build --site '\(site)' --as-of 2026-03-06"
        let onTerminal = try Gongshi.run(["/usr/bin/script", "-qec", command, "/dev/null"], viaShell: true)
        let shown = onTerminal.stdout.matches(of: /pages ([0-9]+)\/([0-9]+) \([0-9]+ a second\)/).map { ($0.output.1, $0.output.2) }
        #expect(shown.last.map { $0.0 == $0.1 } == true, "\(onTerminal.stdout)")
        let piped = try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-07"])
        #expect(piped.status == 0 && !piped.stderr.contains("pages ") && !piped.stderr.contains("\r"), "\(piped.stderr)")
    }

    @Test("A misspelt command is answered in the reader's language with the command meant; a word near none lists them")
    func didYouMean() throws {
        let zh = try Gongshi.run(["buidl", "--site", "x"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.status == 2 && zh.stderr.contains("没有“buidl”这个命令。是不是要用 gongshi build？"), "\(zh.stderr)")
        let en = try Gongshi.run(["chekc"])
        #expect(en.status == 2 && en.stderr.contains("Did you mean gongshi check?"), "\(en.stderr)")
        let none = try Gongshi.run(["frobnicate"])
        #expect(none.status == 2 && none.stderr.contains("The commands are: init, check, import, build"), "\(none.stderr)")
        #expect(!none.stderr.contains("serve-rebuild") && !none.stderr.contains("Unexpected argument"))
    }
}
