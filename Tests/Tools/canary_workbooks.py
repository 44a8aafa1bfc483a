#!/usr/bin/env python3
"""Turns each data/*.csv into a workbook of the same stem (agencies.csv → agencies.xlsx), as a clerk's spreadsheet
would hold it when a code column was left as a number: every cell of digits only, 12 or more of them, becomes a
number cell (Excel keeps 15 digits of it), everything else a text cell. The CSV files are removed.

usage: canary_workbooks.py DATA_DIR
"""
import csv, os, sys
from openpyxl import Workbook

data = sys.argv[1]
for name in sorted(os.listdir(data)):
    if not name.endswith(".csv"):
        continue
    path = os.path.join(data, name)
    raw = open(path, "rb").read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            pass
    book = Workbook()
    sheet = book.active
    for r, row in enumerate(csv.reader(text.splitlines())):
        for c, value in enumerate(row):
            if r > 0 and value.isdigit() and len(value) >= 12:
                sheet.cell(row=r + 1, column=c + 1, value=int(value))
            elif value:
                sheet.cell(row=r + 1, column=c + 1, value=value)
    book.save(os.path.join(data, name[:-4] + ".xlsx"))
    os.remove(path)
