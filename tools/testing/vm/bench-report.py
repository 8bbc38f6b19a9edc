#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the figures of a benchmark VM run (make bench) to the terminal.

Reads the run's results.log (the suites' output framed by "# fwctl-vm:"
lines), prints every line each program wrote under its name, and ends with
the lines that carry a ratio, each prefixed by its program, so the figures
that judge a change are the last thing on the screen. Exit status 1 if the
log holds no program output at all (the VM did not run the benchmarks).
"""
import sys

MARK = "# fwctl-vm: "


def main():
    if len(sys.argv) != 2:
        print("usage: bench-report.py RESULTS_LOG", file=sys.stderr)
        return 64
    try:
        with open(sys.argv[1], "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError as e:
        print(f"bench-report: {e}", file=sys.stderr)
        return 1

    prog, ratios, shown = None, [], 0
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line.startswith(MARK):
            words = line[len(MARK):].split()
            if words and words[0] in ("run", "run-single") and len(words) > 1:
                prog = words[1]
                print(f"--- {prog}")
            elif words and words[0] in ("exit", "done"):
                prog = None
            continue
        if prog is None or not line.strip():
            continue
        print(f"  {line}")
        shown += 1
        if "ratio" in line or "over mailbox" in line:
            ratios.append(f"{prog}: {line.strip()}")

    if not shown:
        print("bench-report: no benchmark output in the log", file=sys.stderr)
        return 1
    print("--- ratios")
    for r in ratios:
        print(f"  {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
