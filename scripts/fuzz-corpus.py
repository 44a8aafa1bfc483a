#!/usr/bin/env python3
"""Seeds the fuzz corpora. The importer's: every CSV under Tests/Fixtures and content/data (up to 64 KB),
prefixed with the byte that tells the fuzz target which data file it stands for (CSVFormat.all's order).
With a second folder, verify-bundle's: real bundles of the fixture site for each recipient, full and delta,
signed with a throwaway key made outside the tree, whose public key goes to FOLDER/../bundle-key.pub."""
import os, shutil, subprocess, sys, tempfile

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
