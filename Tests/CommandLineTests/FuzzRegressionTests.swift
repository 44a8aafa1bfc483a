import Foundation
import Testing

/// Every crash `make fuzz` found is kept as Tests/Fixtures/fuzz-crash-*.bin and replayed here.
@Suite("Crashes found by make fuzz stay fixed")
struct FuzzRegressionTests {
    @Test("The fuzz target's replayer runs every saved crash input to the end")
    func replay() throws {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Gongshi.repository + "/Tests/Fixtures")
            .filter { $0.hasPrefix("fuzz-crash-") }.sorted().map { Gongshi.repository + "/Tests/Fixtures/" + $0 }
        #expect(!fixtures.isEmpty)
        let replayer = (Gongshi.binary as NSString).deletingLastPathComponent + "/gongshi-fuzz"
        let r = try Gongshi.run([replayer] + fixtures, viaShell: true)
        #expect(r.status == 0, "\(r.stderr.prefix(2000))")
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == fixtures.count)
    }
}
