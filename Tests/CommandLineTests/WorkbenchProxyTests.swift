import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The README's setup for the intranet: the workbench on loopback, nginx in front with TLS — run here with the very
/// file the README shows (`packaging/nginx/gongshi-workbench.conf`), its names, ports and certificate replaced by a
/// self-signed certificate's on loopback.
@Suite("The workbench behind nginx with TLS, as the README sets it up", .serialized)
struct WorkbenchProxyTests {
    static let name = "xypj-gzt.bureau.test"

    @Test("Behind nginx with TLS: plain HTTP is sent to HTTPS; the login's cookie is Secure; the proxied origin's forms are accepted, another origin's refused; the trail has the browser's address")
    func behindNginx() throws {
        let site = try WorkbenchAccountsTests.siteWithAccounts()
        let scratch = site + "-nginx"
        try FileManager.default.createDirectory(atPath: scratch + "/logs", withIntermediateDirectories: true)
        let certificate = try Gongshi.run(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                           "-keyout", scratch + "/key.pem", "-out", scratch + "/cert.pem", "-subj", "/CN=\(Self.name)",
                                           "-addext", "subjectAltName=DNS:\(Self.name)"], viaShell: true)
        #expect(certificate.status == 0, "\(certificate.stderr)")

        let (process, log) = try Gongshi.launch(["workbench", "--site", site, "--port", "0", "--allow-host", Self.name],
                                                environment: ["PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"], until: "http://")
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let upstream = try #require(log.firstMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+/).map { String($0.output) }, "\(log)")

        let http = PublishTests.SSHServer.freePort(), https = PublishTests.SSHServer.freePort()
        var server = try String(contentsOfFile: Gongshi.repository + "/packaging/nginx/gongshi-workbench.conf", encoding: .utf8)
        for (from, to) in [("xypj-gzt.bureau.local", Self.name), ("listen 80;", "listen 127.0.0.1:\(http);"),
                           ("listen 443 ssl;", "listen 127.0.0.1:\(https) ssl;"), ("http://127.0.0.1:8080", upstream),
                           ("/etc/ssl/certs/xypj-gzt.pem", scratch + "/cert.pem"), ("/etc/ssl/private/xypj-gzt.key", scratch + "/key.pem")] {
            #expect(server.contains(from), "the README's nginx file has \(from)")
            server = server.replacingOccurrences(of: from, with: to)
        }
        // What /etc/nginx/nginx.conf gives a site on Debian, in the test's own folder; daemonized and stopped by its pid
        // file (a child that closes inherited descriptors stalls Foundation's Process).
        let user = getuid() == 0 ? "user root root;\n" : ""
        try """
        \(user)worker_processes 1;
        pid \(scratch)/nginx.pid;
        error_log \(scratch)/logs/error.log;
        events { worker_connections 64; }
        http {
            access_log \(scratch)/logs/access.log;
            client_body_temp_path \(scratch)/client_body;
            proxy_temp_path \(scratch)/proxy;
            fastcgi_temp_path \(scratch)/fastcgi;
            uwsgi_temp_path \(scratch)/uwsgi;
            scgi_temp_path \(scratch)/scgi;
        \(server)
        }
        """.write(toFile: scratch + "/nginx.conf", atomically: true, encoding: .utf8)
        // Started through Python, whose child gets no descriptor of ours but the log (Foundation's pipes are inherited
        // by every child, and a daemon holding them would keep Gongshi.run reading for ever).
        let started = try Gongshi.run(["/usr/bin/python3", "-c", """
            import subprocess, sys
            log = open(sys.argv[1] + "/logs/start.log", "w")
            code = subprocess.call(["/usr/sbin/nginx", "-p", sys.argv[1], "-c", sys.argv[1] + "/nginx.conf"],
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True)
            sys.exit(code)
            """, scratch], viaShell: true)
        #expect(started.status == 0, "\(started.stderr)")
        defer {
            if let text = try? String(contentsOfFile: scratch + "/nginx.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
        }
        let deadline = Date().addingTimeInterval(30)
        while !PublishTests.SSHServer.accepts(https), Date() < deadline { usleep(50_000) }

        let origin = "https://\(Self.name):\(https)"
        func curl(_ arguments: [String]) throws -> Gongshi.Result {
            try Gongshi.run(["/usr/bin/curl", "-sS", "--cacert", scratch + "/cert.pem", "--resolve", "\(Self.name):\(https):127.0.0.1",
                             "--resolve", "\(Self.name):\(http):127.0.0.1", "--interface", "127.0.0.2", "-H", "X-Forwarded-For: 10.9.8.7"] + arguments,
                             viaShell: true)
        }
        // Plain HTTP only says where HTTPS is (on its usual port).
        let plain = try curl(["-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "http://\(Self.name):\(http)/login"])
        #expect(plain.stdout == "301 https://\(Self.name)/login", "\(plain.stdout)\(plain.stderr)")
        // Over TLS (the certificate checked against its name), the login page and its form token.
        let page = try curl([origin + "/login"])
        let token = try #require(page.stdout.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.output.1) }, "\(page.stdout)\(page.stderr)")
        // The browser's own origin logs in; the session cookie is Secure.
        let login = try curl(["-D", "-", "-o", "/dev/null", "-H", "Origin: \(origin)", "--data", "csrf=\(token)&name=clerk&password=a-long-password-1&next=/",
                              origin + "/login"])
        #expect(login.stdout.contains("303"), "\(login.stdout)\(login.stderr)")
        let cookie = try #require(login.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") }.map(String.init), "\(login.stdout)")
        #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        // Another origin's form is refused, and so is the plain-HTTP origin of the same name.
        for other in ["https://elsewhere.example", "http://\(Self.name):\(https)"] {
            let refused = try curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Origin: \(other)", "--data", "csrf=\(token)&name=clerk&password=x",
                                    origin + "/login"])
            #expect(refused.stdout == "403", "\(other): \(refused.stdout)")
        }
        // The trail has the browser's address as nginx saw it (127.0.0.2, the last X-Forwarded-For entry), never the
        // address the browser claimed for itself before it.
        let export = try Gongshi.run(["audit", "export", "--site", site]).stdout
        #expect(export.contains(",clerk,127.0.0.2,login,") && !export.contains("10.9.8.7"), "\(export)")
    }
}
