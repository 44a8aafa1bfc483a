#!/usr/bin/env python3
"""The search index in a real browser: its size, and the time from opening the search page to the first result.

For each size it synthesizes a registry (gongshi synth --years 5 --seed 1), imports and builds it, then opens
search/index.html?q=QUERY in headless Chromium (through a local HTTP server, as a visitor would) and reads the
page's `gongshi:search-results` performance mark: the moment the first results are on the page, counted from
the start of navigation (downloading and parsing the index included). Median of several loads per query, each
in a fresh tab with the cache disabled. Also times one keystroke's search over the loaded index.

Written to bench/SEARCH.md. usage: search.py [--sizes 500,100000] [--runs 5] [--work DIR] [--results FILE]
"""
import argparse
import gzip
import hashlib
import http.server
import json
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GONGSHI = os.path.join(ROOT, ".build-release", "release", "gongshi")
AS_OF = "2026-06-01"
sys.path.insert(0, os.path.join(ROOT, "Tests", "Browser"))


def log(message):
    print("search bench:", message, flush=True)


def executable_hash():
    with open(GONGSHI, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def build(agencies, work, outputs):
    """The synthetic site and its build, kept between runs of the same executable (a national one takes minutes);
    made again by any other gongshi, whose index may differ."""
    site = os.path.join(work, "search-site-%d" % agencies)
    out = os.path.join(outputs, "search-site-%d" % agencies)
    made_by = os.path.join(outputs, ".search-site-%d.made-by" % agencies)
    current = executable_hash()
    if not os.path.exists(os.path.join(out, "search", "index.js")) or not os.path.exists(made_by) or open(made_by).read() != current:
        shutil.rmtree(site, ignore_errors=True)
        # The output, and beside it its spare, stamp and memo.
        for path in [out] + [os.path.join(outputs, ".search-site-%d.%s" % (agencies, kind)) for kind in ("spare", "stamp", "memo")]:
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif os.path.exists(path):
                os.remove(path)
        log("synthesize and build %d agencies" % agencies)
        subprocess.run([GONGSHI, "synth", "--agencies", str(agencies), "--years", "5", "--seed", "1", "--report-numbers", "0",
                        "--output", site], check=True)
        subprocess.run([GONGSHI, "import", "--site", site, "--quiet"], check=True)
        subprocess.run([GONGSHI, "build", "--site", site, "--output", out, "--as-of", AS_OF, "--theme",
                        os.path.join(ROOT, "site-templates"), "--quiet"], check=True)
        with open(made_by, "w") as f:
            f.write(current)
    return out


def serve(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=folder, **kw)

        def log_message(self, *a):
            pass
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def queries(output):
    text = open(os.path.join(output, "search", "index.js"), encoding="utf-8").read()
    index = json.loads(text[text.index("{"):text.rindex("}") + 1])
    agencies = index["agencies"]
    middle = agencies[len(agencies) // 2]
    name = middle[1]
    # An exact code, a name's characters in order with a gap, and two terms in reverse order.
    return {"exact code": middle[0], "characters in order": name[2] + name[3] + name[-4:-2],
            "two terms, any order": name[4:6] + " " + name[2:4]}, len(agencies)


def measure(driver, base, query, runs):
    import urllib.parse
    first, keystroke, counts = [], [], []
    for _ in range(runs):
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.get(base + "search/index.html?q=" + urllib.parse.quote(query))
        mark = driver.execute_script("var m = performance.getEntriesByName('gongshi:search-results'); return m.length ? m[0].startTime : null;")
        if mark is None:
            raise SystemExit("no results for %r" % query)
        first.append(mark)
        counts.append(len(driver.find_elements("css selector", ".search-results li")))
        # One more keystroke over the loaded index: the time a visitor waits while typing.
        keystroke.append(driver.execute_script(
            "var input = document.getElementById('search-q'); var t = performance.now();"
            "input.value = arguments[0] + ' '; input.dispatchEvent(new Event('input'));"
            "return performance.now() - t;", query))
    return statistics.median(first), statistics.median(keystroke), counts[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench"))
    # On disk beside the sites, not tmpfs: the builds are kept between runs, and tmpfs is memory.
    parser.add_argument("--outputs", default=os.path.join(ROOT, ".build", "bench", "search-outputs"))
    parser.add_argument("--results", default=os.path.join(ROOT, "bench", "SEARCH.md"))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    os.environ.setdefault("SE_OFFLINE", "true")
    from conftest import make_driver
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        output = build(size, args.work, args.outputs)
        raw = open(os.path.join(output, "search", "index.js"), "rb").read()
        packed = len(gzip.compress(raw, 6))
        named, count = queries(output)
        server = serve(output)
        base = "http://127.0.0.1:%d/" % server.server_address[1]
        driver = make_driver()
        try:
            for label, query in named.items():
                first, keystroke, hits = measure(driver, base, query, args.runs)
                log("%d agencies, %s (%s): first result %.0f ms, keystroke %.1f ms, %d shown" % (size, label, query, first, keystroke, hits))
                rows.append((size, count, len(raw), packed, label, query, first, keystroke, hits))
        finally:
            driver.quit()
            server.shutdown()
    version = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h %s"], capture_output=True, text=True).stdout.strip()
    with open(args.results, "w", encoding="utf-8") as f:
        f.write("# Search: index size and time to the first result\n\n")
        f.write("Written by `bench/search.py` (run by `make bench`). Do not edit by hand: run it again.\n\n")
        f.write("- %s, headless, window 1280 px, cache disabled, the site served over HTTP on localhost\n" % version)
        f.write("- gongshi: %s\n" % commit)
        f.write("- Synthetic registries (`gongshi synth --years 5 --seed 1`), built as of %s; queries from the middle agency\n" % AS_OF)
        f.write("- *first result*: from navigation start to the results on the page (download, parse, match, render), median of %d loads\n" % args.runs)
        f.write("- *keystroke*: one more search over the loaded index, as while typing (median)\n\n")
        f.write("| agencies | agencies indexed | index.js | gzip | query | first result | keystroke | results |\n")
        f.write("|---:|---:|---:|---:|---|---:|---:|---:|\n")
        for size, count, raw, packed, label, query, first, keystroke, hits in rows:
            f.write("| %s | %s | %.1f KB | %.1f KB | %s `%s` | %.0f ms | %.1f ms | %d |\n" % (
                "{:,}".format(size), "{:,}".format(count), raw / 1024, packed / 1024, label, query, first, keystroke, hits))
    log("wrote " + args.results)


if __name__ == "__main__":
    main()
