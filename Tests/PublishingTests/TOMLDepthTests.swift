import Foundation
import Testing
@testable import Publishing

/// No config or front matter crashes gongshi or takes it long: nesting is bounded with an error at its line and
/// column, and everything else is read in time linear in its length.
@Suite("TOML: bounded in depth, linear in length")
struct TOMLDepthTests {
    func failure(_ text: String) -> TOMLError? {
        if case .failure(let e) = TOMLParser.parse(text) { return e }
        return nil
    }

    @Test("Nesting deeper than the bound is an error at the first level too deep, never a crash",
          arguments: [("x = " + String(repeating: "{a = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000), 505),
                      ("x = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), 105),
                      ("x = [" + String(repeating: "{a = [", count: 5_000) + "]", 305)])
    func tooDeep(text: String, column: Int) throws {
        let e = try #require(failure(text))
        #expect(e.message.key == "toml.tooDeep" && e.line == 1 && e.column == column, "\(e)")
        #expect(e.diagnosticKey() == "E400.tooDeep")
    }

    @Test("A dotted key or a header of more parts than the bound is an error; so many parts cost no quadratic time")
    func longKeys() throws {
        let parts = (0..<40_000).map { "k\($0)" }
        for text in [parts.joined(separator: ".") + " = 1", "[" + parts.joined(separator: ".") + "]", "a = { " + parts.joined(separator: ".") + " = 1 }"] {
            let started = Date()
            let e = try #require(failure(text))
            #expect(e.message.key == "toml.tooDeep" && e.line == 1, "\(e)")
            #expect(Date().timeIntervalSince(started) < 2)
        }
    }

    @Test("Exactly at the bound is read; one level more is refused")
    func edge() {
        let bound = TOMLParser.maximumDepth
        #expect(failure("x = " + String(repeating: "[", count: bound) + String(repeating: "]", count: bound)) == nil)
        #expect(failure("x = " + String(repeating: "[", count: bound + 1) + String(repeating: "]", count: bound + 1))?.message.key == "toml.tooDeep")
        let key = (0..<bound).map { "k\($0)" }.joined(separator: ".")
        #expect(failure(key + " = 1") == nil)
        #expect(failure(key + ".one = 1")?.message.key == "toml.tooDeep")
    }

    @Test("A long line of many values or keys is read in linear time: its columns are counted only for an error")
    func longLines() throws {
        let keys: [String] = (0..<50_000).map { "k\($0) = 1" }
        let values = Array(repeating: "1", count: 200_000).joined(separator: ",")
        let texts: [String] = ["x = [" + values + "]", "x = {" + keys.joined(separator: ", ") + "}", keys.joined(separator: "\n")]
        for text in texts {
            let started = Date()
            guard case .success = TOMLParser.parse(text) else { Issue.record("not read"); continue }
            // Quadratic, any of these took over a minute.
            #expect(Date().timeIntervalSince(started) < 5)
        }
        // The column of an error late on a long line is still right.
        let e = try #require(failure("x = [" + Array(repeating: "1", count: 1000).joined(separator: ",") + ", nope]"))
        let expected = 5 + 2 * 1000 + 2  // "x = [" and 1,000 "1," before " nope"
        #expect(e.column == expected, "\(e)")
    }
}
