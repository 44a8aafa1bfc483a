import Foundation
@testable import Import
@testable import Store
import Testing
@testable import Model

/// Art. 18 at national scale: report-numbers.csv is read a piece at a time and staged in SQLite, and must say
/// exactly what reading it whole says.
@Suite("Art. 18: report numbers read in pieces and staged say what the whole file says")
struct ReportNumberPiecesTests {
    static let header = "报告编号,验证码,统一社会信用代码,出具日期,报告类型\n"
    static let agencies = [UInt8](FileManager.default.contents(atPath: Fixtures.data("small-site") + "/agencies.csv")!)

    /// A valid code that agencies.csv does not hold: the check character worked out, not typed.
    static let stranger: String = {
        let stem = "91330212MA2H0A9X9"
        return "0123456789ABCDEFGHJKLMNPQRTUWXY".map { stem + String($0) }.first { UnifiedSocialCreditCode.validate($0).isSuccess }!
    }()

    /// Line 4 repeats line 2's number (spaces and lower case do not make it another), line 6 line 2's code;
    /// line 7 names an agency nobody filed; line 8 has no such date. Line 4's record runs over two lines.
    static let rows = """
    NB-2025-001,A7C9918F918AC924,91330212MA2H0A1B0F,2025-01-10,监测报告
    NB-2025-002,"61C6E25C38E886F6",91330203MA2H0A2C18,2025-02-11,"运维,报告"
    "nb-2025-001 ",B1C2D3E4F5A6B7C8,91330212MA2H0A1B0F,2025-03-01,"监测
    报告"
    NB-2025-003,a7c9918f918ac924,91330212MA2H0A1B0F,2025-03-02,监测报告
    NB-2025-004,C0FFEE12345678AB,\(stranger),2025-03-03,监测报告
    NB-2025-005,D00DFEED98765432,91330212MA2H0A1B0F,2025-13-01,监测报告
    NB-2025-006,E1E2E3E4E5E6E7E8,91330203MA2H0A2C18,2025-04-01,监测报告

    """

    static func outcome(_ numbers: [UInt8], pieceSize: Int) -> CSVImporter.Outcome {
        CSVImporter(rules: .ningbo, pieceSize: pieceSize).importFiles(["agencies.csv": agencies, "report-numbers.csv": numbers])
    }

    static func messages(_ outcome: CSVImporter.Outcome) -> [String] {
        outcome.diagnostics.sorted().map { "\($0.code) \($0.description)" }
    }

    @Test("Duplicates are found by the database, at the later row, naming the first; a piece of 16 bytes changes nothing",
          arguments: ["\n", "\r\n"])
    func duplicatesAndPieces(_ lineEnd: String) throws {
        let text = (Self.header + Self.rows).replacingOccurrences(of: "\n", with: lineEnd)
        let whole = Self.outcome(Array(text.utf8), pieceSize: 1 << 20)
        let pieces = Self.outcome(Array(text.utf8), pieceSize: 16)
        let found = whole.diagnostics.filter { $0.location.file.hasSuffix("report-numbers.csv") }
        #expect(found.filter { $0.code == "E119" }.map(\.location.line) == [4])
        #expect(found.first { $0.code == "E119" }?.description.contains("first at data/report-numbers.csv:2;") == true, "\(found.map(\.description))")
        #expect(found.filter { $0.code == "E107" }.map(\.location.line) == [6])
        #expect(found.filter { $0.code == "E111" }.map(\.location.line) == [7])
        #expect(found.contains { $0.location.line == 8 && $0.location.field == "出具日期" })
        #expect(Self.messages(pieces) == Self.messages(whole))
        // Rows with no problem of their own are staged, the duplicates too (the database finds them there).
        #expect(whole.reportNumbers?.count == 6)
        #expect(pieces.reportNumbers?.count == 6)
        #expect(whole.data.internalOnly.reportNumbers.isEmpty, "staged numbers are not also held in memory")
        #expect(whole.filesRead.first { $0.dataFile == "report-numbers.csv" }?.records == pieces.filesRead.first { $0.dataFile == "report-numbers.csv" }?.records)
    }

