#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolves the kernel the project builds against and the matching source.
#
#   kernel-env.sh kdir [KVER]   the default KDIR for building for the host
#                               (see README); with KVER (a series such as
#                               6.1, or a release such as 6.1.0-56-amd64)
#                               that kernel's headers
#   kernel-env.sh vm-kdir [KVER]
#                               the headers of a test kernel (default the
#                               6.12 series), fetched into the cache
#   kernel-env.sh root KVER     the unpacked test kernel (boot/vmlinuz-REL,
#                               lib/modules/REL/), fetched if needed
#   kernel-env.sh linux-source [SERIES]
#                               "VERSION TARBALL" of a test kernel's source
#   kernel-env.sh check KDIR    refuse a kernel we cannot build for
#   kernel-env.sh source KDIR   a source tree matching KDIR (extracted once
#                               into the cache); prints its path
#   kernel-env.sh cxl-headers KDIR
#                               the CXL driver's internal headers matching
#                               KDIR (drivers/cxl of the source: all a
#                               module build needs); only they are extracted
#   kernel-env.sh kver [SERIES] the release of the test kernel of a
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

# --- Test kernels, fetched as artifacts --------------------------------
#
# The Debian kernels the VM boots, and the modules built for it, are never
# installed on the host: image, headers (arch and common), kbuild and
# linux-source are fetched with apt-get download into
# <cache>/kernels/<release>_<version>/ and unpacked there (root/), once per
# package version. A kernel is named by series (6.12, 6.1: the version the
# apt sources offer now) or by release (6.1.0-57-amd64). install-deps.sh
# sets up the sources (bookworm-backports for 6.12).

# The candidate version of a package, empty if none.
candidate() {
	apt-cache policy "$1" 2>/dev/null |
		sed -n 's/^  Candidate: //p' | grep -v '^(none)$' || true
}

# The highest version of a package from a suite other than backports (6.1
# on Debian 12: backports has its own, newer linux-image-amd64).
non_backports_version() {
	apt-cache madison "$1" 2>/dev/null |
		awk -F' [|] ' '$3 !~ /backports/ && !n++ {print $2}' | tr -d ' '
}

# The release a kernel image meta package of VERSION depends on.
meta_release() {
	apt-cache show "$1=$2" 2>/dev/null | sed -n 's/^Depends: //p' |
		grep -oE "linux-image-$3[^ ,]*-amd64" | head -1 | sed 's/^linux-image-//'
}

# "RELEASE VERSION" of a supported series or of a release.
resolve_kernel() {
	local what=$1 ver="" rel=""
	case "$what" in
	6.12)
		ver=$(candidate linux-image-6.12-amd64)
		if [ -n "$ver" ]; then
			rel=$(meta_release linux-image-6.12-amd64 "$ver" '6\.12\.')
		else
			# Debian 13: 6.12 is the default kernel.
			ver=$(candidate linux-image-amd64)
			case "$ver" in
			6.12.*) rel=$(meta_release linux-image-amd64 "$ver" '6\.12\.') ;;
			esac
		fi
		;;
	6.1)
		ver=$(non_backports_version linux-image-amd64)
		case "$ver" in
		6.1.*) rel=$(meta_release linux-image-amd64 "$ver" '6\.1\.') ;;
		esac
		;;
	[0-9]*.*-*)
		rel=$what
		ver=$(candidate "linux-image-$rel")
		;;
	*)
		die "fwctl: kernel $what is not supported; supported kernels: $(supported_list)"
		;;
	esac
	[ -n "$rel" ] && [ -n "$ver" ] ||
		die "fwctl: no Debian kernel $what in the apt sources; run scripts/install-deps.sh"
	echo "$rel $ver"
}

