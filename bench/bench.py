#!/usr/bin/env python3
"""gongshi's benchmark: one run on one machine, written to bench/RESULTS.md.

For each size it synthesizes a registry (gongshi synth), imports it (timed, with its peak RSS), and times:
  - a full build into an empty output folder (and its peak RSS with /usr/bin/time -v), its files and bytes
    per agency,
  - the I/O floor: copying that build's own output tree (cp -r), under the same preparation,
  - Hugo building the same agency pages (HTML and Markdown twin, plus the agency list) from the same registry,
    and the CPU each spends per agency page,
  - a rebuild with nothing changed,
  - a rebuild after each kind of one-record change (an agency's address, one score, one E event appended,
    one repair date): the data file edited as a clerk would and imported (timed apart), then the build timed;
    the files it rewrote and the copy floor of exactly those; after every such rebuild its output is compared
    byte for byte with a build of the same data from nothing.
Then the report-number index: a registry with 10 million numbers, imported (time and peak RSS) and built.

Before every timed cold run the output is removed and `sync` flushes the disk, so that no run pays for
the previous one's writes. The disk here is noisy: medians of several runs, and ratios from one run.
Everything written under --outputs (tmpfs) is removed when the bench ends, however it ends.

usage: bench.py [--sizes 500,1000,10000,100000] [--runs N] [--index-numbers N] [--work DIR] [--results FILE]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

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
    return resources(command)[0]


def resources(command):
    """Peak resident set size (MB) and CPU seconds (user and system, all cores) of one run, from /usr/bin/time -v."""
    done = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", command], check=True, text=True, capture_output=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    cpu = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % kind, done.stderr).group(1)) for kind in ("User", "System"))
    return kb / 1024, cpu


def snapshot(path):
    """Each file under a folder with what changes when it is written again (inode, size, modification time)."""
    files = {}
    for folder, _, names in os.walk(path):
        for n in names:
            full = os.path.join(folder, n)
            st = os.lstat(full)
            files[os.path.relpath(full, path)] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return files


def copy_floor(output, paths, runs=3):
    """Median seconds to copy exactly these files of an output (cp --parents, then sync): what writing them costs at least."""
    listing = os.path.join(WORK, "changed.list")
    with open(listing, "wb") as f:
        f.write(b"\0".join(p.encode() for p in sorted(paths)) + b"\0")
    target = os.path.join(OUTPUTS, "floor-changed")
    times = []
    for _ in range(runs):
        subprocess.run("rm -rf %s; mkdir -p %s; sync" % (target, target), shell=True, check=True)
        start = time.monotonic()
        subprocess.run("cd %s && xargs -0 cp --parents -t %s < %s && sync" % (output, target, listing), shell=True, check=True)
        times.append(time.monotonic() - start)
    shutil.rmtree(target, ignore_errors=True)
    return statistics.median(times)


def tree_size(path):
    """Files, bytes and HTML pages under a folder."""
    files = size = pages = 0
    for folder, _, names in os.walk(path):
        for n in names:
            files += 1
            pages += n.endswith(".html")
            size += os.lstat(os.path.join(folder, n)).st_size
    return files, size, pages


def timed(args):
    start = datetime.datetime.now()
    run(args)
    return (datetime.datetime.now() - start).total_seconds()


def synthesize(agencies, numbers):
    """A synthetic site, imported: returns the site, the import's seconds and its peak RSS (MB)."""
    site = os.path.join(WORK, "site-%d-%d" % (agencies, numbers))
    shutil.rmtree(site, ignore_errors=True)
    log("synthesize %d agencies × %d years, %d report numbers" % (agencies, YEARS, numbers))
    run([GONGSHI, "synth", "--agencies", str(agencies), "--years", str(YEARS), "--seed", "1",
         "--report-numbers", str(numbers), "--output", site])
    start = datetime.datetime.now()
    rss = peak_rss_mb("%s import --site %s --quiet" % (GONGSHI, site))
    seconds = (datetime.datetime.now() - start).total_seconds()
    log("imported in %.1f s, peak RSS %.0f MB" % (seconds, rss))
    return site, seconds, rss


