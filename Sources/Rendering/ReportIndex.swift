import Evaluation
import Foundation
import Model

/// Art. 18: the static index behind /verify/. Keyed by the SHA-256 of each normalized report number with its
/// verification code (`ReportNumber.digest(number:code:)`) and
/// split into shards by the hash's first hex digits, so the page loads one small file and the site never
/// lists a report number. Each shard is a script (it loads from disk as well as over http).
///
/// Built for ten million numbers: each number is kept as two 64-bit words of its hash and three small
/// indexes, sorted once, and a shard's script is written only when asked for.
public struct ReportIndex: Sendable {
    /// Hex digits of the hash that name a shard.
    public let prefixLength: Int
    public let types: [String]
    /// How many numbers the index holds.
    public let count: Int

    /// The entries a shard aims at on average (about 60 bytes each, so about 12 KB).
    public static let targetPerShard = 200
    /// No shard may be larger: the page loads one, on a slow line too.
    public static let maximumShardBytes = 16 * 1024

    /// The fewest hex digits that keep the average shard at `targetPerShard` entries or fewer.
    public static func prefixLength(for count: Int) -> Int {
        var digits = 1
        while count > targetPerShard * (1 << (4 * digits)) { digits += 1 }
        return digits
    }

    struct Entry {
        /// The hash's first 128 bits.
        var high: UInt64, low: UInt64
        var agency: Int32, date: Int32, type: Int32
    }
    /// Entries ordered by shard, then by the 16 hex digits that follow the prefix.
    let entries: [Entry]
    /// Shard i holds entries[starts[i] ..< starts[i + 1]].
    let starts: [Int]
    /// Agency codes and their current grade letters, as bytes, by `Entry.agency`.
    let agencyCodes: [[UInt8]]
    let agencyGrades: [[UInt8]]
    /// The issuing agencies' names, by `Entry.agency`, for the answer (`nameScripts`).
    let agencyNames: [String]

    public var shardCount: Int { starts.count - 1 }

    public init(_ publication: Publication) {
        let numbers = publication.reportNumbers
        count = numbers.count
        types = Array(Set(numbers.map(\.type))).sorted()
        // A handful of types: a linear search compares interned strings by identity, where hashing Chinese
        // text normalizes it first (a tenth of the index's time at ten million numbers).
        let types = self.types
        let typeIndex = Dictionary(uniqueKeysWithValues: types.enumerated().map { ($1, Int32($0)) })
        func indexOf(_ type: String) -> Int32 {
            if types.count <= 16, let i = types.firstIndex(of: type) { return Int32(i) }
            return typeIndex[type]!
        }
        var gradeOf: [UnifiedSocialCreditCode: String] = [:]
        for profile in publication.agencies { gradeOf[profile.agency.code] = profile.currentGrade?.letter ?? "" }
        var agencyIndex: [UnifiedSocialCreditCode: Int32] = [:]
        var codes: [[UInt8]] = [], grades: [[UInt8]] = [], names: [String] = []
        var unsorted: [Entry] = []
        unsorted.reserveCapacity(numbers.count)
        for n in numbers {
            let agency: Int32
            if let known = agencyIndex[n.agency] { agency = known } else {
                agency = Int32(codes.count)
                agencyIndex[n.agency] = agency
                codes.append(Array(n.agency.value.utf8))
                grades.append(Array((gradeOf[n.agency] ?? "").utf8))
                names.append(publication.agencyRecord(n.agency)?.name ?? "")
            }
            let (high, low) = Self.leadingBits(n.digest)
            unsorted.append(Entry(high: high, low: low, agency: agency,
                                  date: Int32(n.issuedOn.year * 10000 + n.issuedOn.month * 100 + n.issuedOn.day), type: indexOf(n.type)))
        }
        agencyCodes = codes
        agencyGrades = grades
        agencyNames = names

        // More digits until the largest shard fits (rarely needed: shards are about half the limit).
        var digits = Self.prefixLength(for: numbers.count)
        var sizes: [Int]
        repeat {
            sizes = [Int](repeating: Self.header(digits), count: 1 << (4 * digits))
            for e in unsorted { sizes[Self.shard(e, digits)] += Self.entrySize(e, codes: codes, grades: grades) }
            if sizes.max()! <= Self.maximumShardBytes || digits >= 8 { break }
            digits += 1
        } while true
        prefixLength = digits

        // Counting sort by shard, then each shard by the digits after the prefix.
        var starts = [Int](repeating: 0, count: sizes.count + 1)
        for e in unsorted { starts[Self.shard(e, digits) + 1] += 1 }
        for i in 0..<sizes.count { starts[i + 1] += starts[i] }
        var next = starts
        var ordered = unsorted
        for e in unsorted {
            let s = Self.shard(e, digits)
            ordered[next[s]] = e
            next[s] += 1
        }
        for i in 0..<sizes.count where starts[i + 1] - starts[i] > 1 {
            ordered[starts[i]..<starts[i + 1]].sort { Self.rest($0, digits) < Self.rest($1, digits) }
        }
        entries = ordered
        self.starts = starts
    }

