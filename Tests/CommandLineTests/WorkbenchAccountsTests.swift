import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Workbench accounts: roles on every route, sessions, the login's limits")
struct WorkbenchAccountsTests {
    static func siteWithAccounts() throws -> String {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        for role in ["clerk", "reviewer", "admin"] {
            let added = try Gongshi.run(["/bin/sh", "-c", "echo a-long-password-1 | \"$0\" user add \"$1\" --role \"$1\" --site \"$2\" --password-stdin",
                                         Gongshi.binary, role, site], viaShell: true)
            #expect(added.status == 0, "\(added.stderr)")
        }
        return site
    }

    @Test("Every route, without a session, with each role's session and with another session's token: only the roles allowed get through")
    func routesByRole() throws {
        let site = try Self.siteWithAccounts()
        let (process, log) = try Gongshi.launch(["workbench", "--site", site, "--port", "0"],
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8"], until: "http://")
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let base = try #require(log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression).map { String(log[$0]) }, "\(log)")
        let (status, text) = try ServeTests.runTool("workbench_accounts.py", [base])
        #expect(status == 0 && text.contains("accounts OK"), "\(text)")

        // Art. 19: each of those actions left an entry; the chain holds, and an edit or a removal is found by number.
        let verified = try Gongshi.run(["audit", "verify", "--site", site])
        #expect(verified.status == 0 && verified.stdout.contains("whole"), "\(verified.stdout)\(verified.stderr)")
        let export = try Gongshi.run(["audit", "export", "--site", site]).stdout
        #expect(export.contains(",clerk,127.0.0.1,login,") && export.contains(",anonymous,127.0.0.1,login-failed,admin,"), "\(export)")
        let copy = site + "/../tampered-\(UUID().uuidString).sqlite"
        for (sql, seq) in [("UPDATE audit SET detail = 'x' WHERE seq = 5", 5), ("DELETE FROM audit WHERE seq = 3", 4)] {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: site + "/accounts.sqlite", toPath: copy)
            #expect(try Gongshi.run(["/usr/bin/sqlite3", copy, sql], viaShell: true).status == 0)
            try? FileManager.default.removeItem(atPath: site + "/accounts.sqlite")
            try FileManager.default.copyItem(atPath: copy, toPath: site + "/accounts.sqlite")
            let broken = try Gongshi.run(["audit", "verify", "--site", site])
            #expect(broken.status == 1 && broken.stderr.contains("breaks at entry \(seq)"), "\(sql): \(broken.stderr)")
        }
    }

