#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-roots: the packages as an operator installs them, in a Debian
# 12 and a Debian 13 root and never on the host. Not part of make check:
# making a root cold costs 13 minutes or more on 2 cores (debootstrap,
# two kernels, their initramfs), past what CI's budget leaves; the roots
# are cached as tarballs, and a warm run still takes about 10 minutes a
# root. Prints each stage's wall time and ends with one line:
#   N passed, N failed, N skipped
# Needs KDIR and KSRC (set by the top Makefile).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
: "${KDIR:?}" "${KSRC:?}"
export KDIR KSRC

logdir="$top/out/check-roots"
# shellcheck source=scripts/stages.sh
. scripts/stages.sh

# The root stages use the packages make deb builds.
stage deb scripts/deb-test.sh

# The packages as an operator installs them, in a Debian 12 and a Debian
# 13 root and never on the host (scripts/debian-root.sh: DKMS build and
# signature, a second kernel and dkms autoinstall without HOME, the tool,
# purge), then each root's stock kernel in the VM with the modules DKMS
# built there.
vm_root() {
	local suite=$1 dir=out/roots/$1 stock
	stock=$(sed -n 's/^stock=//p' "$dir/kernel.env" 2>/dev/null)
	[ -n "$stock" ] || { echo "vm-root-$suite: no root kernel (stage root-$suite)"; return 1; }
	KVER=$stock tools/testing/vm/run.sh --kernel-root "$dir/kernel" \
		--modules-from "$dir/modules" --suites "core cxl" --name "root-$suite"
}

for suite in bookworm trixie; do
	stage "root-$suite" scripts/debian-root.sh "$suite"
	stage "vm-root-$suite" vm_root "$suite"
done

finish
