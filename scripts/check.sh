#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of the project, one stage after another, with the
# wall time of each and one summary line at the end:
#   N passed, N failed, N skipped
# A stage that cannot run counts as failed. Needs KDIR and KSRC (set by the
# top Makefile).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
: "${KDIR:?}" "${KSRC:?}"
export KDIR KSRC

logdir="$top/out/check"
# shellcheck source=scripts/stages.sh
. scripts/stages.sh

# rig_selftest NAME SUITE STATUS: the VM run must fail with exactly STATUS.
rig_selftest() {
	local name=$1 suite=$2 want=$3 rc
	tools/testing/vm/run.sh --suites "$suite"
	rc=$?
	if [ $rc = "$want" ]; then
		echo "rig self-test $suite: the runner failed as it must (status $rc)"
		echo "$name: 1 passed, 0 failed"
		return 0
	fi
	echo "rig self-test $suite: wanted status $want, got $rc"
	echo "$name: 0 passed, 1 failed"
	return 1
}

vm_suite() {
	tools/testing/vm/run.sh --suites "$1"
}

vm_suite_append() {
	tools/testing/vm/run.sh --suites "$1" --append "$2"
}

# The BMC build's modules, made by scripts/bmc-build.sh.
vm_suite_bmc() {
	tools/testing/vm/run.sh --modules-from out/bmc --suites "$1"
}

vm_suite_switch() {
	tools/testing/vm/run.sh --topology switch --suites "$1" --name "switch-$1"
}

stage w1-build scripts/static-check.sh w1
stage sparse scripts/static-check.sh sparse
stage checkpatch scripts/static-check.sh checkpatch
if [ -e scripts/gen-cxl-policy-doc.py ]; then
	stage policy-doc sh -c 'python3 scripts/gen-cxl-policy-doc.py --check &&
		echo "policy-doc: 1 passed, 0 failed"'
fi
stage docs /usr/bin/python3 scripts/check-docs.py
stage uapi-layout sh -c 'make -s uapi-check KDIR="$KDIR" >/dev/null &&
	echo "uapi-layout: 1 passed, 0 failed"'
stage kunit scripts/kunit.sh
stage build-tests sh -c 'make -s test-modules selftests tool KDIR="$KDIR" >/dev/null &&
	echo "build-tests: 1 passed, 0 failed"'
stage vm-core vm_suite core
stage vm-cxl vm_suite cxl
stage vm-tool vm_suite tool
stage deb scripts/deb-test.sh
stage vm-switch vm_suite_switch switch
stage vm-tool-switch vm_suite_switch tool-switch
stage bmc-build scripts/bmc-build.sh
stage vm-bmc vm_suite_bmc bmc
stage vm-bmc-default vm_suite bmc-default
stage vm-cxl-bg vm_suite cxl-bg
# A fixed seed keeps CI reproducible; it is the one that found QEMU's Get
# LSA abort. Run the suite by hand for fresh seeds.
stage vm-fuzz vm_suite_append fuzz "fuzz_seed=0x4221fc129f0e064d"
stage vm-storm vm_suite storm
[ -f tools/testing/vm/suites/lockdown ] && stage vm-lockdown vm_suite lockdown
stage rig-warn rig_selftest rig-warn rig-warn 2
stage rig-broken rig_selftest rig-broken rig-broken 1

# The second supported kernel, Debian 12's default 6.1: the modules built
# (W=1, sparse) against its headers and source into out/k6.1, and the VM
# suites on its stock image. KUnit, checkpatch, the tool and the
# selftests do not depend on the kernel and ran once above.
k61_dir=$(scripts/kernel-env.sh vm-kdir 6.1)
k61_src=$(scripts/kernel-env.sh source "$k61_dir")
k61_rel=$(scripts/kernel-env.sh release "$k61_dir")
k61_out=$top/out/k6.1

on_61() {
	KDIR=$k61_dir KSRC=$k61_src KVER=$k61_rel FWCTL_BUILD_DIR=$k61_out "$@"
}

vm_61() {
	local topo=$1 suite=$2
	on_61 tools/testing/vm/run.sh --topology "$topo" \
		--modules-from "$k61_out" --suites "$suite" --name "$suite-6.1"
}

rig_selftest_61() {
	KVER=$k61_rel VM_MODULES_FROM=$k61_out rig_selftest "$@"
}

stage w1-build-6.1 on_61 scripts/static-check.sh w1
stage sparse-6.1 on_61 scripts/static-check.sh sparse
stage vm-core-6.1 vm_61 default core
stage vm-cxl-6.1 vm_61 default cxl
stage vm-tool-6.1 vm_61 default tool
stage vm-switch-6.1 vm_61 switch switch
stage vm-tool-switch-6.1 vm_61 switch tool-switch
stage vm-bmc-default-6.1 vm_61 default bmc-default
stage vm-cxl-bg-6.1 vm_61 default cxl-bg
[ -f tools/testing/vm/suites/lockdown ] &&
	stage vm-lockdown-6.1 vm_61 default lockdown
stage rig-warn-6.1 rig_selftest_61 rig-warn-6.1 rig-warn 2

finish
