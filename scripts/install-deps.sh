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

# The three kernel packages must agree on one version: resolve it from the
# image meta package and pin headers and source to the same upstream version.
apt-get install -y -qq --no-install-recommends linux-image-6.12-amd64 >/dev/null
kver=$(dpkg-query -W -f='${Depends}' linux-image-6.12-amd64 |
	grep -o 'linux-image-6\.12[^ ,]*-amd64' | head -1 | sed 's/^linux-image-//')
if [ -z "$kver" ]; then
	echo "install-deps: cannot resolve the 6.12 kernel version" >&2
	exit 1
fi

apt-get install -y -qq --no-install-recommends \
	"linux-image-$kver" "linux-headers-$kver" linux-headers-6.12-amd64 \
	linux-source-6.12 \
	build-essential bc flex bison libelf-dev libssl-dev \
	sparse busybox-static cpio kmod xz-utils python3 \
	gawk perl file ca-certificates git \
	dkms libjson-c-dev uuid-dev python3-docutils >/dev/null

apt-get install -y -qq --no-install-recommends -t bookworm-backports \
	qemu-system-x86 >/dev/null

# Check the three agree: the source tarball's version must match the image.
src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
img_ver=$(dpkg-query -W -f='${Version}' "linux-image-$kver")
if [ "$src_ver" != "$img_ver" ]; then
	echo "install-deps: linux-source-6.12 $src_ver != linux-image-$kver $img_ver" >&2
	exit 1
fi
hdr_ver=$(dpkg-query -W -f='${Version}' "linux-headers-$kver")
if [ "$hdr_ver" != "$img_ver" ]; then
	echo "install-deps: linux-headers-$kver $hdr_ver != image $img_ver" >&2
	exit 1
fi

qemu_ver=$(qemu-system-x86_64 --version | head -1)
case "$qemu_ver" in
*"version 1"[0-9]*) ;;
*) echo "install-deps: need QEMU >= 10, have: $qemu_ver" >&2; exit 1 ;;
esac

echo "install-deps: kernel $kver ($img_ver), $qemu_ver"
