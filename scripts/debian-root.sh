#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The packages installed as an operator installs them, in a real Debian
# root and never on the host:
#
#   scripts/debian-root.sh SUITE     bookworm (Debian 12) or trixie (13)
#
# A minbase root of SUITE (debootstrap) with the suite's stock kernel,
# headers and linux-source, dkms, build-essential and man-db, and the
# packages of a second kernel downloaded but not installed, is made once
# and cached as a tarball in <cache>/roots/ keyed by the suite, the
# mirror, the package lists and RECIPE below (no date: a warm run
# downloads nothing). Each run unpacks it into out/roots/SUITE/, and in it:
# installs out/deb's fwctl-cxl-dkms and fwctl-cxl-tools with apt (make deb
# first), so DKMS builds and signs the three modules for the stock kernel;
# installs the second kernel with HOME unset, whose hook runs "dkms
# autoinstall" for it; runs the tool and finds its man page; keeps the stock kernel,
# its CXL modules and the modules DKMS built (with the test modules built
# in the root for that kernel) for the VM (tools/testing/vm/run.sh
# --kernel-root, --modules-from out/roots/SUITE/...); purges both
# packages and checks that nothing of them is left. Needs root,
# debootstrap and the network on a cold cache. Prints TAP-like lines and
# "root-SUITE: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:-}
# Bump when the root's making below changes.
RECIPE=1

case "$suite" in
bookworm)
	# Debian 12: the default 6.1, then 6.12 (bookworm's rebuild of it,
	# another series, so its own linux-source-6.12 fits beside 6.1's).
	stock_pkgs="linux-image-amd64 linux-headers-amd64 linux-source-6.1"
	second_pkgs="linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12"
	;;
trixie)
	# Debian 13: 6.12, then its PREEMPT_RT flavour of the same version,
	# which the one linux-source-6.12 serves too.
	stock_pkgs="linux-image-amd64 linux-headers-amd64 linux-source-6.12"
	second_pkgs="linux-image-rt-amd64 linux-headers-rt-amd64"
	;;
*)
	echo "usage: $0 bookworm|trixie" >&2
	exit 64
	;;
esac
tools_pkgs="dkms build-essential openssl man-db kmod xz-utils libjson-c5 libuuid1"
name=root-$suite

# shellcheck source=scripts/tap.sh
. "$top/scripts/tap.sh"

mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
	grep -v security | head -1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
security=${mirror%/debian}/debian-security

cache=$("$top/scripts/kernel-env.sh" cache) || exit 1
key=$(printf '%s\n' "$suite" "$mirror" "$stock_pkgs" "$second_pkgs" \
	"$tools_pkgs" "recipe $RECIPE" | sha1sum | cut -c1-10)
tarball=$cache/roots/$suite-$key.tar
# The tarball unpacked once; each run sees it through an overlay, so its
# changes land in out/roots/SUITE/upper and the tree stays as cached.
lower=$cache/roots/$suite-$key
work=$top/out/roots/$suite
root=$work/root
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")

in_root() {
	env -u HOME chroot "$root" "$@"
}

# apt-get in the root: never asked anything (update-initramfs.conf, set
# below before initramfs-tools is installed, stays as set).
apt_root() {
	in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -qq \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}

mounted=()
mount_root() {
	local d
	for d in proc sys dev; do
		mkdir -p "$root/$d"
		case $d in
		proc) mount -t proc proc "$root/proc" ;;
		sys) mount -t sysfs sys "$root/sys" ;;
		dev) mount --bind /dev "$root/dev" ;;
		esac && mounted+=("$root/$d")
	done
}

umount_root() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[$i]}" 2>/dev/null
	done
	mounted=()
}

overlay_root() {
	rm -rf "$work/upper" "$work/ovl" "$root"
	mkdir -p "$work/upper" "$work/ovl" "$root"
	mount -t overlay overlay -o "lowerdir=$lower,upperdir=$work/upper,workdir=$work/ovl" \
		"$root" && mounted+=("$root")
}

cleanup() {
	umount_root
	rm -rf "$work/upper" "$work/ovl"
	rmdir "$root" 2>/dev/null
}
trap cleanup EXIT

# The VM boots a root's kernel with an initramfs of its own: making the
# root's (a minute or more per kernel) is skipped.
no_initramfs() {
	mkdir -p "$root/etc/initramfs-tools"
	echo "update_initramfs=no" >"$root/etc/initramfs-tools/update-initramfs.conf"
}

