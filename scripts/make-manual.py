#!/usr/bin/env python3
"""The manual page gongshi(1), from the command definitions: `gongshi --experimental-dump-help` (swift-argument-
parser's description of every command, option and text, in the run's language) on standard input, man(7) source
on standard output. Usage: gongshi --experimental-dump-help | make-manual.py --lang zh|en --date YYYY-MM-DD --version V

swift-argument-parser's own generate-manual drops every non-ASCII character (its escaping keeps ASCII only), so
it cannot write the Chinese page; this writes both languages the same way. Between Chinese characters it puts
groff's zero-width break point (\\:), or groff would break Chinese lines only at spaces and overflow the screen."""
import argparse, json, sys

TEXT = {
    "zh": {"name": "名称", "synopsis": "用法", "description": "说明", "options": "选项", "commands": "命令",
           "usage": "用法：", "default": "默认：", "exit": "退出状态", "environment": "环境变量", "see": "参见",
           "exit_text": "0 成功；1 输入有错误（每个错误写成 文件 第几行，第几列：错误[代码]：问题。怎么改：……）；2 用法错误。",
           "env": [("LANG, LC_ALL, LC_MESSAGES", "以 en 开头时消息和帮助用英文，否则用中文（也可用 --lang）。"),
                   ("GONGSHI_THEME", "默认主题文件夹，代替程序内置的主题（--theme 优先）。"),
                   ("COLUMNS", "帮助文本按这个宽度换行（默认为终端宽度）。")],
           "see": "数据文件的格式、每一列和每个错误代码：gongshi help data-format；/usr/share/doc/gongshi/。",
           "subcommand": "子命令", "optionsWord": "选项"},
    "en": {"name": "NAME", "synopsis": "SYNOPSIS", "description": "DESCRIPTION", "options": "OPTIONS", "commands": "COMMANDS",
           "usage": "Usage:", "default": "default:", "exit": "EXIT STATUS", "environment": "ENVIRONMENT", "see": "SEE ALSO",
           "exit_text": "0 ok; 1 errors in the inputs (each printed as file:line: column: message. Fix: ...); 2 usage.",
           "env": [("LANG, LC_ALL, LC_MESSAGES", "English when it starts with en, Chinese otherwise (or --lang)."),
                   ("GONGSHI_THEME", "A default theme folder instead of the one built into gongshi (--theme wins)."),
                   ("COLUMNS", "The width help text is wrapped to (default: the terminal's).")],
           "see": "The data files' format, every column and every error code: gongshi help data-format; /usr/share/doc/gongshi/.",
           "subcommand": "subcommand", "optionsWord": "options"},
}

NO_LINE_START = set("，。、；：？！）」』】》…”’·")
OPENING = set("（「『【《“‘")
PUNCTUATION = NO_LINE_START


def wide(c):
    if not c:
        return False
    v = ord(c)
    return (0x1100 <= v <= 0x115F or 0x2E80 <= v <= 0xA4CF or 0xAC00 <= v <= 0xD7A3 or 0xF900 <= v <= 0xFAFF
            or 0xFE30 <= v <= 0xFE4F or 0xFF00 <= v <= 0xFF60 or 0xFFE0 <= v <= 0xFFE6 or 0x20000 <= v <= 0x3FFFD)


def escape(text):
    """A line of roff text: backslashes and hyphens escaped, a leading dot or quote guarded, Chinese breakable."""
    out = []
    for i, c in enumerate(text):
        if c == "\\":
            out.append("\\e")
        elif c == "-":
            out.append("\\-")
        else:
            out.append(c)
        following = text[i + 1] if i + 1 < len(text) else ""
        # Between two Chinese characters, or beside Chinese punctuation; never inside a name like data/登记册.xlsx.
        breakable = (wide(c) and wide(following)) or (c in PUNCTUATION and following not in NO_LINE_START) \
            or (following in OPENING and c != " ")
        if following and breakable and following not in NO_LINE_START and c not in OPENING:
            out.append("\\:")
    line = "".join(out)
    return "\\&" + line if line.startswith((".", "'")) else line


