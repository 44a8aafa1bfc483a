#!/usr/bin/env python3
"""The published rule for a final year's list (README, data-format.md): version n is version 1
(grades-YEAR.csv) with the rows of grades-YEAR.versions.csv whose version is 2…n put in, in order,
by unified_social_credit_code. Rebuilds version n from a site's open data and compares it, row by
row, with a full list (e.g. what `gongshi version` wrote). Exit 0 when they are the same. Names are not
compared: each file names the agencies as they were named on its own date (version 1 as published, Art. 7),
and a filed change of name is not a new version of the results.

usage: apply_versions.py OPEN_DATA_FOLDER YEAR N FULL_LIST.csv
"""
import csv
import os
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def version(open_data, year, n):
    first = rows(os.path.join(open_data, "grades-%s.csv" % year))
    header, body = first[0], first[1:]
    key = header.index("unified_social_credit_code")
    position = {row[key]: i for i, row in enumerate(body)}
    path = os.path.join(open_data, "grades-%s.versions.csv" % year)
    if n > 1:
        later = rows(path)
        columns = later[0]
        # The versions file's columns: version, valid_from, the list's own columns, reason.
        assert columns[2:-1] == header, "the versions file's columns are not the list's"
        for row in later[1:]:
            if int(row[0]) <= n:
                body[position[row[2 + key]]] = row[2:-1]
    return [header] + body


def main():
    open_data, year, n, full = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rebuilt, given = version(open_data, year, n), rows(full)
    name = rebuilt[0].index("agency_name") if "agency_name" in rebuilt[0] else None
    if name is not None:
        rebuilt = [row[:name] + row[name + 1:] for row in rebuilt]
        given = [row[:name] + row[name + 1:] for row in given]
    if rebuilt == given:
        print("version %d of %s: %d rows, the same" % (n, year, len(given) - 1))
        return 0
    for i, (a, b) in enumerate(zip(rebuilt, given)):
        if a != b:
            print("row %d differs:\n  rule:  %s\n  given: %s" % (i, a, b))
            break
    else:
        print("row counts differ: rule %d, given %d" % (len(rebuilt), len(given)))
    return 1


if __name__ == "__main__":
    sys.exit(main())
