#!/usr/bin/env python3
"""A notice's .docx printed as its reader prints it, and measured against GB/T 9704-2012: LibreOffice converts it to
PDF (the standard's fonts replaced by free ones of the same kind, Tests/Tools/fonts.conf), pdftotext -bbox-layout
gives every line's place in points, pdftoppm the pages' pixels (red and black rules), and each page is kept as a PNG
to look at. Prints one line per check and "layout OK", or the first failure.

Usage: document_layout.py DOCX KIND PNG_PREFIX    (KIND: file or letter)
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

docx, kind, png_prefix = sys.argv[1], sys.argv[2], sys.argv[3]
MM = 72 / 25.4
PAGE_W, PAGE_H = 595.3, 841.9
LEFT, RIGHT = 28 * MM, (210 - 26) * MM          # the 版心's edges
TOP, BOTTOM = 37 * MM, (297 - 35) * MM
CHAR = (RIGHT - LEFT) / 28                       # a character of the grid (3号, a little narrowed)
LINE = 225 * MM / 22                             # a line of the grid


def fail(what):
    print("FAILED:", what)
    sys.exit(1)


def near(value, expected, tolerance, what):
    if abs(value - expected) > tolerance:
        fail(f"{what}: {value:.1f} pt, expected {expected:.1f} ± {tolerance}")
    print(f"ok {what}: {value:.1f} pt (standard {expected:.1f})")


work = tempfile.mkdtemp(prefix="gongshi-document-")
env = dict(os.environ, FONTCONFIG_FILE=os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts.conf"))
subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf", "--outdir", work, docx],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300, env=env)
pdf = os.path.join(work, os.path.splitext(os.path.basename(docx))[0] + ".pdf")
subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, png_prefix], check=True, timeout=120)
subprocess.run(["pdftoppm", "-r", "72", pdf, os.path.join(work, "page")], check=True, timeout=120)
subprocess.run(["pdftotext", "-bbox-layout", pdf, os.path.join(work, "bbox.html")], check=True, timeout=60)

# Each page's lines: (text without spaces, xMin, yMin, xMax, yMax, words).
root = ET.parse(os.path.join(work, "bbox.html")).getroot()
ns = {"h": "http://www.w3.org/1999/xhtml"}
pages = []
for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
    lines = []
    for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                 for w in line.findall("h:word", ns)]
        if words:
            lines.append(("".join(w[0] for w in words), min(w[1] for w in words), min(w[2] for w in words),
                          max(w[3] for w in words), max(w[4] for w in words), words))
    pages.append(sorted(lines, key=lambda l: (l[2], l[1])))
print(f"ok {len(pages)} pages")


def pixels(n):
    """Page n's pixels at 72 dpi (one pixel a point): (width, height, bytes)."""
    names = sorted(f for f in os.listdir(work) if f.startswith("page") and f.endswith(".ppm"))
    data = open(os.path.join(work, names[n]), "rb").read()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(header.group(1)), int(header.group(2)), data[header.end():]


def rules(n, colour):
    """The rows of page n where a rule of `colour` ("red" or "black") runs across most of the 版心."""
    width, height, data = pixels(n)
    found = []
    for y in range(height):
        row = data[y * width * 3:(y + 1) * width * 3]
        count = 0
        for x in range(int(LEFT) + 2, int(RIGHT) - 2, 2):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if (colour == "red" and is_red(r, g, b)) or (colour == "black" and r < 90 and g < 90 and b < 90):
                count += 1
        if count > 0.9 * (RIGHT - LEFT - 4) / 2:
            found.append(y)
    return found


def is_red(r, g, b):
    return r > 150 and r - g > 60 and r - b > 60


def red_inside(n, box, skip=()):
    """The share of the inked pixels inside `box` that are red, and the first and last rows with ink (the glyphs' edges)."""
    width, height, data = pixels(n)
    red = ink = 0
    top = bottom = None
    for y in range(int(box[2]), int(box[4]) + 1):
        if y in skip:
            continue
        for x in range(int(box[1]), int(box[3]) + 1):
            r, g, b = data[3 * (y * width + x):3 * (y * width + x) + 3]
            if min(r, g, b) < 220:
                ink += 1
                red += is_red(r, g, b)
                top = y if top is None else top
                bottom = y
    return (red / ink if ink else 0), top, bottom


