import Foundation
import Testing
import ZIPFoundation

/// Art. 14: sharing bundles, on the fixture site, with the real binary.
@Suite("Signed sharing bundles for the three recipients", .serialized)
struct BundleTests {
    /// A fresh imported copy of the fixture site and a key pair outside it.
    static func setUp() throws -> (site: String, key: String, pub: String) {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-keys-\(UUID().uuidString)").path
        #expect(try Gongshi.run(["keygen", "-o", keys + "/minisign.key"]).status == 0)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        return (site, keys + "/minisign.key", keys + "/minisign.pub")
    }

    static func bundle(_ site: String, _ key: String, to recipient: String, asOf: String, extra: [String] = []) throws -> (status: Int32, path: String, output: String) {
        let r = try Gongshi.run(["bundle", "--site", site, "--to", recipient, "--as-of", asOf, "--secret-key", key, "--quiet"] + extra)
        let path = r.stdout.split(separator: "\n").first { $0.hasPrefix("wrote ") }.map { String($0.dropFirst("wrote ".count)) } ?? ""
        return (r.status, path, r.stdout + r.stderr)
    }

    /// Entry path → text.
    static func contents(_ zip: String) throws -> [String: String] {
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .read)
        var files: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            files[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    static func rows(_ csv: String?) -> [String] { (csv ?? "").components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty } }

    @Test("A full bundle: each recipient's field set, unified social credit code first, manifest with SHA-256 and counts")
    func fullBundles() throws {
        let (site, key, pub) = try Self.setUp()
        for recipient in ["market-supervision", "credit-management", "credit-ningbo"] {
            let b = try Self.bundle(site, key, to: recipient, asOf: "2026-05-01")
            #expect(b.status == 0, "\(b.output)")
            #expect(b.path.hasSuffix("gongshi-\(recipient)-0001-2026-05-01.zip"))
            let files = try Self.contents(b.path)
            #expect(Set(files.keys).isSuperset(of: ["README.txt", "manifest.json", "manifest.json.minisig"]))
            for (path, text) in files where path.hasPrefix("data/") { #expect(text.hasPrefix("统一社会信用代码,"), "\(recipient) \(path)") }
            let manifest = try JSONSerialization.jsonObject(with: Data(files["manifest.json"]!.utf8)) as! [String: Any]
            #expect(manifest["recipient"] as? String == recipient && manifest["sequence"] as? Int == 1 && manifest["kind"] as? String == "full")
            #expect(try Gongshi.run(["verify-bundle", b.path, "--public-key", pub]).status == 0)
        }
        let market = try Self.contents(site + "/bundles/gongshi-market-supervision-0001-2026-05-01.zip")
        #expect(Set(market.keys.filter { $0.hasPrefix("data/") }) == ["data/qualifications.csv", "data/bad-records.csv"])
        let ningbo = try Self.contents(site + "/bundles/gongshi-credit-ningbo-0001-2026-05-01.zip")
        #expect(ningbo["data/grades.csv"]!.hasPrefix("统一社会信用代码,行政相对人名称,行政相对人类别,信用评价类别,评价年度,评价结果,评价结果说明,评价日期,有效期自,有效期至"))
        #expect(Self.rows(ningbo["data/grades.csv"]).count == 12)  // 2024: 5 rated, 2025: 7 rated, both final on 2026-05-01
        let management = try Self.contents(site + "/bundles/gongshi-credit-management-0001-2026-05-01.zip")
        #expect(management["data/grades.csv"]!.hasPrefix("统一社会信用代码,行政相对人名称,评价年度,评价结果,评价日期,有效期,评价单位,数据来源单位\r\n"))
        #expect(management["data/grades.csv"]!.contains("2025-04-07至2026-04-06"))
    }

    @Test("A delta after one repair and one E event contains exactly those records")
    func delta() throws {
        let (site, key, _) = try Self.setUp()
        #expect(try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-05-01").status == 0)
        let b = try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-10-20")
        #expect(b.status == 0, "\(b.output)")
        #expect(b.path.hasSuffix("gongshi-credit-ningbo-0002-2026-10-20.zip"))
        let files = try Self.contents(b.path)
        let grades = Self.rows(files["data/grades.csv"])
        #expect(grades.count == 2)
        #expect(grades.contains { $0.hasPrefix("91330203MA2H0A2C18,") && $0.contains(",2025,E,") && $0.contains(",2026-06-01,") && $0.hasSuffix(",新增") })
        #expect(grades.contains { $0.hasPrefix("91330203MA2H0A2C18,") && $0.contains(",2025,B,") && $0.hasSuffix(",撤回") })
        let eList = Self.rows(files["data/serious-dishonesty.csv"])
        #expect(eList.count == 1 && eList[0].hasPrefix("91330203MA2H0A2C18,") && eList[0].hasSuffix(",新增"))
        let records = Self.rows(files["data/bad-records.csv"])
        #expect(records.count == 1 && records[0].hasPrefix("91330205MA2H0A5F4J,") && records[0].contains("甬环罚〔2025〕3号") && records[0].hasSuffix(",撤回"))
        #expect(Self.rows(files["data/not-rated.csv"]).isEmpty)
        let manifest = try JSONSerialization.jsonObject(with: Data(files["manifest.json"]!.utf8)) as! [String: Any]
        #expect(manifest["kind"] as? String == "delta" && manifest["sequence"] as? Int == 2)
        #expect((manifest["period"] as? [String: Any])?["from"] as? String == "2026-05-01")
        // A third bundle with nothing new is an empty delta; --full sends everything again.
        let empty = try Self.contents(try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-10-20").path)
        #expect(["grades", "serious-dishonesty", "bad-records", "not-rated"].allSatisfy { Self.rows(empty["data/\($0).csv"]).isEmpty })
        let full = try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-10-20", extra: ["--full"])
        #expect(full.path.hasSuffix("-0004-2026-10-20.zip"))
        #expect(Self.rows(try Self.contents(full.path)["data/grades.csv"]).count == 12)
    }

    @Test("The same inputs give the same bytes")
    func deterministic() throws {
        let (site, key, _) = try Self.setUp()
        let registry = site + "/registry.sqlite"
        let saved = try Data(contentsOf: URL(fileURLWithPath: registry))
        let first = try Self.bundle(site, key, to: "credit-management", asOf: "2026-07-01")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first.path))
        // Back to the registry as it was: the same bundle again.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: registry + suffix) }
        try saved.write(to: URL(fileURLWithPath: registry))
        try FileManager.default.removeItem(atPath: first.path)
        let second = try Self.bundle(site, key, to: "credit-management", asOf: "2026-07-01")
        #expect(second.path == first.path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: second.path)) == bytes)
    }

