@testable import Store
import Foundation
import Testing
import Publishing
@testable import Model
#if canImport(Glibc)
import Glibc
#endif

/// A build or an import that is killed, that meets a full disk or an unwritable folder, never damages what
/// was published or what the registry holds.
@Suite("Failure: nothing wrong is published, nothing is lost", .serialized)
struct FailureTests {
    /// A copy of the demo site, imported.
    static func demoSite() throws -> String {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-fail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        for part in ["config.toml", "data", "pages", "notices"] {
            try FileManager.default.copyItem(atPath: Gongshi.repository + "/content/" + part, toPath: site + "/" + part)
        }
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        return site
    }

    static func spawn(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Gongshi.binary)
        process.arguments = arguments
        process.environment = ["GONGSHI_THEME": Gongshi.repository + "/site-templates", "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("Killed with SIGKILL at 24 random moments of a build, public/ stays exactly as the last good build left it")
    func killedBuilds() throws {
        let site = try Self.demoSite()
        let output = site + "/public"
        // Two dates with different output, so a half-switched tree could not pass for either.
        let dates = ["2026-03-06", "2026-11-29"]
        var reference: [String: [String: Data]] = [:]
        var duration = 0.0
        for date in dates {
            let started = Date()
            #expect(try Gongshi.run(["build", "--site", site, "--as-of", date, "--output", site + "/ref-" + date, "--quiet"]).status == 0)
            duration = max(duration, Date().timeIntervalSince(started))
            reference[date] = try Gongshi.tree(site + "/ref-" + date)
        }
        #expect(reference[dates[0]] != reference[dates[1]])
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", dates[0], "--output", output, "--quiet"]).status == 0)
        var lastGood = dates[0]
        // Deterministic, so a failing run can be repeated.
        var random = SyntheticSite.Random(state: 20_260_306)
        var killedMidway = 0, attempt = 0
        // Keep killing until 24 kills have landed during a build; a build that finished first shortens the
        // next delays (the machine may be busier than when the reference builds were timed).
        var estimate = duration
        while killedMidway < 24 && attempt < 80 {
            let date = dates[(attempt + 1) % 2]
            attempt += 1
            let process = try Self.spawn(["build", "--site", site, "--as-of", date, "--output", output, "--quiet"])
            usleep(useconds_t(Double(random.next() % 1000) / 1000 * estimate * 1_000_000))
            if process.isRunning { killedMidway += 1 } else { estimate *= 0.8 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try Gongshi.tree(output)
            if now == reference[lastGood] { continue }
            // The kill came after the switch: the new build was complete, and is now the last good one.
            #expect(now == reference[date], "after kill \(attempt) public/ is neither the last good build nor the new one")
            lastGood = date
        }
        #expect(killedMidway >= 20, "only \(killedMidway) kills landed during a build")
        // The next build succeeds and leaves no staging folder behind.
        // Its stderr is said when it fails: a rare failure here under load has been seen once, cause unknown.
        let next = try Gongshi.run(["build", "--site", site, "--as-of", dates[0], "--output", output, "--quiet"])
        #expect(next.status == 0, "after \(attempt) attempts: \(next.stderr)")
        #expect(try Gongshi.tree(output) == reference[dates[0]])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.hasPrefix(".public.") }
        // At most the spare (the build before); the stamp and the memo (what the last build was made from); the
        // lock file, which stays: it is the lock, whoever holds it (the kernel releases a killed build's).
        #expect(Set(leftovers).isSubset(of: [".public.spare", ".public.stamp", ".public.memo", ".public.lock"]), "\(leftovers)")
        #expect(FileManager.default.fileExists(atPath: site + "/.public.stamp"))
        // A spare made of an output no mark vouched for (a killed build removed the stamp) is marked so; the
        // build after it starts the spare again. Either way the next build is exactly the reference.
        let after = try Gongshi.run(["build", "--site", site, "--as-of", dates[1], "--output", output, "--quiet"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try Gongshi.tree(output) == reference[dates[1]])
        #expect(!FileManager.default.fileExists(atPath: site + "/.public.spare/.gongshi-incomplete"))
    }

    @Test("After a build killed while it wrote the spare, the next build neither takes its own unlinks for edits (E900) nor loses the output's mark")
    func markCutShort() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let output = site + "/public", spare = site + "/.public.spare"
        for date in ["2026-03-06", "2026-11-29"] {
            #expect(try Gongshi.run(["build", "--site", site, "--as-of", date, "--quiet"]).status == 0)
        }
        // As a build killed while it wrote the spare's mark leaves it: the marker of a killed build, a mark of no bytes.
        #expect(truncate(spare + "/.gongshi-output", 0) == 0)
        #expect(FileManager.default.createFile(atPath: spare + "/.gongshi-incomplete", contents: Data()))
        // Removing that spare drops the link count of every output file it shared (their ctime changes): read
        // before the output is, not between its read and the commit, or each looks edited during the build.
        let rebuilt = try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--quiet"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let mark = try String(contentsOfFile: output + "/.gongshi-output", encoding: .utf8)
        #expect(mark.hasPrefix("This folder is written by gongshi build"))
        // A later build killed after it took the stamp away: the mark alone vouches for the output.
        #expect(unlink(site + "/.public.stamp") == 0)
        let next = try Gongshi.run(["build", "--site", site, "--as-of", "2026-11-29", "--quiet"])
        #expect(next.status == 0, "\(next.stderr)")
    }

    @Test("A full disk (a file-size limit) ends in a clear error naming the file; the old output is intact")
    func fullDisk() throws {
        let site = try Self.demoSite()
        let output = site + "/public"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-06", "--output", output, "--quiet"]).status == 0)
        let before = try Gongshi.tree(output)
        let r = try Gongshi.run(["/bin/sh", "-c", "ulimit -f 64; exec \"$0\" build --site \"$1\" --as-of 2026-11-29 --output \"$2\" --quiet",
                                 Gongshi.binary, site, output], viaShell: true)
        #expect(r.status == 1)
        #expect(r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(r.stderr.contains("error[E900]"))
        #expect(try Gongshi.tree(output) == before)
        // Whatever the failed build had begun in the spare is marked, so the next build does not trust it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.hasPrefix(".public.") && ![".public.stamp", ".public.memo", ".public.lock"].contains($0) }
        #expect(leftovers.isEmpty || (leftovers == [".public.spare"] && FileManager.default.fileExists(atPath: site + "/.public.spare/.gongshi-incomplete")))
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-11-29", "--output", output, "--quiet"]).status == 0)
        #expect(try Gongshi.tree(output) != before)
    }

    @Test("An output folder that cannot be made ends in a clear error")
    func unwritableOutput() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        FileManager.default.createFile(atPath: site + "/blocker", contents: Data("a file, not a folder".utf8))
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", site + "/blocker/public"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E900]") && r.stderr.contains("blocker"))
    }

    @Test("An import killed midway leaves the registry as it was, and it opens again (WAL)")
    func killedImports() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let small = site + "/data-small", demo = Gongshi.repository + "/content/data"
        try FileManager.default.moveItem(atPath: site + "/data", toPath: small)
        try FileManager.default.copyItem(atPath: demo, toPath: site + "/data")
        try FileManager.default.moveItem(atPath: site + "/config.toml", toPath: site + "/config.toml.small")
        try FileManager.default.copyItem(atPath: Gongshi.repository + "/content/config.toml", toPath: site + "/config.toml")
        let started = Date()
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let duration = Date().timeIntervalSince(started)
        let demoCounts = try RegistryStore(path: site + "/registry.sqlite").counts().map(\.rows)
        // Now import the small site over it, killed at random moments: each time the registry holds either
        // all of the demo or all of the small site.
        // Each with its own config (the demo's indicator system of 2025 is not the fixture's).
        try FileManager.default.removeItem(atPath: site + "/data")
        try FileManager.default.copyItem(atPath: small, toPath: site + "/data")
        try FileManager.default.removeItem(atPath: site + "/config.toml")
        try FileManager.default.moveItem(atPath: site + "/config.toml.small", toPath: site + "/config.toml")
        var random = SyntheticSite.Random(state: 7)
        var states: Set<[Int]> = []
        for _ in 0..<10 {
            let process = try Self.spawn(["import", "--site", site, "--quiet"])
            usleep(useconds_t(Double(random.next() % 1000) / 1000 * duration * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let counts = try RegistryStore(path: site + "/registry.sqlite").counts().map(\.rows)
            states.insert(counts)
        }
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let smallCounts = try RegistryStore(path: site + "/registry.sqlite").counts().map(\.rows)
        #expect(states.isSubset(of: [demoCounts, smallCounts]), "a partial import was left: \(states)")
    }
}
