import ArgumentParser
import Foundation
import Messages
import Model

/// The language this run speaks: `--lang`, else the locale; chosen before the command line is parsed, so that
/// `--help` is in it too.
enum Speech {
    nonisolated(unsafe) static var language: Language = .zh

    /// Takes `--lang X` / `--lang=X` out of the arguments (it is accepted before or after the command) and
    /// sets the language; nil with a message when the value names neither language.
    static func choose(_ arguments: [String], environment: [String: String]) -> (arguments: [String], problem: String?) {
        var rest: [String] = []
        var chosen: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { rest += arguments[i...]; break }
            if a == "--lang", i + 1 < arguments.count { chosen = arguments[i + 1]; i += 2; continue }
            if a.hasPrefix("--lang=") { chosen = String(a.dropFirst(7)); i += 1; continue }
            rest.append(a)
            i += 1
        }
        HelpWrapping.enabled = rest.contains("-h") || rest.contains("--help") || rest.first == "help"
        HelpWrapping.listsSubcommands = rest.filter { $0 != "-h" && $0 != "--help" && $0 != "help" }.isEmpty
        language = Language.of(environment: environment)
        if let chosen {
            guard let l = Language(code: chosen) else {
                // Which language to say it in is what is unknown: both.
                let arguments: [String: MessageArgument] = ["value": "\(chosen)"]
                return (rest, MessageCatalogue.text("lang.unknown", .zh, arguments) + " / " + MessageCatalogue.text("lang.unknown", .en, arguments))
            }
            language = l
        }
        return (rest, nil)
    }
}

/// A text of the catalogue in this run's language.
func L(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
    let text = MessageCatalogue.text(key, Speech.language, arguments)
    return HelpWrapping.enabled && Speech.language == .zh && key.hasPrefix("help.") ? HelpWrapping.wrap(text, key: key) : text
}

/// `--lang`, declared so that every command's help lists it; its value is read before parsing (`Speech.choose`).
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp(L("help.lang"), valueName: "zh|en"), completion: .list(["zh", "en"]))
    var language: String?
}

func printDiagnostics(_ diagnostics: [Diagnostic]) {
    for d in diagnostics { FileHandle.standardError.write(Data((d.description(in: Speech.language) + "\n").utf8)) }
}

/// A line to standard error: notes and progress, which `--quiet` silences and a pipe of the output never sees.
func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
