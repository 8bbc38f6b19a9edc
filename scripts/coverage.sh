#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make coverage: which lines and branches of drivers/ and tools/fwctl the
# tests execute, measured the kernel's way (Documentation/dev-tools/gcov.rst)
# and merged with lcov.
#
#   scripts/coverage.sh            the debug lane (scripts/check-debug.sh):
#                                  its module copies are built for gcov
#                                  (FWCTL_GCOV=y) and its tool with
#                                  COVERAGE=y; every vm-debug-* run, the
#                                  KUnit one included, leaves its .gcda
#                                  files in out/vm/<name>/gcov/; its last
#                                  stage is "report --floor"
#   scripts/coverage.sh report [--floor]
#                                  merge what those runs left: one row per
#                                  source file of drivers/ and tools/fwctl,
#                                  line and branch coverage, a total per
#                                  part; HTML under out/coverage/html/.
#                                  --floor fails if the lines of drivers/
#                                  fall below scripts/coverage-floor
#
# Each run's .gcda files sit under the absolute path of the build that
# produced them (out/vm/<name>/gcov/{kernel,tool}/<build dir>/...), so
# each is paired with the .gcno next to its object; a pair whose stamps
# differ (the build changed since the run) is left out and named. The
# sources of every build copy are reported under their path in this
# tree. Test-only code (*_test.c, fwctl_kunit.c, */test/) is not counted.
#
# Environment: COVERAGE_RUNS (directories out/vm/<name>, default every
# out/vm/debug-* but the lane's self-tests debug-rig-*), COVERAGE_TREE (the
# build copy whose .gcno files give the zero baseline, default the debug
# lane's module copy), GCOV (default: gcov of the gcc that builds).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

if [ "${1:-run}" = run ]; then
	: "${KDIR:?}" "${KSRC:?}"
	exec scripts/check-debug.sh
fi
[ "$1" = report ] || { echo "usage: $0 [run | report [--floor]]" >&2; exit 64; }
floor=0
[ "${2:-}" = --floor ] && floor=1

out=$top/out/coverage
tree=${COVERAGE_TREE:-$(scripts/kernel-env.sh cache)/debug-modules}
gcov=${GCOV:-gcov-$(gcc -dumpversion | cut -d. -f1)}
command -v "$gcov" >/dev/null || gcov=gcov
rc=(--rc lcov_branch_coverage=1)

fail() {
	echo "coverage: $*"
	echo "coverage: 0 passed, 1 failed"
	exit 1
}

command -v geninfo >/dev/null || fail "lcov is not installed (scripts/install-deps.sh)"
if [ -n "${COVERAGE_RUNS:-}" ]; then
	runs=($COVERAGE_RUNS)
else
	runs=()
	for r in out/vm/debug-*; do
		case "$r" in out/vm/debug-rig-*) continue ;; esac
		[ -d "$r" ] && runs+=("$r")
	done