# Download and unpack a kernel's packages unless the cache has them;
# prints the unpacked root (boot/, lib/modules/, usr/src/).
fetch_kernel() {
	local rel=$1 ver=$2 series dir root pkgs p deb
	series=$(series_of "$rel")
	dir="$(cache_dir)/kernels/${rel}_$ver"
	root=$dir/root
	if [ ! -e "$dir/.unpacked" ]; then
		mkdir -p "$(cache_dir)/kernels"
		exec 9>"$(cache_dir)/kernels/.lock"
		flock 9
	fi
	if [ ! -e "$dir/.unpacked" ]; then
		echo "fwctl: fetching kernel $rel ($ver) into $dir" >&2
		rm -rf "$dir"
		mkdir -p "$dir/debs" "$root"
		pkgs=("linux-image-$rel=$ver" "linux-headers-$rel=$ver"
		      "linux-source-$series=$ver")
		for p in $(apt-cache show "linux-headers-$rel=$ver" 2>/dev/null |
			   sed -n 's/^Depends: //p' | tr ',' '\n' |
			   grep -oE '^ *linux-(headers-[^ ]+-common|kbuild-[^ ]+)'); do
			pkgs+=("$p=$ver")
		done
		(cd "$dir/debs" &&
		 apt-get download -q -o APT::Sandbox::User=root "${pkgs[@]}") >&2 ||
			die "fwctl: cannot download kernel $rel ($ver): ${pkgs[*]}"
		for deb in "$dir"/debs/*.deb; do
			dpkg-deb -x "$deb" "$root"
		done
		rm -rf "$dir/debs"
		# The arch headers include the common ones by absolute path.
		sed -i "s|^include /usr/src/|include $root/usr/src/|" \
			"$root/usr/src/linux-headers-$rel/Makefile"
		[ -r "$root/boot/vmlinuz-$rel" ] &&
			[ -r "$root/usr/src/linux-source-$series.tar.xz" ] ||
			die "fwctl: kernel $rel ($ver) unpacked incompletely in $dir"
		echo "$ver" >"$dir/version"
		touch "$dir/.unpacked"
	fi
	echo "$root"
}

# The unpacked root of a series or release, fetched if needed. A release
# the apt sources no longer offer is still found in the cache.
kernel_root() {
	local what=$1 rel ver d found=""
	if read -r rel ver < <(resolve_kernel "$what" 2>/dev/null) && [ -n "$rel" ]; then
		fetch_kernel "$rel" "$ver"
		return
	fi
	for d in "$(cache_dir)/kernels/${what}"_*; do
		[ -e "$d/.unpacked" ] && found=$d/root
	done
	[ -n "$found" ] || resolve_kernel "$what" >/dev/null
	echo "$found"
}

# The release (uname -r) of a series, as the VM boots it.
series_release() {
	local series=${1:-$DEFAULT_SERIES} rel ver
	is_supported "$series" ||
		die "fwctl: kernel $series is not supported; supported kernels: $(supported_list)"
	read -r rel ver < <(resolve_kernel "$series")
	[ -n "$rel" ] || exit 1
	echo "$rel"
}

# The headers of a kernel for the VM: always the fetched ones.
vm_kdir() {
	local what=${1:-$DEFAULT_SERIES} root rel
	root=$(kernel_root "$what") || exit 1
	rel=$(ls "$root/boot" | sed -n 's/^vmlinuz-//p' | head -1)
	echo "$root/usr/src/linux-headers-$rel"
}

kconfig_has() {
	grep -qs "^$2=[ym]" "$1/.config"
}

# The headers to build for the host with: those of the running kernel
# (or of KVER, a release installed on the host) when it can take the
# modules; otherwise the fetched kernel of KVER or the default series.
default_kdir() {
	local run kver=${1:-}
	if [ -n "$kver" ]; then
		if [ -d "/lib/modules/$kver/build" ]; then
			echo "/lib/modules/$kver/build"
		else
			vm_kdir "$kver"
		fi
		return
	fi
	run="/lib/modules/$(uname -r)/build"
	if [ -d "$run" ] && kconfig_has "$run" CONFIG_CXL_BUS &&
	   ! kconfig_has "$run" CONFIG_FWCTL; then
		echo "$run"
		return
	fi
	vm_kdir
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

# The linux-source tarball matching KDIR and its package version, as
# "VERSION TARBALL": the fetched one for a fetched kernel, else the
# host's installed linux-source package of the series.
source_tarball() {
	local kdir=$1 series=$2 dir ver
	dir=$(cd "$kdir/../../../.." 2>/dev/null && pwd)
	if [ -n "$dir" ] && [ -e "$dir/.unpacked" ]; then
		echo "$(cat "$dir/version") $dir/root/usr/src/linux-source-$series.tar.xz"
		return
	fi
	ver=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null) ||
		die "fwctl: linux-source-$series is not installed (apt-get install linux-source-$series)"
	echo "$ver /usr/src/linux-source-$series.tar.xz"
}

# Debian's linux-source package of a series is extracted once per package
# version; the cache is keyed by that version, so the series never mix.
debian_source() {
	local kdir=$1 series=$2 ver dir tarball
	read -r ver tarball < <(source_tarball "$kdir" "$series")
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
	src=$(debian_source "$kdir" "$(series_of "$rel")")
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
	read -r ver tarball < <(source_tarball "$kdir" "$series")
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
vm-kdir) vm_kdir "${2:-}" ;;
root) kernel_root "${2:?SERIES or RELEASE}" ;;
linux-source)
	k=$(vm_kdir "${2:-}")
	source_tarball "$k" "$(series_of "$(kernel_release "$k")")"
	;;
check) check_kdir "${2:?KDIR}" ;;
source) matching_source "${2:?KDIR}" ;;
cxl-headers) cxl_headers "${2:?KDIR}" ;;
kver) series_release "${2:-}" ;;
release) uts_release "${2:?KDIR}" ;;
supported) echo "$SUPPORTED" | tr ' ' '\n' ;;
cache) cache_dir ;;
*) die "usage: $0 kdir [KVER]|vm-kdir [KVER]|root KVER|linux-source [SERIES]|check KDIR|source KDIR|cxl-headers KDIR|kver [SERIES]|release KDIR|supported|cache" ;;
esac
