#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the CXL fwctl policy table for the documentation.

Reads the rows of drivers/cxl/fwctl/policy_table.h (and the effects bit
constants of policy.h next to it) and writes
Documentation/userspace-api/fwctl/cxl-policy-table.rst, an RST file for
inclusion in the CXL fwctl documentation.

  scripts/gen-cxl-policy-doc.py           regenerate the .rst
  scripts/gen-cxl-policy-doc.py --check   exit 1 (and show a diff) if the
                                          committed .rst is out of date
"""

import argparse
import difflib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "drivers/cxl/fwctl/policy_table.h"
HEADER = "drivers/cxl/fwctl/policy.h"
OUTPUT = "Documentation/userspace-api/fwctl/cxl-policy-table.rst"

SCOPES = [
    "FWCTL_RPC_CONFIGURATION",
    "FWCTL_RPC_DEBUG_READ_ONLY",
    "FWCTL_RPC_DEBUG_WRITE",
    "FWCTL_RPC_DEBUG_WRITE_FULL",
]


class TableError(Exception):
    pass


def strip_comments(text):
    """Drop C comments, keeping string literals intact."""
    out = []
    i = 0
    while i < len(text):
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise TableError("unterminated comment")
            out.append(" ")
            i = end + 2
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text[i] == '"':
            end = string_end(text, i)
            out.append(text[i:end])
            i = end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def string_end(text, start):
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i + 1
        else:
            i += 1
    raise TableError("unterminated string literal")


def strip_directives(text):
    """Drop preprocessor lines, with their continuations."""
    out = []
    cont = False
    for line in text.split("\n"):
        if cont or line.lstrip().startswith("#"):
            cont = line.rstrip().endswith("\\")
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def invocations(text, macro):
    """Yield the argument lists of every call of macro(...) in text."""
    for m in re.finditer(r"\b%s\s*\(" % re.escape(macro), text):
        args, cur, depth, i = [], [], 0, m.end()
        while True:
            if i >= len(text):
                raise TableError("unterminated %s(" % macro)
            c = text[i]
            if c == '"':
                end = string_end(text, i)
                cur.append(text[i:end])
                i = end
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    args.append("".join(cur).strip())
                    break
                depth -= 1
            elif c == "," and depth == 0:
                args.append("".join(cur).strip())
                cur = []
                i += 1
                continue
            cur.append(c)
            i += 1
        yield args


def c_string(arg):
    """The value of one or more adjacent C string literals."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', arg)
    if not parts or re.sub(r'"(?:[^"\\]|\\.)*"', "", arg).strip():
        raise TableError("expected a string literal, got: %s" % arg)
    return "".join(p.replace('\\"', '"').replace("\\\\", "\\")
                   for p in parts)


def effect_constants(header_text):
    consts = {}
    for m in re.finditer(r"^#define\s+(CXL_FWCTL_EFFECT_\w+)\s+(.+)$",
                         header_text, re.M):
        consts[m.group(1)] = int_expr(m.group(2), {})
    return consts


def int_expr(expr, consts):
    """Evaluate 0x.., decimal, BIT(n), GENMASK(h, l), constants, and |."""
    value = 0
    for term in expr.split("|"):
        term = term.strip()
        m = re.fullmatch(r"BIT\((\d+)\)", term)
        g = re.fullmatch(r"GENMASK\((\d+),\s*(\d+)\)", term)
        if m:
            value |= 1 << int(m.group(1))
        elif g:
            hi, lo = int(g.group(1)), int(g.group(2))
            value |= ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)
        elif re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", term):
            value |= int(term, 0)
        elif term in consts:
            value |= consts[term]
        else:
            raise TableError("cannot evaluate '%s'" % term)
    return value


def bit_list(mask):
    bits = [b for b in range(16) if mask & (1 << b)]
    if not bits:
        return "none"
    if len(bits) > 1 and bits == list(range(bits[0], bits[-1] + 1)):
        return "%d-%d" % (bits[0], bits[-1])
    return ", ".join(str(b) for b in bits)


