import Foundation
import Testing
@testable import Workbench
#if canImport(Glibc)
import Glibc
#endif

@Suite("gongshi workbench: the clerk's data, checked and accepted in a browser")
struct WorkbenchTests {
    @Test("Upload with a mistake → marked cell → fix accepted → preview → settings → published to a folder equal to build's → the schedule publishes the next change")
    func clerkFromUploadToSchedule() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let scratch = site + "/../workbench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let clock = scratch + "/clock", target = scratch + "/web"
        try "2026-03-06\n".write(toFile: clock, atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try (config + "\n[publish]\nfolder = \"\(target)\"\n").write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        let (process, log) = try Gongshi.launch(["workbench", "--site", site, "--port", "0", "--clock-file", clock, "--tick-seconds", "1",
                                                 "--upload-limit", "1"],
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8"], until: "http://")
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let base = try #require(log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression).map { String(log[$0]) }, "\(log)")
        let (status, text) = try ServeTests.runTool("workbench_check.py", [base, site, clock, target])
        #expect(status == 0, "\(text)")
        #expect(text.contains("workbench OK"))
        // What the schedule published is `gongshi build` of the same site and day, file for file.
        let build = try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-10", "--output", scratch + "/built", "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let published = try Gongshi.tree(URL(fileURLWithPath: target + "/current").resolvingSymlinksInPath().path), built = try Gongshi.tree(scratch + "/built")
        #expect(published.count > 100 && published == built, "\(Set(published.keys).symmetricDifference(built.keys).sorted().prefix(5))")
        #expect(String(decoding: built["agencies/91330203MA2H0A2C18/index.html"] ?? Data(), as: UTF8.self).contains("宁波乙测新"))
    }

    @Test("This version serves this machine only: any other address is refused before anything listens (E804)")
    func loopbackOnly() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        for bind in ["0.0.0.0", "192.168.1.10", "::"] {
            let result = try Gongshi.run(["workbench", "--site", site, "--bind", bind, "--port", "0"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("E804"), "\(bind): \(result.stderr)")
        }
    }

    @Test("A multipart body is read in one pass: fields, files with a Windows path, and refusals of what does not follow the boundary")
    func multipart() throws {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"C:\\\\Users\\\\clerk\\\\登记册.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\r\n--X\r\n--XyZ--\r\n".utf8)
        let form = try MultipartForm.parse(body, boundary: "XyZ").get()
        #expect(form.field("csrf") == "abc")
        #expect(form.files("files").map(\.filename) == ["登记册.xlsx"])
        #expect(form.files("files").first?.bytes == Array("PK\r\n--X".utf8))
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"XyZ\"") == "XyZ")
        #expect(MultipartForm.boundary(contentType: "text/plain; boundary=XyZ") == nil)
        #expect(MultipartForm.parse(Array("--XyZ\r\nno headers end".utf8), boundary: "XyZ") == .failure(.malformed))
        #expect(MultipartForm.parse(Array("garbage".utf8), boundary: "XyZ") == .failure(.malformed))
        // Headers that never end are searched no further than the bound.
        let long = Array(("--XyZ\r\n" + String(repeating: "a", count: 100_000)).utf8)
        #expect(MultipartForm.parse(long, boundary: "XyZ") == .failure(.malformed))
    }

    @Test("A data file's name is refused when import could not read it or it could reach outside data/")
    func names() {
        #expect(DataDesk.problem(withName: "登记册.xlsx") == nil)
        #expect(DataDesk.problem(withName: "agencies.CSV") == nil)
        for name in ["../config.toml", ".hidden.csv", "~$登记册.xlsx", "a/b.csv", "a\\b.csv", "notes.docx", "", "x\u{7}.csv"] {
            #expect(DataDesk.problem(withName: name) != nil, "\(name)")
        }
    }
}
