import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The small fixture site, copied and imported, with helpers to build and check it.
struct TrustSite {
    let root: String
    var output: String { root + "/public" }

    init() throws {
        root = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", root, "--quiet"]).status == 0)
    }

    @discardableResult
    func build(_ extra: [String] = [], output: String? = nil, asOf: String = "2026-07-01") throws -> Gongshi.Result {
        try Gongshi.run(["build", "--site", root, "--as-of", asOf, "--output", output ?? self.output] + extra)
    }

    @discardableResult
    func check() throws -> Gongshi.Result { try Gongshi.run(["check", "--site", root]) }

    func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: RelativePathForTests.parent(path), withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func link(_ relative: String, to target: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: RelativePathForTests.parent(path), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// A secret key made by gongshi keygen, outside the site (as it must be).
    static func secretKey() throws -> (path: String, text: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-key-\(UUID().uuidString)").path
        let path = folder + "/minisign.key"
        #expect(try Gongshi.run(["keygen", "--output", path]).status == 0)
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    /// A process holding `path`'s lock (util-linux flock), as another gongshi would, once it holds it.
    static func holdLock(_ path: String) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [path, "sleep", "30"]
        try holder.run()
        var locked = false
        for _ in 0..<100 where !locked {
            usleep(50_000)
            locked = try Gongshi.run(["/usr/bin/flock", "-n", path, "true"], viaShell: true).status != 0
        }
        #expect(locked)
        return holder
    }

    /// Every byte under `root`, hidden files included, links read as links.
    static func snapshot(_ root: String) throws -> [String: Data] { try Gongshi.tree(root) }
    /// Which files two snapshots disagree on, for a failure message.
    static func difference(_ a: [String: Data], _ b: [String: Data]) -> String {
        let only = Set(a.keys).symmetricDifference(b.keys).sorted()
        let changed = a.keys.filter { b[$0] != nil && b[$0] != a[$0] }.sorted()
        return "only in one: \(only.prefix(20)); different: \(changed.prefix(20))"
    }
}

enum RelativePathForTests {
    static func parent(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
}

extension Data {
    func contains(_ bytes: Data) -> Bool { range(of: bytes) != nil }
}

@Suite("Trust: only the site's own files reach the output, and only through the site's folders", .serialized)
struct SiteFilesTrustTests {
    @Test("A link in static/ to the signing key is refused by check and build; the key reaches no output byte")
    func linkToSecretKey() throws {
        let site = try TrustSite()
        let key = try TrustSite.secretKey()
        try site.link("static/logo.png", to: key.path)
        let check = try site.check()
        #expect(check.status == 1)
        #expect(check.stderr.contains("static/logo.png: error[E020]"), "\(check.stderr)")
        let build = try site.build(["--secret-key", key.path])
        #expect(build.status == 1)
        #expect(build.stderr.contains("static/logo.png: error[E020]"))
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }

    @Test("A link is refused in every folder gongshi reads, and a folder that is itself a link",
          arguments: ["static/passwd.txt", "pages/leak.md", "notices/leak.md", "templates/home.mustache", "data/warnings.csv", "static", "pages"])
    func linksEverywhere(relative: String) throws {
        let site = try TrustSite()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "+++\ntitle = \"外部\"\ndate = 2026-01-01\n+++\n外部文件 OUTSIDE-MARKER\n".write(toFile: outside + "/leak.md", atomically: false, encoding: .utf8)
        if relative == "static" || relative == "pages" {
            try? FileManager.default.removeItem(atPath: site.root + "/" + relative)
            try site.link(relative, to: outside)
        } else {
            if relative.hasPrefix("data/") { try FileManager.default.removeItem(atPath: site.root + "/" + relative) }
            try site.link(relative, to: relative.hasSuffix(".md") ? outside + "/leak.md" : "/etc/passwd")
        }
        let check = try site.check()
        #expect(check.status == 1)
        #expect(check.stderr.contains("error[E020]"), "\(check.stderr)")
        let build = try site.build()
        #expect(build.status == 1, "\(build.stdout)")
        #expect(build.stderr.contains("error[E020]"), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.output + "/index.html"))
    }

