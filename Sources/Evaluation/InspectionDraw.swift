import Foundation
import Model

/// Art. 17, 19 (双随机、一公开): the agencies to inspect, tier by tier, drawn reproducibly from a seed
/// announced beforehand. Anyone can re-run it: order each tier by HMAC-SHA256(key: seed, message: code)
/// in hexadecimal, and take the first k, k = the tier's size × its ratio, rounded down (never above the cap).
public struct InspectionTier: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case a, b, c, d, e
        /// Art. 8, 17: not rated; inspected with increased frequency.
        case notRated = "not-rated"
    }

    public struct Member: Sendable {
        public var agency: UnifiedSocialCreditCode
        /// Hex HMAC-SHA256(seed, code): the order of the draw.
        public var hmac: String
        public var position: Int
        public var selected: Bool
    }

    public var kind: Kind
    public var percent: Int
    /// In draw order (by HMAC); for tiers inspected in full, every member is selected.
    public var members: [Member]
    public var selectedCount: Int { members.filter(\.selected).count }
    /// Art. 17: E and not-rated agencies are inspected more often.
    public var increasedFrequency: Bool { kind == .e || kind == .notRated }
}

public struct DrawResult: Sendable {
    public var draw: InspectionDraw
    public var tiers: [InspectionTier]
    public var selected: [UnifiedSocialCreditCode] { tiers.flatMap { $0.members.filter(\.selected).map(\.agency) } }
}

public enum InspectionDrawing {
    public static func hmac(seed: String, message: String) -> String {
        HMACSHA256.authenticationCode(key: Array(seed.utf8), message: Array(message.utf8)).hex
    }

    /// The number drawn from a tier of `n` at `percent`: rounded down, so the Art. 17 cap is never exceeded.
    public static func drawCount(_ n: Int, percent: Int) -> Int { n * percent / 100 }

    /// `seriousDishonesty`: agencies with an E event in force on the draw's day (Art. 12), which are in the E
    /// tier whatever the year's list gave them — the grade in force (`GradeStanding.of`), not the list's.
    public static func draw(_ draw: InspectionDraw, ratings: [Rating], notRated: [NotRatedListing],
                            seriousDishonesty: Set<UnifiedSocialCreditCode> = [], policy: InspectionPolicy) -> DrawResult {
        func tier(_ kind: InspectionTier.Kind, _ agencies: [UnifiedSocialCreditCode], percent: Int) -> InspectionTier {
            let ordered = agencies.map { ($0, hmac(seed: draw.seed, message: $0.value)) }.sorted { $0.1 < $1.1 }
            let k = drawCount(ordered.count, percent: percent)
            return InspectionTier(kind: kind, percent: percent, members: ordered.enumerated().map { i, pair in
                InspectionTier.Member(agency: pair.0, hmac: pair.1, position: i + 1, selected: i < k)
            })
        }
        func inForce(_ r: Rating) -> Grade { seriousDishonesty.contains(r.agency) ? .e : r.currentGrade }
        func graded(_ g: Grade) -> [UnifiedSocialCreditCode] {
            ratings.filter { inForce($0) == g }.map(\.agency)
                + (g == .e ? notRated.map(\.agency).filter(seriousDishonesty.contains) : [])
        }
        return DrawResult(draw: draw, tiers: [
            tier(.a, graded(.a), percent: 0),
            tier(.b, graded(.b), percent: policy.bPercent),
            tier(.c, graded(.c), percent: policy.cPercent),
            tier(.d, graded(.d), percent: 100),
            tier(.e, graded(.e), percent: 100),
            tier(.notRated, notRated.map(\.agency).filter { !seriousDishonesty.contains($0) }, percent: 100),
        ])
    }

    /// The second random of 双随机: for each selected agency, the inspectors whose HMAC-SHA256(seed,
    /// "inspector|CODE|BADGE") comes first. Internal unless the site publishes its pool.
    public static func assignInspectors(_ result: DrawResult, pool: [Inspector], perAgency: Int = 2) -> [(agency: UnifiedSocialCreditCode, inspectors: [Inspector])] {
        result.selected.map { code in
            let ordered = pool.sorted {
                hmac(seed: result.draw.seed, message: "inspector|\(code.value)|\($0.badge)") < hmac(seed: result.draw.seed, message: "inspector|\(code.value)|\($1.badge)")
            }
            return (code, Array(ordered.prefix(perAgency)))
        }
    }

    /// The recipe printed on the site, so anyone can re-run the draw with common tools.
    public static func shellRecipe(seed: String) -> String {
        let quoted = "'" + seed.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return "while read code; do printf '%s %s\\n' \"$(printf '%s' \"$code\" | openssl dgst -sha256 -hmac \(quoted) | awk '{print $NF}')\" \"$code\"; done < tier.txt | sort | head -n K"
    }

    public static func pythonRecipe(seed: String) -> String {
        let quoted = "'" + seed.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return "python3 -c 'import hmac,hashlib,sys; k=sys.argv[1].encode(); [print(c) for c in sorted(sys.stdin.read().split(), key=lambda c: hmac.new(k, c.encode(), hashlib.sha256).hexdigest())]' \(quoted) < tier.txt | head -n K"
    }
}