def find(n, pattern, what):
    for line in pages[n]:
        if re.search(pattern, line[0]):
            return line
    fail(f"{what} not found on page {n + 1}: {[l[0] for l in pages[n]]}")


def centre(line):
    return (line[1] + line[3]) / 2


# 版头
first = pages[0]
if kind == "file":
    mark = find(0, r"文件$", "the 发文机关标志")
    share, top, _ = red_inside(0, mark)
    near(top, TOP + 35 * MM, 3, "§7.2.4 the mark's top edge (its ink), 35 mm under the 版心's top")
    near(centre(mark), (LEFT + RIGHT) / 2, 4, "§7.2.4 the mark centred")
    if share < 0.8:
        fail(f"§7.2.4 the mark is red ({share:.2f} of its ink)")
    print(f"ok §7.2.4 the mark is red ({share:.2f} of its ink)")
    number = find(0, r"〔\d{4}〕\d+号", "the 发文字号")
    near(number[2] - mark[4], 2 * LINE, LINE * 0.9, "§7.2.5 the 发文字号 two lines under the mark")
    near(centre(number), (LEFT + RIGHT) / 2, 4, "§7.2.5 the 发文字号 centred")
    red = [y for y in rules(0, "red") if y > number[4]]
    if not red:
        fail("§7.2.7 a red line as wide as the 版心 under the 发文字号")
    near(red[0] - red_inside(0, number)[2], 4 * MM, 3, "§7.2.7 the red line 4 mm under the 发文字号")
    line_y = red[0]
else:
    mark = first[0]
    red = rules(0, "red")
    share, top, bottom = red_inside(0, mark, skip=set(red))
    near(top, 30 * MM, 3, "§10.1 the 函's mark (its ink) 30 mm from the page's top")
    near(centre(mark), (LEFT + RIGHT) / 2, 4, "§10.1 the mark centred")
    if share < 0.8:
        fail(f"§10.1 the mark is red ({share:.2f} of its ink)")
    upper = [y for y in red if y < PAGE_H / 2]
    lower = [y for y in red if y > PAGE_H / 2]
    if len(upper) < 2 or len(lower) < 2:
        fail(f"§10.1 two red double lines on the first page (rows {red})")
    near(upper[0] - bottom, 4 * MM, 3, "§10.1 the first double line 4 mm under the mark")
    near(PAGE_H - lower[-1], 20 * MM, 4, "§10.1 the second double line 20 mm above the page's foot")
    number = find(0, r"〔\d{4}〕\d+号", "the 发文字号")
    near(number[3], RIGHT, 4, "§10.1 the 发文字号 flush with the 版心's right edge")
    line_y = number[4]

# 主体
title = find(0, r"^关于", "the title")
near(centre(title), (LEFT + RIGHT) / 2, 6, "§7.3.1 the title centred")
near(title[2] - line_y, 2 * LINE if kind == "file" else 2 * LINE, LINE, "§7.3.1 the title two lines under the line above it")
body = [l for p in pages for l in p if re.match(r"^(根据|请在)", l[0])]
if not body:
    fail("the body's paragraphs")
near(body[0][1], LEFT + 2 * CHAR, 4, "§7.3.3 a paragraph starts two characters in")

annex_page = next(i for i, p in enumerate(pages) if any(l[0].startswith("附件：") for l in p))
annex = find(annex_page, r"^附件：", "附件说明")
near(annex[1], LEFT + 2 * CHAR, 4, "§7.3.4 附件 two characters in")
name_x = annex[5][1][1] if len(annex[5]) > 1 else None
lines_after = [l for l in pages[annex_page] if l[2] > annex[2] + 2 and l[2] < annex[2] + 6 * LINE]
continued = [l for l in lines_after if not re.match(r"^\d+\.", l[0]) and not l[0].startswith("宁波")]
numbered = [l for l in lines_after if re.match(r"^\d+\.", l[0])]
if name_x is None or not numbered:
    fail(f"the 附件 list: {[l[0] for l in pages[annex_page]]}")