    @Test("A copy of the secret key under any name, or its text pasted into a page or a data cell, is never published (E025)")
    func copiesOfTheKey() throws {
        let key = try TrustSite.secretKey()
        let keyLine = String(key.text.split(separator: "\n")[1])
        // A copy renamed logo.png: check and build refuse it.
        var site = try TrustSite()
        try FileManager.default.createDirectory(atPath: site.root + "/static", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: key.path, toPath: site.root + "/static/logo.png")
        #expect(try site.check().stderr.contains("static/logo.png: error[E025]"))
        #expect(try site.build(["--secret-key", key.path]).status == 1)
        // Pasted into a page.
        site = try TrustSite()
        try site.write("pages/key.md", "+++\ntitle = \"钥匙\"\n+++\n\n\(keyLine)\n")
        #expect(try site.check().stderr.contains("pages/key.md: error[E025]"))
        // Pasted into a bad record's content: the data passes check, but the build refuses to write it.
        site = try TrustSite()
        let records = site.root + "/data/bad-records.csv"
        var text = try String(contentsOfFile: records, encoding: .utf8)
        text = text.replacingOccurrences(of: "未按规范采样，被处罚款。", with: keyLine)
        try text.write(toFile: records, atomically: false, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 0)
        let build = try site.build(["--secret-key", key.path], asOf: "2025-06-01")
        #expect(build.status == 1)
        #expect(build.stderr.contains("error[E025]"), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }

    @Test("keygen never writes a key into a site folder; a bundle never goes into the output or a folder the site is read from; nor carries the key")
    func keysAndBundles() throws {
        let site = try TrustSite()
        let r = try Gongshi.run(["keygen", "--output", site.root + "/static/keys/minisign.key"])
        #expect(r.status == 1 && r.stderr.contains("inside the site folder"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.root + "/static/keys/minisign.key"))
        let key = try TrustSite.secretKey()
        for folder in [site.output + "/bundles", site.root + "/static/bundles"] {
            let b = try Gongshi.run(["bundle", "--site", site.root, "--to", "credit-ningbo", "--as-of", "2026-07-01", "--secret-key", key.path, "--output", folder])
            #expect(b.status == 1 && b.stderr.contains("error[E903]"), "\(b.stderr)")
        }
        // The key's text pasted into a published bad record: the bundle refuses to carry it.
        let records = site.root + "/data/bad-records.csv"
        try (try String(contentsOfFile: records, encoding: .utf8)).replacingOccurrences(of: "未按规范采样，被处罚款。", with: String(key.text.split(separator: "\n")[1]))
            .write(toFile: records, atomically: false, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 0)
        let b = try Gongshi.run(["bundle", "--site", site.root, "--to", "market-supervision", "--as-of", "2025-06-01", "--secret-key", key.path])
        #expect(b.status == 1 && b.stderr.contains("error[E025]"), "\(b.stderr)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: site.root + "/bundles"))?.isEmpty ?? true)
    }

    @Test("A pipe in static/ is an error, not a hang")
    func fifo() throws {
        let site = try TrustSite()
        try FileManager.default.createDirectory(atPath: site.root + "/static", withIntermediateDirectories: true)
        #expect(mkfifo(site.root + "/static/pipe", 0o644) == 0)
        let check = try site.check()
        #expect(check.status == 1 && check.stderr.contains("static/pipe: error[E021]"))
        #expect(try site.build().status == 1)
    }

    @Test("Any one-letter page builds; a page named after any generated folder is refused by check with E602", arguments: ["x", "q", "z"])
    func oneLetterPages(slug: String) throws {
        let site = try TrustSite()
        try site.write("pages/\(slug).md", "+++\ntitle = \"短\"\n+++\n\n短页面。\n")
        #expect(try site.check().status == 0)
        let build = try site.build()
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.output + "/\(slug)/index.html"))
    }

    @Test("check refuses every page slug that a generated page, the theme or a top-level file takes",
          arguments: ["verify", "search", "inspections", "grades", "agencies", "open-data", "notices", "changes", "not-rated",
                      "serious-dishonesty", "bad-records", "assets", "index", "404", "sitemap", "feed"])
    func reservedSlugs(slug: String) throws {
        let site = try TrustSite()
        try site.write("pages/\(slug).md", "+++\ntitle = \"冲突\"\n+++\n\n冲突。\n")
        let check = try site.check()
        #expect(check.status == 1)
        #expect(check.stderr.contains("pages/\(slug).md: error[E602]"), "\(check.stderr)")
        #expect(try site.build().status == 1)
    }

    @Test("A static file where a generated page, a theme file, a page or another static file goes is an error in check and build",
          arguments: ["static/index.html", "static/agencies/extra.html", "static/assets/style.css", "static/about/photo.png",
                      "static/SHA256SUMS", "static/Index.html", "static/verify/x.js"])
    func staticClashes(relative: String) throws {
        let site = try TrustSite()
        try site.write(relative, "静态文件")
        let check = try site.check()
        #expect(check.status == 1)
        #expect(check.stderr.contains("\(relative): error[E605]"), "\(check.stderr)")
        let build = try site.build()
        #expect(build.status == 1)
        #expect(build.stderr.contains("error[E605]"))
    }

    @Test("Static files elsewhere are published as they are; hidden ones are named in a warning and not published")
    func staticPublished() throws {
        let site = try TrustSite()
        try site.write("static/files/rules.pdf", "PDF")
        try site.write("static/assets/logo.svg", "<svg/>")
        try site.write("static/.htaccess", "Deny from all")
        let check = try site.check()
        #expect(check.status == 0)
        #expect(check.stderr.contains("static/.htaccess: warning[W024]"))
        #expect(try site.build().status == 0)
        #expect(FileManager.default.contents(atPath: site.output + "/files/rules.pdf") == Data("PDF".utf8))
        #expect(FileManager.default.contents(atPath: site.output + "/assets/logo.svg") == Data("<svg/>".utf8))
        #expect(!FileManager.default.fileExists(atPath: site.output + "/.htaccess"))
    }

