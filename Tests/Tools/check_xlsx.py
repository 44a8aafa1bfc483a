#!/usr/bin/env python3
"""Checks the open data's Excel files against their CSVs, as two spreadsheet programs read them.

For each open-data/excel/NAME.xlsx: openpyxl reads every cell; each must be the CSV's value, of the
right type: text columns strings exactly as written (codes and certificate numbers included), numbers
numbers, dates dates; no cell is a formula. Then LibreOffice converts the first sheet back to CSV, which
must hold every code and certificate number as written (Excel's trouble: 913502000728319549 shown as
913502000728319000, 221112050001 as 2.21114E+11). Prints what differs; exits 1 if anything does.

With --libreoffice, also each open-data/excel/NAME.csv (the CSV for Excel and WPS: Chinese headers, digits
protected) goes through LibreOffice as a clerk's spreadsheet would take it: opened, saved as xlsx, and that
saved again as CSV. Every cell must then be the plain CSV's value: text exactly, numbers and dates equal.

A field whose values are codes (`stage`: notice, final) shows each code's Chinese label in both Excel files,
the label its metadata description documents: `（代码：notice 公示；final 公布）`.

Usage: check_xlsx.py OPEN_DATA_DIR [--libreoffice]
"""
import csv, datetime, glob, io, json, os, re, subprocess, sys, tempfile
import openpyxl

open_data = sys.argv[1]


def labels(schema, field):
    """The code → Chinese label pairs a field's description documents, or none."""
    m = re.search(r"（代码：([^）]*)）", schema["items"]["properties"][field].get("description", ""))
    return dict(pair.split(" ", 1) for pair in m.group(1).split("；")) if m else {}


problems = []
checked = 0
books = {}
for path in sorted(glob.glob(os.path.join(open_data, "excel", "*.xlsx"))):
    name = os.path.basename(path)[:-5]
    rows = list(csv.reader(io.StringIO(open(os.path.join(open_data, name + ".csv"), encoding="utf-8").read())))
    schema = json.load(open(os.path.join(open_data, "schemas", name + ".schema.json"), encoding="utf-8"))
    fields = rows[0]
    book = openpyxl.load_workbook(path)
    data = [ws for ws in book.worksheets if ws.title.startswith("数据")]
    if not data or book.worksheets[-1].title != "说明":
        problems.append(f"{name}: sheets {book.sheetnames}")
        continue
    cells = [row for ws in data for i, row in enumerate(ws.iter_rows()) if i > 0]
    if len(cells) != len(rows) - 1:
        problems.append(f"{name}: {len(cells)} rows, the CSV has {len(rows) - 1}")
        continue
    types = {f: schema["items"]["properties"][f].get("type") for f in fields}
    codes = {f: labels(schema, f) for f in fields}
    for r, (row, line) in enumerate(zip(cells, rows[1:]), start=2):
        for c, (cell, text, field) in enumerate(zip(row, line, fields)):
            checked += 1
            if codes[field]:
                if text not in codes[field]:
                    problems.append(f"{name}.csv row {r} ({field}): {text!r} is not a documented code")
                text = codes[field].get(text, text)
            if cell.data_type == "f":
                problems.append(f"{name}!{cell.coordinate}: a formula")
            value = cell.value
            expected = text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text
            kind = types[field]
            kind = [k for k in kind if k != "null"][0] if isinstance(kind, list) else kind
            if expected == "":
                ok = value is None
            elif kind == "string" and schema["items"]["properties"][field].get("format") == "date":
                ok = isinstance(value, datetime.datetime) and value.date().isoformat() == expected
            elif kind == "string":
                ok = isinstance(value, str) and value == expected and cell.number_format == "@"
            elif kind in ("integer", "number"):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and float(value) == float(expected)
            elif kind == "boolean":
                ok = isinstance(value, bool) and value == (expected == "true")
            else:
                ok = str(value) == expected
            if not ok:
                problems.append(f"{name}!{cell.coordinate} ({field}, {kind}): {value!r} ({cell.data_type}, {cell.number_format}) for {expected!r}")
    books[name] = (fields, rows)
# LibreOffice opens every workbook once, in one run (each start costs seconds), and writes its first sheet as CSV.
if "--libreoffice" in sys.argv and books:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out]
                       + [os.path.join(open_data, "excel", n + ".xlsx") for n in sorted(books)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        for name, (fields, rows) in sorted(books.items()):
            back = list(csv.reader(open(os.path.join(out, name + ".csv"), encoding="utf-8")))
            for field in ("unified_social_credit_code", "certificate_number"):
                if field not in fields:
                    continue
                i = fields.index(field)
                want = [line[i] for line in rows[1:]]
                got = [line[i] for line in back[1:len(rows)]]
                checked += len(want)
                if want != got:
                    bad = next(((w, g) for w, g in zip(want, got) if w != g), (len(want), len(got)))
                    problems.append(f"{name}: LibreOffice reads {field} {bad[1]!r} for {bad[0]!r}")
def same(text, back, kind):
    if kind == "boolean" and text != "":
        return back == {"true": "是", "false": "否"}[text]
    if kind in ("integer", "number") and text != "":
        try:
            return float(text) == float(back)
        except ValueError:
            return False
    return text == back


# The Excel CSVs: CSV → xlsx → CSV through LibreOffice (its CSV filter evaluates the ="…" that protects digits).
if "--libreoffice" in sys.argv and books:
    with tempfile.TemporaryDirectory() as out:
        profile = f"-env:UserInstallation=file://{out}/profile"
        os.makedirs(os.path.join(out, "xlsx"))
        subprocess.run(["soffice", profile, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", os.path.join(out, "xlsx")]
                       + [os.path.join(open_data, "excel", n + ".csv") for n in sorted(books)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        subprocess.run(["soffice", profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out]
                       + [os.path.join(out, "xlsx", n + ".xlsx") for n in sorted(books)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        for name, (fields, rows) in sorted(books.items()):
            schema = json.load(open(os.path.join(open_data, "schemas", name + ".schema.json"), encoding="utf-8"))
            excel = list(csv.reader(open(os.path.join(open_data, "excel", name + ".csv"), encoding="utf-8-sig")))
            titles = [schema["items"]["properties"][f].get("title", f) for f in fields]
            if excel[0] != titles:
                problems.append(f"excel/{name}.csv: header {excel[0]} is not the Chinese titles {titles}")
            back = list(csv.reader(open(os.path.join(out, name + ".csv"), encoding="utf-8-sig")))
            if len(back) != len(rows):
                problems.append(f"excel/{name}.csv: LibreOffice reads {len(back)} rows, the CSV has {len(rows)}")
                continue
            for r, (line, got) in enumerate(zip(rows[1:], back[1:]), start=2):
                for field, text, value in zip(fields, line, got):
                    checked += 1
                    text = labels(schema, field).get(text, text)
                    kind = schema["items"]["properties"][field].get("type")
                    kind = [k for k in kind if k != "null"][0] if isinstance(kind, list) else kind
                    if not same(text, value, kind):
                        problems.append(f"excel/{name}.csv row {r} ({field}): LibreOffice reads {value!r} for {text!r}")
print(f"{checked} cells checked")
print("\n".join(problems[:40]))
sys.exit(1 if problems else 0)
