/// The language gongshi speaks to the person running it. Chinese unless told otherwise: the bureau's clerk
/// reads Chinese, and a server's `C` locale says nothing about who reads the output.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case zh, en

    /// `--lang` (`zh`, `en`, `zh-CN`, `en_US` …), or nil when the value names neither language.
    public init?(code: String) {
        let lower = code.lowercased()
        if lower.hasPrefix("zh") { self = .zh } else if lower.hasPrefix("en") { self = .en } else { return nil }
    }

    /// The language of the environment, read as POSIX does (LC_ALL, then LC_MESSAGES, then LANG; the first
    /// set one wins): English when it names an English locale, Chinese otherwise.
    public static func of(environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.lowercased().hasPrefix("en") ? .en : .zh }
        }
        return .zh
    }
}
