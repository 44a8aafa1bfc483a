import Evaluation
import Foundation
import Registry

/// Art. 18: the static index behind /verify/. Keyed by the SHA-256 of each normalized report number and
/// split into shards by the hash's first hex digits, so the page loads one small file and the site never
/// lists a report number. Each shard is a script (it loads from disk as well as over http).
public struct ReportIndex: Sendable {
    /// Hex digits of the hash that name a shard: enough that a shard holds about 100 entries at most on average.
    public let prefixLength: Int
    public let types: [String]
    /// Shard prefix → script text, for every prefix (empty shards included: a missing shard is an error).
    public let shards: [(prefix: String, script: String)]

    /// The entries a shard aims at on average; with about 60 bytes an entry, shards stay well under 16 KB.
    public static let targetPerShard = 100

    public static func prefixLength(for count: Int) -> Int {
        var digits = 1
        while count > targetPerShard * (1 << (4 * digits)) { digits += 1 }
        return digits
    }

    public init(_ publication: Publication) {
        let numbers = publication.reportNumbers
        prefixLength = Self.prefixLength(for: numbers.count)
        types = Array(Set(numbers.map(\.type))).sorted()
        let typeIndex = Dictionary(uniqueKeysWithValues: types.enumerated().map { ($1, $0) })
        var grades: [UnifiedSocialCreditCode: String] = [:]
        for profile in publication.agencies { grades[profile.agency.code] = profile.currentGrade?.letter ?? "" }
        var byShard: [String: [(String, String)]] = [:]
        for n in numbers {
            let prefix = String(n.digest.prefix(prefixLength))
            // 16 more hex digits (64 bits) tell numbers in a shard apart; no number is stored.
            let rest = String(n.digest.dropFirst(prefixLength).prefix(16))
            let date = n.issuedOn.iso.replacingOccurrences(of: "-", with: "")
            let entry = "[\"\(rest)\",\"\(n.agency.value)\",\"\(date)\",\(typeIndex[n.type]!),\"\(grades[n.agency] ?? "")\"]"
            byShard[prefix, default: []].append((rest, entry))
        }
        let digits = prefixLength
        shards = (0..<(1 << (4 * digits))).map { i in
            let prefix = String(i, radix: 16).leftPadded(to: digits)
            let entries = (byShard[prefix] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
            return (prefix, "gongshiVerifyShard(\"\(prefix)\",[\(entries.joined(separator: ","))]);\n")
        }
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}

extension PageContexts {
    public func verifyPage(_ index: ReportIndex) -> [String: Any] {
        var c = common(path: SitePaths.verify, title: "监测报告编号核验", section: .verify,
                       description: "核对监测报告编号是否由已备案的社会监测机构在监管系统中登记（第十八条）")
        c.removeValue(forKey: "twin")
        let types = JSONValue.array(index.types.map { .string($0) }).compactText()
        c["types"] = types
        c["prefixLength"] = index.prefixLength
        c["count"] = publication.reportNumbers.count
        c["verifyScript"] = "verify.js"
        return c
    }
}
