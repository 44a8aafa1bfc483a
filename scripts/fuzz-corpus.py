#!/usr/bin/env python3
"""Seeds the fuzz corpus from the fixtures: every CSV under Tests/Fixtures and content/data (up to 64 KB),
prefixed with the byte that tells the fuzz target which data file it stands for (CSVFormat.all's order)."""
import os, sys

FORMATS = ["code-exceptions.csv", "agencies.csv", "filings.csv", "qualifications.csv", "qualification-scope.csv",
           "key-personnel.csv", "evaluations.csv", "serious-dishonesty.csv", "bad-records.csv", "warnings.csv",
           "objections.csv", "publication-stages.csv"]
root = os.path.join(os.path.dirname(__file__), "..")
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