def parse(table_text, header_text):
    consts = effect_constants(header_text)
    text = strip_directives(strip_comments(table_text))

    reasons = {}
    for args in invocations(text, "CXL_FWCTL_REASON"):
        if len(args) != 4:
            raise TableError("CXL_FWCTL_REASON takes 4 arguments: %s" % args)
        err = args[1]
        if err != "0" and not re.fullmatch(r"E[A-Z0-9]+", err):
            raise TableError("bad errno '%s'" % err)
        reasons[args[0]] = {"err": None if err == "0" else err,
                            "name": c_string(args[2]),
                            "desc": c_string(args[3])}

    opcodes = []
    # A single command's row has a last opcode of 0.
    rows = [(a[0], "0", a[1:]) for a in invocations(text, "CXL_FWCTL_OPCODE")]
    rows += [(a[0], a[1], a[2:]) for a in invocations(text, "CXL_FWCTL_OPCODES")
             if len(a) == 5]
    if any(len(a) != 5 for a in invocations(text, "CXL_FWCTL_OPCODES")):
        raise TableError("CXL_FWCTL_OPCODES takes 5 arguments")
    for first, last, args in rows:
        if len(args) != 3:
            raise TableError("CXL_FWCTL_OPCODE takes 4 arguments: %s" % args)
        if args[0] not in ("DENY", "READ_ONLY", "SET_FEATURE"):
            raise TableError("unknown opcode rule kind '%s'" % args[0])
        opcodes.append({"opcode": int_expr(first, {}),
                        "last": int_expr(last, {}) or int_expr(first, {}),
                        "kind": args[0],
                        "name": c_string(args[1]),
                        "why": c_string(args[2])})

    # Effects rows in table order, across both row kinds: order matters.
    effects = []
    for m in re.finditer(r"\bCXL_FWCTL_(NEEDS|REFUSE_HOST|REFUSE)\s*\(", text):
        args = next(invocations(text[m.start():], "CXL_FWCTL_" + m.group(1)))
        if m.group(1) == "NEEDS":
            if len(args) != 4 or args[2] not in SCOPES:
                raise TableError("bad CXL_FWCTL_NEEDS row: %s" % args)
            effects.append({"bits": int_expr(args[0], consts),
                            "valid_if": int_expr(args[1], consts),
                            "refuse": None, "scope": args[2],
                            "bmc_lifts": False,
                            "what": c_string(args[3])})
        else:
            if len(args) != 3 or args[1] not in reasons:
                raise TableError("bad CXL_FWCTL_REFUSE row: %s" % args)
            effects.append({"bits": int_expr(args[0], consts),
                            "valid_if": 0, "refuse": args[1],
                            "scope": None,
                            "bmc_lifts": m.group(1) == "REFUSE_HOST",
                            "what": c_string(args[2])})

    m = re.search(r"#define\s+CXL_FWCTL_BMC_SCOPE\s+(\w+)", table_text)
    if not m or m.group(1) not in SCOPES:
        raise TableError("CXL_FWCTL_BMC_SCOPE is not defined to a scope")
    bmc_scope = m.group(1)

    check(reasons, opcodes, effects)
    return reasons, opcodes, effects, bmc_scope


def check(reasons, opcodes, effects):
    if not reasons or not opcodes or not effects:
        raise TableError("a table is empty: rows not found")
    seen = set()
    for op in opcodes:
        if not 0 <= op["opcode"] <= op["last"] <= 0xFFFF:
            raise TableError("opcodes 0x%x-0x%x out of range"
                             % (op["opcode"], op["last"]))
        for code in range(op["opcode"], op["last"] + 1):
            if code in seen:
                raise TableError("opcode 0x%04x has two rows" % code)
            seen.add(code)
    covered = 0
    for row in effects:
        covered |= row["bits"]
    if covered != 0xFFFF:
        raise TableError("effects bits without a row: %s"
                         % bit_list(0xFFFF & ~covered))


def list_table(title, header, rows, widths):
    out = [".. list-table:: " + title,
           "   :header-rows: 1",
           "   :widths: " + " ".join(str(w) for w in widths),
           ""]
    for row in [header] + rows:
        for i, cell in enumerate(row):
            out.append(("   * - " if i == 0 else "     - ") + cell)
    out.append("")
    return out


