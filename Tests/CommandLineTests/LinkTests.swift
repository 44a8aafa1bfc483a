import Foundation
import Testing

/// Every link in a built site leads to a file the same build made: no output links to a page the build does
/// not make. Every HTML page is read (not only those reachable from the home page), every `href` and `src`,
/// every `<loc>` of the sitemap and every link of the feeds; a fragment must name an `id` on its page.
enum LinkCheck {
    /// "FILE: TARGET (why)" for each broken link of the site in `output`, whose base URL is `base`.
    static func broken(in output: String, base: String) throws -> [String] {
        let files = try Gongshi.tree(output)
        var ids: [String: Set<String>] = [:]
        func idsOf(_ path: String) -> Set<String> {
            if let known = ids[path] { return known }
            let text = files[path].map { String(decoding: $0, as: UTF8.self) } ?? ""
            let found = Set(text.matches(of: #/\sid="([^"]+)"/#).map { String($0.output.1) })
            ids[path] = found
            return found
        }
        var problems: [String] = []
        // 404.html is served at any depth, so it links from the site's path on the server (`/xypj/…`).
        let basePath = URL(string: base)?.path ?? "/"
        let sitePath = basePath.hasSuffix("/") ? basePath : basePath + "/"
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let isHTML = path.hasSuffix(".html"), isXML = path.hasSuffix(".xml")
            guard isHTML || isXML else { continue }
            let text = String(decoding: data, as: UTF8.self)
            var targets = text.matches(of: #/\s(?:href|src)="([^"]*)"/#).map { String($0.output.1) }
            if isXML { targets += text.matches(of: #/<(?:loc|id)>([^<]*)</#).map { String($0.output.1) } }
            let folder = (path as NSString).deletingLastPathComponent
            for raw in targets {
                let target = raw.replacingOccurrences(of: "&amp;", with: "&")
                var local: String
                if target.hasPrefix(base) { local = String(target.dropFirst(base.count)) }
                else if target.contains(":") || target.hasPrefix("//") { continue }  // another scheme or site: not ours to check
                else if target.hasPrefix(sitePath) { local = String(target.dropFirst(sitePath.count)) }
                else if target.hasPrefix("/") { problems.append("\(path): \(target) (an absolute path leaves a site served under a base path)"); continue }
                else if isXML { continue }  // a feed's non-URL <id> (tag: URIs are skipped above)
                else { local = target.isEmpty ? (path as NSString).lastPathComponent : target; local = folder.isEmpty ? local : folder + "/" + local }
                var fragment: String?
                if let hash = local.firstIndex(of: "#") { fragment = String(local[local.index(after: hash)...]); local = String(local[..<hash]) }
                if let query = local.firstIndex(of: "?") { local = String(local[..<query]) }
                local = local.removingPercentEncoding ?? local
                // Resolve ./ and ../ as a browser does.
                var parts: [String] = [], leaves = false
                for part in local.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
                    if part == ".." { leaves = leaves || parts.popLast() == nil }
                    else if part != "." { parts.append(part) }
                }
                guard !leaves else { problems.append("\(path): \(raw) (leaves the site)"); continue }
                var resolved = parts.joined(separator: "/")
                if resolved.isEmpty || resolved.hasSuffix("/") { resolved += "index.html" }
                if fragment != nil && raw.hasPrefix("#") { resolved = path }
                guard files[resolved] != nil else { problems.append("\(path): \(raw) (no file \(resolved))"); continue }
                if let fragment, !fragment.isEmpty, resolved.hasSuffix(".html"), !idsOf(resolved).contains(fragment.removingPercentEncoding ?? fragment) {
                    problems.append("\(path): \(raw) (no id \"\(fragment)\" in \(resolved))")
                }
            }
        }
        return problems
    }
}

@Suite("No output links to a page the build does not make", .serialized)
struct LinkTests {
    static func build(_ site: String, asOf: String) throws -> String {
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let output = site + "/public-" + asOf
        let r = try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return output
    }

    @Test("The demo, on a day of each stage: every link of every page, feed and sitemap leads to a file it made", arguments: ["2026-03-06", "2026-11-29"])
    func demo(asOf: String) throws {
        let site = try FailureTests.demoSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let output = try Self.build(site, asOf: asOf)
        let broken = try LinkCheck.broken(in: output, base: "https://example.gov.cn/xypj/")
        #expect(broken.isEmpty, "\(broken.prefix(20))")
    }

    @Test("A site without authored pages links to none of them: no rules, no about, no how-to-object")
    func withoutAuthoredPages() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        try? FileManager.default.removeItem(atPath: site + "/pages")
        for asOf in ["2026-03-05", "2026-06-15"] {
            let output = try Self.build(site, asOf: asOf)
            let broken = try LinkCheck.broken(in: output, base: "https://example.gov.cn/xypj/")
            #expect(broken.isEmpty, "\(asOf): \(broken.prefix(20))")
            let list = try String(contentsOfFile: output + "/grades/2025/index.html", encoding: .utf8)
            #expect(!list.contains("rules/"))
        }
    }

    @Test("A new site from init builds with no broken link, before any data is filled in")
    func newSite() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-links-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Gongshi.run(["init", site]).status == 0)
        let output = try Self.build(site, asOf: "2026-12-01")
        let base = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
            .firstMatch(of: #/(?m)^base_url = "([^"]*)"/#).map { String($0.output.1) } ?? "https://invalid.example/"
        let broken = try LinkCheck.broken(in: output, base: base)
        #expect(broken.isEmpty, "\(broken.prefix(20))")
    }

    @Test("The checker finds what it should: a missing file, a missing id, a path out of the site")
    func checkerWorks() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-linkcheck-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        try FileManager.default.createDirectory(atPath: output + "/a", withIntermediateDirectories: true)
        try ##"<p id="x"><a href="../b/index.html">b</a> <a href="index.html#y">y</a> <a href="../../up.html">up</a> <a href="#x">x</a> <a href="https://other.example/">o</a></p>"##
            .write(toFile: output + "/a/index.html", atomically: true, encoding: .utf8)
        let broken = try LinkCheck.broken(in: output, base: "https://example.gov.cn/")
        #expect(broken.count == 3, "\(broken)")
        #expect(broken.contains { $0.contains("no file b/index.html") } && broken.contains { $0.contains("no id \"y\"") } && broken.contains { $0.contains("leaves the site") })
    }
}
