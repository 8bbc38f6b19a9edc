#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The DKMS packaging, end to end, as on a real host: dkms add (from a clean
# copy of the source under /usr/src/<name>-<version>), build and install
# for the Debian 6.12 kernel with HOME unset (as apt runs it for a new
# kernel), check where all three modules landed and that the
# installed cxl_fwctl carries the memdev alias that autoloads it, then
# dkms remove. Leaves the host as it found it; idempotent. Needs root and
# the dkms package (scripts/install-deps.sh). Prints TAP-like lines and
# "dkms: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$top/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
kver=$("$top/scripts/kernel-env.sh" kver) || exit 1
src=/usr/src/$name-$ver

# shellcheck source=scripts/tap.sh
. "$top/scripts/tap.sh"

cleanup() {
	if dkms status -m "$name" -v "$ver" 2>/dev/null | grep -q .; then
		dkms remove "$name/$ver" --all >/dev/null 2>&1
	fi
	rm -rf "$src"
}

if [ "$(id -u)" != 0 ] || ! command -v dkms >/dev/null; then
	echo "dkms-test: needs root and dkms (bash scripts/install-deps.sh)"
	t 1 "dkms available"
	tap_finish dkms
fi

cleanup
trap cleanup EXIT

# What a release tarball would hold: the build files, no build products.
mkdir -p "$src"
(cd "$top" && tar cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' \
	--exclude='modules.order' --exclude='Module.symvers' \
	Makefile Kbuild Kconfig dkms.conf LICENSE drivers include scripts) |
	tar xf - -C "$src"

dkms add "$name/$ver" >/dev/null
t $? "dkms add $name/$ver"

# As apt runs it for a new kernel from a service: no HOME.
log=/var/lib/dkms/$name/$ver/build/make.log
if env -u HOME dkms build "$name/$ver" -k "$kver" >/dev/null 2>&1; then
	t 0 "dkms build for $kver"
else
	t 1 "dkms build for $kver"
	tail -20 "$log" 2>/dev/null | sed 's/^/  /'
	tap_finish dkms
fi

env -u HOME dkms install "$name/$ver" -k "$kver" >/dev/null 2>&1
t $? "dkms install for $kver"

dkms status -m "$name" -v "$ver" -k "$kver" | grep -q installed
t $? "dkms status: installed"

# DKMS deletes its build tree after the build; its log keeps the command.
grep -q "CXL_INTERNAL_INC=/var/lib/dkms/$name/$ver/build/\.cache/cxl-headers/" \
	"/var/lib/dkms/$name/$ver/$kver/$(uname -m)/log/make.log"
t $? "the build took only the CXL headers, extracted into the DKMS build tree"

for m in fwctl cxl_fwctl cxl_switch_fwctl; do
	f=$(find "/lib/modules/$kver/updates" -name "$m.ko*" 2>/dev/null | head -1)
	echo "  $m: ${f:-not found}"
	[ -n "$f" ]
	t $? "$m installed under /lib/modules/$kver/updates"
done

f=$(modinfo -k "$kver" -n cxl_fwctl 2>/dev/null)
case "$f" in
*/updates/*) t 0 "modinfo resolves cxl_fwctl to the DKMS copy" ;;
*) t 1 "modinfo resolves cxl_fwctl to the DKMS copy ($f)" ;;
esac
modinfo -k "$kver" -F alias cxl_fwctl | grep -qx 'cxl:t5\*'
t $? "cxl_fwctl carries the alias cxl:t5* (memory expander memdevs)"
modinfo -k "$kver" -F depends cxl_fwctl | grep -qw fwctl
t $? "cxl_fwctl depends on fwctl"
# What udev runs for a memdev's uevent: modprobe of its MODALIAS.
modprobe -S "$kver" -R cxl:t5 | grep -qx cxl_fwctl
t $? "modprobe resolves the memdev modalias cxl:t5 to cxl_fwctl"

dkms remove "$name/$ver" --all >/dev/null 2>&1
t $? "dkms remove"
[ -z "$(find "/lib/modules/$kver/updates" -name 'cxl_fwctl.ko*' 2>/dev/null)" ]
t $? "the modules are gone after removal"
! modprobe -S "$kver" -R cxl:t5 2>/dev/null | grep -qx cxl_fwctl
t $? "the alias is gone after removal"
tap_finish dkms
