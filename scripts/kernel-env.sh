#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolves the kernel the project builds against and the matching source.
#
#   kernel-env.sh kdir [KVER]   the default KDIR (see README); with KVER
#                               (a series such as 6.1, or a release such
#                               as 6.1.0-56-amd64) that kernel's headers
#   kernel-env.sh check KDIR    refuse a kernel we cannot build for
#   kernel-env.sh source KDIR   a source tree matching KDIR (extracted once
#                               into the cache); prints its path
#   kernel-env.sh cxl-headers KDIR
#                               the CXL driver's internal headers matching
#                               KDIR (drivers/cxl of the source: all a
#                               module build needs); only they are extracted
#   kernel-env.sh kver [SERIES] the installed Debian kernel release of a
#                               supported series (default 6.12)
#   kernel-env.sh release KDIR  the release (uname -r) of KDIR's kernel
#   kernel-env.sh supported     the supported series, one a line
#   kernel-env.sh cache         the cache directory
#
# Every refusal is one line on stderr and exit status 1.
set -euo pipefail

# The kernel series the modules build for: each needs its own case in the
# compat layer (drivers/cxl/fwctl/compat/, drivers/fwctl/compat.h) and a
# pass of the VM suites in make check. See
# Documentation/userspace-api/fwctl/fwctl-kernels.rst to add one.
SUPPORTED="6.1 6.12"
DEFAULT_SERIES=6.12

