#!/usr/bin/env python3
"""Seeds the fuzz corpora. The importer's: every CSV under Tests/Fixtures and content/data (up to 64 KB),
prefixed with the byte that tells the fuzz target which data file it stands for (CSVFormat.all's order).
With a second folder, verify-bundle's: real bundles of the fixture site for each recipient, full and delta,
signed with a throwaway key made outside the tree, whose public key goes to FOLDER/../bundle-key.pub."""
import csv, os, shutil, subprocess, sys, tempfile
from xml.sax.saxutils import escape


def workbook_parts(out):
    """The workbook reader's seeds: a sheet of the demo's agencies (shared and inline strings, numbers, a date,
    a merge), its shared strings, styles and workbook part, each prefixed with the byte that picks the part
    (WorkbookFuzzTarget.parts' order)."""
    os.makedirs(out, exist_ok=True)
    rows = list(csv.reader(open(os.path.join(root, "content/data/agencies.csv"), encoding="utf-8-sig")))[:40]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings, cells = [], []
    for r, row in enumerate(rows, 1):
        xml = []
        for c, value in enumerate(row):
            ref = chr(65 + c) + str(r)
            if c % 2:
                strings.append(value)
                xml.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        xml.append(f'<c r="J{r}" s="1"><v>{44927 + r}</v></c><c r="K{r}"><f>SUM(J{r})</f><v>{r}.5</v></c><c r="L{r}" t="b"><v>1</v></c>')
        cells.append(f'<row r="{r}">' + "".join(xml) + "</row>")
    parts = [
        f'<worksheet xmlns="{main}"><sheetData>' + "".join(cells) + '</sheetData><mergeCells><mergeCell ref="A1:A2"/></mergeCells></worksheet>',
        f'<sst xmlns="{main}">' + "".join(f"<si><t>{escape(s)}</t><rPh><t>x</t></rPh></si>" for s in strings) + "</sst>",
        f'<styleSheet xmlns="{main}"><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="49"/><xf numFmtId="164"/></cellXfs></styleSheet>',
        f'<workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="0"/>'
        '<sheets><sheet name="机构" sheetId="1" r:id="rId1"/><sheet name="隐藏" sheetId="2" state="hidden" r:id="rId9"/></sheets></workbook>',
    ]
    for i, part in enumerate(parts):
        with open(os.path.join(out, f"seed-part-{i}"), "wb") as f:
            f.write(bytes([i]) + part.encode("utf-8"))
    # Depth- and length-seeking seeds, each at a bound and one past it: nested elements (libxml2 stops at 256),
    # comments, processing instructions and CDATA beside the markup that opens none, a tag of many attributes
    # near 64 KB, a long text in runs, a row of many cells.
    sheet = f'<worksheet xmlns="{main}"><sheetData>{{}}</sheetData></worksheet>'
    seekers = {
        "deep-255": (0, sheet.format("<x>" * 250 + "</x>" * 250)),
        "deep-300": (0, sheet.format("<x>" * 300 + "</x>" * 300)),
        "comments": (0, "<!--a-->" * 2000 + sheet.format('<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<!--]]>-->x</t></is></c></row>') + "<?p -->?>"),
        "processing": (1, f'<sst xmlns="{main}"><?pi ' + "y" * 60000 + "?><si><t>a</t></si></sst>"),
        "attributes": (0, sheet.format('<row r="1"' + "".join(f' a{i}="&gt;"' for i in range(6000)) + "/>")),
        "runs": (1, f'<sst xmlns="{main}"><si>' + "<r><t>长</t></r>" * 7000 + "</si></sst>"),
        "cells": (0, sheet.format('<row r="1">' + "<c><v>1</v></c>" * 8000 + "</row>")),
    }
    for name, (part, text) in seekers.items():
        with open(os.path.join(out, f"seek-{name}"), "wb") as f:
            f.write(bytes([part]) + text.encode("utf-8"))
    print(f"{len(parts) + len(seekers)} workbook seeds in {out}")


FORMATS = ["code-exceptions.csv", "agencies.csv", "filings.csv", "qualifications.csv", "qualification-scope.csv",
           "key-personnel.csv", "evaluations.csv", "serious-dishonesty.csv", "bad-records.csv", "warnings.csv",
           "objections.csv", "publication-stages.csv"]
root = os.path.join(os.path.dirname(__file__), "..")
if sys.argv[1] == "--workbook-parts":
    workbook_parts(sys.argv[2])
    sys.exit(0)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
count = 0
for base in ["Tests/Fixtures", "content/data"]:
    for folder, _, names in os.walk(os.path.join(root, base)):
        for name in sorted(names):
            if not name.endswith(".csv"):
                continue
            data = open(os.path.join(folder, name), "rb").read()[:65536]
            target = next((i for i, f in enumerate(FORMATS) if name.startswith(f[:-4])), 1)
            with open(os.path.join(out, f"seed-{count:04d}-{name}"), "wb") as f:
                f.write(bytes([target]) + data)
            count += 1
print(f"{count} seeds in {out}")

if len(sys.argv) > 2:
    bundles = sys.argv[2]
    os.makedirs(bundles, exist_ok=True)
    gongshi = os.path.join(root, ".build/debug/gongshi")
    env = dict(os.environ, GONGSHI_THEME=os.path.join(root, "site-templates"))
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        shutil.copytree(os.path.join(root, "Tests/Fixtures/small-site"), site)
        subprocess.run([gongshi, "import", "--site", site, "--quiet"], check=True, env=env)
        subprocess.run([gongshi, "keygen", "--output", os.path.join(work, "k.key")], check=True, env=env, stdout=subprocess.DEVNULL)
        for recipient in ["market-supervision", "credit-management", "credit-ningbo"]:
            for day in ["2026-04-07", "2026-07-01"]:
                subprocess.run([gongshi, "bundle", "--site", site, "--to", recipient, "--as-of", day, "--secret-key",
                                os.path.join(work, "k.key"), "--output", bundles], check=True, env=env, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(work, "k.pub"), os.path.join(os.path.dirname(os.path.abspath(bundles)), "bundle-key.pub"))
    print(f"{len(os.listdir(bundles))} bundle seeds in {bundles}")
