import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Registry

/// The demo site in content/, built as `make run` builds it (on a copy, so the checkout stays clean).
@Suite("The demo site", .serialized)
struct DemoTests {
    static let asOf = "2026-11-29"

    static let built: (output: String, files: [String: Data], importErrors: String) = {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-demo-\(UUID().uuidString)").path
        for part in ["config.toml", "data", "pages"] {
            try! FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
            try! FileManager.default.copyItem(atPath: Gongshi.repository + "/content/" + part, toPath: site + "/" + part)
        }
        let imported = try! Gongshi.run(["import", "--site", site, "--quiet"])
        let output = site + "/public"
        let built = try! Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"])
        precondition(built.status == 0, built.stderr)
        return (output, try! Gongshi.tree(output), imported.stderr + built.stderr)
    }()

    @Test("The demo imports and builds with no error and no warning")
    func clean() {
        #expect(Self.built.importErrors.isEmpty, "\(Self.built.importErrors)")
    }

    @Test("At least 150 agencies across the districts, three years, E and not-rated cases, bad records")
    func realistic() throws {
        let data = CSVImporter(rules: .ningbo).importDirectory(Gongshi.repository + "/content/data").data.published
        #expect(data.agencies.count >= 150)
        #expect(Set(data.agencies.map(\.district)) == Set(RegistryRules.ningboDistricts))
        #expect(Set(data.evaluations.map(\.year)) == [2023, 2024, 2025])
        #expect(data.evaluations.contains { !$0.inScope })
        #expect(data.evaluations.contains { $0.isNotRated })
        #expect(data.seriousDishonesty.count >= 2 && data.badRecords.count >= 10 && data.objections.count >= 4)
        let files = Self.built.files
        #expect(files.keys.filter { $0.hasPrefix("agencies/") && $0.hasSuffix("/index.html") }.count == data.agencies.count + 1)
        #expect(files["grades/2023/index.html"] != nil && files["grades/2024/index.html"] != nil && files["grades/2025/index.html"] != nil)
        let eList = String(decoding: files["serious-dishonesty/index.html"]!, as: UTF8.self)
        #expect(eList.contains("第（四）项") && eList.contains("第（二）项"))
    }

    @Test("No identity number, phone, objector or non-public warning of the demo registry reaches the output")
    func nothingInternal() throws {
        let data = CSVImporter(rules: .ningbo).importDirectory(Gongshi.repository + "/content/data").data
        let publicNames = Set(data.published.agencies.flatMap { [$0.name, $0.legalRepresentative] })
        var markers = Set<String>()
        for p in data.internalOnly.keyPersonnel {
            markers.insert(p.idNumber)
            markers.insert(p.phone)
            if !publicNames.contains(p.name) { markers.insert(p.name) }
        }
        for c in data.internalOnly.contacts { markers.insert(c.phone) }
        for o in data.internalOnly.objectors {
            if !o.contact.isEmpty { markers.insert(o.contact) }
            if !publicNames.contains(o.objector) { markers.insert(o.objector) }
        }
        for w in data.internalOnly.nonPublicWarnings { markers.insert(w.content) }
        markers = markers.filter { $0.count >= 3 }
        #expect(markers.count > 1000)
        var leaks: [String] = []
        for (path, bytes) in Self.built.files {
            for marker in markers where bytes.containsBytes(of: marker) { leaks.append("\(marker) in \(path)") }
        }
        #expect(leaks.isEmpty, "\(leaks.prefix(10))")
    }
}

extension Data {
    /// Byte search (memchr for the first byte, memcmp for the rest): String.contains is far too slow for
    /// thousands of markers × hundreds of files.
    func containsBytes(of text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        return withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Bool in
            guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
            var offset = 0
            let last = haystack.count - needle.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, needle, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }
}
