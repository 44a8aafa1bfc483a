#!/usr/bin/env python3
"""Writes a small workbook whose XML parts are mostly comments: each of workbook.xml, styles.xml,
sharedStrings.xml and the first sheet gets COMMENT_MB megabytes of comments after its XML declaration (or,
with `inside`, after its root element's start tag), in comments of 1 MB each. Every part stays within the reader's per-part limit; deflate makes the whole file a few
megabytes. What it tests is what reading such a workbook costs, not whether it is accepted.

usage: comment_bomb.py SOURCE.xlsx OUT.xlsx [COMMENT_MB [inside]]
"""
import sys, zipfile

source, out = sys.argv[1], sys.argv[2]
megabytes = int(sys.argv[3]) if len(sys.argv) > 3 else 255
inside = len(sys.argv) > 4 and sys.argv[4] == "inside"
bombed = {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"}
comment = b"<!--" + b"x" * (1024 * 1024 - 7) + b"-->"
with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename not in bombed:
            zout.writestr(info.filename, data)
            continue
        end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
        if inside:
            end = data.index(b">", data.index(b"<", end)) + 1
        with zout.open(info.filename, "w", force_zip64=False) as part:
            part.write(data[:end])
            for _ in range(megabytes):
                part.write(comment)
            part.write(data[end:])