    /// The shard's name: its prefix in lower-case hex.
    public func prefix(ofShard i: Int) -> String { String(i, radix: 16).leftPadded(to: prefixLength) }

    /// `gongshiVerifyShard("0a3f",[["<16 hex>","<code>","<yyyymmdd>",<type>,"<grade>"],…]);` — 16 hex digits
    /// (64 bits) after the prefix tell numbers in a shard apart; no number is stored.
    public func script(ofShard i: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.header(prefixLength) + (starts[i + 1] - starts[i]) * 64)
        out += Array("gongshiVerifyShard(\"\(prefix(ofShard: i))\",[".utf8)
        for k in starts[i]..<starts[i + 1] {
            let e = entries[k]
            if k > starts[i] { out.append(UInt8(ascii: ",")) }
            out += [UInt8(ascii: "["), UInt8(ascii: "\"")]
            Self.appendHex(Self.rest(e, prefixLength), into: &out)
            out += [UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\"")]
            out += agencyCodes[Int(e.agency)]
            out += [UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\"")]
            out += Array(String(e.date).utf8)
            out += [UInt8(ascii: "\""), UInt8(ascii: ",")]
            out += Array(String(e.type).utf8)
            out += [UInt8(ascii: ","), UInt8(ascii: "\"")]
            out += agencyGrades[Int(e.agency)]
            out += [UInt8(ascii: "\""), UInt8(ascii: "]")]
        }
        out += Array("]);\n".utf8)
        return out
    }

    /// `verify/agencies/X.js`, one per last character X of the issuing agencies' codes (at most 31 files):
    /// `gongshiVerifyAgencies("X",{"<code>":"<name>",…});`, so that an answer names the agency without each
    /// of millions of entries carrying its name.
    public var nameScripts: [(file: String, script: [UInt8])] {
        var byLast: [Character: [(String, String)]] = [:]
        for (code, name) in zip(agencyCodes, agencyNames) {
            let text = String(decoding: code, as: UTF8.self)
            byLast[text.last!, default: []].append((text, name))
        }
        return byLast.keys.sorted().map { last in
            let members = JSONValue.object(byLast[last]!.sorted { $0.0 < $1.0 }.map { ($0.0, .string($0.1)) }).compactText()
            return ("verify/agencies/\(last).js", Array("gongshiVerifyAgencies(\"\(last)\",\(members));\n".utf8))
        }
    }

    static func header(_ digits: Int) -> Int { "gongshiVerifyShard(\"\",[]);\n".utf8.count + digits }

    /// `["16 hex","code","8 digits",type,"grade"]` and a comma.
    static func entrySize(_ e: Entry, codes: [[UInt8]], grades: [[UInt8]]) -> Int {
        39 + codes[Int(e.agency)].count + String(e.type).utf8.count + grades[Int(e.agency)].count
    }

    static func shard(_ e: Entry, _ digits: Int) -> Int { Int(e.high >> UInt64(64 - 4 * digits)) }

    /// The 64 bits after the prefix's digits.
    static func rest(_ e: Entry, _ digits: Int) -> UInt64 {
        let shift = UInt64(4 * digits)
        return (e.high << shift) | (e.low >> (64 - shift))
    }

    /// The first 32 hex digits of a hash, as two words.
    static func leadingBits(_ hex: String) -> (UInt64, UInt64) {
        var hex = hex
        return hex.withUTF8 { bytes in
            var words: (UInt64, UInt64) = (0, 0)
            for i in 0..<min(32, bytes.count) {
                let v = UInt64(hexValues[Int(bytes[i])])
                if i < 16 { words.0 = words.0 << 4 | v } else { words.1 = words.1 << 4 | v }
            }
            return words
        }
    }

    /// Hex digit → value (either case); anything else 0 (digests are checked when read).
    static let hexValues: [UInt8] = (0..<256).map { c in
        switch UInt8(c) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(c) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt8(c) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt8(c) - UInt8(ascii: "A") + 10
        default: return 0
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendHex(_ value: UInt64, into out: inout [UInt8]) {
        for shift in stride(from: 60, through: 0, by: -4) { out.append(hexDigits[Int((value >> UInt64(shift)) & 0xF)]) }
    }
}


extension PageContexts {
    public func verifyPage(_ index: ReportIndex) -> Page<VerifyPage> {
        var c = common(path: SitePaths.verify, title: "监测报告编号核验", section: .verify,
                       description: "核对监测报告编号是否由已备案的社会监测机构在监管系统中登记（第十八条）")
        c.twin = nil
        return Page(c, VerifyPage(
            types: JSONValue.array(index.types.map { .string($0) }).compactText(),
            prefixLength: index.prefixLength,
            // "\n" as two characters in the attribute: the page turns it back into a line feed.
            domain: ReportNumber.digestDomain.replacingOccurrences(of: "\n", with: "\\n"),
            count: index.count,
            verifyScript: "verify.js"))
    }
}
