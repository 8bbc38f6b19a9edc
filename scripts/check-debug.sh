#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug: the debug lane. Everything runs under KASAN, lockdep
# (PROVE_LOCKING), UBSAN and kmemleak, and any report from them fails:
#
#   debug-kernel     scripts/debug-kernel.sh: Debian's linux-source-6.12
#                    with the sanitizers and KUnit, cached in the cache
#                    directory
#   debug-modules    our modules built against it (a copy of this tree in
#                    the cache, so the stock build here stays untouched),
#                    and this tree's selftests and tool, which the VM runs
#   debug-kunit-modules  the same modules once more with their KUnit
#                    suites in them (a second copy)
#   vm-debug-kunit   those modules loaded in the VM: KUnit runs the suites
#                    in the debug kernel, and the guest's init scans for
#                    leaks afterwards. Nothing here starts a process in UML,
#                    whose userspace depends on the host CPU (see
#                    tools/testing/vm/README)
#   vm-debug-*       the VM suites on the debug kernel (the fuzzer
#                    shortened); the guest's init ends with a kmemleak scan
#   rig-leak, rig-kasan, rig-kunit-leak  the lane's self-test: a deliberate
#                    leak (in a module, in a KUnit case) and a deliberate
#                    out-of-bounds read must fail their runs
#   coverage         the gcov counts of the vm-debug-* runs, merged by
#                    scripts/coverage.sh: a table, an HTML report, and the
#                    floor of scripts/coverage-floor
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
kmods="$cache/debug-kunit-modules"
bmods="$cache/debug-bmc-modules"
# What the KUnit build adds to make test-modules: every KUnit suite of ours
# and the rig's leaking one.
KUNIT_CONFIG=(CONFIG_FWCTL_KUNIT_TEST=m CONFIG_CXL_FWCTL_KUNIT_TEST=y
	CONFIG_CXL_SWITCH_FWCTL_KUNIT_TEST=y CONFIG_FWCTL_RIG_KUNIT=m)
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

# copy_tree DIR: our sources, copied with their times into DIR in the
# cache and built there, so the .ko files in this tree stay those of the
# stock kernel.
copy_tree() {
	mkdir -p "$1"
	{ git ls-files -co --exclude-standard 2>/dev/null || find . -path ./out -prune -o -type f -print; } |
		grep -v '^out/' | tar -cf - -T - | tar -xf - -C "$1"
}

# sign_modules DIR: sign every module built in DIR with the key the debug
# kernel's build generated and trusts, as a distribution signs its own (a
# module signed before is left as it is). fwctl_test is kept unsigned too,
# as fwctl_test-unsigned.ko, for the refusal a locked-down kernel owes it.
sign_modules() {
	local ko magic='~Module signature appended~'
	python3 -c '
import struct, sys
data = open(sys.argv[1], "rb").read()
magic = b"~Module signature appended~\n"
if data.endswith(magic):
    # struct module_signature (12 bytes) ends in the signature length.
    end = len(data) - len(magic)
    (sig_len,) = struct.unpack(">I", data[end - 4:end])
    data = data[:end - 12 - sig_len]
open(sys.argv[2], "wb").write(data)' \
		"$1/drivers/fwctl/test/fwctl_test.ko" \
		"$1/drivers/fwctl/test/fwctl_test-unsigned.ko" || return 1
	find "$1" -name '*.ko' ! -name '*-unsigned.ko' -print |
	while read -r ko; do
		tail -c 28 "$ko" | grep -qF "$magic" && continue
		"$dbg/scripts/sign-file" sha256 "$dbg/certs/signing_key.pem" \
			"$dbg/certs/signing_key.x509" "$ko" || exit 1
	done
}

# Both module copies are built for gcov (FWCTL_GCOV=y) and the tool in
# the first copy with COVERAGE=y: the VM runs below leave their counts in
# out/vm/<name>/gcov/, and the coverage stage merges them.
build_modules() {
	copy_tree "$mods" &&
		make -C "$mods" -s test-modules KDIR="$dbg" FWCTL_GCOV=y &&
		sign_modules "$mods" &&
		make -s selftests >/dev/null &&
		make -s tool >/dev/null &&
		make -C "$mods/tools/fwctl" -s -B COVERAGE=y fwctl >/dev/null &&
		modinfo -F signer "$mods/drivers/fwctl/fwctl.ko" &&
		modinfo -F vermagic "$mods/drivers/fwctl/fwctl.ko"
}