def output_of(site):
    """Where a site's build goes: under --outputs (tmpfs by default), not beside the site."""
    return os.path.join(OUTPUTS, os.path.basename(site))


def build_command(site, output=None):
    # The theme named, since the binary runs from a copy outside the checkout.
    return "%s build --site %s --output %s --as-of %s --theme %s --quiet" % (
        GONGSHI, site, output or output_of(site), AS_OF, os.path.join(ROOT, "site-templates"))


def fresh(site):
    """Removes the build's output, its spare (the previous build, kept beside it), its stamp and its memo, then flushes."""
    out = output_of(site)
    parent, name = os.path.dirname(out), os.path.basename(out)
    return "rm -rf %s %s/.%s.spare %s/.%s.stamp %s/.%s.memo; sync" % (out, parent, name, parent, name, parent, name)


CHANGES = ["address", "score", "event", "repair"]
CHANGE_TITLES = {"address": "an agency's address", "score": "one score corrected after publication", "event": "one E event", "repair": "one repair"}


def read_csv(path):
    """The lines of a data file without their ends (synth writes CRLF, as Excel does)."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def write_csv(path, lines):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(lines))


def change(kind, site, i):
    """The i-th change of a kind, as a clerk makes it in the data file; each run a record no run changed before,
    so that no rebuild finds its bytes in an earlier build."""
    data = os.path.join(site, "data")
    if kind == "address":
        path = os.path.join(data, "agencies.csv")
        lines = read_csv(path)
        cells = lines[1 + i].split(",")
        cells[3] += "新"
        lines[1 + i] = ",".join(cells)
    elif kind == "score":
        # The latest year is final on the as-of date, and a published list never changes, nor do the counts of
        # its notice (E304): one agency's result changed after publication is a correction on review of an
        # objection accepted late (filed after the 公布), which the build publishes as a new version. The i-th
        # lowest total is a D (shares 20/30/30/20), corrected to C: an agency no other run corrected (a result is
        # corrected once, E183; the runs use 0 to 4 and the untimed first rebuild 9).
        evaluations = read_csv(os.path.join(data, "evaluations.csv"))
        latest = max(line.split(",")[0] for line in evaluations[1:] if line)
        rated = [line.split(",") for line in evaluations[1:] if line.startswith(latest + ",") and line.split(",")[3]]
        rated.sort(key=lambda cells: (sum(float(c) for c in cells[3:7]), cells[1]))
        agency = rated[i % max(1, len(rated) // 10)][1]
        path = os.path.join(data, "objections.csv")
        lines = [line for line in read_csv(path) if line]
        lines.append("%s,%s,基准测试异议人%d,,%d-05-01,更正,C,%d-05-%02d,是" % (latest, agency, i, int(latest) + 1, int(latest) + 1, 10 + i % 15))
        lines.append("")
    elif kind == "event":
        path = os.path.join(data, "serious-dishonesty.csv")
        lines = [line for line in read_csv(path) if line]
        agency = read_csv(os.path.join(data, "agencies.csv"))[1 + (i * 13 + 5) % 50].split(",")[0]
        lines.append("%s,四,2026-05-%02d,甬环罚〔2026〕%d号,宁波市生态环境局,基准测试事件。," % (agency, 10 + i % 15, 9000 + i))
        lines.append("")
    else:
        # A public record (decided 2025 or later, not the ground of an E listing) repaired before the as-of date.
        path = os.path.join(data, "bad-records.csv")
        lines = read_csv(path)
        grounds = {line.split(",")[3] for line in read_csv(os.path.join(data, "serious-dishonesty.csv"))[1:] if line}
        candidates = [n for n, line in enumerate(lines[1:], 1)
                      if line and line.split(",")[4] >= "2025-01-01" and line.split(",")[4] < "2026-05-01"
                      and not line.split(",")[7] and line.split(",")[2] not in grounds]
        n = candidates[0]
        cells = lines[n].split(",")
        cells[7] = "2026-05-20"
        lines[n] = ",".join(cells)
    write_csv(path, lines)


def one_record_runs(agencies, runs):
    """Each run imports and builds twice (the rebuild, then from nothing to compare): fewer at 100,000."""
    return min(runs, 3) if agencies < 100000 else 1


def measure_size(agencies, runs):
    site, import_seconds, import_rss = synthesize(agencies, agencies * 10)
    row = {"agencies": agencies, "import": import_seconds, "import_rss": import_rss, "onerecord": {}}
    build = build_command(site)

    log("%d: peak memory of a full build" % agencies)
    subprocess.run(fresh(site), shell=True, check=True)
    row["rss"] = peak_rss_mb(build)
    row["files"], row["bytes"], row["pages"] = tree_size(output_of(site))

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
    row["hugo_rss"], row["hugo_cpu"] = resources(hugo)
    row["hugo_files"], row["hugo_bytes"], row["hugo_pages"] = tree_size(hugo_out)
    agencies_folder = os.path.join(hugo_out, "agencies")
    row["hugo_agency_pages"] = sum(1 for n in os.listdir(agencies_folder) if os.path.exists(os.path.join(agencies_folder, n, "index.html")))
    shutil.rmtree(hugo_out, ignore_errors=True)

    log("%d: rebuild with nothing changed" % agencies)
    # The first build over an existing output also makes the spare (a hard-linked copy): warm up once.
    row["nochange"], = hyperfine([build], runs, warmup=1, name="nochange-%d" % agencies)

    # The first rebuild over a build from nothing also makes the spare (a hard link per unchanged file): once, untimed.
    change("score", site, 9)
    run([GONGSHI, "import", "--site", site, "--quiet"])
    run(["sh", "-c", build])
    for kind in CHANGES:
        log("%d: rebuild after %s" % (agencies, CHANGE_TITLES[kind]))
        times, said, identical, rewritten = [], "", True, []
        for i in range(one_record_runs(agencies, runs)):
            change(kind, site, i)
            run([GONGSHI, "import", "--site", site, "--quiet"])
            before = snapshot(output_of(site))
            start = datetime.datetime.now()
            said = run(["sh", "-c", build.replace(" --quiet", "")]).stdout.strip().splitlines()
            times.append((datetime.datetime.now() - start).total_seconds())
            said = next((line for line in said if "written" in line), "")
            after = snapshot(output_of(site))
            changed = [p for p, facts in after.items() if before.get(p) != facts]
            rewritten.append((len(changed), sum(after[p][1] for p in changed), copy_floor(output_of(site), changed)))
            # The rebuilt output must be what the same data gives from nothing.
            scratch = os.path.join(OUTPUTS, "scratch")
            subprocess.run("rm -rf %s %s/.scratch.spare %s/.scratch.stamp %s/.scratch.memo" % (scratch, OUTPUTS, OUTPUTS, OUTPUTS), shell=True, check=True)
            run(["sh", "-c", build_command(site, output=scratch)])
            same = subprocess.run(["diff", "-rq", output_of(site), scratch], text=True, capture_output=True)
            if same.returncode != 0:
                identical = False
                log("%d: after %s the rebuild differs from a build from nothing:\n%s" % (agencies, CHANGE_TITLES[kind], same.stdout[:2000]))
            subprocess.run("rm -rf %s %s/.scratch.spare" % (scratch, OUTPUTS), shell=True, check=True)
        files, size, floor = (statistics.median(r[n] for r in rewritten) for n in range(3))
        row["onerecord"][kind] = {"median": statistics.median(times), "min": min(times), "max": max(times),
                                  "runs": len(times), "said": said, "identical": identical,
                                  "files": files, "bytes": size, "floor": floor}

    log("%d: where the time goes (build --timings): a full build, then a rebuild after one score" % agencies)
    subprocess.run(fresh(site), shell=True, check=True)
    row["profile"] = {"full": timed_build(site)}
    # The first rebuild over a build from nothing also makes the spare (a hard link per unchanged file, 366,000
    # at 100k): the one profiled is the next, as every later rebuild is.
    for i in range(2):
        change("score", site, one_record_runs(agencies, runs) + i)
        run([GONGSHI, "import", "--site", site, "--quiet"])
        if i == 0:
            run(["sh", "-c", build_command(site)])
    row["profile"]["score"] = timed_build(site)
    subprocess.run(fresh(site), shell=True, check=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(hugo_site, ignore_errors=True)
    return row


def timed_build(site):
    """`build --timings --json`'s timings: each step's time and memory, the render step's CPU time per kind."""
    return json.loads(run(["sh", "-c", build_command(site) + " --timings --json"]).stdout)["timings"]


