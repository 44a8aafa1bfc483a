import CSupport
import Evaluation
import Foundation
import Import
import Model
import Publishing

/// One fuzz input for the importer: the first byte picks the data file it stands for, the rest are that file's bytes.
/// Everything the importer does with a clerk's file runs on it — decoding, CSV parsing, header checks,
/// typed fields, cross-record rules, grade verification. Finding problems is expected; crashing is the bug.
enum FuzzTarget {
    /// A valid agencies file, so that other files' references and ranking rules are exercised too.
    static let agencies = Array("""
    统一社会信用代码,机构名称,所在区县,地址,法人性质,法定代表人,服务类别
    91330212MA2H0A1B0F,甲,鄞州区,地址,企业法人,张,一
    91330203MA2H0A2C18,乙,海曙区,地址,企业法人,李,二、三

    """.utf8)

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let format = CSVFormat.all[Int(first) % CSVFormat.all.count]
        let body = Array(bytes.dropFirst())
        var files = [format.file: body]
        if format.file != CSVFormat.agencies.file { files[CSVFormat.agencies.file] = agencies }
        for encoding in [nil, TextEncoding.gb18030] {
            let outcome = CSVImporter(rules: .ningbo, encoding: encoding).importFiles(files)
            _ = RegistryChecks.check(outcome.data, rules: .ningbo, alsoKnown: outcome.rejectedAgencies, agencyListComplete: outcome.agencyListComplete)
            for policy in [GradingPolicy.default, GradingPolicy(rule: .given, ties: .worse)] {
                _ = GradeVerification.check(outcome.data.published.evaluations, policy: policy)
            }
            for diagnostic in outcome.diagnostics { _ = diagnostic.description }
        }
    }
}

/// `verify-bundle` on any bytes: a damaged or forged archive must end in a named problem, never a crash
/// or a hang (libFuzzer's -timeout bounds each input). The key is any key: the archive is read, the
/// manifest parsed and every file checked whether or not the signature holds.
enum BundleFuzzTarget {
    static let key = try! MinisignKey(publicKeyText: ProcessInfo.processInfo.environment["GONGSHI_FUZZ_PUBLIC_KEY"]
                                      ?? "RWQAAQIDBAUGByAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/")

    static func run(_ bytes: [UInt8]) {
        let report = BundleVerifier.verify(zip: bytes, publicKey: key)
        // A zip StrictZip refuses is verified only as a re-packed one, and then said so.
        if case .failure(let f) = StrictZip.read(bytes) {
            precondition(!report.problems.isEmpty || report.repacked != nil, "a zip StrictZip refuses (\(f)) was verified as gongshi's own")
        }
        for problem in report.problems { _ = problem.text.text(.zh) }
    }
}

/// config.toml and a page's front matter on any bytes: a named problem or a config, never a crash or a hang.
enum ConfigFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch SiteConfig.parse(text) {
        case .success(let config): _ = config.site.title
        case .failure(let problems): for d in problems.diagnostics { _ = d.description }
        }
        _ = ContentPage.parse(text, file: "pages/fuzz.md", slug: "fuzz")
        _ = NoticeFiles.parse(text, file: "notices/fuzz.md", slug: "fuzz")
    }
}

/// A workbook in data/ on any XML: the first byte picks the part the rest stands for (a sheet, the shared
/// strings, the styles, the workbook part), wrapped here in a valid zip, so that the fuzzer's mutations reach
/// the XML reader rather than dying at the zip's CRC. An input that starts with `PK` is a whole workbook.
/// Any bytes end in records or named problems, never a crash or a hang.
enum WorkbookFuzzTarget {
    static let parts = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let defaults: [String: String] = [
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"机构\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "xl/worksheets/sheet1.xml": "<worksheet xmlns=\"\(main)\"><sheetData/></worksheet>",
        "xl/sharedStrings.xml": "<sst xmlns=\"\(main)\"/>",
        "xl/styles.xml": "<styleSheet xmlns=\"\(main)\"/>",
    ]

    static func run(_ bytes: [UInt8]) {
        let workbook: [UInt8]
        if bytes.starts(with: [0x50, 0x4B]) {
            workbook = bytes
        } else {
            guard let first = bytes.first else { return }
            var files = defaults.mapValues { Array($0.utf8) }
            files[parts[Int(first) % parts.count]] = Array(bytes.dropFirst())
            workbook = storedZip(files.sorted { $0.key < $1.key })
        }
        let outcome = CSVImporter(rules: .ningbo).importFiles(["登记册.xlsx": workbook])
        for diagnostic in outcome.diagnostics { _ = diagnostic.description }
    }

    /// A zip of stored entries, with the CRCs right.
    static func storedZip(_ files: [(key: String, value: [UInt8])]) -> [UInt8] {
        var zip: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int, _ into: inout [UInt8]) { u16(v & 0xFFFF, &into); u16(v >> 16 & 0xFFFF, &into) }
        for (name, data) in files {
            let crc = data.withUnsafeBufferPointer { Int(gongshi_crc32($0.baseAddress, UInt($0.count))) }
            let offset = zip.count, nameBytes = Array(name.utf8)
            u32(0x0403_4B50, &zip); u16(20, &zip); u16(0x0800, &zip); u16(0, &zip); u32(0, &zip)
            u32(crc, &zip); u32(data.count, &zip); u32(data.count, &zip); u16(nameBytes.count, &zip); u16(0, &zip)
            zip += nameBytes + data
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0x0800, &central); u16(0, &central); u32(0, &central)
            u32(crc, &central); u32(data.count, &central); u32(data.count, &central); u16(nameBytes.count, &central)
            u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
            central += nameBytes
        }
        let start = zip.count
        zip += central
        u32(0x0605_4B50, &zip); u16(0, &zip); u16(0, &zip); u16(files.count, &zip); u16(files.count, &zip)
        u32(central.count, &zip); u32(start, &zip); u16(0, &zip)
        return zip
    }
}

/// Which target a run fuzzes: `GONGSHI_FUZZ=bundle` for verify-bundle, `config` for the TOML readers,
/// `xlsx` for the workbook reader, otherwise the CSV importer.
let fuzzMode = ProcessInfo.processInfo.environment["GONGSHI_FUZZ"] ?? "csv"
let fuzzesBundles = fuzzMode == "bundle"

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch fuzzMode {
    case "bundle": BundleFuzzTarget.run(bytes)
    case "config": ConfigFuzzTarget.run(bytes)
    case "xlsx": WorkbookFuzzTarget.run(bytes)
    default: FuzzTarget.run(bytes)
    }
    return 0
}

/// libFuzzer's entry point for programs that keep their own main (SwiftPM names an executable's main).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

@main
struct FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        // Without libFuzzer: runs each file given on the command line through the target (to replay a crash):
        // `.zip` files through verify-bundle, the others through the importer.
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); continue }
            if fuzzesBundles || path.hasSuffix(".zip") { BundleFuzzTarget.run([UInt8](data)) }
            else if fuzzMode == "config" || path.hasSuffix(".toml") || path.hasSuffix(".md") { ConfigFuzzTarget.run([UInt8](data)) }
            else if fuzzMode == "xlsx" || path.hasSuffix(".xlsx") || path.hasSuffix(".xml") { WorkbookFuzzTarget.run([UInt8](data)) }
            else { FuzzTarget.run([UInt8](data)) }
            print("ok \(path)")
        }
        #endif
    }
}
