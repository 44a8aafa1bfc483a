import Evaluation
import Foundation
import Publishing
import Registry

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
        if case .failure(let f) = StrictZip.read(bytes) {
            precondition(!report.problems.isEmpty, "a zip StrictZip refuses (\(f)) was verified")
        }
        for problem in report.problems { _ = problem.count }
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

/// Which target a run fuzzes: `GONGSHI_FUZZ=bundle` for verify-bundle, `config` for the TOML readers,
/// otherwise the CSV importer.
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
            else { FuzzTarget.run([UInt8](data)) }
            print("ok \(path)")
        }
        #endif
    }
}