# The root, made once per key.
make_root() {
	local tmp=$cache/roots/$suite.tmp start
	start=$(date +%s)
	echo "  making the $suite root (cold cache)"
	umount_root
	rm -rf "$tmp" "$root"
	mkdir -p "$tmp" "$(dirname "$root")"
	debootstrap --variant=minbase "$suite" "$root" "$mirror" \
		>"$work.debootstrap.log" 2>&1 || {
		tail -5 "$work.debootstrap.log"
		return 1
	}
	cat >"$root/etc/apt/sources.list" <<SRC
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
SRC
	mount_root
	# No service starts in the root.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	no_initramfs
	{
		in_root apt-get update -qq &&
		apt_root install --no-install-recommends $stock_pkgs $tools_pkgs &&
		apt_root install --no-install-recommends --download-only $second_pkgs
	} >"$work.make.log" 2>&1 || {
		tail -20 "$work.make.log"
		return 1
	}
	umount_root
	mkdir -p "$cache/roots"
	tar -C "$root" -cf "$tmp/root.tar" . || return 1
	# One tarball per suite: an old key's is only disk space.
	rm -f "$cache/roots/$suite"-*.tar
	mv "$tmp/root.tar" "$tarball"
	rm -rf "$tmp"
	echo "  made and cached in $(($(date +%s) - start)) s: $tarball ($(du -h "$tarball" | cut -f1))"
}

if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
	echo "debian-root: needs root and debootstrap (scripts/install-deps.sh)"
	t 1 "debootstrap available"
	tap_finish "$name"
fi
debs=("$top/out/deb/fwctl-cxl-dkms_${ver}_all.deb"
      "$top/out/deb/fwctl-cxl-tools_${ver}_$(dpkg --print-architecture).deb")
if [ ! -e "${debs[0]}" ] || [ ! -e "${debs[1]}" ]; then
	"$top/scripts/deb-build.sh" >/dev/null
fi
if [ ! -e "${debs[0]}" ] || [ ! -e "${debs[1]}" ]; then
	t 1 "the packages of version $ver are built (make deb)"
	tap_finish "$name"
fi
t 0 "the packages of version $ver are built (make deb)"

mkdir -p "$work"
if [ ! -e "$tarball" ]; then
	if ! make_root; then
		t 1 "debootstrap $suite and its stock kernel"
		tap_finish "$name"
	fi
	t 0 "debootstrap $suite and its stock kernel"
	rm -rf "$lower"
	mv "$root" "$lower" && touch "$lower.unpacked"
fi
if [ ! -e "$lower.unpacked" ]; then
	start=$(date +%s)
	rm -rf "$lower"
	mkdir -p "$lower"
	tar -C "$lower" -xf "$tarball" && touch "$lower.unpacked"
	echo "  root unpacked from $tarball in $(($(date +%s) - start)) s"
fi
overlay_root
t $? "the $suite root, from the cache, under an overlay" || true
mount_root
no_initramfs

kernels() {
	ls "$root/lib/modules"
}
stock=$(kernels | head -1)
[ "$(kernels | wc -l)" = 1 ] && [ -e "$root/boot/vmlinuz-$stock" ]
t $? "one stock kernel in the root: $stock"

# --- install, as an operator does -------------------------------------
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
apt_root install --no-install-recommends "/tmp/debs/$(basename "${debs[0]}")" \
	"/tmp/debs/$(basename "${debs[1]}")" >"$work/install.log" 2>&1
rc=$?
[ $rc = 0 ] || tail -20 "$work/install.log" | sed 's/^/  /'
t $rc "apt-get install fwctl-cxl-dkms fwctl-cxl-tools"

in_root dkms status | sed 's/^/  /'
in_root dkms status -m fwctl-cxl -v "$ver" -k "$stock" | grep -q ': installed'
t $? "dkms status: fwctl-cxl/$ver installed for $stock"

