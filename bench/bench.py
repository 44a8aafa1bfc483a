#!/usr/bin/env python3
"""gongshi's benchmark: one run on one machine, written to bench/RESULTS.md.

For each size it synthesizes a registry (gongshi synth), imports it, and times with hyperfine:
  - a full build into an empty output folder (and its peak RSS with /usr/bin/time -v),
  - the I/O floor: copying that build's own output tree (cp -r), under the same preparation,
  - Hugo building the same agency pages (HTML and Markdown twin, plus the agency list) from the same registry,
  - a rebuild with nothing changed, and a rebuild after one agency's address changed in data/agencies.csv
    (edited and imported before each run; the import is timed apart).
Then the report-number index: a registry with 10 million numbers, built, and its largest shard.

Before every timed cold run the output is removed and `sync` flushes the disk, so that no run pays for
the previous one's writes. The disk here is noisy: medians of several runs, and ratios from one run.

usage: bench.py [--sizes 500,1000,10000,100000] [--runs N] [--index-numbers N] [--work DIR] [--results FILE]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GONGSHI = os.path.join(ROOT, ".build-release", "release", "gongshi")
AS_OF = "2026-06-01"
YEARS = 5


def log(message):
    print("bench: " + message, flush=True)


# gongshi speaks Chinese by default; the bench reads its English lines ("… written, … removed").
os.environ["LANG"] = "en_US.UTF-8"


def run(args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw)


def hyperfine(commands, runs, prepare=None, warmup=0, name="hf"):
    """Median, mean, stddev and min (seconds) of each command, through hyperfine's JSON export."""
    out = os.path.join(WORK, name + ".json")
    args = ["hyperfine", "--style", "basic", "--runs", str(runs), "--warmup", str(warmup), "--export-json", out]
    if prepare:
        args += ["--prepare", prepare]
    subprocess.run(args + commands, check=True)
    with open(out) as f:
        return [{k: r[k] for k in ("median", "mean", "stddev", "min", "max")} for r in json.load(f)["results"]]


def peak_rss_mb(command):
    """Peak resident set size of one run, from /usr/bin/time -v."""
    done = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", command], check=True, text=True, capture_output=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return kb / 1024


def tree_size(path):
    files = size = 0
    for folder, _, names in os.walk(path):
        for n in names:
            files += 1
            size += os.lstat(os.path.join(folder, n)).st_size
    return files, size


def timed(args):
    start = datetime.datetime.now()
    run(args)
    return (datetime.datetime.now() - start).total_seconds()


def synthesize(agencies, numbers):
    site = os.path.join(WORK, "site-%d-%d" % (agencies, numbers))
    shutil.rmtree(site, ignore_errors=True)
    log("synthesize %d agencies × %d years, %d report numbers" % (agencies, YEARS, numbers))
    run([GONGSHI, "synth", "--agencies", str(agencies), "--years", str(YEARS), "--seed", "1",
         "--report-numbers", str(numbers), "--output", site])
    seconds = timed([GONGSHI, "import", "--site", site, "--quiet"])
    log("imported in %.1f s" % seconds)
    return site, seconds


def output_of(site):
    """Where a site's build goes: under --outputs (tmpfs by default), not beside the site."""
    return os.path.join(OUTPUTS, os.path.basename(site))


def build_command(site):
    # The theme named, since the binary runs from a copy outside the checkout.
    return "%s build --site %s --output %s --as-of %s --theme %s --quiet" % (
        GONGSHI, site, output_of(site), AS_OF, os.path.join(ROOT, "site-templates"))


def fresh(site):
    """Removes the build's output, its spare (the previous build, kept beside it) and its stamp, then flushes."""
    out = output_of(site)
    parent, name = os.path.dirname(out), os.path.basename(out)
    return "rm -rf %s %s/.%s.spare %s/.%s.stamp; sync" % (out, parent, name, parent, name)