def profile_lines(r):
    """Where one size's full build and one-score rebuild spend their time, from `build --timings`."""
    full, score = r["profile"]["full"], r["profile"]["score"]
    out = ["", "%s agencies: a full build from nothing, then a rebuild after one score — the second rebuild, as every later one: "
           "the first also makes the spare (peak RSS %d MB and %d MB)."
           % (format(r["agencies"], ","), full["peakMB"], score["peakMB"]), "",
           "| step | full build | RSS after | rebuild after one score | RSS after |", "|---|---:|---:|---:|---:|",
           "| starting, stamp, hashing data/ | %.0f ms | | %.0f ms | |" % (full["beforeFirstStepMs"], score["beforeFirstStepMs"])]
    rebuilt = {s["step"]: s for s in score["steps"]}
    for s in full["steps"]:
        o = rebuilt.get(s["step"], {"ms": 0, "residentMB": 0})
        out.append("| %s | %.0f ms | %d MB | %.0f ms | %d MB |" % (s["step"].replace("progress.", ""), s["ms"], s["residentMB"], o["ms"], o["residentMB"]))
    out += ["", "In the render step, CPU time per kind of output (all cores together; the ten largest of the full build):", "",
            "| output | count | full build | rebuild after one score |", "|---|---:|---:|---:|"]
    again = {k["kind"]: k for k in score["render"]}
    for k in full["render"][:10]:
        out.append("| %s | %s | %.0f ms | %.0f ms |" % (k["kind"], format(k["count"], ","), k["cpuMs"], again.get(k["kind"], {"cpuMs": 0})["cpuMs"]))
    return out