    @Test("二人审核: a rejected request publishes nothing; only a second person's approval publishes, exactly what was shown; a change voids an open request; bundles and the trail likewise")
    func twoPersonRule() throws {
        let site = try Self.siteWithAccounts()
        let scratch = site + "-approval"
        try FileManager.default.createDirectory(atPath: scratch + "/target", withIntermediateDirectories: true)
        let config = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try (config + "\n[publish]\nfolder = \"\(scratch)/target\"\n").write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        #expect(try Gongshi.run(["keygen", "-o", scratch + "/key"]).status == 0)
        try "2026-03-06\n".write(toFile: scratch + "/clock", atomically: true, encoding: .utf8)
        let (process, log) = try Gongshi.launch(["workbench", "--site", site, "--port", "0", "--clock-file", scratch + "/clock", "--tick-seconds", "1"],
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8", "GONGSHI_SECRET_KEY_FILE": scratch + "/key"],
                                                until: "http://")
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let base = try #require(log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression).map { String(log[$0]) }, "\(log)")
        let (status, text) = try ServeTests.runTool("workbench_approval.py", [base, site, scratch + "/target", scratch + "/clock", Gongshi.binary])
        #expect(status == 0 && text.contains("approval OK"), "\(text)")
        let verified = try Gongshi.run(["audit", "verify", "--site", site])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test("An intranet name is answered only when allowed; behind a local proxy the client's address is X-Forwarded-For's, anyone else's header is not believed")
    func namesAndProxies() throws {
        let site = try Self.siteWithAccounts()
        let (process, log) = try Gongshi.launch(["workbench", "--site", site, "--port", "0", "--allow-host", "xypj-gzt.bureau.test"],
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"], until: "http://")
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let base = try #require(log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression).map { String(log[$0]) }, "\(log)")
        func status(_ arguments: [String]) throws -> String {
            try Gongshi.run(["/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"] + arguments + [base + "login"], viaShell: true).stdout
        }
        #expect(try status(["-H", "Host: xypj-gzt.bureau.test"]) == "200")
        #expect(try status(["-H", "Host: elsewhere.example"]) == "421")
        // A failed login through the proxy is recorded with the client's address.
        let page = try Gongshi.run(["/usr/bin/curl", "-s", base + "login"], viaShell: true).stdout
        let token = try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.output.1) })
        _ = try status(["-H", "X-Forwarded-For: 192.0.2.1, 10.20.30.40", "--data", "csrf=\(token)&name=clerk&password=wrong-password-x"])
        let export = try Gongshi.run(["audit", "export", "--site", site]).stdout
        #expect(export.contains(",anonymous,10.20.30.40,login-failed,clerk,"), "\(export)")
    }

    @Test("The checker's list is every route the workbench registers, method and path")
    func everyRouteListed() throws {
        var registered: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: Gongshi.repository + "/Sources/Workbench") where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: Gongshi.repository + "/Sources/Workbench/" + file, encoding: .utf8)
            for match in text.matches(of: /router\.(get|post)\("([^"]+)"\)/) { registered.insert("\(match.output.1.uppercased()) \(match.output.2)") }
        }
        let checker = try String(contentsOfFile: Gongshi.repository + "/Tests/Tools/workbench_accounts.py", encoding: .utf8)
        let listed = Set(checker.matches(of: #/\("(GET|POST)", "([^"]+)", /#).map { "\($0.output.1) \($0.output.2)" })
        #expect(registered.count > 15)
        #expect(registered == listed, "only registered: \(registered.subtracting(listed).sorted()); only listed: \(listed.subtracting(registered).sorted())")
    }

    @Test("With accounts the workbench may listen beyond loopback; user passwd ends sessions, disable refuses the login")
    func networkAndAccounts() throws {
        let site = try Self.siteWithAccounts()
        let (process, log) = try Gongshi.launch(["workbench", "--site", site, "--port", "0", "--bind", "0.0.0.0"],
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"], until: "http://")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(log.contains("http://0.0.0.0:"), "\(log)")
        let list = try Gongshi.run(["user", "list", "--site", site])
        #expect(list.stdout.split(separator: "\n").count == 3 && list.stdout.contains("admin\tadministrator"), "\(list.stdout)")
        #expect(try Gongshi.run(["user", "disable", "clerk", "--site", site]).status == 0)
        #expect(try Gongshi.run(["user", "list", "--site", site]).stdout.contains("clerk\tclerk\t(disabled)"))
        let short = try Gongshi.run(["/bin/sh", "-c", "echo short | \"$0\" user passwd clerk --site \"$1\" --password-stdin", Gongshi.binary, site], viaShell: true)
        #expect(short.status == 1 && short.stderr.contains("at least 10"), "\(short.stderr)")
        let unknown = try Gongshi.run(["user", "disable", "nobody", "--site", site])
        #expect(unknown.status == 1 && unknown.stderr.contains("no account named nobody"))
        // The password is kept only as its Argon2id hash.
        let dump = try Gongshi.run(["/usr/bin/sqlite3", site + "/accounts.sqlite", "SELECT password_hash FROM users"], viaShell: true)
        #expect(dump.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("$argon2id$") } && !dump.stdout.contains("a-long-password-1"))
    }
}