def change_address_command(site):
    """A shell command that gives one agency a new address in data/agencies.csv (新 1, 新 2, … so that no
    run finds its bytes in the build before) and imports."""
    script = ("import re, sys; p = sys.argv[1]; lines = open(p, encoding='utf-8').read().split('\\n'); "
              "cells = lines[1].split(','); m = re.match(r'(.*?)(新(\\d+))?$', cells[3]); "
              "cells[3] = m.group(1) + '新' + str(int(m.group(3) or 0) + 1); "
              "lines[1] = ','.join(cells); open(p, 'w', encoding='utf-8').write('\\n'.join(lines))")
    return "python3 -c \"%s\" %s/data/agencies.csv && %s import --site %s --quiet" % (script, site, GONGSHI, site)


def measure_size(agencies, runs):
    site, import_seconds = synthesize(agencies, agencies * 10)
    row = {"agencies": agencies, "import": import_seconds}
    build = build_command(site)

    log("%d: peak memory of a full build" % agencies)
    subprocess.run(fresh(site), shell=True, check=True)
    row["rss"] = peak_rss_mb(build)
    row["files"], row["bytes"] = tree_size(output_of(site))

    log("%d: full build and the I/O floor (cp -r of its output)" % agencies)
    copy = os.path.join(OUTPUTS, "floor")
    # Alternating would be fairer on a drifting disk; hyperfine runs each command's runs in a row, so the
    # floor is measured right after the build, with the same preparation.
    full, = hyperfine([build], runs, prepare=fresh(site), name="full-%d" % agencies)
    subprocess.run(fresh(site), shell=True, check=True)
    run(["sh", "-c", build])
    # gongshi flushes its output to disk (syncfs) before switching it in, so the floor is a copy that does the
    # same; the copy alone, its pages left for the kernel to write later, is shown beside it.
    floor, cp = hyperfine(["cp -r %s %s && sync" % (output_of(site), copy), "cp -r %s %s" % (output_of(site), copy)], runs,
                          prepare="rm -rf %s; sync" % copy, name="floor-%d" % agencies)
    subprocess.run("rm -rf %s; sync" % copy, shell=True, check=True)
    row["full"], row["floor"], row["cp"] = full, floor, cp

    log("%d: Hugo on the same agency pages" % agencies)
    hugo_site, hugo_out = os.path.join(WORK, "hugo-%d" % agencies), os.path.join(OUTPUTS, "hugo-%d-out" % agencies)
    run([sys.executable, os.path.join(ROOT, "bench", "hugo_site.py"), output_of(site), hugo_site])
    hugo = "hugo --quiet --source %s --destination %s" % (hugo_site, hugo_out)
    row["hugo"], = hyperfine([hugo], runs, prepare="rm -rf %s %s/resources; sync" % (hugo_out, hugo_site), name="hugo-%d" % agencies)
    subprocess.run("rm -rf %s" % hugo_out, shell=True, check=True)
    row["hugo_rss"] = peak_rss_mb(hugo)
    row["hugo_files"], row["hugo_bytes"] = tree_size(hugo_out)
    shutil.rmtree(hugo_out, ignore_errors=True)

    log("%d: rebuild with nothing changed" % agencies)
    # The first build over an existing output also makes the spare (a hard-linked copy): warm up once.
    row["nochange"], = hyperfine([build], runs, warmup=1, name="nochange-%d" % agencies)

    log("%d: rebuild after one agency's address changed" % agencies)
    row["onerecord"], = hyperfine([build], runs, prepare=change_address_command(site), name="onerecord-%d" % agencies)
    subprocess.run(change_address_command(site), shell=True, check=True)
    said = run(["sh", "-c", build.replace(" --quiet", "")]).stdout.strip().splitlines()[-2:]
    row["onerecord_said"] = next((line for line in said if "written" in line), "")
    subprocess.run(fresh(site), shell=True, check=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(hugo_site, ignore_errors=True)
    return row


def measure_index(numbers, runs):
    agencies = 1000
    site, import_seconds = synthesize(agencies, numbers)
    log("report-number index: full build of %d agencies with %d numbers" % (agencies, numbers))
    full, = hyperfine([build_command(site)], runs, prepare=fresh(site), name="index")
    shards = os.path.join(output_of(site), "verify", "shards")
    sizes = [os.path.getsize(os.path.join(shards, n)) for n in os.listdir(shards)]
    result = {"numbers": numbers, "agencies": agencies, "import": import_seconds, "full": full,
              "shards": len(sizes), "largest": max(sizes), "mean": sum(sizes) / len(sizes),
              "rss": peak_rss_mb(fresh(site) + "; " + build_command(site))}
    subprocess.run(fresh(site), shell=True, check=True)
    shutil.rmtree(site, ignore_errors=True)
    return result


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")) / 1024 / 1024
    mount = run(["findmnt", "-n", "-o", "SOURCE,FSTYPE,OPTIONS", "--target", OUTPUTS]).stdout.strip().splitlines()[0]
    versions = {
        "swift": run(["swift", "--version"]).stdout.strip().splitlines()[0] if shutil.which("swift") else "?",
        "hugo": run(["hugo", "version"]).stdout.strip(),
        "hyperfine": run(["hyperfine", "--version"]).stdout.strip(),
        "gongshi": run(["git", "-C", ROOT, "log", "-1", "--format=%h %s"]).stdout.strip(),
    }
    return cpu, os.cpu_count(), memory, mount, platform.platform(), versions


def seconds(t):
    return "%.2f s" % t["median"] if t["median"] < 10 else "%.1f s" % t["median"]


def write_results(rows, index, path):
    cpu, cores, memory, mount, system, versions = machine()
    date = datetime.date.today().isoformat()
    out = ["# gongshi benchmark results", "",
           "Written by `make bench` (bench/bench.py) in one run on %s. Do not edit by hand: run it again." % date, "",
           "## Machine", "",
           "- CPU: %s, %d cores; memory %.1f GiB" % (cpu, cores, memory),
           "- Outputs written to `%s`: `%s`" % (OUTPUTS, mount),
           "- System: %s" % system]
    out += ["- %s: %s" % (k, v) for k, v in versions.items()]
    out += ["", "## Builds", "",
            "Synthetic registries (`gongshi synth --years %d --seed 1`, 10 report numbers per agency), built as of %s."
            % (YEARS, AS_OF),
            "Times are medians of hyperfine runs (10 up to 1,000 agencies, 5 at 10,000, 3 above); before each cold run the output",
            "is removed and `sync` run. The I/O floor copies gongshi's output and runs `sync` (gongshi's build ends with",
            "`syncfs` before it switches the output in); `cp -r` alone leaves the writing to the kernel.",
            "gongshi builds the whole site and open data; Hugo builds only the agency pages, their Markdown twins and the list.", "",
            "| agencies | files | output | gongshi full build | peak RSS | I/O floor (cp -r, sync) | cp -r alone | gongshi / floor "
            "| Hugo (same agency pages) | Hugo RSS | Hugo / gongshi | no-change rebuild | one-record rebuild | import |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append("| %s | %s | %.0f MB | %s | %.0f MB | %s | %s | %.2f | %s | %.0f MB | %.2f | %s | %s | %.1f s |" % (
            format(r["agencies"], ","), format(r["files"], ","), r["bytes"] / 1e6, seconds(r["full"]), r["rss"],
            seconds(r["floor"]), seconds(r["cp"]), r["full"]["median"] / r["floor"]["median"], seconds(r["hugo"]), r["hugo_rss"],
            r["hugo"]["median"] / r["full"]["median"], seconds(r["nochange"]), seconds(r["onerecord"]), r["import"]))
    out += ["", "Spread (min–max of the runs):", ""]
    for r in rows:
        spread = ", ".join("%s %.2f–%.2f s" % (k, r[k]["min"], r[k]["max"]) for k in ("full", "floor", "cp", "hugo", "nochange", "onerecord"))
        out.append("- %s agencies: %s" % (format(r["agencies"], ","), spread))
    out += ["", "What the one-record rebuild wrote:", ""]
    out += ["- %s agencies: %s" % (format(r["agencies"], ","), r["onerecord_said"]) for r in rows]
    if index:
        out += ["", "## Report-number index (Art. 18)", "",
                "A full build of %s agencies with %s report numbers: %s (median; %.1f–%.1f s), peak RSS %.0f MB; import %.0f s."
                % (format(index["agencies"], ","), format(index["numbers"], ","), seconds(index["full"]), index["full"]["min"], index["full"]["max"],
                   index["rss"], index["import"]),
                "%s shards, mean %.1f KB, largest %.1f KB." % (format(index["shards"], ","), index["mean"] / 1024, index["largest"] / 1024)]
    out += ["", "## Targets (issue 8)", ""]
    targets = []
    by = {r["agencies"]: r for r in rows}
    if 100000 in by:
        r = by[100000]
        targets += [("100k: full build ≤ 2 × the I/O floor", "%.2f ×" % (r["full"]["median"] / r["floor"]["median"]), r["full"]["median"] <= 2 * r["floor"]["median"]),
                    ("100k: ≥ 5 × faster than Hugo", "%.2f ×" % (r["hugo"]["median"] / r["full"]["median"]), r["hugo"]["median"] >= 5 * r["full"]["median"]),
                    ("100k: peak RSS ≤ 1 GB", "%.0f MB" % r["rss"], r["rss"] <= 1024),
                    ("100k: one-record change ≤ 1 s", seconds(r["onerecord"]), r["onerecord"]["median"] <= 1),
                    ("100k: no-change rebuild ≤ 2 s", seconds(r["nochange"]), r["nochange"]["median"] <= 2)]
    if 500 in by:
        targets.append(("500 × 5 years: full build ≤ 0.3 s", seconds(by[500]["full"]), by[500]["full"]["median"] <= 0.3))
    if index:
        targets += [("10M report numbers: index built ≤ 30 s (whole build)", seconds(index["full"]), index["full"]["median"] <= 30),
                    ("10M report numbers: every shard ≤ 16 KB", "%.1f KB" % (index["largest"] / 1024), index["largest"] <= 16384)]
    out += ["| target | measured | met |", "|---|---:|---|"]
    out += ["| %s | %s | %s |" % (t, m, "yes" if ok else "**no**") for t, m, ok in targets]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    log("wrote " + path)


