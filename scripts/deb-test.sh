#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages, built and judged without installing anything: one
# version string (dkms.conf's PACKAGE_VERSION is debian/changelog's),
# make deb, lintian with no error or warning left (each override in
# debian/*.lintian-overrides says why), and the files each package must
# hold. Installing them is scripts/debian-root.sh's part, in a Debian
# root, never on the host. Prints TAP-like lines and
# "deb: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

# shellcheck source=scripts/tap.sh
. "$top/scripts/tap.sh"

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
chver=$(dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
echo "  dkms.conf $ver, debian/changelog $chver"
[ -n "$ver" ] && [ "$ver" = "$chver" ]
t $? "dkms.conf's PACKAGE_VERSION is debian/changelog's version"

if ! scripts/deb-build.sh; then
	t 1 "make deb"
	tap_finish deb
fi
t 0 "make deb"
out=out/deb
arch=$(dpkg --print-architecture)
dkms_deb=$out/fwctl-cxl-dkms_${ver}_all.deb
tools_deb=$out/fwctl-cxl-tools_${ver}_$arch.deb

# lintian exits non-zero on errors; warnings must not be left either.
lintian --info --display-info --tag-display-limit 0 \
	--fail-on error,warning "$out"/fwctl-cxl_"${ver}"_*.changes \
	>"$out/lintian.log" 2>&1
rc=$?
sed 's/^/  /' "$out/lintian.log"
t $rc "lintian: no error or warning"

# has DEB PATH...: each path is in the package.
has() {
	local deb=$1 p list
	shift
	list=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
	for p in "$@"; do
		echo "$list" | grep -qxF "$p" || { echo "  $deb: no $p"; return 1; }
	done
}

src=/usr/src/fwctl-cxl-$ver
has "$dkms_deb" "$src/dkms.conf" "$src/Makefile" "$src/Kbuild" \
	"$src/scripts/kernel-env.sh" "$src/drivers/cxl/fwctl/switch/Makefile" \
	"$src/include/uapi/fwctl/fwctl.h"
t $? "fwctl-cxl-dkms holds the module source and dkms.conf under $src"
products=$(dpkg-deb -c "$dkms_deb" | awk '{print $6}' | grep -E '\.(o|ko|cmd|mod)$')
[ -n "$products" ] && echo "$products" | sed 's/^/  build product: /'
[ -z "$products" ]
t $? "fwctl-cxl-dkms holds no build products"
n=$(dpkg-deb --fsys-tarfile "$dkms_deb" | tar -xOf - ".$src/dkms.conf" |
	grep -cE '^BUILT_MODULE_NAME\[[0-9]\]="(fwctl|cxl_fwctl|cxl_switch_fwctl)"')
[ "$n" = 3 ]
t $? "its dkms.conf builds fwctl, cxl_fwctl and cxl_switch_fwctl ($n of 3)"
[ "$(dpkg-deb -f "$dkms_deb" Architecture)" = all ]
t $? "fwctl-cxl-dkms is Architecture: all"
dpkg-deb -f "$dkms_deb" Depends | grep -qw dkms
t $? "fwctl-cxl-dkms depends on dkms"

has "$tools_deb" /usr/bin/fwctl /usr/share/man/man8/fwctl.8.gz \
	/usr/share/man/man8/fwctl-cxl-switch.8.gz \
	/lib/udev/rules.d/60-fwctl.rules \
	/usr/include/fwctl-cxl/fwctl/fwctl.h /usr/include/fwctl-cxl/fwctl/cxl.h \
	/usr/share/pkgconfig/fwctl-cxl.pc
t $? "fwctl-cxl-tools holds the tool, its man pages, the udev rule and the uAPI headers"
dpkg-deb -f "$tools_deb" Depends | grep -q 'libjson-c'
t $? "fwctl-cxl-tools is linked dynamically (depends on libjson-c)"
tap_finish deb