    @Test("Every file a build writes belongs to one owner: a generated folder or top-level file, the theme, a page, or static/")
    func everyPathHasAnOwner() throws {
        let site = try TrustSite()
        try site.write("static/files/a.txt", "a")
        #expect(try site.build(["--quiet"]).status == 0)
        let themeTops = Set(try FileManager.default.subpathsOfDirectory(atPath: Gongshi.repository + "/site-templates")
            .filter { !$0.hasSuffix(".mustache") && $0.contains("/") }.map { String($0.split(separator: "/")[0]) })
        let generatedFolders: Set<String> = ["agencies", "grades", "not-rated", "serious-dishonesty", "bad-records", "open-data", "notices",
                                             "changes", "search", "verify", "inspections", "packages", "site-map", "contact-us"]
        let generatedFiles: Set<String> = ["index.html", "index.md", "404.html", "feed.xml", "sitemap.xml", "SHA256SUMS", ".gongshi-output"]
        for path in try TrustSite.snapshot(site.output).keys {
            let first = String(path.split(separator: "/")[0])
            let owned = generatedFiles.contains(path) || (path.contains("/") && (generatedFolders.contains(first) || themeTops.contains(first)))
                || first == "about" || first == "files"
            #expect(owned, "\(path) has no owner")
        }
    }
}

@Suite("Trust: the output folder is gongshi's alone, and after a build it holds exactly what the inputs make", .serialized)
struct OutputTrustTests {
    @Test("An output folder that holds someone else's files is refused, and nothing in it is moved or deleted, however often one tries")
    func foreignOutput() throws {
        let site = try TrustSite()
        let docs = site.root + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "我的笔记".write(toFile: docs + "/notes.txt", atomically: false, encoding: .utf8)
        for _ in 0..<2 {
            let r = try site.build(output: docs)
            #expect(r.status == 1)
            #expect(r.stderr.contains("error[E901]"), "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: docs) == ["notes.txt"])
        #expect(!FileManager.default.fileExists(atPath: site.root + "/.docs.spare"))
        // An empty folder is fine, and once built it is gongshi's.
        let empty = site.root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try site.build(output: empty).status == 0)
        #expect(try site.build(output: empty).status == 0)
    }

    @Test("The site itself, a folder holding it, or a folder gongshi reads is refused as output (E903)",
          arguments: [".", "..", "static/out", "data/out", "pages"])
    func outputPlacement(relative: String) throws {
        let site = try TrustSite()
        try FileManager.default.createDirectory(atPath: site.root + "/static", withIntermediateDirectories: true)
        let before = try TrustSite.snapshot(site.root)
        let r = try site.build(output: site.root + "/" + relative)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E903]"), "\(r.stderr)")
        #expect(try TrustSite.snapshot(site.root) == before)
    }