def main():
    global WORK, OUTPUTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=0, help="runs per measurement (default: 10 up to 1,000 agencies, 5 up to 10,000, else 3)")
    parser.add_argument("--index-numbers", type=int, default=10_000_000, help="0 skips the report-number index")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench"))
    parser.add_argument("--results", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    parser.add_argument("--outputs", default="/dev/shm/gongshi-bench",
                        help="where builds, copies and Hugo write (default tmpfs: this VM's disk spends seconds of kernel time "
                             "per thousand files created after a deletion, whoever creates them)")
    options = parser.parse_args()
    WORK = os.path.abspath(options.work)
    OUTPUTS = os.path.abspath(options.outputs)
    os.makedirs(WORK, exist_ok=True)
    os.makedirs(OUTPUTS, exist_ok=True)
    # A copy of the binary, so that rebuilding gongshi while the bench runs changes nothing measured.
    global GONGSHI
    shutil.copy2(GONGSHI, os.path.join(WORK, "gongshi"))
    GONGSHI = os.path.join(WORK, "gongshi")
    def runs(agencies):
        return options.runs or (10 if agencies <= 1000 else 5 if agencies <= 10000 else 3)
    rows = [measure_size(int(n), runs(int(n))) for n in options.sizes.split(",")]
    index = measure_index(options.index_numbers, runs(options.index_numbers)) if options.index_numbers else None
    write_results(rows, index, options.results)
    with open(options.results, encoding="utf-8") as f:
        print(f.read())


if __name__ == "__main__":
    main()
