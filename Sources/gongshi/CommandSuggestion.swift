import ArgumentParser
import Foundation
import Messages

/// A first word that is no command: said in the reader's language with the command meant (`buidl` → build), or
/// with the list when nothing is near — never the argument parser's English "Unexpected argument".
enum CommandSuggestion {
    static var names: [String] {
        Gongshi.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// The commands a reader is offered (not the hidden ones the tools use).
    static var shown: [String] {
        Gongshi.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
    }

    /// The refusal for `word` as the first argument, or nil when it is a command, an option or absent.
    static func refusal(_ arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), !names.contains(word) else { return nil }
        let near = (shown + ["help"]).map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= max(1, min(2, word.count / 3)) }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
        if let near {
            return MessageCatalogue.text("command.didYouMean", Speech.language, ["word": "\(word)", "command": "\(near.0)"])
        }
        return MessageCatalogue.text("command.unknown", Speech.language,
                                     ["word": "\(word)", "commands": "\(shown.joined(separator: ", "))"])
    }

    /// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
