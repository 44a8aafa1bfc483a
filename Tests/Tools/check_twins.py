#!/usr/bin/env python3
"""Every Markdown twin states what its HTML page states.

For each page X/index.html with a twin X/index.md, every piece of text the page's <main> shows (each
paragraph, list item, table cell, term, heading and caption) must appear in the twin, whitespace and
Markdown syntax aside. Left out on purpose, as HTML-only: charts (<figure>), the filter form and
script-only controls (<form>, [hidden], <noscript>), and elements marked data-twin="omit" (links that only
lead to another page, such as "back to the list"). Prints each missing piece; exit status 1 if any.

usage: check_twins.py OUTPUT_FOLDER
"""
import html.parser
import os
import re
import sys

BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "summary"}
SKIP = {"figure", "form", "script", "style", "svg", "noscript", "template"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "param", "track"}


class MainText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, skipped)
        self.in_main = 0
        self.units = []
        self.open_blocks = []  # indexes into units

    def skipping(self):
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        skipped = tag in SKIP or "hidden" in a or a.get("data-twin") == "omit"
        self.stack.append((tag, skipped))
        if tag == "main":
            self.in_main += 1
        if self.in_main and tag in BLOCKS and not self.skipping():
            self.units.append("")
            self.open_blocks.append(len(self.units) - 1)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == "main":
                self.in_main -= 1
            if t in BLOCKS and self.open_blocks and not any(s for _, s in self.stack) and self.in_main:
                self.open_blocks.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_main and self.open_blocks and not self.skipping():
            self.units[self.open_blocks[-1]] += data


def normal(text):
    text = re.sub(r"\]\([^)]*\)", "", text)          # [text](target) -> [text
    text = re.sub(r"[\s\[\]*`\\|#>_：:-]", "", text)
    return text


def main(root):
    missing = 0
    pages = 0
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            twin = os.path.join(folder, name[:-5] + ".md")
            if not os.path.exists(twin):
                continue
            pages += 1
            parser = MainText()
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                parser.feed(f.read())
            with open(twin, encoding="utf-8") as f:
                md = normal(f.read())
            seen = set()
            for unit in parser.units:
                n = normal(unit)
                if n and n not in md and n not in seen:
                    seen.add(n)
                    missing += 1
                    print(f"{os.path.relpath(os.path.join(folder, name), root)}: not in the twin: {' '.join(unit.split())[:160]}")
    print(f"twins checked: {pages}, missing pieces: {missing}")
    return 1 if missing or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
