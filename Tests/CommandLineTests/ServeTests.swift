import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("gongshi serve: build, serve on 127.0.0.1, rebuild on change, reload the page")
struct ServeTests {
    @Test("Serves the site with live reload, rebuilds on change, and keeps the last good build on failure")
    func serve() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Gongshi.binary)
        process.arguments = ["serve", "--site", site, "--port", "0", "--as-of", "2026-07-01"]
        process.environment = ["GONGSHI_THEME": Gongshi.repository + "/site-templates", "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        var log = ""
        let deadline = Date().addingTimeInterval(60)
        while !log.contains("serving"), Date() < deadline {
            log += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        let base = try #require(log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression).map { String(log[$0]) }, "\(log)")
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", Gongshi.repository + "/Tests/Tools/serve_check.py", base, site]
        let checkOut = Pipe()
        check.standardOutput = checkOut
        check.standardError = checkOut
        try check.run()
        let text = String(decoding: checkOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(text)")
        #expect(text.contains("serve OK"))
        // The site's own registry and public/ were never written.
        #expect(!FileManager.default.fileExists(atPath: site + "/registry.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }
}
