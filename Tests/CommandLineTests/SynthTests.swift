import Foundation
import Testing

/// `gongshi synth`: the synthetic registry the benchmarks build is valid and reproducible.
@Suite("Synthetic registry")
struct SynthTests {
    /// Synthesizes into a fresh folder, hands it to `body`, and removes it (2,000 built agencies are 80 MB).
    static func withSynth<T>(_ arguments: [String], _ body: (_ folder: String, _ files: [String: Data]) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-synth-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Gongshi.run(["synth", "-o", folder] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try body(folder, try Gongshi.tree(folder))
    }

    @Test("The same arguments write the same bytes; another seed writes other data")
    func deterministic() throws {
        let a = try Self.withSynth(["--agencies", "300", "--years", "3", "--seed", "7", "--report-numbers", "500"]) { $1 }
        let b = try Self.withSynth(["--agencies", "300", "--years", "3", "--seed", "7", "--report-numbers", "500"]) { $1 }
        let c = try Self.withSynth(["--agencies", "300", "--years", "3", "--seed", "8", "--report-numbers", "500"]) { $1 }
        #expect(a == b)
        #expect(a["data/evaluations.csv"] != c["data/evaluations.csv"])
        #expect(a.keys.contains("data/report-numbers.csv"))
    }

    @Test("A synthetic registry passes check, imports and builds, with grades, E events and bad records")
    func valid() throws {
        try Self.withSynth(["--agencies", "2000", "--years", "5", "--seed", "3", "--report-numbers", "2000"]) { site, _ in
        let check = try Gongshi.run(["check", "--site", site])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let built = try Gongshi.run(["build", "--site", site, "--as-of", "2026-06-01", "--quiet"])
        #expect(built.status == 0, "\(built.stderr)")
        let grades = try String(contentsOfFile: site + "/public/open-data/grades-2025.csv", encoding: .utf8)
        for letter in ["A", "B", "C", "D", "E"] { #expect(grades.contains(",\(letter),"), "no \(letter) grade in 2025") }
        #expect(FileManager.default.fileExists(atPath: site + "/public/bad-records/index.html"))
        #expect(try Gongshi.run(["synth", "--agencies", "0", "-o", site + "/x"]).status == 2)
        }
    }
}
