import Publishing

/// Values the shell completes from the site being typed, not from a fixed list.
enum Completions {
    /// `bundle --to`: the recipients of the site on the command line (`--site`, else this folder), or the
    /// default recipients when it has no config gongshi can read.
    @Sendable static func recipients(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var root = "."
        if let i = words.lastIndex(of: "--site"), i + 1 < words.count { root = words[i + 1] }
        if let word = words.last(where: { $0.hasPrefix("--site=") }) { root = String(word.dropFirst(7)) }
        let ids = (try? SiteLayout(root: root).loadConfig().recipients.map(\.id)) ?? Recipient.defaults.map(\.id)
        return ids.filter { $0.hasPrefix(prefix) }
    }
}
