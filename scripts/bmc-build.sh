#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the BMC variant of the modules (make CXL_FWCTL_BMC=y) in a copy of
# the kernel sources under out/bmc, so the default build in the tree stays
# as it is. One test: the build is warning-free (W=1) and the modules say
# what they are. Needs KDIR and KSRC (set by the top Makefile).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
: "${KDIR:?}" "${KSRC:?}"
dest="$top/out/bmc"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail() {
	echo "bmc-build: $*"
	echo "bmc-build: 0 passed, 1 failed"
	exit 1
}

# Copied fresh every time (new mtimes), so kbuild never trusts an object
# built from sources that have changed since.
mkdir -p "$dest"
(cd "$top" && git ls-files --cached --others --exclude-standard \
	Kbuild Kconfig drivers include | cpio -pdu --quiet "$dest") ||
	fail "cannot copy the sources"

make -C "$KDIR" M="$dest" CXL_INTERNAL_INC="$KSRC/drivers/cxl" \
	CXL_FWCTL_BMC=y CONFIG_FWCTL_TEST=m CONFIG_CXL_FWCTL_TEST=m W=1 \
	modules >"$log" 2>&1 || { tail -20 "$log"; fail "build failed"; }
if grep -E 'warning:|error:' "$log"; then
	fail "the build has warnings"
fi
for ko in drivers/cxl/fwctl/cxl_fwctl.ko \
	  drivers/cxl/fwctl/switch/cxl_switch_fwctl.ko; do
	ver=$(modinfo -F version "$dest/$ko")
	[ "$ver" = "1.0-bmc" ] || fail "$ko has version '$ver', not 1.0-bmc"
	modinfo -F description "$dest/$ko" | grep -q 'BMC build' ||
		fail "$ko does not say it is a BMC build"
done
# The variant comes from the make command line only: the same variable
# exported in the environment (a DKMS build's, say) gives a default build.
envdest="$top/out/bmc-env"
mkdir -p "$envdest"
(cd "$top" && git ls-files --cached --others --exclude-standard \
	Kbuild Kconfig drivers include | cpio -pdu --quiet "$envdest") ||
	fail "cannot copy the sources"
CXL_FWCTL_BMC=y make -C "$KDIR" M="$envdest" \
	CXL_INTERNAL_INC="$KSRC/drivers/cxl" modules >"$log" 2>&1 ||
	{ tail -20 "$log"; fail "the environment build failed"; }
for ko in drivers/cxl/fwctl/cxl_fwctl.ko \
	  drivers/cxl/fwctl/switch/cxl_switch_fwctl.ko; do
	ver=$(modinfo -F version "$envdest/$ko")
	[ "$ver" = "1.0" ] ||
		fail "$ko built with CXL_FWCTL_BMC=y in the environment has version '$ver', not 1.0"
done
echo "bmc-build: modules in $dest"
echo "bmc-build: 1 passed, 0 failed"
