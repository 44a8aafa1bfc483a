#!/usr/bin/env python3
"""An annex workbook printed as its reader prints it (GB/T 9704-2012 §7.3.7): LibreOffice prints it to PDF (fonts as
in fonts.conf); the pages must be A4 landscape, the first begin with 附件N and the title, every page repeat the header
row, and no column be cut off (the sheet fits the page's width). The pages are kept as PNG to look at.
Prints "annex OK" or the first failure. Usage: annex_layout.py XLSX NUMBER PNG_PREFIX"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

xlsx, number, png_prefix = sys.argv[1], sys.argv[2], sys.argv[3]


def fail(what):
    print("FAILED:", what)
    sys.exit(1)


with zipfile.ZipFile(xlsx) as z:
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    workbook = z.read("xl/workbook.xml").decode()
if not re.search(r'<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>', sheet):
    fail("A4 landscape, fitted to the width")
if "_xlnm.Print_Titles" not in workbook or "$3:$3" not in workbook:
    fail("the header row repeated on every printed page")
work = tempfile.mkdtemp(prefix="gongshi-annex-")
env = dict(os.environ, FONTCONFIG_FILE=os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts.conf"))
subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf", "--outdir", work, xlsx],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300, env=env)
pdf = os.path.join(work, os.path.splitext(os.path.basename(xlsx))[0] + ".pdf")
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
if not size or not (841 < float(size.group(1)) < 843 and 594 < float(size.group(2)) < 596):
    fail(f"the pages are A4 landscape: {size.group(0) if size else info}")
pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
subprocess.run(["pdftoppm", "-r", "50", "-png", "-l", "2", pdf, png_prefix], check=True, timeout=120)
# Only the data sheet is printed here: LibreOffice prints every sheet, the notes after it.
for page in range(1, pages + 1):
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s", "", text)
    if "所属公告" in flat:
        break
    if page == 1 and not flat.startswith("附件" + number):
        fail(f"the first page begins with 附件{number}: {flat[:40]}")
    if "统一社会信用代码" not in flat:
        fail(f"page {page} repeats the header row")
    if page == 1 and not re.search(r"评价等级|说明|不予评定原因", flat):
        fail("every column fits the page's width")
print(f"annex OK ({pages} pages)")
