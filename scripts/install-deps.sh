#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the build and the tests need on a Debian 12 machine:
# tools and libraries, and the bookworm-backports apt source (QEMU 10,
# the 6.12 test kernel). No kernel: the test kernels are fetched into the
# rig's cache, and the host boots what it booted before. Idempotent; must
# run as root. Nothing else is assumed to be installed.
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
	uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 || true)
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

# Tools and libraries only: nothing here changes what the host boots. The
# kernels the test VM boots (6.12 from bookworm-backports, 6.1) are test
# artifacts: the rig fetches them into its cache with apt-get download
# (scripts/kernel-env.sh), so only the apt sources above must offer them.
apt-get install -y -qq --no-install-recommends \
	build-essential bc flex bison libelf-dev libssl-dev \
	sparse busybox-static cpio kmod xz-utils python3 \
	gawk perl file ca-certificates git \
	libjson-c-dev uuid-dev libsmartcols-dev python3-docutils lcov \
	debhelper dh-dkms lintian debootstrap >/dev/null

apt-get install -y -qq --no-install-recommends -t bookworm-backports \
	qemu-system-x86 >/dev/null

# The test kernels must be there to fetch; say which they are.
here=$(cd "$(dirname "$0")" && pwd)
k612=$("$here/kernel-env.sh" kver 6.12)
k61=$("$here/kernel-env.sh" kver 6.1)

qemu_ver=$(qemu-system-x86_64 --version | head -1)
case "$qemu_ver" in
*"version 1"[0-9]*) ;;
*) echo "install-deps: need QEMU >= 10, have: $qemu_ver" >&2; exit 1 ;;
esac

echo "install-deps: test kernels $k612 and $k61 (fetched by the rig), $qemu_ver"
