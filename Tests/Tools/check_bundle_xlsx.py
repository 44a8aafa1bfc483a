#!/usr/bin/env python3
"""Checks a sharing bundle's workbooks as the recipient's spreadsheet reads them.

For each data/NAME.xlsx of an unpacked bundle, LibreOffice converts its first sheet to CSV; every cell must
be the bundle's data/NAME.csv cell exactly (all cells are text: codes keep every digit, dates stay as
written). Prints what differs; exits 1 if anything does.

Usage: check_bundle_xlsx.py UNPACKED_BUNDLE_DIR
"""
import csv, glob, os, subprocess, sys, tempfile

root = sys.argv[1]
books = sorted(glob.glob(os.path.join(root, "data", "*.xlsx")))
problems, cells = [], 0
with tempfile.TemporaryDirectory() as out:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out] + books,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    for book in books:
        name = os.path.basename(book)[:-5]
        want = list(csv.reader(open(os.path.join(root, "data", name + ".csv"), encoding="utf-8", newline="")))
        got = list(csv.reader(open(os.path.join(out, name + ".csv"), encoding="utf-8", newline="")))
        if len(want) != len(got):
            problems.append(f"{name}: {len(got)} rows read back, {len(want)} in the CSV")
        for i, (w, g) in enumerate(zip(want, got)):
            g = g + [""] * (len(w) - len(g))
            for j, (a, b) in enumerate(zip(w, g)):
                cells += 1
                if a != b:
                    problems.append(f"{name} row {i + 1}, column {j + 1}: LibreOffice reads {b!r} for {a!r}")
print(f"{len(books)} workbooks, {cells} cells compared")
for p in problems[:20]:
    print(p)
sys.exit(1 if problems or not books else 0)
