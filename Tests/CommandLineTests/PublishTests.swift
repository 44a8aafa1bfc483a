import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `gongshi publish` to a real sshd on loopback, with throw-away keys: the release layout, only changed files
/// copied, and an rsync killed mid-way leaving the web server on the release it served.
@Suite("gongshi publish: to a folder or over rsync and SSH, the target old or new in full, never mixed", .serialized)
struct PublishTests {
    /// An sshd of the test's own on a free loopback port, and the config lines that reach it.
    final class SSHServer {
        let folder: String
        let port: Int

        init() throws {
            folder = NSTemporaryDirectory() + "sshd-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for key in ["host_key", "client_key"] {
                let made = try Gongshi.run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/" + key], viaShell: true)
                #expect(made.status == 0, "\(made.stderr)")
            }
            try FileManager.default.copyItem(atPath: folder + "/client_key.pub", toPath: folder + "/authorized_keys")
            port = Self.freePort()
            try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            AuthorizedKeysFile \(folder)/authorized_keys
            PidFile \(folder)/sshd.pid
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            """.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
            let hostKey = try String(contentsOfFile: folder + "/host_key.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: folder + "/known_hosts", atomically: true, encoding: .utf8)
            // Run as root, sshd wants its privilege separation folder.
            if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
            // Left to daemonize: sshd closes every inherited descriptor, which Foundation's Process takes for its
            // exit and then waits on for ever (stalling every other child); the daemon is stopped by its pid file.
            let started = try Gongshi.run(["/usr/sbin/sshd", "-f", folder + "/sshd_config", "-E", folder + "/sshd.log"], viaShell: true)
            #expect(started.status == 0, "\(started.stderr)")
            // Listening once a connection is accepted.
            let deadline = Date().addingTimeInterval(30)
            while !Self.accepts(port), Date() < deadline { usleep(50_000) }
        }

        deinit {
            if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
            try? FileManager.default.removeItem(atPath: folder)
        }

        func config(path: String) -> String {
            let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
            return "\n[publish]\nhost = \"127.0.0.1\"\nuser = \"\(user)\"\nport = \(port)\npath = \"\(path)\"\n"
                + "identity = \"\(folder)/client_key\"\nknown_hosts = \"\(folder)/known_hosts\"\n"
        }

        static func freePort() -> Int {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(s) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) } }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        static func accepts(_ port: Int) -> Bool {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(s) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
        }
    }

    /// An rsync that copies only the small files and is then killed, as a publish interrupted mid-way.
    static func killedRsync(in folder: String) throws -> String {
        let path = folder + "/killed-rsync.sh"
        try "#!/bin/sh\nrsync --max-size=2k \"$@\"\nkill -9 $$\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    static func site(publishing config: String) throws -> String {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let text = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try (text + config).write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        return site
    }

    static func served(_ target: String) throws -> [String: Data] {
        try Gongshi.tree(URL(fileURLWithPath: target + "/current").resolvingSymlinksInPath().path)
    }

    @Test("Over SSH: the release is build's output file for file; a killed rsync leaves the old release served and says so; the next publish completes")
    func overSSH() throws {
        let server = try SSHServer()
        let target = server.folder + "/www/xypj"
        let site = try Self.site(publishing: server.config(path: target))
        let first = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-03-06"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("first publication"), "\(first.stdout)")
        #expect(try Self.served(target) == Gongshi.tree(site + "/public"))
        let release = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/current")

        // Killed mid-way: exit 1, E806 naming the release still served, and exactly that release served.
        let before = try Self.served(target)
        let killed = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-04-20"],
                                     environment: ["LANG": "en_US.UTF-8", "GONGSHI_RSYNC": try Self.killedRsync(in: server.folder)])
        #expect(killed.status == 1)
        #expect(killed.stderr.contains("E806") && killed.stderr.contains("still serves release \(release.dropFirst("releases/".count))"), "\(killed.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/current") == release)
        #expect(try Self.served(target) == before)

        // The next publish removes the partial copy, copies only what changed, and switches.
        let second = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-04-20"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.served(target) == Gongshi.tree(site + "/public"))
        let releases = try FileManager.default.contentsOfDirectory(atPath: target + "/releases").sorted()
        #expect(releases.count == 2 && !releases.contains { $0.hasSuffix(".partial") }, "\(releases)")
        // Unchanged files are hard links to the release before: only the changed ones were copied.
        let new = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/current")
        var status = stat()
        #expect(stat(target + "/" + new + "/assets/style.css", &status) == 0 && status.st_nlink == 2)
        let again = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-04-20"])
        #expect(again.status == 0 && again.stdout.contains("already serves this release"), "\(again.stdout)")
    }

    @Test("To a folder: the same layout; a failed copy says the web server serves what it did, and nothing is half-switched")
    func toFolder() throws {
        let scratch = NSTemporaryDirectory() + "publish-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let target = scratch + "/web"
        let site = try Self.site(publishing: "\n[publish]\nfolder = \"\(target)\"\n")
        let killed = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-03-06"],
                                     environment: ["LANG": "en_US.UTF-8", "GONGSHI_RSYNC": try Self.killedRsync(in: scratch)])
        #expect(killed.status == 1 && killed.stderr.contains("Nothing has been published to the web server yet"), "\(killed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target + "/current"))
        let published = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-03-06"])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try Self.served(target) == Gongshi.tree(site + "/public"))
    }

    @Test("A folder to publish to inside the site or its output is refused before anything is built (E806)")
    func overlapping() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let text = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        for folder in [site + "/web", site + "/public/web", site] {
            try (text + "\n[publish]\nfolder = \"\(folder)\"\n").write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
            let run = try Gongshi.run(["publish", "--site", site, "--as-of", "2026-03-06"])
            #expect(run.status == 1 && run.stderr.contains("E806"), "\(folder): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: site + "/public"))
        }
    }

    @Test("[publish] is checked like every setting: one place, a full path, a host and a path that go to ssh and a shell as they are")
    func targetChecked() throws {
        for (lines, code) in [("folder = \"relative/web\"", "E400"), ("folder = \"/a\"\nhost = \"h\"\npath = \"/b\"", "E400"),
                              ("host = \"-oProxyCommand=x\"\npath = \"/b\"", "E400"), ("host = \"web\"", "E400"),
                              ("host = \"web\"\npath = \"/var/www/$(reboot)\"", "E400"), ("host = \"web\"\npath = \"/b\"\nport = 0", "E400"),
                              ("flder = \"/a\"", "E401")] {
            let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
            let text = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
            try (text + "\n[publish]\n" + lines + "\n").write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
            let check = try Gongshi.run(["check", "--site", site])
            #expect(check.status == 1 && check.stderr.contains(code), "\(lines): \(check.stderr)")
        }
    }
}
