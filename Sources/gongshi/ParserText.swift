import Foundation

/// swift-argument-parser's own words — the headings of `--help`, its usage errors, its last lines — said in
/// Chinese. The parser writes them in English only; they are matched by its fixed phrases, and a phrase not
/// known here stays as the parser wrote it rather than be guessed at.
enum ParserText {
    /// `text` as a Chinese reader gets it.
    static func chinese(_ text: String) -> String {
        // `(values: a, b)` and `(default: x)` may run over a line end.
        let out = text.replacing(/\(values: ([^)]*)\)/) { "（可选：\($0.output.1)）" }
            .replacing(/\(default: ([^)]*)\)/) { "（默认：\($0.output.1)）" }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }.joined(separator: "\n")
    }

    static func line(_ line: String) -> String {
        switch line {
        case "OPTIONS:": return "选项："
        case "ARGUMENTS:": return "参数："
        case "SUBCOMMANDS:": return "子命令："
        default: break
        }
        if let m = line.wholeMatch(of: /(OVERVIEW|USAGE|Usage): (.*)/) {
            return (m.1 == "OVERVIEW" ? "概述：" : "用法：") + m.2.replacing("<subcommand>", with: "<子命令>")
        }
        if let m = line.wholeMatch(of: /( +-h, --help +)Show help information\./) { return m.1 + "显示帮助" }
        if let m = line.wholeMatch(of: /( +--version +)Show the version\./) { return m.1 + "显示版本" }
        if let m = line.wholeMatch(of: /( +)See 'gongshi help (.*)<subcommand>' for detailed help\./) { return "\(m.1)运行 gongshi help \(m.2)<子命令> 查看各命令的详细说明。" }
        if let m = line.wholeMatch(of: /( +)See '(.+)' for more information\./) { return "\(m.1)运行 \(m.2) 查看说明。" }
        if let m = line.wholeMatch(of: /Help: +(.*)/) { return "说明：" + m.1 }
        if let m = line.wholeMatch(of: /Error: (.*)/) { return "错误：" + error(String(m.1)) }
        return line
    }

    /// The parser's error sentences.
    static func error(_ text: String) -> String {
        if let m = text.wholeMatch(of: /Unknown option '(.+)'\. Did you mean '(.+)'\?/) { return "没有“\(m.1)”这个选项。是不是要用 \(m.2)？" }
        if let m = text.wholeMatch(of: /Unknown option '(.+)'/) { return "没有“\(m.1)”这个选项" }
        if let m = text.wholeMatch(of: /Missing value for '(.+)'/) { return "“\(m.1)”后面缺少值" }
        if let m = text.wholeMatch(of: /Unexpected argument '(.+)'/) { return "多出了参数“\(m.1)”" }
        if let m = text.wholeMatch(of: /Unexpected arguments (.+)/) { return "多出了参数 \(m.1)" }
        if let m = text.wholeMatch(of: /Missing expected argument '(.+)'/) { return "缺少必需的 \(m.1)" }
        if let m = text.wholeMatch(of: /The value '(.*)' is invalid for '([^']+)'(?:: (.*))?/) {
            return "“\(m.1)”不是 \(m.2) 可用的值" + (m.3.map { "：\($0)" } ?? "")
        }
        return text
    }
}