    @Test("A tampered output is put right by the next build: an edited grade, a deleted twin, an added file, a link, a changed mode")
    func tamperedOutputRepaired() throws {
        let site = try TrustSite()
        #expect(try site.build(["--quiet"]).status == 0)
        let reference = try TrustSite.snapshot(site.output)
        func tamper() throws {
            let list = site.output + "/grades/2024/index.html"
            let text = try String(contentsOfFile: list, encoding: .utf8)
            #expect(text.contains("A级"))
            // In place, keeping the inode, the size and the modification time: only the change time tells.
            let modified = try FileManager.default.attributesOfItem(atPath: list)[.modificationDate] as! Date
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: list))
            try handle.write(contentsOf: Data(text.replacingOccurrences(of: "D级", with: "A级").utf8))
            try handle.close()
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: list)
            let agency = try FileManager.default.contentsOfDirectory(atPath: site.output + "/agencies").sorted().first { !$0.hasPrefix("index") }!
            try FileManager.default.removeItem(atPath: site.output + "/agencies/\(agency)/index.md")
            try "不是本站的文件".write(toFile: site.output + "/extra.html", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: site.output + "/passwd", withDestinationPath: "/etc/passwd")
            chmod(site.output + "/feed.xml", 0o600)
        }
        try tamper()
        let r = try site.build()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("nothing changed"))
        #expect(try TrustSite.snapshot(site.output) == reference)
        #expect(!FileManager.default.fileExists(atPath: site.output + "/passwd") && !SiteFilesTrustTestsLink.isLink(site.output + "/passwd"))
        let sums = try Gongshi.run(["/usr/bin/env", "sh", "-c", "cd \"$0\" && sha256sum -c --quiet --strict SHA256SUMS", site.output], viaShell: true)
        #expect(sums.status == 0, "\(sums.stdout)")
        // With the stamp and the spare deleted too.
        try tamper()
        try FileManager.default.removeItem(atPath: site.root + "/.public.stamp")
        try FileManager.default.removeItem(atPath: site.root + "/.public.spare")
        #expect(try site.build().status == 0)
        #expect(try TrustSite.snapshot(site.output) == reference)
        // And the spare, which becomes the output at the next change, is put right as well.
        try tamper()
        #expect(try site.build().status == 0)
        try "x".write(toFile: site.root + "/.public.spare/extra.html", atomically: false, encoding: .utf8)
        #expect(try site.build(asOf: "2026-07-02").status == 0)
        #expect(!FileManager.default.fileExists(atPath: site.output + "/extra.html"))
        #expect(try site.build(asOf: "2026-07-01").status == 0)
        let after = try TrustSite.snapshot(site.output)
        #expect(after == reference, "\(TrustSite.difference(after, reference))")
    }

    @Test("Deleting the stamp forces a full build: every file is written again")
    func stampForcesFullBuild() throws {
        let site = try TrustSite()
        #expect(try site.build().status == 0)
        #expect(try site.build().stdout.contains("nothing changed"))
        try FileManager.default.removeItem(atPath: site.root + "/.public.stamp")
        let r = try site.build()
        let files = try TrustSite.snapshot(site.output).count - 1  // all but the owner mark
        #expect(r.stdout.contains(": \(files) written"), "\(r.stdout)")
    }

    @Test("A second build into the same output while one runs stops at once and says so (E902); the output stays whole")
    func concurrentBuilds() throws {
        let site = try TrustSite()
        #expect(try site.build().status == 0)
        let reference = try TrustSite.snapshot(site.output)
        // Hold the output's lock as a running build would.
        let holder = try TrustSite.holdLock(site.root + "/.public.lock")
        defer { holder.terminate() }
        let r = try site.build(asOf: "2026-07-02")
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E902]") && r.stderr.contains("another build is writing this output now"), "\(r.stderr)")
        #expect(try TrustSite.snapshot(site.output) == reference)
        holder.terminate()
        holder.waitUntilExit()
        // Two real builds at once: one may be refused, none damages the output, and the next build is complete.
        let a = try FailureTests.spawn(["build", "--site", site.root, "--as-of", "2026-07-03", "--output", site.output, "--quiet"])
        let b = try FailureTests.spawn(["build", "--site", site.root, "--as-of", "2026-07-03", "--output", site.output, "--quiet"])
        a.waitUntilExit(); b.waitUntilExit()
        #expect(a.terminationStatus == 0 || b.terminationStatus == 0)
        #expect(try site.build(asOf: "2026-07-01").status == 0)
        #expect(try TrustSite.snapshot(site.output) == reference)
    }

    @Test("A registry older than data/ is never published: build, diff and bundle refuse it and name the file (E301)")
    func staleRegistry() throws {
        let site = try TrustSite()
        #expect(try site.build().status == 0)
        let reference = try TrustSite.snapshot(site.output)
        let agencies = site.root + "/data/agencies.csv"
        let original = try String(contentsOfFile: agencies, encoding: .utf8)
        try original.replacingOccurrences(of: "宁波甲测检测技术有限公司", with: "宁波甲测检测科技有限公司").write(toFile: agencies, atomically: false, encoding: .utf8)
        let r = try site.build()
        #expect(r.status == 1)
        #expect(r.stderr.contains("data/agencies.csv: error[E301]") && r.stderr.contains("gongshi import"), "\(r.stderr)")
        #expect(try TrustSite.snapshot(site.output) == reference)
        #expect(try Gongshi.run(["diff", "--site", site.root, "--as-of", "2026-04-01", "--to", "2026-07-01"]).status == 1)
        // After import the build publishes the new name.
        #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 0)
        #expect(try site.build().status == 0)
        #expect(try String(contentsOfFile: site.output + "/open-data/agencies.csv", encoding: .utf8).contains("宁波甲测检测科技有限公司"))
        // A file added to data/, or one removed, is a change as well.
        try "x".write(toFile: site.root + "/data/notes.txt", atomically: false, encoding: .utf8)
        #expect(try site.build().stderr.contains("data/notes.txt: error[E301]"))
        try FileManager.default.removeItem(atPath: site.root + "/data/notes.txt")
        #expect(try site.build().status == 0)
        // Excel's lock file says only that a workbook is open: the saved data is what counts for a build, and import
        // reads the saved workbook, saying once that unsaved changes are not in it (W030).
        try "x".write(toFile: site.root + "/data/~$登记册.xlsx", atomically: false, encoding: .utf8)
        #expect(try site.build().status == 0)
        let imported = try Gongshi.run(["import", "--site", site.root, "--quiet"])
        #expect(imported.status == 0 && imported.stderr.components(separatedBy: "warning[W030]").count == 2, "\(imported.stderr)")
        try FileManager.default.removeItem(atPath: site.root + "/data/~$登记册.xlsx")
        try FileManager.default.removeItem(atPath: site.root + "/data/warnings.csv")
        #expect(try site.build().stderr.contains("data/warnings.csv: error[E301]"))
    }

    @Test("A second import while one runs stops at once and says so (E302)")
    func concurrentImport() throws {
        let site = try TrustSite()
        let holder = try TrustSite.holdLock(site.root + "/registry.sqlite.lock")
        defer { holder.terminate() }
        let r = try Gongshi.run(["import", "--site", site.root])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E302]"), "\(r.stderr)")
    }
}

enum SiteFilesTrustTestsLink {
    static func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }
}

/// The small site's evaluations, as UTF-8, for tests that change a row.
enum SmallSiteEvaluations {
    static let text = """
    年度,统一社会信用代码,是否纳入评价,基本素质,业务执行,经营管理,诚信记录,总分,评定等级,不予评定原因
    2024,91330212MA2H0A1B0F,是,18,35,17,18,88,,
    2024,91330203MA2H0A2C18,是,19,37,18,18,92,,
    2024,91330206MA2H0A3D2D,是,14,28,14,14,70,,
    2024,91330211MA2H0A4E3E,是,12,24,12,12,60,,
    2024,91330205MA2H0A5F4J,是,16,32,16,16,80,,
    2024,91330281MA2H0A6G5E,否,,,,,,,
    2024,91330282MA2H0A7H6N,否,,,,,,,
    2025,91330212MA2H0A1B0F,是,19,38,19,19,95,,
    2025,91330203MA2H0A2C18,是,18,36,18,18,90,,
    2025,91330206MA2H0A3D2D,是,17,34,17,17,85,,
    2025,91330211MA2H0A4E3E,是,17.5,33.5,17,17,85,,
    2025,91330205MA2H0A5F4J,是,16,32,16,16,80,,
    2025,91330281MA2H0A6G5E,是,15,30,15,15,75,,
    2025,91330282MA2H0A7H6N,是,14,28,14,14,70,,
    2025,91330213MA2H0A9K8C,是,,,,,,,备案信息严重失实且拒绝整改
    2025,12330200MB0A0B1C7R,否,,,,,,,

    """
}

