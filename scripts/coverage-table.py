#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of scripts/coverage.sh: one row per source file of an lcov
tracefile with its line and branch coverage, grouped by part (drivers/,
tools/fwctl/), and a total row per part. With --totals FILE, also writes
"<part> <line percent>" and "<part>-hit <lines run>" lines there for the
floor check.

A line counts as covered when it ran at least once; a branch when it was
taken at least once (lcov's "-", a branch whose block never ran, counts as
not taken)."""
import argparse
import collections
import sys

PARTS = ("drivers/", "tools/fwctl/")


def read_info(path, prefix):
    """{file: [lines hit, lines, branches hit, branches]} from a tracefile,
    with the files' names relative to prefix."""
    files = collections.OrderedDict()
    name = None
    lines = {}
    branches = {}
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("SF:"):
                name = line[3:]
                if name.startswith(prefix):
                    name = name[len(prefix):]
                lines, branches = {}, {}
            elif line.startswith("DA:"):
                no, count = line[3:].split(",")[:2]
                lines[no] = lines.get(no, 0) + int(count)
            elif line.startswith("BRDA:"):
                no, block, branch, taken = line[5:].split(",")
                key = (no, block, branch)
                n = 0 if taken == "-" else int(taken)
                branches[key] = branches.get(key, 0) + n
            elif line == "end_of_record" and name is not None:
                row = files.setdefault(name, [0, 0, 0, 0])
                row[0] += sum(1 for c in lines.values() if c > 0)
                row[1] += len(lines)
                row[2] += sum(1 for c in branches.values() if c > 0)
                row[3] += len(branches)
                name = None
    return files


def pct(hit, total):
    return 100.0 * hit / total if total else 100.0


def row(name, r):
    return "%-40s %5d %5d %6.1f%%  %5d %5d %6.1f%%" % (
        name, r[0], r[1], pct(r[0], r[1]), r[2], r[3], pct(r[2], r[3]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("info")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--totals")
    args = ap.parse_args()

    files = read_info(args.info, args.prefix)
    print("%-40s %5s %5s %7s  %5s %5s %7s" % (
        "FILE", "LINES", "OF", "%", "BRANCH", "OF", "%"))
    totals = []
    for part in PARTS:
        names = sorted(n for n in files if n.startswith(part))
        if not names:
            continue
        total = [0, 0, 0, 0]
        for n in names:
            print(row(n, files[n]))
            total = [a + b for a, b in zip(total, files[n])]
        print(row(part.rstrip("/") + " total", total))
        totals.append("%s %.2f" % (part.rstrip("/"), pct(total[0], total[1])))
        totals.append("%s-hit %d" % (part.rstrip("/"), total[0]))
    if args.totals:
        with open(args.totals, "w") as f:
            f.write("\n".join(totals) + "\n")
    return 0 if totals else 1


if __name__ == "__main__":
    sys.exit(main())