# The BMC build (fwctl-cxl-bmc.rst), signed the same way, for its lockdown
# exemption on a kernel locked down from boot.
build_bmc_modules() {
	copy_tree "$bmods" &&
		make -C "$bmods" -s test-modules KDIR="$dbg" CXL_FWCTL_BMC=y &&
		sign_modules "$bmods" &&
		modinfo -F version "$bmods/drivers/cxl/fwctl/cxl_fwctl.ko"
}

build_kunit_modules() {
	copy_tree "$kmods" &&
		make -C "$kmods" -s test-modules KDIR="$dbg" FWCTL_GCOV=y "${KUNIT_CONFIG[@]}" &&
		modinfo -F name "$kmods/drivers/fwctl/fwctl_kunit.ko" \
			"$kmods/tools/testing/vm/rig_warn/rig_kunit.ko"
}

# The names of our KUnit suites, comma-separated, as their sources give
# them: what vm-debug-kunit must see reported.
kunit_suites() {
	grep -rh -A3 --include='*.c' '^static struct kunit_suite' drivers |
		sed -n 's/.*\.name = "\([^"]*\)".*/\1/p' | paste -sd, -
}

# A TCG guest with KASAN and lockdep on a loaded 2-core host has been seen
# to stall in its boot (an RCU stall before init ran). A run whose guest
# never reached init is tried once more, and says so; a second stall, or
# any stall after init started, fails.
#   vm_debug SUITES [--as NAME] [run.sh arguments...]
vm_debug() {
	local suites=$1 name rc
	shift
	name="debug-${suites// /-}"
	if [ "${1:-}" = --as ]; then
		name="debug-$2"
		shift 2
	fi
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
# must make their VM runs fail with exactly this status, and the guest's
# results must show the catch itself (a pattern), not some other failure.
#   rig_debug SUITE STATUS PATTERN [run.sh arguments...]
rig_debug() {
	local suite=$1 want=$2 pattern=$3 rc
	shift 3
	vm_debug "$suite" "$@"
	rc=$?
	if [ $rc = "$want" ] && grep -qF -- "$pattern" "out/vm/debug-$suite/results.log" \
		"out/vm/debug-$suite/console.log"; then
		echo "debug self-test $suite: the run failed as it must (status $rc, '$pattern')"
		echo "$suite: 1 passed, 0 failed"
		return 0
	fi
	echo "debug self-test $suite: wanted status $want and '$pattern', got status $rc"
	echo "$suite: 0 passed, 1 failed"
	return 1
}

stage debug-kernel one debug-kernel build_kernel
stage debug-modules one debug-modules build_modules
stage debug-kunit-modules one debug-kunit-modules build_kunit_modules
stage debug-bmc-modules one debug-bmc-modules build_bmc_modules
stage vm-debug-kunit vm_debug kunit --modules-from "$kmods" \
	--append "kunit_load=fwctl_kunit,cxl_switch_fwctl kunit_suites=$(kunit_suites)"
stage vm-debug-core vm_debug core
stage vm-debug-cxl vm_debug cxl
[ -f tools/testing/vm/suites/lockdown ] && stage vm-debug-lockdown vm_debug lockdown
stage vm-debug-fuzz vm_debug fuzz --append "fuzz_count=$fuzz_count fuzz_seconds=600 fuzz_slab_kb=1048576"
[ -f tools/testing/vm/suites/storm ] && stage vm-debug-storm vm_debug storm
stage vm-debug-cxl-bg vm_debug cxl-bg
stage vm-debug-tool vm_debug tool
stage vm-debug-switch vm_debug switch --topology switch
stage vm-debug-tool-switch vm_debug tool-switch --topology switch
# Locked down from the first instruction, as a Secure Boot host is: only
# signed modules load (fwctl.rst, "Secure Boot hosts").
for mode in integrity confidentiality; do
	stage "vm-debug-secureboot-$mode" vm_debug secureboot --as "secureboot-$mode" \
		--append "lockdown=$mode"
done
stage vm-debug-secureboot-bmc vm_debug secureboot-bmc --modules-from "$bmods" \
	--append "lockdown=integrity"
stage rig-leak rig_debug rig-leak 2 "not ok 1 kmemleak-scan"
stage rig-kasan rig_debug rig-kasan 2 "KASAN: slab-out-of-bounds"
# The leaking case itself passes; the scan after it finds its objects.
stage rig-kunit-leak rig_debug rig-kunit-leak 2 "rig_kunit_leak+0x" --modules-from "$kmods" \
	--append "kunit_load=rig_kunit kunit_suites=fwctl_rig_kunit_leak"
# Line and branch coverage of every run above (scripts/coverage.sh); fails
# if drivers/ falls below scripts/coverage-floor.
stage coverage scripts/coverage.sh report --floor

finish