@Suite("Trust: rows that contradict each other are errors, never a silent choice", .serialized)
struct ContradictionTests {
    /// Writes `file` (a change of the small site), runs check, and returns its diagnostics as CODE@file:line.
    func problems(_ changes: [String: String], config: String? = nil) throws -> (codes: [String], stderr: String) {
        let site = try TrustSite()
        for (file, text) in changes { try site.write(file, text) }
        if let config { try (try String(contentsOfFile: site.root + "/config.toml", encoding: .utf8) + config).write(toFile: site.root + "/config.toml", atomically: false, encoding: .utf8) }
        let r = try site.check()
        #expect(r.status == 1, "\(r.stderr)")
        let codes = r.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let bracket = line.range(of: "error[") else { return nil }
            let code = line[bracket.upperBound...].prefix(4)
            let place = line.prefix { $0 != " " }.split(separator: ":").prefix(2).joined(separator: ":")
            return "\(code)@\(place)"
        }
        if changes.keys.contains(where: { $0.hasPrefix("data/") }) || config != nil {
            // An import of the same files refuses them too: a contradiction never reaches the registry.
            #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 1)
        } else {
            // Pages and notices: the registry imports, and the build refuses what check refused.
            #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 0)
            let build = try site.build()
            #expect(build.status == 1 && codes.allSatisfy { build.stderr.contains("error[\($0.prefix(4))]") }, "\(build.stderr)")
        }
        return (codes, r.stderr)
    }

    func evaluations(_ replacements: [(String, String)]) -> String {
        replacements.reduce(SmallSiteEvaluations.text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    @Test("Art. 8: a row with four scores and a reason for not rating is an error, not a vanished rank-2 agency")
    func scoresAndNotRated() throws {
        let found = try problems(["data/evaluations.csv": evaluations([("2025,91330203MA2H0A2C18,是,18,36,18,18,90,,", "2025,91330203MA2H0A2C18,是,18,36,18,18,90,,已核实")])])
        #expect(found.codes == ["E144@data/evaluations.csv:10"], "\(found.stderr)")
        // A total alone beside the reason says both as well.
        let total = try problems(["data/evaluations.csv": evaluations([("2025,91330213MA2H0A9K8C,是,,,,,,,", "2025,91330213MA2H0A9K8C,是,,,,,60,,")])])
        #expect(total.codes == ["E144@data/evaluations.csv:16"], "\(total.stderr)")
    }

    @Test("Art. 8: scores for an agency out of scope are refused, not kept unseen")
    func scoresOutOfScope() throws {
        let found = try problems(["data/evaluations.csv": evaluations([("2024,91330281MA2H0A6G5E,否,,,,,,,", "2024,91330281MA2H0A6G5E,否,15,30,15,15,75,,")])])
        #expect(found.codes == ["E143@data/evaluations.csv:7"], "\(found.stderr)")
    }

    @Test("Art. 13: two corrections of one result (A and D) are an error, whatever their order; so is a repeated one")
    func twoCorrections() throws {
        let header = "年度,统一社会信用代码,异议人,联系方式,提出日期,复核结果,更正后等级,复核日期\n"
        for second in ["A", "D", "B"] {
            let found = try problems(["data/objections.csv": header
                + "2025,91330281MA2H0A6G5E,甲,,2026-03-10,更正,\(second == "B" ? "B" : "A"),2026-03-27\n"
                + "2025,91330281MA2H0A6G5E,乙,,2026-03-11,更正,\(second == "B" ? "B" : "D"),2026-03-27\n"])
            #expect(found.codes == ["E183@data/objections.csv:3"], "\(found.stderr)")
        }
    }

    @Test("Art. 8, 13: a correction of a not-rated result, an objection to an out-of-scope year, and a correction to the grade already given are errors")
    func correctionsThatChangeNothing() throws {
        let header = "年度,统一社会信用代码,异议人,联系方式,提出日期,复核结果,更正后等级,复核日期\n"
        let found = try problems(["data/objections.csv": header
            + "2025,91330213MA2H0A9K8C,甲,,2026-03-10,更正,B,2026-03-27\n"   // not rated in 2025
            + "2024,91330281MA2H0A6G5E,乙,,2025-03-10,维持,,2025-03-27\n"     // out of scope in 2024
            + "2025,91330203MA2H0A2C18,丙,,2026-03-10,更正,B,2026-03-27\n"])  // ranked B already
        #expect(found.codes.sorted() == ["E181@data/objections.csv:3", "E184@data/objections.csv:2", "E185@data/objections.csv:4"], "\(found.stderr)")
    }

    @Test("Art. 11: thresholds no total can reach, or that leave no room for D, are refused")
    func unreachableThresholds() throws {
        let site = try TrustSite()
        let config = try String(contentsOfFile: site.root + "/config.toml", encoding: .utf8)
            .replacingOccurrences(of: "rule = \"shares\"\nshares = { A = 20, B = 30, C = 30, D = 20 }", with: "rule = \"thresholds\"\nthresholds = { A = 180, B = 80, C = 0 }")
        try config.write(toFile: site.root + "/config.toml", atomically: false, encoding: .utf8)
        let r = try site.check()
        #expect(r.status == 1)
        #expect(r.stderr.contains("config.toml:13: grading.thresholds: error[E400]: thresholds A = 180 is above the highest possible total, 100"), "\(r.stderr)")
        #expect(r.stderr.contains("thresholds C = 0: every total is at least that"))
    }

    @Test("Art. 14–15: a record kind is matched by a defined list, so 行政处罚（罚款） keeps the penalty rule; an unknown kind is an error")
    func recordKinds() throws {
        let header = "统一社会信用代码,类别,决定文书号,决定机关,决定日期,内容,公示截止日期,信用修复日期\n"
        let found = try problems(["data/bad-records.csv": header
            + "91330205MA2H0A5F4J,行政处罚（罚款）,甬环罚〔2025〕3号,宁波市生态环境局,2025-05-10,未按规范采样。,2030-05-10,\n"
            + "91330205MA2H0A5F4J,行政 处罚,甬环罚〔2025〕4号,宁波市生态环境局,2025-05-10,未按规范采样。,2025-06-01,\n"
            + "91330282MA2H0A7H6N,通报批评,甬环〔2024〕1号,宁波市生态环境局,2024-01-15,监测报告未盖章。,,\n"])
        #expect(found.codes.sorted() == ["E123@data/bad-records.csv:2", "E123@data/bad-records.csv:3", "E124@data/bad-records.csv:4"], "\(found.stderr)")
        let config = try problems([:], config: "\n[disclosure.kinds]\n\"行政处罚（罚款）\" = 12\n")
        #expect(config.codes.count == 1 && config.stderr.contains("disclosure.kinds.行政处罚（罚款） is not a kind of bad record"), "\(config.stderr)")
    }

    @Test("Art. 5–7, 13: two valid filings of one agency, a legal representative filed otherwise than published, an in-time objection marked late")
    func filingsPeopleObjections() throws {
        let filings = "统一社会信用代码,备案编号,备案日期,备案状态\n91330212MA2H0A1B0F,甬环监备〔2021〕001号,2021-03-01,有效\n"
            + "91330212MA2H0A1B0F,甬环监备〔2024〕009号,2024-05-01,有效\n"
        #expect(try problems(["data/filings.csv": filings]).codes == ["E175@data/filings.csv:3"])
        let people = "统一社会信用代码,岗位,姓名,身份证号码,联系电话\n91330212MA2H0A1B0F,法定代表人,张乙,330212198001011238,\n"
        #expect(try problems(["data/key-personnel.csv": people]).codes == ["E173@data/key-personnel.csv:2"])
        let objections = "年度,统一社会信用代码,异议人,联系方式,提出日期,复核结果,更正后等级,复核日期,逾期受理\n"
            + "2025,91330282MA2H0A7H6N,甲,,2026-03-11,维持,,2026-03-27,是\n"
        #expect(try problems(["data/objections.csv": objections]).codes == ["E186@data/objections.csv:2"])
    }

    @Test("A year with publication dates but no evaluations, an E event listed twice, a 公布 notice before the results are final")
    func otherContradictions() throws {
        let stages = "年度,公示开始日期,公示截止日期,公布日期\n2024,2025-03-03,2025-03-14,2025-04-07\n2025,2026-03-02,2026-03-13,2026-04-07\n2026,2027-03-01,2027-03-12,2027-04-06\n"
        #expect(try problems(["data/publication-stages.csv": stages]).codes == ["E194@data/publication-stages.csv:4"])
        let events = "统一社会信用代码,情形,认定日期,认定文号,认定机关,事实摘要,解除日期\n"
            + "91330203MA2H0A2C18,四,2026-06-01,甬环罚〔2026〕7号,宁波市生态环境局,出具虚假监测报告。,\n"
            + "91330203MA2H0A2C18,四,2026-06-02,甬环罚〔2026〕7号,宁波市生态环境局,出具虚假监测报告。,\n"
        #expect(try problems(["data/serious-dishonesty.csv": events]).codes == ["E152@data/serious-dishonesty.csv:3"])
        let notice = "+++\ntitle = \"2025年度评价结果公布\"\ndate = 2026-03-20\nyear = 2025\nstage = \"final\"\n+++\n\n结果如下。\n"
        let found = try problems(["notices/2025-results.md": notice])
        #expect(found.codes == ["E607@notices/2025-results.md"], "\(found.stderr)")
    }
}

@Suite("Trust: text files from Windows, and every CSV that leaves gongshi safe in a spreadsheet", .serialized)
struct TextFilesTrustTests {
    @Test("A config.toml and a page saved with CRLF line ends (Windows Notepad) are read; a TOML error names its line")
    func crlfFiles() throws {
        let site = try TrustSite()
        for file in ["config.toml", "pages/about.md"] {
            let text = try String(contentsOfFile: site.root + "/" + file, encoding: .utf8)
            try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: site.root + "/" + file, atomically: false, encoding: .utf8)
        }
        #expect(try site.check().status == 0)
        #expect(try site.build().status == 0)
        #expect(try String(contentsOfFile: site.output + "/about/index.html", encoding: .utf8).contains("<strong>测试</strong>"))
        let config = try String(contentsOfFile: site.root + "/config.toml", encoding: .utf8)
        try config.replacingOccurrences(of: "ties = \"better\"", with: "ties = better").write(toFile: site.root + "/config.toml", atomically: false, encoding: .utf8)
        let r = try site.check()
        #expect(r.stderr.contains("config.toml:14:"), "\(r.stderr)")
    }

    @Test("A setting with a direction override is refused like a cell (E011)")
    func settingText() throws {
        let site = try TrustSite()
        let config = try String(contentsOfFile: site.root + "/config.toml", encoding: .utf8)
        try config.replacingOccurrences(of: "title = \"测试站点\"", with: "title = \"测试\u{202E}点站\"").write(toFile: site.root + "/config.toml", atomically: false, encoding: .utf8)
        let r = try site.check()
        #expect(r.status == 1 && r.stderr.contains("config.toml:2: title: error[E011]"), "\(r.stderr)")
    }

    @Test("No CSV in a sharing bundle or the open data holds a live formula, whatever the names hold")
    func formulasInBundles() throws {
        let site = try TrustSite()
        let agencies = site.root + "/data/agencies.csv"
        var text = try String(contentsOfFile: agencies, encoding: .utf8)
        text = text.replacingOccurrences(of: "宁波甲测检测技术有限公司", with: "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"甲\"\")\"")
            .replacingOccurrences(of: "宁波乙测环境检测有限公司", with: "+cmd|' /C calc'!A0")
            .replacingOccurrences(of: "宁波丙测环境科技有限公司", with: "@SUM(1+1)")
            .replacingOccurrences(of: "宁波丁测环保技术有限公司", with: "-2+3")
        try text.write(toFile: agencies, atomically: false, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 0)
        let key = try TrustSite.secretKey()
        for recipient in ["market-supervision", "credit-management", "credit-ningbo"] {
            let r = try Gongshi.run(["bundle", "--site", site.root, "--to", recipient, "--as-of", "2026-07-01", "--full", "--secret-key", key.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try site.build().status == 0)
        // Every cell of every CSV, parsed as a spreadsheet would: none may start like a formula, but for the
        // CSV for Excel's `="…"` of digits, which gongshi writes so that codes stay text, and whose result is the text.
        let script = """
        import csv, io, os, re, sys, zipfile
        live = []
        def scan(name, data):
            for row in csv.reader(io.StringIO(data.decode('utf-8-sig'))):
                live.extend(f'{name}: {c}' for c in row if c[:1] in ('=', '+', '-', '@', '\\t', '\\r')
                            and not re.fullmatch(r'="[0-9./:Ee+-]+"', c))
        for root, _, files in os.walk(sys.argv[1]):
            for f in files:
                path = os.path.join(root, f)
                if f.endswith('.zip'):
                    with zipfile.ZipFile(path) as z:
                        for n in z.namelist():
                            if n.endswith('.csv'): scan(f + '/' + n, z.read(n))
                elif f.endswith('.csv'):
                    scan(path, open(path, 'rb').read())
        print('\\n'.join(live)); sys.exit(1 if live else 0)
        """
        for folder in [site.root + "/bundles", site.output] {
            let r = try Gongshi.run(["/usr/bin/env", "python3", "-c", script, folder], viaShell: true)
            #expect(r.status == 0, "live formula cells: \(r.stdout)\(r.stderr)")
        }
    }
}

@Suite("Trust: codes and certificate numbers survive Excel and WPS as text", .serialized)
struct ExcelTrustTests {
    @Test("An all-digit credit code and the 12-digit CMA numbers stay exactly as written in the Excel files, read by openpyxl and by LibreOffice")
    func allDigitCodes() throws {
        let site = try TrustSite()
        // A real form of code: all digits (from an old organisation code), check character included.
        for name in try FileManager.default.contentsOfDirectory(atPath: site.root + "/data") {
            let path = site.root + "/data/" + name
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let replaced = bytes.replacing(Data("91330212MA2H0A1B0F".utf8), with: Data("913502000728319549".utf8))
            try replaced.write(to: URL(fileURLWithPath: path))
        }
        #expect(try Gongshi.run(["import", "--site", site.root, "--quiet"]).status == 0)
        #expect(try site.build(["--quiet"]).status == 0)
        let agencies = try String(contentsOfFile: site.output + "/open-data/agencies.csv", encoding: .utf8)
        #expect(agencies.contains("913502000728319549"))
        let r = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/check_xlsx.py", site.output + "/open-data", "--libreoffice"],
                                                 in: site.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}

/// One change to the small site, as a clerk or a hostile user might make it.
struct SiteChange: CustomTestStringConvertible, Sendable {
    let name: String
    /// Whether such a site is fine (check passes, perhaps with a warning) or refused.
    let passes: Bool
    let apply: @Sendable (TrustSite) throws -> Void
    var testDescription: String { name }

    static let page = "+++\ntitle = \"页\"\n+++\n\n正文。\n"

    static let all: [SiteChange] = [
        SiteChange(name: "a one-letter page", passes: true) { try $0.write("pages/x.md", page) },
        SiteChange(name: "a page named verify", passes: false) { try $0.write("pages/verify.md", page) },
        SiteChange(name: "a page named assets", passes: false) { try $0.write("pages/assets.md", page) },
        SiteChange(name: "a page named after a folder the site's theme adds", passes: false) { site in
            try site.write("templates/img/logo.png", "png")
            try site.write("pages/img.md", page)
        },
        SiteChange(name: "a page without front matter", passes: false) { try $0.write("pages/bare.md", "正文\n") },
        SiteChange(name: "a page that is not UTF-8", passes: false) { site in
            try Data([0x2B, 0x2B, 0x2B, 0x0A, 0xC4, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: site.root + "/pages/gbk.md"))
        },
        SiteChange(name: "a page with an unknown front-matter key", passes: false) { try $0.write("pages/y.md", "+++\ntitle = \"页\"\nauthor = \"某\"\n+++\n") },
        SiteChange(name: "a page saved with CRLF", passes: true) { try $0.write("pages/crlf.md", page.replacingOccurrences(of: "\n", with: "\r\n")) },
        SiteChange(name: "an image in pages/ (a warning: not published)", passes: true) { try $0.write("pages/photo.png", "png") },
        SiteChange(name: "a static file at a generated path", passes: false) { try $0.write("static/feed.xml", "<x/>") },
        SiteChange(name: "a static file in a page's folder", passes: false) { try $0.write("static/about/a.png", "png") },
        SiteChange(name: "a static file differing from another only in case", passes: false) { site in
            try site.write("static/files/A.pdf", "1")
            try site.write("static/files/a.pdf", "2")
        },
        SiteChange(name: "a static file named with a colon", passes: false) { try $0.write("static/files/a:b.pdf", "x") },
        SiteChange(name: "a static file named with a trailing dot", passes: false) { try $0.write("static/files/a.", "x") },
        SiteChange(name: "a hidden static file (a warning)", passes: true) { try $0.write("static/.well-known/security.txt", "x") },
        SiteChange(name: "a static link to a file of the site", passes: false) { site in
            try site.write("static/files/real.txt", "x")
            try site.link("static/files/copy.txt", to: site.root + "/static/files/real.txt")
        },
        SiteChange(name: "a template that does not parse", passes: false) { try $0.write("templates/home.mustache", "{{#a}}") },
        SiteChange(name: "a template that includes a missing partial", passes: false) { try $0.write("templates/home.mustache", "{{>nothing}}") },
        SiteChange(name: "a theme file added at a generated path", passes: false) { try $0.write("templates/grades/x.css", "x") },
        SiteChange(name: "a 公布 notice before the results are final", passes: false) { site in
            try site.write("notices/n.md", "+++\ntitle = \"公布\"\ndate = 2026-03-20\nyear = 2025\nstage = \"final\"\n+++\n")
        },
        SiteChange(name: "a 公示 notice in its period", passes: true) { site in
            try site.write("notices/n.md", "+++\ntitle = \"公示\"\ndate = 2026-03-02\nyear = 2025\nstage = \"notice\"\n+++\n")
        },
        SiteChange(name: "a notice named like a generated one", passes: false) { site in
            try site.write("notices/2025-final.md", "+++\ntitle = \"公布\"\ndate = 2026-04-07\nyear = 2025\nstage = \"final\"\n+++\n")
        },
        SiteChange(name: "a config key that does not exist", passes: false) { site in
            try (try String(contentsOfFile: site.root + "/config.toml", encoding: .utf8) + "\ncolour = \"red\"\n")
                .write(toFile: site.root + "/config.toml", atomically: false, encoding: .utf8)
        },
    ]
}

@Suite("Trust: check and build agree — a site check passes builds, and one it refuses does not", .serialized)
struct CheckBuildAgreementTests {
    @Test("check and build give the same verdict on each change", arguments: SiteChange.all)
    func agree(change: SiteChange) throws {
        let site = try TrustSite()
        try change.apply(site)
        let check = try site.check()
        let build = try site.build()
        #expect((check.status == 0) == change.passes, "check \(check.status)\n\(check.stderr)")
        #expect((check.status == 0) == (build.status == 0), "check \(check.status), build \(build.status)\n\(check.stderr)\n\(build.stderr)")
        // Whatever check names as an error, the build names too.
        let codes = Set(check.stderr.split(separator: "\n").compactMap { line in line.range(of: "error[").map { String(line[$0.upperBound...].prefix(4)) } })
        for code in codes { #expect(build.stderr.contains("error[\(code)]"), "build does not name \(code)") }
    }
}

/// A command that only reads leaves the registry exactly as it was: its bytes, its size and its times.
@Suite("Nothing written is nothing written: readers leave registry.sqlite untouched", .serialized)
struct ReadOnlyRegistryTests {
    static func state(_ path: String) throws -> (bytes: Data, modified: Date, files: [String]) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let folder = (path as NSString).deletingLastPathComponent
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("registry.sqlite") && !$0.hasSuffix("-shm") && !$0.hasSuffix("-wal") }.sorted()
        return (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as! Date, files)
    }

    @Test("check, build, diff, bundle --dry-run, draw, version and the reports leave registry.sqlite's bytes and time as they were")
    func readersWriteNothing() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let registry = site + "/registry.sqlite"
        let before = try Self.state(registry)
        usleep(1_100_000)  // a write after this would show in the time, whatever the file system's resolution
        let commands: [[String]] = [
            ["check", "--site", site, "--quiet"],
            ["build", "--site", site, "--as-of", "2026-06-15", "--output", site + "/public", "--quiet"],
            ["diff", "--site", site, "--as-of", "2026-03-01", "--to", "2026-06-15", "--quiet"],
            ["bundle", "--site", site, "--to", "credit-ningbo", "--as-of", "2026-06-15", "--dry-run", "--quiet"],
            ["draw", "--site", site, "--year", "2025", "--seed", "test", "--date", "2026-05-01"],
            ["version", "--site", site, "--year", "2025", "--as-of", "2026-06-15", "--output", site + "/version", "--quiet"],
            ["check", "--site", site, "--report", "late-filings", "--as-of", "2026-06-15"],
            ["check", "--site", site, "--report", "schedule", "--as-of", "2026-06-15"],
        ]
        for command in commands {
            let r = try Gongshi.run(command)
            #expect(r.status == 0, "\(command[0]): \(r.stderr)")
            let after = try Self.state(registry)
            #expect(after.bytes == before.bytes && after.modified == before.modified && after.files == before.files, "\(command.prefix(2)) changed the registry")
        }
    }
}