# check_modules KVER: all three built, installed and signed for KVER.
check_modules() {
	local k=$1 m f signer
	for m in fwctl cxl_fwctl cxl_switch_fwctl; do
		f=$(in_root modinfo -k "$k" -n "$m" 2>/dev/null)
		case "$f" in
		*/updates/dkms/*) t 0 "$m for $k: $f" ;;
		*) t 1 "$m for $k is DKMS's (${f:-not found})" ;;
		esac
		signer=$(in_root modinfo -k "$k" -F signer "$m" 2>/dev/null)
		[ -n "$signer" ]
		t $? "$m for $k is signed (signer: ${signer:-none})"
	done
}
check_modules "$stock"

# --- a second kernel, installed with HOME unset ------------------------
apt_root install --no-install-recommends --no-download $second_pkgs >"$work/second.log" 2>&1
rc=$?
[ $rc = 0 ] || tail -20 "$work/second.log" | sed 's/^/  /'
t $rc "apt-get install of a second kernel, from the cached packages, without HOME"
second=$(kernels | grep -vxF "$stock" | tail -1)
echo "  second kernel: ${second:-none}"
# The kernel's postinst hook is "dkms autoinstall", run here without HOME.
grep -q 'dkms' "$work/second.log"
t $? "the kernel's hook ran DKMS (dkms autoinstall, HOME unset)"
in_root dkms status -m fwctl-cxl -v "$ver" -k "$second" | grep -q ': installed'
t $? "dkms autoinstall built and installed fwctl-cxl for $second"
check_modules "$second"

# --- the tool and its man page -----------------------------------------
in_root fwctl --help >"$work/help.log" 2>&1
t $? "fwctl --help runs"
grep -q '^usage: fwctl' "$work/help.log"
t $? "fwctl --help prints its usage"
in_root man -w fwctl >/dev/null 2>&1
t $? "man fwctl finds the page"
in_root sh -c 'MANPAGER=cat man fwctl 2>/dev/null' | grep -q 'FWCTL'
t $? "man fwctl renders it"
[ -e "$root/lib/udev/rules.d/60-fwctl.rules" ]
t $? "the udev rule is installed"

# --- what the VM needs from the root ----------------------------------
# The stock kernel with its CXL modules, and our modules for it: the
# three DKMS built and the test-only ones built here for the same kernel
# from the same source (so the symbol versions agree).
kroot=$work/kernel
mods=$work/modules
rm -rf "$kroot" "$mods"
mkdir -p "$kroot/boot" "$kroot/lib/modules/$stock/kernel/drivers"
cp "$root/boot/vmlinuz-$stock" "$kroot/boot/"
cp -r "$root/lib/modules/$stock/kernel/drivers/cxl" \
	"$kroot/lib/modules/$stock/kernel/drivers/"
rm -rf "$root/tmp/src"
mkdir -p "$root/tmp/src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	tar --null --ignore-failed-read -T - -cf - 2>/dev/null) |
	tar -C "$root/tmp/src" -xf -
in_root sh -c "cd /tmp/src && make -s test-modules KDIR=/usr/src/linux-headers-$stock \
	FWCTL_CACHE=/tmp/src/.cache" >"$work/test-modules.log" 2>&1
rc=$?
[ $rc = 0 ] || tail -10 "$work/test-modules.log" | sed 's/^/  /'
t $rc "the test-only modules build in the root for $stock"
(cd "$root/tmp/src" && find . -name '*.ko' | tar -cf - -T -) |
	(mkdir -p "$mods" && tar -C "$mods" -xf -)
ok=0
for m in drivers/fwctl/fwctl drivers/cxl/fwctl/cxl_fwctl \
	 drivers/cxl/fwctl/switch/cxl_switch_fwctl; do
	f=$(in_root modinfo -k "$stock" -n "$(basename "$m")")
	case "$f" in
	*.xz) xz -dc "$root$f" >"$mods/$m.ko" || ok=1 ;;
	*) cp "$root$f" "$mods/$m.ko" || ok=1 ;;
	esac
done
t $ok "the DKMS-built modules of $stock are kept for the VM ($mods)"

# --- purge -------------------------------------------------------------
apt_root purge fwctl-cxl-dkms fwctl-cxl-tools >"$work/purge.log" 2>&1
t $? "apt-get purge fwctl-cxl-dkms fwctl-cxl-tools"
left=$( (cd "$root" && find usr/src var/lib/dkms lib/modules lib/udev usr/include \
	usr/bin usr/share/man usr/share/doc etc -path '*fwctl*' 2>/dev/null) | head -5)
[ -n "$left" ] && echo "$left" | sed 's/^/  left: /'
[ -z "$left" ]
t $? "nothing of fwctl-cxl is left on disk"
! in_root dpkg -l 'fwctl-cxl*' 2>/dev/null | grep -qE '^(ii|rc|i[UFHW]|h)'
t $? "dpkg knows no fwctl-cxl package any more"

cleanup
echo "stock=$stock" >"$work/kernel.env"
tap_finish "$name"
