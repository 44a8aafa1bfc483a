#!/usr/bin/env python3
"""make portable: gongshi's release binary linked again, against glibc 2.28's symbols, to run on the servers a
Chinese bureau runs (Kylin V10, UOS 20, Debian 10, RHEL 8: glibc 2.28) as on Debian 12.

The objects are the release build's, as SwiftPM linked them (its link command in release.yaml). swiftc is asked for
the linker job it would run; that job is run with zig's linker for x86_64-linux-gnu.2.28 (zig carries stub libraries
of each glibc version), and with these changes:
- libstdc++ and libgcc (GCC 12) linked in: the systems' own are older than the ones the Swift runtime was built with;
- libcmark, libsodium, libcrypto and libsqlite3 linked in from Debian's static libraries: cmark's soname names its
  version (libcmark.so.0.30.2 is on no 2.28 system), OpenSSL 3's libcrypto.so.3 is on none either, and Debian 10's
  SQLite is older than the functions gongshi uses; libxml2.so.2 and libz.so.1 stay the system's (the same soname
  everywhere);
- packaging/portable/glibc-compat.c for the few functions newer than 2.28 those libraries name.
Then the result is checked: no symbol of a glibc version above 2.28, none of libstdc++, and only the libraries
every target has. Usage: link-portable.py ZIG OUTPUT
"""
import json, os, re, shlex, subprocess, sys

zig, output = sys.argv[1], sys.argv[2]
release = ".build-release/x86_64-unknown-linux-gnu/release"
lib = "/usr/lib/x86_64-linux-gnu/"
gcc = "/usr/lib/gcc/x86_64-linux-gnu/12/"
GLIBC = "2.28"
static = {"-lcmark": lib + "libcmark.a", "-lsodium": lib + "libsodium.a", "-lcrypto": lib + "libcrypto.a",
          "-lsqlite3": lib + "libsqlite3.a", "-lstdc++": gcc + "libstdc++.a",
          "-lxml2": lib + "libxml2.so", "-lz": lib + "libz.so"}
allowed = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "ld-linux-x86-64.so.2", "libxml2.so.2", "libz.so.1"}


def fail(message):
    sys.exit("link-portable: " + message)


# SwiftPM's link command for the executable, from the build manifest it wrote.
manifest = open(".build-release/release.yaml", encoding="utf-8").read()
block = manifest[manifest.index('"C.gongshi-x86_64-unknown-linux-gnu-release.exe":'):]
swiftc = json.loads(re.search(r"args: (\[.*\])", block).group(1))  # a YAML flow list of JSON strings
jobs = subprocess.run(swiftc + ["-driver-print-jobs"], capture_output=True, text=True, check=True).stdout
job = next(line for line in jobs.splitlines() if shlex.split(line)[0].endswith("/clang"))


def expand(items):
    result = []
    for item in items:
        result += expand(shlex.split(open(item[1:]).read())) if item.startswith("@") else [item]
    return result


words = expand(shlex.split(job)[1:])
link, i = [], 0
while i < len(words):
    w = words[i]
    if w == "-L" and words[i + 1].rstrip("/") + "/" == lib:
        i += 2  # the build machine's libraries: only the ones named below, by path
        continue
    if w == "-Xlinker" and words[i + 1] in ("--exclude-libs", "ALL", "--defsym", "main=gongshi_main"):
        i += 2  # zig's linker takes neither; main comes from glibc-compat.c
        continue
    if w.startswith("--target="):
        link += ["-target", "x86_64-linux-gnu." + GLIBC]
    elif w == "-o":
        link += ["-o", output]
        i += 2
        continue
    else:
        link.append(static.get(w, w))
    i += 1
os.makedirs(os.path.dirname(output), exist_ok=True)
compat = output + ".compat.o"
subprocess.run([zig, "cc", "-target", "x86_64-linux-gnu." + GLIBC, "-O2", "-c", "packaging/portable/glibc-compat.c", "-o", compat], check=True)
link += [compat, gcc + "libgcc_eh.a", gcc + "libgcc.a", "-Wl,--allow-shlib-undefined"]
result = subprocess.run([zig, "cc"] + link, capture_output=True, text=True)
if result.returncode != 0:
    fail("zig cc failed:\n" + result.stderr[-4000:])

# What the binary asks of the system it runs on.
dynamic = subprocess.run(["objdump", "-T", "-p", output], capture_output=True, text=True, check=True).stdout
needed = set(re.findall(r"NEEDED\s+(\S+)", dynamic))
versions = sorted({tuple(int(p) for p in v.split(".")) for v in re.findall(r"\(GLIBC_([0-9.]+)\)", dynamic)})
if needed - allowed:
    fail(f"links {sorted(needed - allowed)}, which not every target has")
if versions and versions[-1] > tuple(int(p) for p in GLIBC.split(".")):
    fail(f"needs GLIBC_{'.'.join(map(str, versions[-1]))}")
if re.search(r"\((GLIBCXX|CXXABI)_", dynamic):
    fail("needs the system's libstdc++")
print(f"link-portable: {output}: highest symbol GLIBC_{'.'.join(map(str, versions[-1]))}; needs {' '.join(sorted(needed))}")
