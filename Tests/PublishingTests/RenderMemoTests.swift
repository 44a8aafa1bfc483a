import Foundation
import Testing
@testable import Publishing

@Suite("The render memo: what each output was made from, read back exactly or not at all")
struct RenderMemoTests {
    let environment = [UInt8](repeating: 7, count: 32)

    func savedMemo() throws -> (output: String, bytes: [UInt8]) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-memo-\(UUID().uuidString)/public").path
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let writer = try OutputWriter(output: output)
        try writer.write("agencies/a/index.html", "<p>甲</p>")
        try writer.write("agencies/a/index.md", "甲")
        try writer.write("open-data/x.csv", "a,b\r\n")
        let memo = RenderMemo(environment: environment)
        memo.record("agencies/a/index.html", key: [UInt8](repeating: 1, count: 32), paths: ["agencies/a/index.html", "agencies/a/index.md"], from: writer)
        memo.record("open-data/x.csv", key: [UInt8](repeating: 2, count: 32), paths: ["open-data/x.csv"], from: writer)
        try writer.commit()
        memo.save(output: output)
        return (output, [UInt8](try Data(contentsOf: URL(fileURLWithPath: RenderMemo.path(output: output)))))
    }

    @Test("A saved memo reads back entry for entry, files with their hashes and sizes")
    func roundTrip() throws {
        let (_, bytes) = try savedMemo()
        let entries = try #require(RenderMemo.decode(bytes, environment: environment))
        #expect(entries.count == 2)
        let page = try #require(entries["agencies/a/index.html"])
        #expect(page.key == [UInt8](repeating: 1, count: 32))
        #expect(page.files.map(\.path) == ["agencies/a/index.html", "agencies/a/index.md"])
        #expect(page.files[0].size == "<p>甲</p>".utf8.count)
        #expect(page.files[0].sha256.count == 64)
    }

    @Test("The executable's identity names the shared libraries whose bytes go into the site")
    func libraryVersionsInIdentity() throws {
        // An apt upgrade of SQLite, zlib or cmark changes gongshi.sqlite's header, the workbooks or the HTML:
        // the stamp and the memo must not vouch for an output the new libraries would not make.
        let identity = CommandLine.executableIdentity
        for library in ["sqlite 3.", "zlib 1.", "cmark 0.", "sodium 1."] {
            #expect(identity.contains(library), "\(identity)")
        }
        #expect(identity.hasPrefix("build-id ") || identity.hasPrefix("sha256 "))
    }

    @Test("A memo of another executable, theme or key is not read")
    func otherEnvironment() throws {
        let (_, bytes) = try savedMemo()
        #expect(RenderMemo.decode(bytes, environment: [UInt8](repeating: 8, count: 32)) == nil)
    }

    @Test("Cut anywhere, or with any byte changed in its lengths, a memo is refused or read without a crash")
    func anyBytes() throws {
        let (_, bytes) = try savedMemo()
        for length in 0..<bytes.count {
            #expect(RenderMemo.decode(Array(bytes.prefix(length)), environment: environment) == nil)
        }
        for i in 0..<bytes.count {
            var damaged = bytes
            damaged[i] ^= 0xFF
            _ = RenderMemo.decode(damaged, environment: environment)
        }
        #expect(RenderMemo.decode(bytes + [0], environment: environment) == nil)
    }

    @Test("An entry is taken only when the output still holds its files with those hashes; otherwise nothing is recorded")
    func reuseNeedsTheFiles() throws {
        let (output, _) = try savedMemo()
        let memo = RenderMemo.load(output: output, environment: environment)
        let writer = try OutputWriter(output: output)
        let key = [UInt8](repeating: 1, count: 32)
        #expect(try memo.reuse("agencies/a/index.html", key: [UInt8](repeating: 9, count: 32),
                               paths: ["agencies/a/index.html", "agencies/a/index.md"], into: writer) == false)
        #expect(try memo.reuse("agencies/a/index.html", key: key, paths: ["agencies/a/index.html"], into: writer) == false)
        #expect(writer.files.isEmpty)
        #expect(try memo.reuse("agencies/a/index.html", key: key, paths: ["agencies/a/index.html", "agencies/a/index.md"], into: writer))
        #expect(writer.size(of: "agencies/a/index.md") == "甲".utf8.count)
    }

    @Test("A file changed in the output since the build is not taken: its bytes are no longer known")
    func changedFileIsNotTaken() throws {
        let (output, _) = try savedMemo()
        try "改".write(toFile: output + "/open-data/x.csv", atomically: false, encoding: .utf8)
        let memo = RenderMemo.load(output: output, environment: environment)
        let writer = try OutputWriter(output: output)
        #expect(try memo.reuse("open-data/x.csv", key: [UInt8](repeating: 2, count: 32), paths: ["open-data/x.csv"], into: writer) == false)
        #expect(try memo.reuse("agencies/a/index.html", key: [UInt8](repeating: 1, count: 32),
                               paths: ["agencies/a/index.html", "agencies/a/index.md"], into: writer))
    }
}
