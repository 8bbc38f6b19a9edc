#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Our KUnit suites inside the VM's debug kernel (make check-debug, stage
# vm-debug-kunit). The modules were built with their KUnit suites in them;
# KUnit runs a module's suites while insmod loads it. The guest's init has
# loaded fwctl and cxl_fwctl already; this loads the modules named by
# kunit_load= on the kernel command line, then reads every suite named by
# kunit_suites= from /sys/kernel/debug/kunit/<suite>/results and prints its
# leaf test cases (a parameterised case counts each parameter) as TAP.
#
# A suite that never reported is a failure naming the cause: its module did
# not load, or KUnit did not run it. The guest's init scans for leaks after
# this program, so a leak in any test fails the run too.

arg() {
	sed -n "s/.*\\<$1=\\([^ ]*\\).*/\\1/p" /proc/cmdline
}

load=$(arg kunit_load | tr ',' ' ')
suites=$(arg kunit_suites | tr ',' ' ')
kunit=/sys/kernel/debug/kunit
out=/tmp/kunit.tap
: >"$out"
problems=0

if [ -z "$suites" ]; then
	echo "1..1"
	echo "not ok 1 kunit: no kunit_suites= on the kernel command line"
	exit 1
fi

for m in $load; do
	if ! insmod "/modules/$m.ko"; then
		echo "# insmod $m failed: its suites cannot report"
		problems=1
	fi
done

if [ ! -d "$kunit" ]; then
	echo "# $kunit is missing: the kernel lacks CONFIG_KUNIT_DEBUGFS"
fi

for s in $suites; do
	f="$kunit/$s/results"
	if [ ! -r "$f" ]; then
		echo "not ok - $s: the suite never reported (its module did not load, or KUnit did not run it)" >>"$out"
		continue
	fi
	# A result line is a leaf unless deeper result lines came since
	# the last result line at its own depth or above.
	awk -v suite="$s" '
	function depth(line) { match(line, /^ */); return RLENGTH }
	/^ *(not ok|ok) [0-9]+ / {
		d = depth($0)
		line = $0
		sub(/^ */, "", line)
		if (!(d in deeper) || !deeper[d]) {
			sub(/^(not ok|ok) [0-9]+ /, "&" suite ": ", line)
			sub(/ [0-9]+ /, " - ", line)
			print line
		}
		for (k in deeper)
			if (k + 0 >= d)
				deeper[k] = 0
		for (k = 0; k < d; k++)
			deeper[k] = 1
	}' "$f" >>"$out"
done

n=$(wc -l <"$out")
echo "1..$n"
cat "$out"
grep -q '^not ok' "$out" && exit 1
exit $problems
