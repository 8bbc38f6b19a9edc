#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages fwctl-cxl-dkms and fwctl-cxl-tools (and the
# native source package) with dpkg-buildpackage, from a copy of the tree's
# files (tracked and new, never build products), into out/deb/. Needs the
# build dependencies of debian/control (scripts/install-deps.sh installs
# them). Prints the files it made.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
out=$top/out/deb
work=$out/build
tree=$work/fwctl-cxl-$ver

[ -n "$ver" ] || { echo "deb-build: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$tree"

# The files of the tree as git sees them (committed or not, minus what
# .gitignore names), or everything but out/ outside a git checkout.
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	# A file deleted but not yet committed is listed and skipped.
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		tar -C "$top" --null --ignore-failed-read -T - -cf - 2>/dev/null |
		tar -C "$tree" -xf -
else
	tar -C "$top" --exclude=./out -cf - . | tar -C "$tree" -xf -
fi

(cd "$tree" && dpkg-buildpackage -us -uc --build=full) >"$work/build.log" 2>&1 || {
	tail -30 "$work/build.log" >&2
	echo "deb-build: dpkg-buildpackage failed; the log is $work/build.log" >&2
	exit 1
}
find "$work" -maxdepth 1 -type f -exec mv {} "$out/" \;
ls -1 "$out"/*.deb "$out"/*.changes