# FWCTL_CACHE, else the user's cache. Without HOME (apt running DKMS for a
# new kernel from a service) root gets a fixed directory; DKMS itself
# passes one inside its build tree (dkms.conf).
cache_dir() {
	local d
	if [ -n "${FWCTL_CACHE:-}" ]; then
		d=$FWCTL_CACHE
	elif [ -n "${XDG_CACHE_HOME:-}" ]; then
		d=$XDG_CACHE_HOME/fwctl-cxl
	elif [ -n "${HOME:-}" ]; then
		d=$HOME/.cache/fwctl-cxl
	elif [ "$(id -u)" = 0 ]; then
		d=/var/cache/fwctl-cxl
	else
		die "fwctl: no cache directory: set FWCTL_CACHE or HOME"
	fi
	case "$d" in
	/*) echo "$d" ;;
	*) echo "$PWD/$d" ;;
	esac
}

die() {
	echo "$*" >&2
	exit 1
}

supported_list() {
	echo "$SUPPORTED" | sed 's/ /, /g'
}

is_supported() {
	local s
	for s in $SUPPORTED; do
		[ "$s" = "$1" ] && return 0
	done
	return 1
}

# The kernel release of the installed Debian kernel of a series: the
# headers package whose version is that of linux-source-SERIES, so image,
# headers and source agree and no version is hard-coded. Debian names the
# 6.1 kernels by ABI (6.1.0-56-amd64) and the 6.12 ones by version
# (6.12.117+deb12-amd64); the glob matches both and no other series.
debian_kver() {
	local series=${1:-$DEFAULT_SERIES} want pkg ver v=""
	is_supported "$series" ||
		die "fwctl: kernel $series is not supported; supported kernels: $(supported_list)"
	want=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null) ||
		die "fwctl: linux-source-$series is not installed; run scripts/install-deps.sh"
	while read -r pkg ver; do
		case "$pkg" in
		linux-headers-"$series".*-amd64) ;;
		*) continue ;;
		esac
		[ "$ver" = "$want" ] && v=${pkg#linux-headers-}
	done < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' \
			"linux-headers-$series.*" 2>/dev/null |
		 awk '$1 == "ii" {print $2, $3}')
	[ -n "$v" ] || die "fwctl: no Debian $series kernel headers matching linux-source-$series $want; run scripts/install-deps.sh"
	echo "$v"
}

kconfig_has() {
	grep -qs "^$2=[ym]" "$1/.config"
}

default_kdir() {
	local run kver=${1:-}
	if [ -n "$kver" ]; then
		if [ -d "/usr/src/linux-headers-$kver" ]; then
			echo "/usr/src/linux-headers-$kver"
		elif [ -d "/lib/modules/$kver/build" ]; then
			echo "/lib/modules/$kver/build"
		else
			echo "/usr/src/linux-headers-$(debian_kver "$kver")"
		fi
		return
	fi
	run="/lib/modules/$(uname -r)/build"
	if [ -d "$run" ] && kconfig_has "$run" CONFIG_CXL_BUS &&
	   ! kconfig_has "$run" CONFIG_FWCTL; then
		echo "$run"
		return
	fi
	echo "/usr/src/linux-headers-$(debian_kver)"
}

# x.y.z of KDIR's kernel. Debian's 6.1 headers keep the upstream version
# there (6.1.192) and the ABI name in utsrelease.h; 6.12 has the release.
kernel_release() {
	local f="$1/include/config/kernel.release"
	[ -r "$f" ] || die "fwctl: $1 is not a configured kernel build directory"
	cat "$f"
}

# What uname -r says when KDIR's kernel runs.
uts_release() {
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$1/include/generated/utsrelease.h" 2>/dev/null | head -1
}

# x.y of a release.
series_of() {
	echo "$1" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/'
}

check_kdir() {
	local kdir="$1" rel
	rel=$(kernel_release "$kdir")
	if kconfig_has "$kdir" CONFIG_FWCTL; then
		die "fwctl: kernel $rel already has fwctl (CONFIG_FWCTL); use its own fwctl instead of these modules"
	fi
	kconfig_has "$kdir" CONFIG_CXL_BUS ||
		die "fwctl: kernel $rel has no CXL support (CONFIG_CXL_BUS)"
	is_supported "$(series_of "$rel")" ||
		die "fwctl: kernel $rel is not supported; supported kernels: $(supported_list)"
}

# x.y.z of a kernel source tree's top Makefile.
source_version() {
	awk -F' = ' '/^VERSION/{v=$2} /^PATCHLEVEL/{p=$2} /^SUBLEVEL/{s=$2}
		END {print v "." p "." s}' "$1/Makefile"
}

# The linux-source tarball of a series and its package version, as
# "VERSION TARBALL".
source_tarball() {
	local series=$1 ver
	ver=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null) ||
		die "fwctl: linux-source-$series is not installed; run scripts/install-deps.sh"
	echo "$ver /usr/src/linux-source-$series.tar.xz"
}

# Debian's linux-source package of a series is extracted once per package
# version; the cache is keyed by that version, so the series never mix.
debian_source() {
	local series=$1 ver dir tarball
	read -r ver tarball < <(source_tarball "$series")
	[ -n "$ver" ] || exit 1
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
	rel=$(kernel_release "$kdir")
	src=$(debian_source "$(series_of "$rel")")
	want=${rel%%[-+]*}
	[ "$(source_version "$src")" = "$want" ] ||
		die "fwctl: linux-source is $(source_version "$src") but $kdir is $rel; install matching packages"
	echo "$src"
}

# The CXL driver's internal headers only: what building the modules needs
# from the source (cxlmem.h, cxl.h, cxlpci.h and what they include), a
# few hundred KiB instead of the whole tree. A full extraction already in
# the cache serves as well.
cxl_headers() {
	local kdir="$1" rel series ver tarball dir top
	if [ -e "$kdir/drivers/cxl/cxlmem.h" ]; then
		echo "$kdir/drivers/cxl"
		return
	fi
	rel=$(kernel_release "$kdir")
	series=$(series_of "$rel")
	read -r ver tarball < <(source_tarball "$series")
	[ -n "$ver" ] || exit 1
	dir="$(cache_dir)/src/$ver"
	if [ ! -e "$dir/.extracted" ]; then
		dir="$(cache_dir)/cxl-headers/$ver"
		if [ ! -e "$dir/.extracted" ]; then
			rm -rf "$dir"
			mkdir -p "$dir"
			top=linux-source-$series
			tar -C "$dir" -xf "$tarball" --strip-components=1 \
				--wildcards --no-wildcards-match-slash \
				"$top/Makefile" "$top/drivers/cxl/*.h" \
				"$top/drivers/cxl/core/*.h" ||
				die "fwctl: cannot extract the CXL headers from $tarball"
			touch "$dir/.extracted"
		fi
	fi
	[ "$(source_version "$dir")" = "${rel%%[-+]*}" ] ||
		die "fwctl: linux-source is $(source_version "$dir") but $kdir is $rel; install matching packages"
	echo "$dir/drivers/cxl"
}

case "${1:-}" in
kdir) default_kdir "${2:-}" ;;
check) check_kdir "${2:?KDIR}" ;;
source) matching_source "${2:?KDIR}" ;;
cxl-headers) cxl_headers "${2:?KDIR}" ;;
kver) debian_kver "${2:-}" ;;
release) uts_release "${2:?KDIR}" ;;
supported) echo "$SUPPORTED" | tr ' ' '\n' ;;
cache) cache_dir ;;
*) die "usage: $0 kdir [KVER]|check KDIR|source KDIR|cxl-headers KDIR|kver [SERIES]|release KDIR|supported|cache" ;;
esac