def render(reasons, opcodes, effects, bmc_scope):
    by_key = reasons
    out = [
        ".. SPDX-License-Identifier: GPL-2.0",
        "",
        ".. This file is generated by scripts/gen-cxl-policy-doc.py from",
        "   %s. Do not edit it: change the table," % TABLE,
        "   run the script and commit both.",
        "",
        "A request names the highest scope it accepts. The CXL fwctl driver",
        "decides in this order, and the first step that refuses ends it:",
        "",
        "#. a kernel-coordinated opcode is refused, whatever the device's",
        "   Command Effects Log (CEL) says;",
        "#. an opcode the CEL does not list is refused;",
        "#. a Feature read is allowed at every scope;",
        "#. Set Feature is refused for an unknown, unchangeable or",
        "   kernel-owned Feature; otherwise the Feature's own set-effects",
        "   are judged below instead of the CEL effects of Set Feature, and",
        "   a Set Feature they would allow but mark as a background",
        "   operation is refused with ``EOPNOTSUPP`` (background), and one",
        "   whose set-effects name no change (none of bits 0-5, and bits",
        "   10-11 only without bit 9) with ``EOPNOTSUPP``",
        "   (feature-no-effects): a Set Feature always changes something;",
        "#. the effects rules are tried in order: the first refusing row",
        "   refuses; otherwise the command needs the highest scope of the",
        "   rows that apply, and is refused with ``EPERM`` (scope-too-low)",
        "   below it. A command that needs ``FWCTL_RPC_DEBUG_WRITE`` or",
        "   more taints the kernel when it is delivered. A background",
        "   command runs through the device's background slot (see",
        "   \"Background commands\").",
        "",
        "A BMC build (``CONFIG_CXL_FWCTL_BMC``, see \"BMC build\") goes on",
        "past the refusals marked in the \"BMC build\" columns below and",
        "requires ``%s`` for them instead; every other" % bmc_scope,
        "step is the same.",
        "",
    ]

    rows = []
    for r in effects:
        cond = "always"
        if r["valid_if"]:
            cond = "only with bit %s set" % bit_list(r["valid_if"])
        if r["refuse"]:
            info = by_key[r["refuse"]]
            verdict = "refused: ``%s`` (%s)" % (info["err"], info["name"])
        elif r["scope"] == SCOPES[0]:
            verdict = "none: allowed at every scope"
        else:
            verdict = "needs ``%s``" % r["scope"]
        bmc = "needs ``%s``" % bmc_scope if r["bmc_lifts"] else "same"
        rows.append([bit_list(r["bits"]), r["what"], cond, verdict, bmc])
    out += list_table("Command effects (CEL entry, or a Feature's set-effects)",
                      ["Bits", "Meaning", "Counts", "Verdict", "BMC build"],
                      rows, [10, 35, 15, 25, 15])

    rows = []
    for op in sorted(opcodes, key=lambda o: o["opcode"]):
        bmc = "same"
        if op["kind"] == "DENY":
            info = by_key["KERNEL_COORDINATED"]
            verdict = "refused: ``%s`` (%s)" % (info["err"], info["name"])
            bmc = "needs ``%s``" % bmc_scope
        elif op["kind"] == "READ_ONLY":
            verdict = "allowed at every scope (%s)" % by_key["READ_ONLY"]["name"]
        else:
            verdict = "by the Feature (see above)"
        code = "``0x%04x``" % op["opcode"]
        if op["last"] != op["opcode"]:
            code += "-``0x%04x``" % op["last"]
        rows.append([code, op["name"], verdict, bmc, op["why"]])
    out += list_table("Commands with a rule of their own",
                      ["Opcode", "Command", "Verdict", "BMC build", "Why"],
                      rows, [10, 20, 20, 15, 35])

    rows = []
    for info in reasons.values():
        rows.append(["``%s``" % info["name"],
                     "``%s``" % info["err"] if info["err"] else "none",
                     info["desc"]])
    out += list_table("Reasons, as they appear in log lines",
                      ["Reason", "Error", "Meaning"], rows, [25, 15, 60])
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed file instead of writing")
    ap.add_argument("--table", default=os.path.join(ROOT, TABLE))
    ap.add_argument("--header", default=os.path.join(ROOT, HEADER))
    ap.add_argument("--output", default=os.path.join(ROOT, OUTPUT))
    args = ap.parse_args()

    try:
        with open(args.table) as f:
            table_text = f.read()
        with open(args.header) as f:
            header_text = f.read()
        text = render(*parse(table_text, header_text))
    except (OSError, TableError) as e:
        print("gen-cxl-policy-doc: %s" % e, file=sys.stderr)
        return 2

    if args.check:
        try:
            with open(args.output) as f:
                old = f.read()
        except OSError:
            old = ""
        if old == text:
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(True), text.splitlines(True),
            os.path.relpath(args.output, ROOT) + " (committed)",
            os.path.relpath(args.output, ROOT) + " (from the table)"))
        print("gen-cxl-policy-doc: %s is out of date; run "
              "scripts/gen-cxl-policy-doc.py" % os.path.relpath(args.output, ROOT),
              file=sys.stderr)
        return 1

    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
