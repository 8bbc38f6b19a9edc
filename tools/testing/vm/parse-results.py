#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one test VM run from its two serial logs.

results.log carries the suites' output framed by "# fwctl-vm:" lines;
console.log carries the kernel's console. Prints every failing result and
every suspicious kernel line, then "vm <name>: N passed, N failed, N skipped".

Exit status: 0 all passed, 1 a test failed, 2 the kernel log shows a
problem, 3 the VM did not finish (no "done" marker). Highest wins.
"""
import argparse
import re
import sys

KERNEL_PROBLEMS = re.compile(
    r"BUG:|WARNING:|Oops|general protection|UBSAN|list_del corruption|"
    r"hung task|blocked for more than|Kernel panic|kernel BUG|"
    r"KASAN|kmemleak|possible recursive locking|circular locking|"
    r"lockdep|refcount_t:|Call Trace:")
# Boot banners of a debug kernel (make check-debug) that name a sanitizer
# without reporting anything. The stock kernel prints none of them.
BENIGN = re.compile(
    r"rcu: \s*RCU lockdep checking is enabled|"
    r"kmemleak: Kernel memory leak detector initialized|"
    r"kmemleak: Automatic memory scanning thread started")
RESULT = re.compile(r"^(not ok|ok)\b[^#]*(#\s*(SKIP|skip|TODO)?.*)?$")
MARK = "# fwctl-vm: "


def read(path):
    try:
        with open(path, "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return []
    return [line.rstrip("\r\n").replace("\r", "") for line in data.split("\n")]


class Program:
    def __init__(self, suite, name, single):
        self.suite, self.name, self.single = suite, name, single
        self.passed = self.failed = self.skipped = 0
        self.failures = []
        self.rc = None
        self.output = []

    def result(self, line):
        m = RESULT.match(line)
        if not m:
            return
        if m.group(1) == "not ok":
            self.failed += 1
            self.failures.append(line)
        elif m.group(3) and m.group(3).upper() == "SKIP":
            self.skipped += 1
        else:
            self.passed += 1

    def close(self):
        """Turn the exit status into results the TAP did not show."""
        label = f"{self.suite}/{self.name}"
        if self.single:
            self.passed = self.failed = self.skipped = 0
            if self.rc == 0:
                self.passed = 1
            else:
                self.failed = 1
                self.failures = [f"not ok {label} (exit status {self.rc})"]
            return
        if self.rc is None:
            self.failed += 1
            self.failures.append(f"not ok {label}: did not finish")
            return
        total = self.passed + self.failed + self.skipped
        if total == 0:
            # Not TAP: judged by exit status alone.
            if self.rc == 0:
                self.passed = 1
            else:
                self.failed = 1
                self.failures.append(f"not ok {label} (exit status {self.rc})")
            return
        all_skipped = self.skipped == total
        if self.rc != 0 and self.failed == 0 and not (self.rc == 4 and all_skipped):
            # A crash or an early exit after some passes is a failure.
            self.failed += 1
            self.failures.append(f"not ok {label} (exit status {self.rc})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--console", required=True)
    ap.add_argument("--name", default="vm")
    args = ap.parse_args()

    progs, prog, suite, done, errors = [], None, "?", False, []
    for line in read(args.results):
        if line.startswith(MARK):
            words = line[len(MARK):].split()
            if not words:
                continue
            if words[0] == "suite":
                suite = words[1]
            elif words[0] in ("run", "run-single"):
                prog = Program(suite, words[1], words[0] == "run-single")
                progs.append(prog)
            elif words[0] == "exit" and prog and len(words) == 3:
                prog.rc = int(words[2])
                prog = None
            elif words[0] == "done":
                done = True
            elif words[0].startswith("error"):
                errors.append(line)
            continue
        if prog:
            prog.output.append(line)
            prog.result(line)

    status = 0
    passed = failed = skipped = 0
    for p in progs:
        p.close()
        passed, failed, skipped = passed + p.passed, failed + p.failed, skipped + p.skipped
        verdict = "not ok" if p.failed else "ok"
        print(f"{verdict} - {p.suite}/{p.name}: {p.passed} passed, "
              f"{p.failed} failed, {p.skipped} skipped")
        for f in p.failures:
            print(f"    {f}")
        if p.failed:
            print("    its last output lines:")
            for line in p.output[-25:]:
                print(f"      | {line}")
    for e in errors:
        print(f"FAIL {e}")
        failed += 1
    if failed:
        status = 1

    bad = [l for l in read(args.console)
           if KERNEL_PROBLEMS.search(l) and not BENIGN.search(l)]
    if bad:
        print("kernel log problems:")
        for l in bad[:40]:
            print(f"  {l}")
        status = 2

    if not done:
        # Name where the guest stopped: before init (the kernel's boot,
        # or QEMU itself), or in a test program.
        if not any(l.startswith(MARK) for l in read(args.results)):
            console = [l for l in read(args.console) if l.strip()]
            where = ("QEMU printed nothing on the console: it did not start the guest"
                     if not console else
                     "the guest kernel never reached init; its console's last lines:")
            print(f"vm {args.name}: did not finish: {where}")
            for l in console[-15:]:
                print(f"  {l}")
        else:
            print(f"vm {args.name}: did not finish (no completion marker)")
        failed += 1
        status = 3

    if not progs and done:
        print(f"vm {args.name}: ran no test program")
        failed += 1
        status = max(status, 1)

    print(f"vm {args.name}: {passed} passed, {failed} failed, {skipped} skipped")
    return status


if __name__ == "__main__":
    sys.exit(main())