    @Test("E002: UTF-8 in the first piece and GB18030 in a later one is the same refusal, at the same lines, as in one file")
    func mixedEncodingAcrossPieces() throws {
        var bytes = Array(Self.header.utf8)
        for n in 1...40 { bytes += Array("NB-7-\(n),F\(n)A2B3C4D5E6F7A8B,91330212MA2H0A1B0F,2025-01-10,监测报告\n".utf8) }
        // 监测报告 in GB18030 on line 42.
        bytes += Array("NB-7-99,F99A2B3C4D5E6F7A8B,91330212MA2H0A1B0F,2025-01-10,".utf8) + [0xBC, 0xE0, 0xB2, 0xE2, 0xB1, 0xA8, 0xB8, 0xE6, 0x0A]
        let whole = Self.messages(Self.outcome(bytes, pieceSize: 1 << 20)).filter { $0.hasPrefix("E002") }
        #expect(whole.count == 1)
        #expect(Self.messages(Self.outcome(bytes, pieceSize: 200)).filter { $0.hasPrefix("E002") } == whole)
    }

    @Test("A file in GB18030 throughout reads the same in pieces, and says so")
    func gb18030Pieces() throws {
        var bytes = Array(Self.header.utf8)
        bytes = [UInt8](String(decoding: bytes, as: UTF8.self).data(using: .init(rawValue: 0x80000632))!)
        for n in 1...40 {
            bytes += Array("NB-8-\(n),F\(n)A2B3C4D5E6F7A8B,91330212MA2H0A1B0F,2025-01-10,".utf8) + [0xBC, 0xE0, 0xB2, 0xE2, 0xB1, 0xA8, 0xB8, 0xE6, 0x0A]
        }
        let whole = Self.outcome(bytes, pieceSize: 1 << 20), pieces = Self.outcome(bytes, pieceSize: 100)
        #expect(Self.messages(pieces) == Self.messages(whole))
        #expect(pieces.reportNumbers?.count == 40)
        #expect(pieces.filesRead.first { $0.dataFile == "report-numbers.csv" }?.encoding == .gb18030)
    }

    @Test("The staged numbers reach the registry by SQLite's own copy, with their lines and public digests")
    func stagedIntoRegistry() throws {
        let text = Self.header + "NB-2025-001,A7C9918F918AC924,91330212MA2H0A1B0F,2025-01-10,监测报告\nNB-2025-002,61C6E25C38E886F6,91330203MA2H0A2C18,2025-02-11,运维报告\n"
        let outcome = Self.outcome(Array(text.utf8), pieceSize: 40)
        let folder = NSTemporaryDirectory() + "gongshi-stage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try RegistryStore(path: folder + "/registry.sqlite")
        try store.replaceAll(with: outcome.data, reportNumbers: outcome.reportNumbers)
        let published = try store.loadPublic().reportNumbers
        #expect(published.map(\.digest) == [ReportNumber.digest(number: "NB-2025-001", code: "A7C9918F918AC924"),
                                            ReportNumber.digest(number: "NB-2025-002", code: "61C6E25C38E886F6")])
        #expect(published.map(\.origin.line) == [2, 3])
        let stagePath = try #require(outcome.reportNumbers?.path)
        #expect(FileManager.default.fileExists(atPath: stagePath))
    }
}

@Suite("Art. 18: a report-number file larger than a piece is read from disk a block at a time")
struct ReportNumbersOnDiskTests {
    @Test("The same messages and rows as the whole file in memory, and the recorded SHA-256 is of every byte read")
    func fromDisk() throws {
        let folder = NSTemporaryDirectory() + "gongshi-pieces-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let numbers = Array((ReportNumberPiecesTests.header + ReportNumberPiecesTests.rows).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        try Data(ReportNumberPiecesTests.agencies).write(to: URL(fileURLWithPath: folder + "/agencies.csv"))
        try Data(numbers).write(to: URL(fileURLWithPath: folder + "/report-numbers.csv"))
        let disk = CSVImporter(rules: .ningbo, pieceSize: 24).importDirectory(folder)
        let memory = ReportNumberPiecesTests.outcome(numbers, pieceSize: 1 << 20)
        #expect(ReportNumberPiecesTests.messages(disk) == ReportNumberPiecesTests.messages(memory))
        #expect(disk.reportNumbers?.count == 6)
        #expect(disk.sources.first { $0.file == "report-numbers.csv" } == ImportSource(file: "report-numbers.csv", contents: numbers))
        #expect(disk.sources.map(\.file) == ["agencies.csv", "report-numbers.csv"])
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
