#!/usr/bin/env python3
"""Runs a command and prints, as its last line on standard error, `peak-rss-kb N`: the command's peak resident
set in kilobytes, from the kernel (getrusage of the waited child). Run from this small process, not from a large
test runner: a child made by vfork counts the memory of the process it was made from until it execs.

usage: peak_rss.py COMMAND [ARGUMENT ...]
"""
import resource, subprocess, sys

status = subprocess.run(sys.argv[1:]).returncode
print(f"peak-rss-kb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(status)
