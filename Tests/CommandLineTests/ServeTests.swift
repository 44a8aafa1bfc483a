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
        let (process, log) = try Gongshi.launch(
            ["serve", "--site", site, "--port", "0", "--as-of", "2026-07-01"],
            environment: ["GONGSHI_THEME": Gongshi.repository + "/site-templates", "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"], until: "serving")
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let base = try #require(log.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression).map { String(log[$0]) }, "\(log)")
        let (status, text) = try Self.runTool("serve_check.py", [base, site])
        #expect(status == 0, "\(text)")
        #expect(text.contains("serve OK"))
        // The site's own registry and public/ were never written.
        #expect(!FileManager.default.fileExists(atPath: site + "/registry.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    /// Starts `gongshi serve` with `arguments`, waits until it serves; the process, its log and its temporary folder.
    static func start(_ arguments: [String], site: String) throws -> (process: Process, log: String, temporary: String) {
        let temporary = NSTemporaryDirectory() + "serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let (process, log) = try Gongshi.launch(["serve", "--site", site, "--as-of", "2026-07-01"] + arguments,
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8", "TMPDIR": temporary], until: "serving")
        // What is said after the address (the network note) comes in the same write or just after.
        usleep(200_000)
        return (process, log, temporary)
    }

    static func checkSafety(host: String, port: String, output: String, mode: String) throws -> (status: Int32, text: String) {
        try runTool("serve_safety.py", [host, port, output, mode])
    }

    /// Runs a checker of Tests/Tools/ against the running preview: its exit status and everything it printed.
    static func runTool(_ script: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", Gongshi.repository + "/Tests/Tools/" + script] + arguments
        let checkOut = Pipe()
        check.standardOutput = checkOut
        check.standardError = checkOut
        try check.run()
        let text = String(decoding: checkOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        return (check.terminationStatus, text)
    }

    @Test("On 127.0.0.1 the preview serves only the build's regular files, bounds every request, and answers only to localhost")
    func safeOnLoopback() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let (process, log, temporary) = try Self.start(["--port", "0"], site: site)
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); try? FileManager.default.removeItem(atPath: temporary) }
        let port = try #require(log.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { String(log[$0].split(separator: ":")[1]) }, "\(log)")
        #expect(!log.contains("open to the network"))
        let output = temporary + "/gongshi-serve-\(process.processIdentifier)/public"
        let (status, text) = try Self.checkSafety(host: "127.0.0.1", port: port, output: output, mode: "loopback")
        #expect(status == 0, "\(text)")
        #expect(text.contains("serve safety OK"), "\(text)")
    }

    @Test("Under rebinding Hosts, 200 silent connections, 100 event streams, a page nested 10,000 deep and a crashed rebuild, the home page answers within 1 s with the last good build")
    func underStress() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let (process, log, temporary) = try Self.start(["--port", "0"], site: site)
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); try? FileManager.default.removeItem(atPath: temporary) }
        let port = try #require(log.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { String(log[$0].split(separator: ":")[1]) }, "\(log)")
        let (status, text) = try Self.runTool("serve_stress.py", ["127.0.0.1", port, "\(process.processIdentifier)", site])
        #expect(status == 0, "\(text)")
        #expect(text.contains("serve stress OK"), "\(text)")
        #expect(process.isRunning)
    }

    @Test("serve --bind 0.0.0.0 says it is open to the network, gives this machine's addresses, and is as strict about files")
    func bindToNetwork() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let (process, log, temporary) = try Self.start(["--bind", "0.0.0.0", "--port", "0"], site: site)
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); try? FileManager.default.removeItem(atPath: temporary) }
        let port = try #require(log.range(of: #":[0-9]+/"#, options: .regularExpression).map { String(log[$0].dropFirst().dropLast()) }, "\(log)")
        #expect(!log.contains("http://0.0.0.0"), "\(log)")
        let output = temporary + "/gongshi-serve-\(process.processIdentifier)/public"
        let (status, text) = try Self.checkSafety(host: "127.0.0.1", port: port, output: output, mode: "network")
        #expect(status == 0, "\(text)")
    }

    @Test("serve refuses a port outside 0–65535 and an address that is not one, with the fix")
    func badAddress() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let port = try Gongshi.run(["serve", "--site", site, "--port", "70000"])
        #expect(port.status == 2)
        #expect(port.stderr.contains("--port 70000: a port is 0 to 65535"), "\(port.stderr)")
        let address = try Gongshi.run(["serve", "--site", site, "--bind", "not an address", "--port", "0"])
        #expect(address.status == 1)
        #expect(address.stderr.contains("error[E905]"), "\(address.stderr)")
    }
}
