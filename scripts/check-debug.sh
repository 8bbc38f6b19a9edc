#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug: the debug lane. Everything runs under KASAN, lockdep
# (PROVE_LOCKING), UBSAN and kmemleak, and any report from them fails:
#
#   debug-kernel     scripts/debug-kernel.sh: Debian's linux-source-6.12
#                    with the sanitizers, cached in the cache directory
#   debug-modules    our modules built against it (a copy of this tree in
#                    the cache, so the stock build here stays untouched)
#   kunit-debug      the KUnit suites under UML with the sanitizers
#   kunit-kmemleak   the same UML kernel once more, with an init that runs
#                    a kmemleak scan after the tests
#   vm-debug-*       the VM suites on the debug kernel (the fuzzer
#                    shortened); the guest's init ends with a kmemleak scan
#   rig-leak, rig-kasan  the lane's self-test: a deliberate leak and a
#                    deliberate out-of-bounds read must fail their runs
#
# Prints each stage's wall time and ends with one line:
#   N passed, N failed, N skipped
# Needs KDIR and KSRC (set by the top Makefile). DEBUG_FUZZ_COUNT sets the
# fuzzer's calls per pass (default 20000).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
: "${KDIR:?}" "${KSRC:?}"
export KDIR KSRC

logdir="$top/out/check-debug"
# shellcheck source=scripts/stages.sh
. scripts/stages.sh
cache=$(scripts/kernel-env.sh cache)
dbg=$(scripts/debug-kernel.sh dir)
mods="$cache/debug-modules"
kunit_frag="$top/scripts/kunit-debug.config"
fuzz_count=${DEBUG_FUZZ_COUNT:-20000}

# A one-result stage: its command's exit status is the result.
one() {
	local name=$1
	shift
	if "$@"; then
		echo "$name: 1 passed, 0 failed"
	else
		echo "$name: 0 passed, 1 failed"
		return 1
	fi
}

build_kernel() {
	scripts/debug-kernel.sh build >/dev/null
}

# Our sources, copied with their times into the cache and built there: the
# .ko files in this tree stay those of the stock kernel.
build_modules() {
	mkdir -p "$mods"
	{ git ls-files -co --exclude-standard 2>/dev/null || find . -path ./out -prune -o -type f -print; } |
		grep -v '^out/' | tar -cf - -T - | tar -xf - -C "$mods" || return 1
	make -C "$mods" -s test-modules KDIR="$dbg" &&
		make -s selftests >/dev/null &&
		modinfo -F vermagic "$mods/drivers/fwctl/fwctl.ko"
}

kunit_debug() {
	scripts/kunit.sh --extra-config "$kunit_frag"
}

# Problems a sanitizer or the kernel itself reports on a console.
PROBLEMS='BUG:|WARNING:|Oops|general protection|UBSAN|KASAN: |kasan: bad|possible recursive locking|circular locking|inconsistent lock state|lockdep|suspicious RCU|unreferenced object|refcount_t:|Call Trace:'