def measure_index(numbers, runs):
    agencies = 1000
    site, import_seconds, import_rss = synthesize(agencies, numbers)
    log("report-number index: full build of %d agencies with %d numbers" % (agencies, numbers))
    full, = hyperfine([build_command(site)], runs, prepare=fresh(site), name="index")
    shards = os.path.join(output_of(site), "verify", "shards")
    sizes = [os.path.getsize(os.path.join(shards, n)) for n in os.listdir(shards)]
    result = {"numbers": numbers, "agencies": agencies, "import": import_seconds, "import_rss": import_rss, "full": full,
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


def agency_page_cpu(r):
    """CPU seconds per agency page: gongshi's (the render step's agency pages in a full build), Hugo's (its whole run)."""
    agency = next(k for k in r["profile"]["full"]["render"] if k["kind"] == "agency")
    return agency["cpuMs"] / 1000 / agency["count"], r["hugo_cpu"] / r["hugo_agency_pages"]


def write_results(rows, index, path, elapsed, host):
    cpu, cores, memory, mount, system, versions = host
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
            "gongshi builds the whole site and open data; Hugo builds only the agency pages, their Markdown twins and the list.",
            "Agency page CPU: gongshi's is the render step's CPU time for its agency pages (HTML and Markdown twin, context,",
            "key and writing included; `build --timings` of a full build) over their number; Hugo's is its whole run's CPU",
            "(user and system, `/usr/bin/time`) over the agency pages it wrote — the same pages, from the same registry.", "",
            "| agencies | files | output | bytes per agency | gongshi full build | peak RSS | I/O floor (cp -r, sync) | cp -r alone "
            "| gongshi / floor | Hugo (same agency pages) | Hugo RSS | agency page CPU: gongshi | agency page CPU: Hugo "
            "| gongshi / Hugo | no-change rebuild | import | import RSS |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        mine, hugos = agency_page_cpu(r)
        out.append("| %s | %s | %.0f MB | %.1f KB | %s | %.0f MB | %s | %s | %.2f | %s | %.0f MB | %.0f µs | %.0f µs | %.2f | %s | %.1f s | %.0f MB |" % (
            format(r["agencies"], ","), format(r["files"], ","), r["bytes"] / 1e6, r["bytes"] / r["agencies"] / 1000,
            seconds(r["full"]), r["rss"], seconds(r["floor"]), seconds(r["cp"]), r["full"]["median"] / r["floor"]["median"],
            seconds(r["hugo"]), r["hugo_rss"], mine * 1e6, hugos * 1e6, mine / hugos,
            seconds(r["nochange"]), r["import"], r["import_rss"]))
    out += ["", "Spread (min–max of the runs):", ""]
    for r in rows:
        spread = ", ".join("%s %.2f–%.2f s" % (k, r[k]["min"], r[k]["max"]) for k in ("full", "floor", "cp", "hugo", "nochange"))
        out.append("- %s agencies: %s" % (format(r["agencies"], ","), spread))
    out += ["", "### One-record changes", "",
            "Each run changes a record no run changed before, in the data file as a clerk would (the first agencies' addresses;",
            "one indicator of an agency in the latest year; an E event appended to `serious-dishonesty.csv`; a repair date in",
            "`bad-records.csv`), imports (not timed here) and rebuilds over the last output (timed), after one untimed rebuild (the",
            "first over a build from nothing also makes the spare, a hard link per unchanged file). The output is then compared",
            "byte for byte (`diff -r`) with a build of the same data from nothing. Runs: 3 up to 10,000 agencies, 1 at 100,000.", "",
            "| agencies | " + " | ".join(CHANGE_TITLES[k] for k in CHANGES) + " | same bytes as a build from nothing |",
            "|---:|" + "---:|" * len(CHANGES) + "---|"]
    for r in rows:
        o = r["onerecord"]
        out.append("| %s | %s | %s |" % (format(r["agencies"], ","), " | ".join(seconds(o[k]) for k in CHANGES),
                                         "yes, every run" if all(o[k]["identical"] for k in CHANGES) else "**no**"))
    out += ["", "What each rebuild had to write: the files whose bytes changed (found by inode, size and time before and after),",
            "and the copy floor of exactly those files (`cp --parents` of them into an empty folder, then `sync`; median of 3).", "",
            "| agencies | change | rebuild | files rewritten | bytes rewritten | copy floor of those files | rebuild / floor |",
            "|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        for k in CHANGES:
            o = r["onerecord"][k]
            out.append("| %s | %s | %s | %s | %.1f MB | %.3f s | %.1f |" % (
                format(r["agencies"], ","), CHANGE_TITLES[k], seconds(o), format(int(o["files"]), ","), o["bytes"] / 1e6, o["floor"],
                o["median"] / o["floor"] if o["floor"] else 0))
    out += ["", "What the rebuild after one score said:", ""]
    out += ["- %s agencies: %s" % (format(r["agencies"], ","), r["onerecord"]["score"]["said"]) for r in rows]
    out += ["", "### Where the time goes", "", "From one `build --timings --json` of each kind, after the measurements above."]
    for r in sorted({rows[0]["agencies"]: rows[0], rows[-1]["agencies"]: rows[-1]}.values(), key=lambda r: r["agencies"]):
        out += profile_lines(r)
    if index:
        out += ["", "## Report-number index (Art. 18)", "",
                "%s agencies with %s report numbers: import %.0f s (peak RSS %.0f MB); full build %s (median; %.1f–%.1f s), peak RSS %.0f MB."
                % (format(index["agencies"], ","), format(index["numbers"], ","), index["import"], index["import_rss"],
                   seconds(index["full"]), index["full"]["min"], index["full"]["max"], index["rss"]),
                "%s shards, mean %.1f KB, largest %.1f KB." % (format(index["shards"], ","), index["mean"] / 1024, index["largest"] / 1024)]
    out += ["", "## Targets (issue 45)", ""]
    targets = []
    by = {r["agencies"]: r for r in rows}
    if 100000 in by:
        r = by[100000]
        mine, hugos = agency_page_cpu(r)
        targets += [("100k: full build ≤ 2.5 × the I/O floor", "%.2f ×" % (r["full"]["median"] / r["floor"]["median"]), r["full"]["median"] <= 2.5 * r["floor"]["median"]),
                    ("100k: peak RSS ≤ 1 GB", "%.0f MB" % r["rss"], r["rss"] <= 1024),
                    ("100k: agency pages' CPU per page ≤ 0.5 × Hugo's", "%.2f ×" % (mine / hugos), mine <= 0.5 * hugos)]
        for k, limit in (("address", 0.5), ("repair", 0.5), ("score", 2), ("event", 2)):
            o = r["onerecord"][k]
            targets.append(("100k: one-record change (%s) ≤ %g s" % (CHANGE_TITLES[k], limit), seconds(o), o["median"] <= limit))
        targets += [("100k: every one-record rebuild byte-identical to a build from nothing",
                     "yes" if all(r["onerecord"][k]["identical"] for k in CHANGES) else "no", all(r["onerecord"][k]["identical"] for k in CHANGES)),
                    ("100k: import ≤ 10 s", "%.1f s" % r["import"], r["import"] <= 10)]
    if index:
        targets += [("10M report numbers: import ≤ 60 s", "%.0f s" % index["import"], index["import"] <= 60),
                    ("10M report numbers: import ≤ 1 GB", "%.0f MB" % index["import_rss"], index["import_rss"] <= 1024),
                    ("10M report numbers: build ≤ 30 s", seconds(index["full"]), index["full"]["median"] <= 30)]
    if 500 in by:
        r = by[500]
        targets.append(("500 × 5 years: full build ≤ 0.15 s", seconds(r["full"]), r["full"]["median"] <= 0.15))
        worst = max(r["onerecord"][k]["median"] for k in CHANGES)
        targets.append(("500 × 5 years: one-record change ≤ 50 ms (slowest kind)", "%.0f ms" % (worst * 1000), worst <= 0.05))
    small = by.get(1000)
    if small and 100000 in by:
        ratio = (by[100000]["bytes"] / 100000) / (small["bytes"] / 1000)
        targets.append(("bytes per agency: 100k ≤ 1.2 × 1k", "%.2f ×" % ratio, ratio <= 1.2))
    if sorted(by) == [500, 10000] and not index:
        targets.append(("make bench-quick (500 and 10,000) under 10 minutes", "%.1f min" % (elapsed / 60), elapsed < 600))
    else:
        out.append("The whole run took %.0f minutes." % (elapsed / 60))
        out.append("")
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
    started, host = time.monotonic(), machine()
    # tmpfs is memory: whatever a bench leaves there starves what runs next, so it goes however the bench ends
    # (finished, failed, interrupted or terminated; a child being waited for is killed by subprocess.run).
    def stop(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    try:
        rows = [measure_size(int(n), runs(int(n))) for n in options.sizes.split(",")]
        index = measure_index(options.index_numbers, runs(options.index_numbers)) if options.index_numbers else None
    finally:
        shutil.rmtree(OUTPUTS, ignore_errors=True)
        log("removed %s" % OUTPUTS)
    write_results(rows, index, options.results, time.monotonic() - started, host)
    with open(options.results, encoding="utf-8") as f:
        print(f.read())


if __name__ == "__main__":
    main()
