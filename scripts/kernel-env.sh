#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolves the kernel the project builds against and the matching source.
#
#   kernel-env.sh kdir          the default KDIR (see README)
#   kernel-env.sh check KDIR    refuse a kernel we cannot build for
#   kernel-env.sh source KDIR   a source tree matching KDIR (extracted once
#                               into the cache); prints its path
#   kernel-env.sh kver          the Debian 6.12 kernel release installed
#   kernel-env.sh cache         the cache directory
#
# Every refusal is one line on stderr and exit status 1.
set -euo pipefail

cache_dir() {
	echo "${FWCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fwctl-cxl}"
}

die() {
	echo "$*" >&2
	exit 1
}

# The kernel release of the installed Debian 6.12 kernel, from the meta
# package, so the version is never hard-coded.
debian_kver() {
	local v
	v=$(dpkg-query -W -f='${Depends}' linux-headers-6.12-amd64 2>/dev/null |
		grep -o 'linux-headers-6\.12[^ ,]*-amd64' | head -1 |
		sed 's/^linux-headers-//') || true
	[ -n "$v" ] || die "fwctl: no Debian 6.12 kernel headers; run scripts/install-deps.sh"
	echo "$v"
}

kconfig_has() {
	grep -qs "^$2=[ym]" "$1/.config"
}

default_kdir() {
	local run
	run="/lib/modules/$(uname -r)/build"
	if [ -d "$run" ] && kconfig_has "$run" CONFIG_CXL_BUS &&
	   ! kconfig_has "$run" CONFIG_FWCTL; then
		echo "$run"
		return
	fi
	echo "/usr/src/linux-headers-$(debian_kver)"
}

kernel_release() {
	local f="$1/include/config/kernel.release"
	[ -r "$f" ] || die "fwctl: $1 is not a configured kernel build directory"
	cat "$f"
}

check_kdir() {
	local kdir="$1" rel
	rel=$(kernel_release "$kdir")
	if kconfig_has "$kdir" CONFIG_FWCTL; then
		die "fwctl: kernel $rel already has fwctl (CONFIG_FWCTL); use its own fwctl instead of these modules"
	fi
	kconfig_has "$kdir" CONFIG_CXL_BUS ||
		die "fwctl: kernel $rel has no CXL support (CONFIG_CXL_BUS)"
	case "$rel" in
	6.12.*) ;;
	*) die "fwctl: kernel $rel is not supported; supported kernels: 6.12" ;;
	esac
}

# x.y.z of a kernel source tree's top Makefile.
source_version() {
	awk -F' = ' '/^VERSION/{v=$2} /^PATCHLEVEL/{p=$2} /^SUBLEVEL/{s=$2}
		END {print v "." p "." s}' "$1/Makefile"
}

# Debian's linux-source package is extracted once per package version.
debian_source() {
	local ver dir tarball
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
		die "fwctl: linux-source-6.12 is not installed; run scripts/install-deps.sh"
	tarball=/usr/src/linux-source-6.12.tar.xz
	dir="$(cache_dir)/src/$ver"
	if [ ! -e "$dir/.extracted" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -C "$dir" -xf "$tarball" --strip-components=1
		touch "$dir/.extracted"
	fi
	echo "$dir"
}

# A full source tree as KDIR (a kernel we built ourselves) is its own source;
# a headers-only KDIR takes Debian's linux-source, which must match.
matching_source() {
	local kdir="$1" src rel want
	if [ -e "$kdir/drivers/cxl/cxlmem.h" ]; then
		echo "$kdir"
		return
	fi
	src=$(debian_source)
	rel=$(kernel_release "$kdir")
	want=${rel%%[-+]*}
	[ "$(source_version "$src")" = "$want" ] ||
		die "fwctl: linux-source is $(source_version "$src") but $kdir is $rel; install matching packages"
	echo "$src"
}

case "${1:-}" in
kdir) default_kdir ;;
check) check_kdir "${2:?KDIR}" ;;
source) matching_source "${2:?KDIR}" ;;
kver) debian_kver ;;
cache) cache_dir ;;
*) die "usage: $0 kdir|check KDIR|source KDIR|kver|cache" ;;
esac
