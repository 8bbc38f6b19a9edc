#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse every reStructuredText file of the project with docutils and fail
on any error or warning (Sphinx's :doc: role is stood in for), so a table
that does not line up or a broken directive is caught before a reader sees
it. Prints "docs: N passed, N failed", one test per file."""
import glob
import os
import sys

import docutils.core
import docutils.nodes
from docutils.parsers.rst import roles

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    roles.register_generic_role("doc", docutils.nodes.emphasis)
    files = sorted(glob.glob(os.path.join(ROOT, "Documentation", "**", "*.rst"),
                             recursive=True) +
                   glob.glob(os.path.join(ROOT, "tools", "fwctl",
                                          "Documentation", "*.rst")))
    failed = 0
    for path in files:
        with open(path) as f:
            text = f.read()
        try:
            docutils.core.publish_string(
                text, source_path=path, writer_name="null",
                settings_overrides={"report_level": 2, "halt_level": 2})
        except Exception as e:  # docutils raises SystemMessage and others
            failed += 1
            print("%s: %s" % (os.path.relpath(path, ROOT),
                              str(e).splitlines()[0]))
    print("docs: %d passed, %d failed" % (len(files) - failed, failed))
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
