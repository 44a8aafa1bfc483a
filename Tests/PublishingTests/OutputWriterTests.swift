import Foundation
import GRDB
@testable import Store
import Testing
@testable import Publishing
@testable import Evaluation
@testable import Model

@Suite("Output: switched into place in one step, only what changed written, never outside the folder")
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
        #expect(!FileManager.default.fileExists(atPath: output + "/old"))
        let parent = (output as NSString).deletingLastPathComponent
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: parent)) == ["public", ".public.spare", ".public.stamp", ".public.lock"])
        // The spare is the build before, as it was.
        #expect(read(parent + "/.public.spare/index.html") == "一" && read(parent + "/.public.spare/old/page.html") == "旧")
    }

    func inode(_ path: String) throws -> UInt64 {
        try (FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as! NSNumber).uint64Value
    }

    func build(_ output: String, _ files: [String: String]) throws -> OutputWriter.Outcome {
        let writer = try OutputWriter(output: output)
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try writer.write(path, text) }
        return try writer.commit()
    }

    @Test("A build that changes nothing writes nothing: every file keeps its inode")
    func unchangedWritesNothing() throws {
        let output = temporaryOutput()
        let files = ["index.html": "首页", "agencies/a/index.html": "甲", "agencies/b/index.html": "乙"]
        _ = try build(output, files)
        _ = try build(output, files.merging(["index.html": "首页2"]) { _, new in new })
        let inodes = try files.keys.map { try inode(output + "/" + $0) }
        #expect(try build(output, files.merging(["index.html": "首页2"]) { _, new in new }) == .unchanged)
        #expect(try files.keys.map { try inode(output + "/" + $0) } == inodes)
    }

    @Test("A one-file change writes that file and the manifest; the others are shared with the build before")
    func oneChangeWritesOne() throws {
        let output = temporaryOutput()
        let parent = (output as NSString).deletingLastPathComponent
        var files = ["index.html": "首页", "agencies/a/index.html": "甲", "agencies/b/index.html": "乙", "gone/x.html": "去"]
        _ = try build(output, files)
        let before = try inode(output + "/agencies/b/index.html")
        files["agencies/a/index.html"] = "甲改"
        files["gone/x.html"] = nil
        let outcome = try build(output, files)
        #expect(outcome == .replaced(written: 2, linked: 2, removed: 0))
        #expect(read(output + "/agencies/a/index.html") == "甲改" && read(parent + "/.public.spare/agencies/a/index.html") == "甲")
        #expect(try inode(output + "/agencies/b/index.html") == before)
        #expect(!FileManager.default.fileExists(atPath: output + "/gone"))
        // Next: the spare (two builds back) is brought up to date with links and one removal.
        files["index.html"] = "首页改"
        #expect(try build(output, files) == .replaced(written: 2, linked: 1, removed: 1))
        let tree = FileManager.default.enumerator(atPath: output)!.allObjects.map { $0 as! String }
            .filter { !$0.hasSuffix("SHA256SUMS") && !$0.hasPrefix(".") && FileManager.default.contents(atPath: output + "/" + $0) != nil }
        #expect(Dictionary(uniqueKeysWithValues: tree.map { ($0, read(output + "/" + $0)!) }) == files)
        #expect(!FileManager.default.fileExists(atPath: parent + "/.public.spare/gone/x.html"))
    }

    @Test("A spare left incomplete by a killed build is not trusted: the next build starts it again")
    func incompleteSpare() throws {
        let output = temporaryOutput()
        let parent = (output as NSString).deletingLastPathComponent
        _ = try build(output, ["a.html": "一", "b.html": "二"])
        _ = try build(output, ["a.html": "三", "b.html": "二"])
        // As if a build had been killed while changing the spare: its manifest no longer tells the truth.
        // (Like gongshi, replace the file rather than write into it: it shares its inode with the output.)
        try FileManager.default.removeItem(atPath: parent + "/.public.spare/b.html")
        try "坏".write(toFile: parent + "/.public.spare/b.html", atomically: false, encoding: .utf8)
        FileManager.default.createFile(atPath: parent + "/.public.spare/.gongshi-incomplete", contents: Data())
        _ = try build(output, ["a.html": "四", "b.html": "二"])
        #expect(read(output + "/a.html") == "四" && read(output + "/b.html") == "二")
        #expect(!FileManager.default.fileExists(atPath: output + "/.gongshi-incomplete"))
    }

    @Test("A build that is never committed leaves the previous output exactly as it was")
    func abandonKeepsOld() throws {
        let output = temporaryOutput()
        let first = try OutputWriter(output: output)
        try first.write("index.html", "好")
        try first.commit()
        let second = try OutputWriter(output: output)
        try second.write("index.html", "坏")
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
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: parent)) == ["public", ".public.stamp", ".public.lock"])
        #expect(FileManager.default.fileExists(atPath: output + "/SHA256SUMS"))
    }

    @Test("Paths that would leave the output folder are refused", arguments: ["../x", "/etc/passwd", "a/../../b", "a//b", "a/\u{0}b", "", "./a"])
    func unsafePaths(path: String) throws {
        let writer = try OutputWriter(output: temporaryOutput())
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
        let bytes = try PublicDatabase.bytes(publication, registry: PublicRegistry())
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/p.sqlite"))
        let queue = try DatabaseQueue(path: dir + "/p.sqlite")
        for table in PublicDatabase.registryTables {
            let columns = try queue.read { db in try db.columns(in: table).map(\.name) }
            let allowed = Set(RegistrySchema.table(table).publicColumns)
            #expect(!columns.isEmpty && Set(columns).isSubset(of: allowed), "\(table): \(Set(columns).subtracting(allowed))")
        }
        #expect(try PublicDatabase.bytes(publication, registry: PublicRegistry()) == bytes)  // same inputs, same bytes
    }
}