fi
[ ${#runs[@]} -gt 0 ] || fail "no VM run to read: run make coverage (or make check-debug) first"

rm -rf "$out"
mkdir -p "$out/work"

# The gcov stamp: the third word of both a .gcno and a .gcda.
stamp() {
	od -An -tx4 -j8 -N4 "$1" 2>/dev/null | tr -d ' '
}

# The root of the build copy a file belongs to: its path up to drivers/
# or tools/fwctl/ of ours.
root_of() {
	echo "$1" | sed -n 's#^\(.*\)/\(drivers/\(fwctl\|cxl/fwctl\)\|tools/fwctl\)/.*#\1#p'
}

infos=() roots=()
for r in "${runs[@]}"; do
	name=${r##*/}
	if [ ! -d "$r/gcov" ]; then
		echo "coverage: $name: no coverage data (its run failed early, or" \
			"its kernel lacks CONFIG_GCOV_KERNEL)"
		continue
	fi
	grep -h '^# fwctl-gcov: unreadable' "$r/gcov.b64" 2>/dev/null | tr -d '\r' |
		sed "s/^# fwctl-gcov: /coverage: $name: left out, /"
	m=$out/work/$name n=0
	while read -r f; do
		abs=${f#"$r/gcov"/*/}
		abs=/${abs#/}
		root=$(root_of "$abs")
		[ -n "$root" ] || continue
		gcno=${abs%.gcda}.gcno
		if [ ! -e "$gcno" ]; then
			echo "coverage: $name: no $gcno: the build is gone"
			continue
		fi
		if [ "$(stamp "$f")" != "$(stamp "$gcno")" ]; then
			echo "coverage: $name: ${abs#"$root"/} is from an older build: left out"
			continue
		fi
		mkdir -p "$m${abs%/*}"
		cp "$f" "$m$abs"
		ln -sf "$gcno" "$m$gcno"
		case " ${roots[*]} " in *" $root "*) ;; *) roots+=("$root") ;; esac
		n=$((n + 1))
	done < <(find "$r/gcov" -name '*.gcda' | sort)
	[ $n -gt 0 ] || continue
	if geninfo -q "${rc[@]}" --gcov-tool "$gcov" -o "$m.info" "$m" 2>"$m.log"; then
		infos+=("$m.info")
	else
		echo "coverage: $name: geninfo failed:"
		sed 's/^/  /' "$m.log" | tail -5
	fi
done
[ ${#infos[@]} -gt 0 ] || fail "no usable coverage data in ${runs[*]}"

# The zero baseline: every object of the build copy, run or not, so that a
# file no test reached counts with all its lines.
base=()
for d in "$tree/drivers" "$tree/tools/fwctl"; do
	if [ -n "$(find "$d" -name '*.gcno' 2>/dev/null | head -1)" ]; then
		geninfo -q "${rc[@]}" --gcov-tool "$gcov" --initial \
			-o "$out/work/base-${d##*/}.info" "$d" 2>>"$out/work/base.log" &&
			base+=("$out/work/base-${d##*/}.info")
	fi
done
case " ${roots[*]} " in *" $tree "*) ;; *) roots+=("$tree") ;; esac

# Every build copy's sources under this tree's paths, so that the copies'
# counts for one file add up; then ours only, without the test code.
args=()
for i in "${infos[@]}" "${base[@]}"; do
	for root in "${roots[@]}"; do
		sed -i "s#^SF:$root/#SF:$top/#" "$i"
	done
	args+=(-a "$i")
done
lcov -q "${rc[@]}" "${args[@]}" -o "$out/work/all.info" >/dev/null 2>"$out/work/lcov.log" ||
	fail "lcov could not merge: $(tail -1 "$out/work/lcov.log")"
lcov -q "${rc[@]}" --extract "$out/work/all.info" "$top/drivers/*" "$top/tools/fwctl/*" \
	-o "$out/work/ours.info" >/dev/null 2>>"$out/work/lcov.log" &&
	lcov -q "${rc[@]}" --remove "$out/work/ours.info" '*_test.c' '*/fwctl_kunit.c' \
		'*/test/*' '*/tools/fwctl/tests/*' -o "$out/coverage.info" >/dev/null \
		2>>"$out/work/lcov.log" ||
	fail "lcov could not filter: $(tail -1 "$out/work/lcov.log")"

echo "coverage: ${#infos[@]} runs: $(printf '%s\n' "${infos[@]}" | sed 's#.*/##; s#\.info$##' | paste -sd' ')"
python3 scripts/coverage-table.py --prefix "$top/" --totals "$out/totals" \
	"$out/coverage.info" | tee "$out/summary.txt"
genhtml -q --branch-coverage "${rc[@]}" --prefix "$top" --title "fwctl-cxl" \
	-o "$out/html" "$out/coverage.info" >"$out/work/genhtml.log" 2>&1 ||
	echo "coverage: genhtml failed: $(tail -1 "$out/work/genhtml.log")"
[ -e "$out/html/index.html" ] && echo "coverage: HTML report: out/coverage/html/index.html"

[ $floor = 1 ] || exit 0
want=$(grep -v '^#' scripts/coverage-floor | head -1)
got=$(sed -n 's/^drivers //p' "$out/totals" 2>/dev/null)
[ -n "$got" ] || fail "no drivers/ total in the table"
# A floor of 0 must not hide counts that never came out of the guests.
[ "$(sed -n 's/^drivers-hit //p' "$out/totals")" != 0 ] ||
	fail "no run executed a line of drivers/: no kernel counts came out (see above)"
if python3 -c "import sys; sys.exit(not float('$got') >= float('$want'))"; then
	echo "coverage: drivers/ lines $got% >= floor $want% (scripts/coverage-floor)"
	echo "coverage: 1 passed, 0 failed"
else
	echo "coverage: drivers/ lines $got% < floor $want% (scripts/coverage-floor)"
	echo "coverage: 0 passed, 1 failed"
	exit 1
fi