def paragraphs(text):
    """Roff for a help text: blank lines start paragraphs, indented lines are examples kept as they are."""
    lines, example = [], False
    for raw in text.split("\n"):
        if not raw.strip():
            if example:
                lines.append(".fi")
                example = False
            lines.append(".PP")
        elif raw.startswith(" "):
            if not example:
                lines += [".PP", ".nf", ".RS 4"] if False else [".nf"]
                example = True
            lines.append(escape("    " + raw.strip()))
        else:
            if example:
                lines.append(".fi")
                example = False
            if lines and not lines[-1].startswith("."):
                lines.append(".br")
            lines.append(escape(raw))
    if example:
        lines.append(".fi")
    while lines and lines[-1] == ".PP":
        lines.pop()
    return lines


def option_label(argument):
    names = sorted(argument.get("names", []), key=lambda n: n["kind"] != "short")
    parts = [("-" if n["kind"] == "short" else "--") + n["name"] for n in names]
    label = ", ".join("\\fB" + escape(p) + "\\fR" for p in parts)
    if argument["kind"] == "option":
        label += " \\fI<" + escape(argument.get("valueName", "value")) + ">\\fR"
    if argument["kind"] == "positional":
        label = "\\fI<" + escape(argument.get("valueName", "value")) + ">\\fR" + (" ..." if argument.get("isRepeating") else "")
    return label


def synopsis(command, path):
    words = ["\\fB" + " ".join(path) + "\\fR"]
    for a in command.get("arguments", []):
        if not a.get("shouldDisplay", True) or is_builtin(a):
            continue
        words.append(("[" if a.get("isOptional") else "") + option_label(a) + ("]" if a.get("isOptional") else ""))
    return " ".join(words)


def is_builtin(argument):
    return any(n["name"] in ("help", "h", "version") for n in argument.get("names", []))


def options(command, t, builtins=True):
    lines = []
    for a in command.get("arguments", []):
        if not a.get("shouldDisplay", True) or (not builtins and is_builtin(a)):
            continue
        lines += [".TP", option_label(a)]
        text = a.get("abstract", "")
        if "defaultValue" in a and a["kind"] == "option":
            text += "（%s %s）" % (t["default"], a["defaultValue"]) if t is TEXT["zh"] else " (%s %s)" % (t["default"], a["defaultValue"])
        lines += paragraphs(text) if text else []
        if a.get("discussion"):
            lines += paragraphs(a["discussion"] if isinstance(a["discussion"], str) else "")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["zh", "en"], required=True)
    parser.add_argument("--date", required=True)
    parser.add_argument("--version", required=True)
    args = parser.parse_args()
    t = TEXT[args.lang]
    root = json.load(sys.stdin)["command"]
    out = ['.\\" Generated by scripts/make-manual.py from gongshi --experimental-dump-help. Do not edit.',
           '.TH GONGSHI 1 "%s" "gongshi %s" "gongshi"' % (args.date, args.version),
           # Ragged right and no hyphenation: justified Chinese gets wide gaps, and hyphens do not belong in it.
           ".ad l", ".nh",
           ".SH " + t["name"], "gongshi \\- " + escape(root.get("abstract", "")),
           ".SH " + t["synopsis"], "\\fBgongshi\\fR \\fI" + t["subcommand"] + "\\fR [\\fI" + t["optionsWord"] + "\\fR]",
           ".br", "\\fBgongshi \\-\\-version\\fR | \\fBgongshi help data\\-format\\fR",
           ".SH " + t["description"]]
    out += paragraphs(root.get("discussion", ""))
    out += [".SH " + t["options"]] + options(root, t)
    out += [".SH " + t["commands"]]
    for sub in root.get("subcommands", []):
        if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
            continue
        out += [".SS \"gongshi %s\"" % sub["commandName"]]
        out += paragraphs(sub.get("abstract", ""))
        if sub.get("discussion"):
            out += [".PP"] + paragraphs(sub["discussion"])
        out += [".PP", t["usage"], ".br", synopsis(sub, ["gongshi", sub["commandName"]])]
        out += [".RS 4"] + options(sub, t, builtins=False) + [".RE"]
    out += [".SH " + t["exit"], escape(t["exit_text"]), ".SH " + t["environment"]]
    for name, text in t["env"]:
        out += [".TP", "\\fB" + escape(name) + "\\fR", escape(text)]
    out += [".SH " + t["see"], escape(t["see"])]
    sys.stdout.write("\n".join(out) + "\n")


main()
