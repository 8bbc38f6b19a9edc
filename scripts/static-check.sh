#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The static checks, each one test:
#   static-check.sh w1          clean W=1 build of every module: no warnings
#   static-check.sh sparse      sparse (C=2) over every module: no warnings
#   static-check.sh checkpatch  checkpatch --strict on every .c/.h we own
# Needs KDIR and KSRC in the environment (the top Makefile sets them).
# With FWCTL_BUILD_DIR the modules are built in a fresh copy of the sources
# there (make check builds for its second kernel so), not in the tree.
# Prints the offending lines and "<check>: N passed, N failed"; exits 1 on
# failure.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
: "${KDIR:?}" "${KSRC:?}"
build=$top
if [ -n "${FWCTL_BUILD_DIR:-}" ] && [ "${1:-}" != checkpatch ]; then
	build=$FWCTL_BUILD_DIR
	mkdir -p "$build"
	# New mtimes every time: kbuild never trusts an older object.
	(cd "$top" && git ls-files --cached --others --exclude-standard \
		Kbuild Kconfig drivers include tools/testing/vm/rig_warn |
		cpio -pdu --quiet "$build") || { echo "cannot copy the sources to $build"; exit 1; }
fi
kbuild=(make -C "$KDIR" M="$build" CXL_INTERNAL_INC="$KSRC/drivers/cxl"
	CONFIG_FWCTL_TEST=m CONFIG_CXL_FWCTL_TEST=m CONFIG_FWCTL_RIG_SELFTEST=m)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

verdict() {
	local name=$1 bad=$2
	if [ "$bad" = 0 ]; then
		echo "$name: 1 passed, 0 failed"
		return 0
	fi
	echo "$name: 0 passed, 1 failed"
	return 1
}

# Our C and header files: what git tracks, plus new files not ignored.
own_sources() {
	(cd "$top" && git ls-files --cached --others --exclude-standard \
		'*.c' '*.h' | sort -u | while read -r f; do
			[ -f "$f" ] && echo "$f"
		done)
}

case "${1:-}" in
w1)
	"${kbuild[@]}" clean >/dev/null 2>&1
	"${kbuild[@]}" W=1 modules >"$log" 2>&1
	rc=$?
	grep -E 'warning:|error:' "$log"
	[ $rc = 0 ] || tail -20 "$log"
	bad=$(grep -cE 'warning:|error:' "$log")
	[ $rc = 0 ] || bad=$((bad + 1))
	verdict "w1 build" "$bad"
	;;
sparse)
	command -v sparse >/dev/null || { echo "sparse is not installed"; verdict sparse 1; exit; }
	"${kbuild[@]}" C=2 CHECK="sparse" modules >"$log" 2>&1
	rc=$?
	# sparse reports as file:line:col: warning|error: ...
	grep -E ':[0-9]+:[0-9]+: (warning|error):' "$log"
	[ $rc = 0 ] || tail -20 "$log"
	bad=$(grep -cE ':[0-9]+:[0-9]+: (warning|error):' "$log")
	[ $rc = 0 ] || bad=$((bad + 1))
	verdict sparse "$bad"
	;;
checkpatch)
	cp="$KSRC/scripts/checkpatch.pl"
	bad=0
	mapfile -t files < <(own_sources)
	for f in "${files[@]}"; do
		out=$(cd "$top" && perl "$cp" --strict --no-tree --terse \
			--show-types -f "$f" 2>&1)
		if echo "$out" | grep -qE ': (ERROR|WARNING|CHECK):'; then
			echo "$out" | grep -E ': (ERROR|WARNING|CHECK):'
			bad=$((bad + 1))
		fi
	done
	echo "checkpatch: ${#files[@]} files checked"
	verdict checkpatch "$bad"
	;;
*)
	echo "usage: $0 w1|sparse|checkpatch" >&2
	exit 64
	;;
esac
