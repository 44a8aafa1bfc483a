import Foundation
import Testing
@testable import Publishing
@testable import Evaluation
@testable import Registry
import GRDB

@Suite("Output: staged, switched into place in one step, never outside the folder")
struct OutputWriterTests {
    func temporaryOutput() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-out-\(UUID().uuidString)/public").path
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test("A committed build replaces the whole output; files of the old build do not linger")
    func commitReplaces() throws {
        let output = temporaryOutput()
        let first = try OutputWriter(output: output)
        try first.write("index.html", "一")
        try first.write("old/page.html", "旧")
        try first.commit()
        let second = try OutputWriter(output: output)
        try second.write("index.html", "二")
        try second.commit()
        #expect(read(output + "/index.html") == "二")
        #expect(!FileManager.default.fileExists(atPath: output + "/old/page.html"))
        let parent = (output as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["public"])
    }

    @Test("An abandoned build leaves the previous output exactly as it was")
    func abandonKeepsOld() throws {
        let output = temporaryOutput()
        let first = try OutputWriter(output: output)
        try first.write("index.html", "好")
        try first.commit()
        let second = try OutputWriter(output: output)
        try second.write("index.html", "坏")
        second.abandon()
        #expect(read(output + "/index.html") == "好")
    }

    @Test("A staging folder left by a killed build is cleaned up by the next one")
    func leftovers() throws {
        let output = temporaryOutput()
        let parent = (output as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent + "/.public.staging-99999/x", withIntermediateDirectories: true)
        let writer = try OutputWriter(output: output)
        try writer.write("a.txt", "a")
        try writer.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["public"])
    }

    @Test("Paths that would leave the output folder are refused", arguments: ["../x", "/etc/passwd", "a/../../b", "a//b", "a/\u{0}b", "", "./a"])
    func unsafePaths(path: String) throws {
        let writer = try OutputWriter(output: temporaryOutput())
        defer { writer.abandon() }
        #expect(throws: OutputWriter.Failure.self) { try writer.write(path, "x") }
    }
}

@Suite("The public database holds public columns only")
struct PublicDatabaseTests {
    @Test("Every column of gongshi.sqlite's registry tables is a column RegistrySchema declares public")
    func onlyPublicColumns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-db-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let publication = Evaluator(grading: .default, disclosure: .default).evaluate(PublicRegistry(), asOf: CivilDate(iso: "2026-01-01")!)
        let bytes = try PublicDatabase.bytes(publication, registry: PublicRegistry(), scratch: dir)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/p.sqlite"))
        let queue = try DatabaseQueue(path: dir + "/p.sqlite")
        for table in PublicDatabase.registryTables {
            let columns = try queue.read { db in try db.columns(in: table).map(\.name) }
            let allowed = Set(RegistrySchema.table(table).publicColumns)
            #expect(!columns.isEmpty && Set(columns).isSubset(of: allowed), "\(table): \(Set(columns).subtracting(allowed))")
        }
        #expect(try PublicDatabase.bytes(publication, registry: PublicRegistry(), scratch: dir) == bytes)  // same inputs, same bytes
    }
}
