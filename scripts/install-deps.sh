#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the build and the tests need on a Debian 12 machine.
# Idempotent; must run as root. Nothing else is assumed to be installed.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
backports=/etc/apt/sources.list.d/fwctl-bookworm-backports.sources

have_backports() {
	grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/
}

if ! have_backports; then
	# Same mirror as the main suites.
	uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
	[ -n "$uri" ] || uri=http://deb.debian.org/debian
	cat >"$backports" <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

apt-get update -qq

# Two kernels: Debian 12's default 6.1 and 6.12. For each, image, headers
# and linux-source must agree on one version. 6.12's is resolved from its
# image meta package; 6.1's from the meta packages linux-image-amd64 and
# linux-headers-amd64 of bookworm itself (backports has its own, newer
# ones: they are asked for by the version bookworm offers), and
# linux-source-6.1 is pinned to that version.
apt-get install -y -qq --no-install-recommends linux-image-6.12-amd64 >/dev/null
kver=$(dpkg-query -W -f='${Depends}' linux-image-6.12-amd64 |
	grep -o 'linux-image-6\.12[^ ,]*-amd64' | head -1 | sed 's/^linux-image-//')
if [ -z "$kver" ]; then
	echo "install-deps: cannot resolve the 6.12 kernel version" >&2
	exit 1
fi

# The bookworm (not backports) candidate of a package: the highest version
# whose origin is not bookworm-backports.
bookworm_version() {
	apt-cache madison "$1" | awk -F' [|] ' '$3 !~ /backports/ && !n++ {print $2}' |
		tr -d ' '
}
v61=$(bookworm_version linux-image-amd64)
h61=$(bookworm_version linux-headers-amd64)
case "$v61" in
6.1.*) ;;
*) echo "install-deps: linux-image-amd64 from bookworm is '$v61', not a 6.1 kernel" >&2; exit 1 ;;
esac
if [ "$h61" != "$v61" ]; then
	echo "install-deps: linux-headers-amd64 $h61 != linux-image-amd64 $v61" >&2
	exit 1
fi
kver61=$(apt-cache show "linux-image-amd64=$v61" | sed -n 's/^Depends: //p' |
	grep -o 'linux-image-6\.1\.[^ ,]*-amd64' | head -1 | sed 's/^linux-image-//')
if [ -z "$kver61" ]; then
	echo "install-deps: cannot resolve the 6.1 kernel of linux-image-amd64 $v61" >&2
	exit 1
fi

# Installing a 6.1 image repoints /vmlinuz and /initrd.img; the project
# always names kernels by version, never through those links.
apt-get install -y -qq --no-install-recommends \
	"linux-image-$kver" "linux-headers-$kver" linux-headers-6.12-amd64 \
	linux-source-6.12 \
	"linux-image-amd64=$v61" "linux-headers-amd64=$v61" \
	"linux-image-$kver61=$v61" "linux-headers-$kver61=$v61" \
	"linux-source-6.1=$v61" \
	build-essential bc flex bison libelf-dev libssl-dev \
	sparse busybox-static cpio kmod xz-utils python3 \
	gawk perl file ca-certificates git \
	dkms libjson-c-dev uuid-dev python3-docutils \
	debhelper dh-dkms lintian >/dev/null

apt-get install -y -qq --no-install-recommends -t bookworm-backports \
	qemu-system-x86 >/dev/null

# Check each kernel's three packages agree.
same_version() {
	local want=$1 pkg v
	shift
	for pkg in "$@"; do
		v=$(dpkg-query -W -f='${Version}' "$pkg")
		if [ "$v" != "$want" ]; then
			echo "install-deps: $pkg $v != $want" >&2
			exit 1
		fi
	done
}
img_ver=$(dpkg-query -W -f='${Version}' "linux-image-$kver")
same_version "$img_ver" "linux-headers-$kver" linux-source-6.12
same_version "$v61" "linux-image-$kver61" "linux-headers-$kver61" linux-source-6.1

qemu_ver=$(qemu-system-x86_64 --version | head -1)
case "$qemu_ver" in
*"version 1"[0-9]*) ;;
*) echo "install-deps: need QEMU >= 10, have: $qemu_ver" >&2; exit 1 ;;
esac

echo "install-deps: kernels $kver ($img_ver) and $kver61 ($v61), $qemu_ver"