# The UML kernel kunit.sh built, booted again with kunit_shutdown left
# out: after the tests it runs our init, which scans for leaks.
kunit_kmemleak() {
	local build init out report problems
	build="$cache/kunit-build-$(sha1sum <"$kunit_frag" | cut -c1-8)"
	[ -x "$build/linux" ] || { echo "no UML kernel in $build"; return 1; }
	init=$(mktemp -d)
	mkdir -p "$init"/{bin,dev,proc,sys}
	cp /bin/busybox "$init/bin/busybox"
	for a in sh mount cat echo sleep poweroff; do
		ln -s busybox "$init/bin/$a"
	done
	mknod "$init/dev/console" c 5 1
	cat >"$init/init" <<-'EOF'
	#!/bin/sh
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t debugfs debugfs /sys/kernel/debug
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo "kmemleak-report-begin"
	cat /sys/kernel/debug/kmemleak
	echo "kmemleak-report-end"
	poweroff -f
	EOF
	chmod +x "$init/init"
	(cd "$init" && find . | cpio -o -H newc --quiet) >"$logdir/kunit-initrd.cpio"
	rm -rf "$init"
	out="$logdir/kunit-kmemleak.console"
	timeout 600 "$build/linux" mem=1G console=tty kunit.enable=1 \
		initrd="$logdir/kunit-initrd.cpio" rdinit=/init \
		</dev/null >"$out" 2>&1
	if ! grep -q kmemleak-report-end "$out"; then
		echo "the UML kernel did not get to the scan; see $out"
		return 1
	fi
	report=$(sed -n '/kmemleak-report-begin/,/kmemleak-report-end/p' "$out" |
		sed '1d;$d')
	# UML's PCI-over-virtio has no device configured under KUnit and
	# says so with a WARNING at boot, in every KUnit run: not ours.
	problems=$(awk '
		/-+\[ cut here \]-+/ { held = $0; next }
		held != "" && /virt-pci\.c/ { skip = 1 }
		held != "" { if (!skip) print held; held = "" }
		skip && /-+\[ end trace/ { skip = 0; next }
		!skip { print }' "$out" | grep -E "$PROBLEMS")
	if [ -n "$report" ] || [ -n "$problems" ]; then
		echo "reports in $out:"
		echo "$problems" | head -40
		echo "$report" | head -40
		return 1
	fi
	echo "KUnit under UML: no KASAN, UBSAN, lockdep or kmemleak report"
}

# A TCG guest with KASAN and lockdep on a loaded 2-core host has been seen
# to stall in its boot (an RCU stall before init ran). A run whose guest
# never reached init is tried once more, and says so; a second stall, or
# any stall after init started, fails.
vm_debug() {
	local suites=$1 name rc
	shift
	name="debug-${suites// /-}"
	tools/testing/vm/run.sh --kernel-tree "$dbg" --modules-from "$mods" \
		--suites "$suites" --name "$name" --timeout 600 "$@"
	rc=$?
	if [ $rc = 3 ] && ! grep -q '^# fwctl-vm: suite' "out/vm/$name/results.log"; then
		echo "vm_debug: the guest did not reach init; booting it once more"
		tools/testing/vm/run.sh --kernel-tree "$dbg" --modules-from "$mods" \
			--suites "$suites" --name "$name" --timeout 600 "$@"
		rc=$?
	fi
	return $rc
}

# The lane's own self-test: a deliberate leak and a deliberate bad read
# must make their VM runs fail with exactly this status.
rig_debug() {
	local suite=$1 want=$2 rc
	vm_debug "$suite"
	rc=$?
	if [ $rc = "$want" ]; then
		echo "debug self-test $suite: the run failed as it must (status $rc)"
		echo "$suite: 1 passed, 0 failed"
		return 0
	fi
	echo "debug self-test $suite: wanted status $want, got $rc"
	echo "$suite: 0 passed, 1 failed"
	return 1
}

stage debug-kernel one debug-kernel build_kernel
stage debug-modules one debug-modules build_modules
stage kunit-debug kunit_debug
stage kunit-kmemleak one kunit-kmemleak kunit_kmemleak
stage vm-debug-core vm_debug core
stage vm-debug-cxl vm_debug cxl
[ -f tools/testing/vm/suites/lockdown ] && stage vm-debug-lockdown vm_debug lockdown
stage vm-debug-fuzz vm_debug fuzz --append "fuzz_count=$fuzz_count fuzz_seconds=600 fuzz_slab_kb=1048576"
[ -f tools/testing/vm/suites/storm ] && stage vm-debug-storm vm_debug storm
stage vm-debug-cxl-bg vm_debug cxl-bg
stage vm-debug-tool vm_debug tool
stage vm-debug-switch vm_debug switch --topology switch
stage vm-debug-tool-switch vm_debug tool-switch --topology switch
stage rig-leak rig_debug rig-leak 2
stage rig-kasan rig_debug rig-kasan 2

finish
