#!/usr/bin/env python3
"""Turns a site's data/*.csv into one .xlsx workbook each, made by LibreOffice headless as a clerk's
spreadsheet would hold them: dates as date cells, scores and years as numbers, codes and every other
text column as text cells (shared strings).

usage: make_workbooks.py DATA_DIR OUT_DIR
"""
import csv, os, subprocess, sys, tempfile

# Columns a clerk's sheet holds as numbers or dates (LibreOffice's "Standard" type recognises them);
# every other column is imported as text, as the README tells the clerk to format code columns.
NUMBERS = {"年度", "基本素质", "业务执行", "经营管理", "诚信记录", "总分"}


def is_date(header):
    return header.endswith("日期") or header == "有效期至"


def read_text(path):
    raw = open(path, "rb").read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise SystemExit(f"{path}: neither UTF-8 nor GB18030")


def main(data, out):
    os.makedirs(out, exist_ok=True)
    groups = {}
    with tempfile.TemporaryDirectory() as work:
        for name in sorted(os.listdir(data)):
            if not name.endswith(".csv"):
                continue
            rows = list(csv.reader(read_text(os.path.join(data, name)).splitlines()))
            spec = "/".join(f"{i + 1}/{1 if (h in NUMBERS or is_date(h)) else 2}" for i, h in enumerate(rows[0]))
            groups.setdefault(spec, [])
            folder = os.path.join(work, "g" + str(list(groups).index(spec)))
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            groups[spec].append(os.path.join(folder, name))
        for spec, files in sorted(groups.items()):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                            f"--infilter=CSV:44,34,76,1,{spec}", "--convert-to", "xlsx", "--outdir", out] + files,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    missing = [n for fs in groups.values() for n in fs if not os.path.exists(os.path.join(out, os.path.basename(n)[:-4] + ".xlsx"))]
    if missing:
        raise SystemExit(f"LibreOffice made no workbook for {missing}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
