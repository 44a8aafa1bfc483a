import Foundation
import Testing
import ZIPFoundation

/// Art. 14: sharing bundles, on the fixture site, with the real binary.
@Suite("Signed sharing bundles for the recipients of Art. 14, in their field sets", .serialized)
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
        // ZIPFoundation reading the current folder as a zip spins: a missing path is an error here.
        struct NoBundle: Error {}
        guard !zip.isEmpty, FileManager.default.fileExists(atPath: zip) else { throw NoBundle() }
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

    /// The field sets as Sources/Publishing/Resources/field-sets.toml writes them, read line by line here (not
    /// by gongshi's TOML reader): set.dataset → columns in order, each with its value and whether required.
    static let fieldSets: [String: [(name: String, value: String, required: String)]] = {
        let text = try! String(contentsOfFile: Gongshi.repository + "/Sources/Publishing/Resources/field-sets.toml", encoding: .utf8)
        var sets: [String: [(String, String, String)]] = [:]
        var current: String?
        for line in text.split(separator: "\n").map(String.init) {
            if let m = line.wholeMatch(of: /\[([a-z-]+\.[a-z-]+)\]/) { current = String(m.output.1); continue }
            guard let current, let m = line.firstMatch(of: /\{ name = "([^"]+)", value = "([^"]*)"(?:, required = ([^ }]+))? \}/) else { continue }
            sets[current, default: []].append((String(m.output.1), String(m.output.2), m.output.3.map(String.init) ?? ""))
        }
        return sets
    }()

    /// A CSV's rows as fields (the bundles' cells hold no comma or quote in the fixture).
    static func table(_ csv: String?) -> (header: [String], rows: [[String]]) {
        let lines = (csv ?? "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let split = { (line: String) in line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines.first.map(split) ?? [], lines.dropFirst().map(split))
    }

    /// 当前状态 as of the bundle's date: 无效 once any of the row's end dates (有效期至, 处罚有效期) is past, 有效 otherwise.
    static func statusHolds(_ header: [String], _ row: [String], asOf: String) -> Bool {
        guard let status = header.firstIndex(of: "当前状态") else { return false }
        let ends = ["有效期至", "处罚有效期"].compactMap { header.firstIndex(of: $0) }.map { row[$0] }.filter { !$0.isEmpty }
        return row[status] == (ends.contains { $0 < asOf } ? "无效" : "有效")
    }

    @Test("Art. 14: a bundle's 当前状态 is as of its date — an expired certificate, a superseded year's grade and its not-rated listing are 无效; the day before they end, 有效")
    func statusAsOfTheBundle() throws {
        let (site, key, _) = try Self.setUp()
        // 2024's results end the day before 2025's are published (2026-04-07): on that day they are no longer in force.
        for (asOf, expected2024) in [("2026-04-06", "有效"), ("2026-04-07", "无效")] {
            let b = try Self.bundle(site, key, to: "credit-management", asOf: asOf, extra: ["--full"])
            #expect(b.status == 0, "\(b.output)")
            let grades = Self.table(try Self.contents(b.path)["data/grades.csv"])
            let status = grades.header.firstIndex(of: "当前状态")!, year = grades.header.firstIndex(of: "评价年度")!
            let rows2024 = grades.rows.filter { $0[year] == "2024" }
            #expect(!rows2024.isEmpty && rows2024.allSatisfy { $0[status] == expected2024 }, "\(asOf): \(rows2024)")
            #expect(grades.rows.allSatisfy { Self.statusHolds(grades.header, $0, asOf: asOf) })
        }
        // Certificates: every row's status follows its 有效期至 on the bundle's day, and the issuer's code the
        // registry does not hold is named in 备注.
        let b = try Self.bundle(site, key, to: "market-supervision", asOf: "2026-05-01")
        #expect(b.status == 0, "\(b.output)")
        let certificates = Self.table(try Self.contents(b.path)["data/qualifications.csv"])
        let status = certificates.header.firstIndex(of: "当前状态")!
        // 221112050001 runs to 2028-05-09; 201112050002 ended on 2026-01-09.
        #expect(certificates.rows.map { $0[status] }.sorted() == ["无效", "有效"], "\(certificates.rows)")
        #expect(certificates.rows.allSatisfy { Self.statusHolds(certificates.header, $0, asOf: "2026-05-01") })
        let remark = certificates.header.firstIndex(of: "备注")!
        #expect(certificates.rows.allSatisfy { $0[remark].contains("许可机关统一社会信用代码") })
    }

    @Test("Art. 14: no row of any recipient's bundle of the demo is 有效 past its end date, on a day in each stage", arguments: ["2026-03-06", "2026-11-29"])
    func demoStatuses(asOf: String) throws {
        let site = try FailureTests.demoSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-keys-\(UUID().uuidString)").path
        #expect(try Gongshi.run(["keygen", "-o", keys + "/minisign.key"]).status == 0)
        var checked = 0, invalid = 0
        for recipient in ["market-supervision", "credit-management", "credit-ningbo", "yrd-environment"] {
            let b = try Self.bundle(site, keys + "/minisign.key", to: recipient, asOf: asOf, extra: ["--full"])
            #expect(b.status == 0, "\(b.output)")
            for (path, text) in try Self.contents(b.path) where path.hasSuffix(".csv") {
                // The demo's texts hold commas inside quotes: read with the real CSV rules.
                let rows = try #require(Self.csvRows(text), "\(path)")
                let header = rows[0]
                let ends = ["有效期至", "处罚有效期"].compactMap { header.firstIndex(of: $0) }
                for row in rows.dropFirst() where row.count == header.count {
                    // 有效 only while no end date has passed (a not-rated listing, which has none, lapses with its year).
                    let past = ends.map { row[$0] }.contains { !$0.isEmpty && $0 < asOf }
                    #expect(!(past && row[header.firstIndex(of: "当前状态")!] == "有效"), "\(recipient) \(path): \(row)")
                    checked += 1
                    if row[header.firstIndex(of: "当前状态")!] == "无效" { invalid += 1 }
                }
            }
        }
        #expect(checked > 500 && invalid > 0, "\(checked) rows, \(invalid) 无效")
    }

    /// RFC 4180 rows (quoted fields with commas, quotes and line breaks).
    static func csvRows(_ text: String) -> [[String]]? {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, atStart = true
        var chars = text.drop { $0 == "\u{FEFF}" }.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else { field.append(c) }
            } else if c == "\"" && atStart { quoted = true; atStart = false
            } else if c == "," { row.append(field); field = ""; atStart = true
            } else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = ""; atStart = true
            } else { field.append(c); atStart = false }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows.isEmpty ? nil : rows
    }

    @Test("Art. 14: every default recipient's bundle has the national field set's columns in its order, every required field filled or named in 备注")
    func fullBundles() throws {
        let (site, key, pub) = try Self.setUp()
        let receives = ["market-supervision": ["grades", "qualifications", "bad-records"],
                        "credit-management": ["grades", "serious-dishonesty", "not-rated", "bad-records"],
                        "credit-ningbo": ["grades", "serious-dishonesty", "not-rated", "bad-records"],
                        "yrd-environment": ["grades", "serious-dishonesty", "not-rated"]]
        #expect(Self.fieldSets.count == 5, "\(Self.fieldSets.keys.sorted())")
        for (recipient, datasets) in receives.sorted(by: { $0.key < $1.key }) {
            let b = try Self.bundle(site, key, to: recipient, asOf: "2026-05-01")
            #expect(b.status == 0, "\(b.output)")
            #expect(b.path.hasSuffix("gongshi-\(recipient)-0001-2026-05-01.zip"))
            let files = try Self.contents(b.path)
            #expect(Set(files.keys.filter { $0.hasSuffix(".csv") }) == Set(datasets.map { "data/\($0).csv" }), "\(recipient): \(files.keys.sorted())")
            for dataset in datasets {
                let fields = try #require(Self.fieldSets["national.\(dataset)"], "\(dataset)")
                let (header, rows) = Self.table(files["data/\(dataset).csv"])
                #expect(header == fields.map(\.name), "\(recipient) \(dataset)")
                for row in rows {
                    #expect(row.count == header.count, "\(recipient) \(dataset): \(row)")
                    guard row.count == header.count else { continue }
                    let remark = row[header.firstIndex(of: "备注")!]
                    for (i, field) in fields.enumerated() where field.required == "true" && row[i].isEmpty {
                        #expect(remark.contains(field.name), "\(recipient) \(dataset): \(field.name) empty and not named in 备注: \(row)")
                    }
                    #expect(Self.statusHolds(header, row, asOf: "2026-05-01"), "\(recipient) \(dataset): \(row)")
                    #expect(row[header.firstIndex(of: "行政相对人代码_1（统一社会信用代码）")!].count == 18)
                }
            }
            let manifest = try JSONSerialization.jsonObject(with: Data(files["manifest.json"]!.utf8)) as! [String: Any]
            #expect(manifest["recipient"] as? String == recipient && manifest["sequence"] as? Int == 1 && manifest["kind"] as? String == "full")
            #expect(manifest["field_set"] as? String == "national")
            #expect(try Gongshi.run(["verify-bundle", b.path, "--public-key", pub]).status == 0)
        }
        // Art. 14: market supervision receives the evaluation results, as a workbook too.
        let market = try Self.contents(site + "/bundles/gongshi-market-supervision-0001-2026-05-01.zip")
        #expect(Self.table(market["data/grades.csv"]).rows.count == 12)  // 2024: 5 rated, 2025: 7 rated, both final on 2026-05-01
        #expect(market["data/grades.xlsx"] != nil && market["data/bad-records.xlsx"] != nil)
        let grades = Self.table(market["data/grades.csv"])
        let row2024 = try #require(grades.rows.first { $0[5] == "2024" })
        // A year's grade holds until the day before the next year's results are published; the newest is open-ended.
        #expect(row2024[9] == "2025-04-07" && row2024[10] == "2026-04-06", "\(row2024)")
        let row2025 = try #require(grades.rows.first { $0[5] == "2025" })
        #expect(row2025[10] == "2099-12-31" && row2025.last!.contains("下一年度"), "\(row2025)")
        #expect(grades.rows.allSatisfy { $0[11] == "宁波市生态环境局" && $0[14] == "宁波市生态环境局" })
        // The workbooks read back in LibreOffice cell for cell as the CSVs: codes keep every digit.
        let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-unpacked-\(UUID().uuidString)").path
        let archive = try Archive(url: URL(fileURLWithPath: site + "/bundles/gongshi-market-supervision-0001-2026-05-01.zip"), accessMode: .read)
        for entry in archive { _ = try archive.extract(entry, to: URL(fileURLWithPath: unpacked + "/" + entry.path)) }
        let check = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/check_bundle_xlsx.py", unpacked], in: unpacked)
        #expect(check.status == 0 && check.stdout.contains("3 workbooks"), "\(check.stdout)\(check.stderr)")
    }

    @Test("A delta after one repair and one E event contains exactly those records; an empty delta is not written and uses no number")
    func delta() throws {
        let (site, key, _) = try Self.setUp()
        #expect(try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-05-01").status == 0)
        let b = try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-10-20")
        #expect(b.status == 0, "\(b.output)")
        #expect(b.path.hasSuffix("gongshi-credit-ningbo-0002-2026-10-20.zip"))
        let files = try Self.contents(b.path)
        let code = "91330203MA2H0A2C18"
        let grades = Self.table(files["data/grades.csv"])
        #expect(grades.header.last == "数据操作" && grades.rows.count == 2)
        #expect(grades.rows.contains { $0[2] == code && $0[5] == "2025" && $0[6] == "E" && $0[9] == "2026-06-01" && $0[13] == "有效" && $0.last == "新增" })
        #expect(grades.rows.contains { $0[2] == code && $0[5] == "2025" && $0[6] == "B" && $0[13] == "无效" && $0.last == "撤回" })
        let eList = Self.table(files["data/serious-dishonesty.csv"]).rows
        #expect(eList.count == 1 && eList[0][2] == code && eList[0].last == "新增")
        let records = Self.table(files["data/bad-records.csv"]).rows
        #expect(records.count == 1 && records[0][2] == "91330205MA2H0A5F4J" && records[0].contains("甬环罚〔2025〕3号") && records[0].last == "撤回")
        #expect(Self.table(files["data/not-rated.csv"]).rows.isEmpty)
        let manifest = try JSONSerialization.jsonObject(with: Data(files["manifest.json"]!.utf8)) as! [String: Any]
        #expect(manifest["kind"] as? String == "delta" && manifest["sequence"] as? Int == 2)
        #expect((manifest["period"] as? [String: Any])?["from"] as? String == "2026-05-01")
        // Nothing new: no bundle, no number; a dry run says what would go and writes nothing.
        let empty = try Gongshi.run(["bundle", "--site", site, "--to", "credit-ningbo", "--as-of", "2026-10-20", "--secret-key", key, "--quiet"])
        #expect(empty.status == 0 && empty.stdout.contains("no bundle written") && !empty.stdout.contains("wrote "), "\(empty.stdout)")
        let dry = try Gongshi.run(["bundle", "--site", site, "--to", "credit-ningbo", "--as-of", "2026-10-20", "--full", "--dry-run", "--quiet"])
        #expect(dry.status == 0 && dry.stdout.contains("dry run") && dry.stdout.contains("bundle #3 to credit-ningbo (“信用宁波”平台), full") && dry.stdout.contains("grades: 12 records"), "\(dry.stdout)")
        // In Chinese, every word of it: the recipient by name, each dataset by its title.
        let dryZh = try Gongshi.run(["bundle", "--site", site, "--to", "credit-ningbo", "--as-of", "2026-10-20", "--full", "--dry-run", "--quiet", "--lang", "zh"])
        #expect(dryZh.stdout.contains("发给 “信用宁波”平台（credit-ningbo）的第 3 号数据包，全量") && dryZh.stdout.contains("  信用评价结果：12 条")
                && !dryZh.stdout.contains("grades"), "\(dryZh.stdout)")
        let full = try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-10-20", extra: ["--full"])
        #expect(full.path.hasSuffix("-0003-2026-10-20.zip"), "\(full.output)")
        #expect(Self.table(try Self.contents(full.path)["data/grades.csv"]).rows.count == 12)
        // The log survives a re-import and is exported as CSV.
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let log = try Gongshi.run(["bundle", "--site", site, "--log"])
        let lines = log.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 4 && lines[0].hasPrefix("\u{FEFF}接收方,序号,类型") && lines[3].hasPrefix("credit-ningbo,3,全量,2026-10-20"), "\(log.stdout)")
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

    /// Re-packs `zip` as another tool would (Python's zipfile: its own headers, times and order), changing
    /// the entries with `edit` (a Python statement over `files`, a dict of name → bytes).
    static func repack(_ zip: String, into target: String, edit: String = "pass") throws {
        let script = """
        import sys, zipfile
        src, dst = sys.argv[1], sys.argv[2]
        with zipfile.ZipFile(src) as z: files = {n: z.read(n) for n in z.namelist()}
        \(edit)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("data/", b"")
            for name in sorted(files, reverse=True): z.writestr(name, files[name])
        """
        let r = try Gongshi.run(["/usr/bin/python3", "-c", script, zip, target], viaShell: true)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("verify-bundle: a bundle another tool re-packed is intact when its signed files are, and says so; an added, removed or altered file is named")
    func repacked() throws {
        let (site, key, pub) = try Self.setUp()
        let b = try Self.bundle(site, key, to: "credit-ningbo", asOf: "2026-07-01")
        // Re-packed as a mail gateway would: another layout, the same files. Intact, with a note, exit 0.
        try Self.repack(b.path, into: site + "/repacked.zip")
        let intact = try Gongshi.run(["verify-bundle", site + "/repacked.zip", "--public-key", pub])
        #expect(intact.status == 0 && intact.stdout.contains("another tool re-packed it") && intact.stdout.contains("the content is intact"),
                "\(intact.stdout)\(intact.stderr)")
        // One member added: named by its file name, not by a directory entry's number.
        try Self.repack(b.path, into: site + "/added.zip", edit: "files['data/extra.csv'] = b'a,b\\r\\n'")
        let added = try Gongshi.run(["verify-bundle", site + "/added.zip", "--public-key", pub])
        #expect(added.status == 1 && added.stderr.contains("data/extra.csv: error[E702]: in the zip but not in the manifest")
                && !added.stderr.contains("central-directory"), "\(added.stderr)")
        // One member removed, one altered: each named.
        try Self.repack(b.path, into: site + "/changed.zip",
                        edit: "del files['data/not-rated.csv']; files['data/grades.csv'] = files['data/grades.csv'].replace(b'2025', b'2026')")
        let changed = try Gongshi.run(["verify-bundle", site + "/changed.zip", "--public-key", pub])
        #expect(changed.status == 1 && changed.stderr.contains("data/not-rated.csv: error[E702]: listed in the manifest but missing")
                && changed.stderr.contains("data/grades.csv: error[E702]: SHA-256 is"), "\(changed.stderr)")
        // Unzipped into a folder: verified the same way; a file added there is named; a link is refused.
        let folder = site + "/unzipped"
        let unzip = try Gongshi.run(["/usr/bin/python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", b.path, folder], viaShell: true)
        #expect(unzip.status == 0)
        let fromFolder = try Gongshi.run(["verify-bundle", folder, "--public-key", pub])
        let inChinese = try Gongshi.run(["verify-bundle", folder, "--public-key", pub, "--lang", "zh"])
        #expect(inChinese.stdout.contains("个文件校验无误：") && inChinese.stdout.contains("的第 1 号数据包（全量），截至")
                && !inChinese.stdout.contains("gongshi bundle"), "\(inChinese.stdout)")
        #expect(fromFolder.status == 0 && fromFolder.stdout.contains("files verified: bundle #") && !fromFolder.stdout.contains("re-packed"), "\(fromFolder.stdout)\(fromFolder.stderr)")
        try FileManager.default.createSymbolicLink(atPath: folder + "/data/link.csv", withDestinationPath: "grades.csv")
        let withLink = try Gongshi.run(["verify-bundle", folder, "--public-key", pub])
        #expect(withLink.status == 1 && withLink.stderr.contains("data/link.csv: error[E702]: not a regular file"), "\(withLink.stderr)")
        // Renamed as another recipient's bundle, or another number: refused, naming whose it is; a name of
        // another form is the receiver's own.
        for renamed in ["gongshi-market-supervision-0001-2026-07-01.zip", "gongshi-credit-ningbo-0002-2026-07-01.zip", "gongshi-credit-ningbo-0001-2026-07-02.zip"] {
            try FileManager.default.copyItem(atPath: b.path, toPath: site + "/" + renamed)
            let r = try Gongshi.run(["verify-bundle", site + "/" + renamed, "--public-key", pub])
            #expect(r.status == 1 && r.stderr.contains("contradicts the signed manifest: this is bundle 1 for credit-ningbo (as of 2026-07-01)"), "\(renamed): \(r.stderr)")
        }
        try FileManager.default.copyItem(atPath: b.path, toPath: site + "/received.zip")
        #expect(try Gongshi.run(["verify-bundle", site + "/received.zip", "--public-key", pub]).status == 0)
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