    @Test("verify-bundle names the file when one byte is changed, a file replaced, or the signature is another key's")
    func tampering() throws {
        let (site, key, pub) = try Self.setUp()
        let b = try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-07-01")
        #expect(try Gongshi.run(["verify-bundle", b.path, "--public-key", pub]).status == 0)
        // One byte inside the compressed data of data/grades.csv.
        var raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: b.path)))
        let name = Array("data/grades.csv".utf8)
        let header = (0..<raw.count - 30).first { i in raw[i..<i + 4] == [0x50, 0x4B, 0x03, 0x04] && raw[(i + 30)...].starts(with: name) }!
        let dataStart = header + 30 + name.count + Int(raw[header + 28]) + Int(raw[header + 29]) * 256
        raw[dataStart + 5] ^= 0x01
        let flipped = site + "/flipped.zip"
        try Data(raw).write(to: URL(fileURLWithPath: flipped))
        let r1 = try Gongshi.run(["verify-bundle", flipped, "--public-key", pub])
        #expect(r1.status == 1)
        #expect(r1.stderr.contains("data/grades.csv"), "\(r1.stderr)")
        // A well-formed zip with one file's text changed.
        let replaced = site + "/replaced.zip"
        let archive = try Archive(url: URL(fileURLWithPath: replaced), accessMode: .create)
        for (path, text) in try Self.contents(b.path).sorted(by: { $0.key < $1.key }) {
            let data = Data((path == "data/bad-records.csv" ? text.replacingOccurrences(of: "甬环罚", with: "甬环法") : text).utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let r2 = try Gongshi.run(["verify-bundle", replaced, "--public-key", pub])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("data/bad-records.csv: error[E702]: SHA-256 is"), "\(r2.stderr)")
        // Another key: the signature does not verify.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-other-\(UUID().uuidString)").path + "/k.key"
        #expect(try Gongshi.run(["keygen", "-o", other]).status == 0)
        let r3 = try Gongshi.run(["verify-bundle", b.path, "--public-key", String(other.dropLast(4)) + ".pub"])
        #expect(r3.status == 1 && r3.stderr.contains("manifest.json: error[E702]: signed with another key"))
    }

    @Test("A bundle must be signed; a secret key inside the repository or site is refused")
    func keys() throws {
        let (site, _, _) = try Self.setUp()
        let unsigned = try Gongshi.run(["bundle", "--site", site, "--to", "credit-ningbo", "--as-of", "2026-07-01"])
        #expect(unsigned.status == 1 && unsigned.stderr.contains("error[E700]"))
        let inRepo = try Gongshi.run(["keygen", "-o", Gongshi.repository + "/content/minisign.key"])
        #expect(inRepo.status == 1 && inRepo.stderr.contains("inside the git repository"))
        #expect(!FileManager.default.fileExists(atPath: Gongshi.repository + "/content/minisign.key"))
        try FileManager.default.createDirectory(atPath: site + "/keys", withIntermediateDirectories: true)
        let writtenInSite = try Gongshi.run(["keygen", "-o", site + "/keys/k.key"])
        #expect(writtenInSite.status == 1 && writtenInSite.stderr.contains("inside the site folder"))
        // A key made elsewhere and copied in is refused when read.
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-k-\(UUID().uuidString)").path
        #expect(try Gongshi.run(["keygen", "-o", outside + "/k.key"]).status == 0)
        try FileManager.default.copyItem(atPath: outside + "/k.key", toPath: site + "/keys/k.key")
        let inSite = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--secret-key", site + "/keys/k.key"])
        #expect(inSite.status == 1 && inSite.stderr.contains("where it could be committed or published"))
    }
}
