#!/usr/bin/env python3
"""Which files of a built site contain any of the given texts — inside Excel, Word and zip files too.

Art. 14–15: a record that is no longer public must be named in no output; a byte search misses the
compressed parts of .xlsx and .docx, so those are opened and each member searched.

usage: find_text.py OUTPUT_FOLDER TEXT...   (prints `file[:member]: text` per hit; exit 1 if any)
"""
import os
import sys
import zipfile


def main(root, texts):
    needles = [t.encode("utf-8") for t in texts]
    hits = 0
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            with open(path, "rb") as f:
                data = f.read()
            parts = [(relative, data)]
            if data[:4] == b"PK\x03\x04":
                with zipfile.ZipFile(path) as z:
                    parts += [(f"{relative}:{m}", z.read(m)) for m in z.namelist()]
            for where, content in parts:
                for text, needle in zip(texts, needles):
                    if needle in content:
                        hits += 1
                        print(f"{where}: {text}")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