first_number_x = annex[1] + 3 * CHAR
near(numbered[0][1], first_number_x, 4, "§7.3.4 each further annex's number under the first's")
if continued:
    near(continued[0][1], name_x, 3, "§7.3.4 a long annex name continues under its own first character")
else:
    print("ok §7.3.4 (no annex name long enough to wrap)")

sign_page = next(i for i, p in enumerate(pages) if any(re.search(r"\d{4}年\d+月\d+日$", l[0]) and l[1] > PAGE_W / 2 for l in p))
date = [l for l in pages[sign_page] if re.search(r"\d{4}年\d+月\d+日$", l[0]) and l[1] > PAGE_W / 2][0]
issuer = max((l for l in pages[sign_page] if l[4] < date[2] + 1 and l[1] > PAGE_W / 2), key=lambda l: l[2])
near(issuer[3], RIGHT - 2 * CHAR, 5, "§7.3.5.2 the organ's name two characters from the right")
near(date[1] - issuer[1], 2 * CHAR, 5, "§7.3.5.2 the date starts two characters right of the name")
near(date[2] - issuer[2], LINE, 3, "§7.3.5.2 the date on the line under the name")
above = [l for l in pages[sign_page] if l[4] < issuer[2] and l[2] > TOP - 2 and not re.fullmatch(r"—?\d*—?", l[0])]
if not above:
    fail("the signature never stands alone on its page")
print(f"ok the signature shares page {sign_page + 1} with {len(above)} lines of the text")

# 页码: odd pages at the right, even at the left; a 函's first page has none.
for n, page in enumerate(pages):
    numbers = [l for l in page if re.fullmatch(r"—\d+—", l[0])]
    if kind == "letter" and n == 0:
        if numbers:
            fail("§10.1 a 函's first page shows no page number")
        print("ok §10.1 no page number on the 函's first page")
        continue
    if not numbers:
        fail(f"§7.5 page {n + 1} has its number")
    number = numbers[0]
    if number[0] != f"—{n + 1}—":
        fail(f"§7.5 page {n + 1} is numbered {number[0]}")
    near(number[2] - BOTTOM, 7 * MM, 3, f"§7.5 page {n + 1}'s number 7 mm under the 版心")
    if n % 2 == 0:
        near(number[3], RIGHT - 14, 4, f"§7.5 odd page {n + 1}: number one character from the right")
    else:
        near(number[1], LEFT + 14, 4, f"§7.5 even page {n + 1}: number one character from the left")

# 版记 on the last page: 抄送 over 印发, between rules, the last on the 版心's bottom edge.
last = len(pages) - 1
copy = find(last, r"^抄送：", "抄送")
near(copy[1], LEFT + 14, 4, "§7.4.2 抄送 one character in")
if kind == "file":
    printed = find(last, r"印发$", "印发日期")
    organ = [l for l in pages[last] if abs(l[2] - printed[2]) < 3 and l[1] < printed[1]]
    near(organ[0][1] if organ else printed[1], LEFT + 14, 4, "§7.4.3 印发机关 one character from the left")
    near(printed[3], RIGHT - 14, 4, "§7.4.3 印发日期 one character from the right")
    black = rules(last, "black")
    if not black or abs(black[-1] - BOTTOM) > 3:
        fail(f"§7.4.1 the last rule on the 版心's bottom edge (rows {black[-3:]}, edge {BOTTOM:.1f})")
    print(f"ok §7.4.1 the last rule on the 版心's bottom edge ({black[-1]} pt)")
    if not any(copy[2] - 12 < y < copy[2] for y in black):
        fail("§7.4.1 a rule over the first element of the 版记")
    print("ok §7.4.1 a rule over the 版记")
    if copy[2] < date[4] and last == sign_page:
        fail("the 版记 stays under the date")
else:
    near(copy[4], BOTTOM, 12, "§10.1 the 抄送 at the foot of the 版心")
print("layout OK")
