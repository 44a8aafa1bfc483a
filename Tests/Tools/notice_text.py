#!/usr/bin/env python3
"""A notice package as its reader sees it: LibreOffice prints each .docx and .xlsx to PDF, poppler's
pdftotext reads the PDF back. Writes OUT/NAME.txt for each document.

Usage: notice_text.py PACKAGE_DIR OUT_DIR
"""
import glob, os, subprocess, sys, tempfile

package, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
documents = sorted(glob.glob(os.path.join(package, "*.docx")) + glob.glob(os.path.join(package, "*.xlsx")))
with tempfile.TemporaryDirectory() as work:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf", "--outdir", work] + documents,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    for document in documents:
        name = os.path.splitext(os.path.basename(document))[0]
        subprocess.run(["pdftotext", "-layout", os.path.join(work, name + ".pdf"), os.path.join(out, name + ".txt")], check=True, timeout=60)
        print(name)
