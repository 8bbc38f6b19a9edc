#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a stock Debian kernel under QEMU (TCG) with emulated CXL type-3
# devices, our modules and test programs, and run test suites. KVER names
# the kernel by release; the default is the Debian 6.12 kernel. Its image
# and stock modules come from the cache (scripts/kernel-env.sh root
# KVER), never from the host. The modules must have been built for it.
#
#   run.sh --suites "core cxl" [--extra "prog ..."] [--timeout S]
#          [--topology default|switch]
#   run.sh --demo
#
# --append "key=value ..." adds words to the kernel command line; the
# guest's programs read them from /proc/cmdline (e.g. fuzz_seed=0x1234).
#
# A kernel of our own (make check-debug): --kernel-tree DIR (or
# VM_KERNEL_TREE) boots DIR/arch/x86/boot/bzImage instead of the stock
# kernel, and the CXL drivers it has built in (DIR/modules.builtin) are not
# loaded; --modules-from DIR (or VM_MODULES_FROM) takes our .ko files from
# that module build instead of this tree. Without them nothing changes.
#
# A Debian root's kernel (scripts/debian-root.sh): --kernel-root DIR (or
# VM_KERNEL_ROOT) boots DIR/boot/vmlinuz-KVER with the stock CXL modules
# of DIR/lib/modules/KVER instead of the fetched kernel.
#
# Exit status: 0 all passed; 1 a test failed; 2 the kernel log shows a
# problem (BUG, WARNING, Oops, ...); 3 the VM did not finish in time.
# The highest applicable status wins. Output and logs: out/vm/<name>/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
suites="" extra="" demo=0 timeout=900 name="" append="" topology=${TOPOLOGY:-default}

while [ $# -gt 0 ]; do
	case "$1" in
	--suites) suites="$2"; shift 2 ;;
	--extra) extra="$2"; shift 2 ;;
	--demo) demo=1; shift ;;
	--timeout) timeout="$2"; shift 2 ;;
	--name) name="$2"; shift 2 ;;
	--append) append="$2"; shift 2 ;;
	--kernel-tree) VM_KERNEL_TREE="$2"; shift 2 ;;
	--kernel-root) VM_KERNEL_ROOT="$2"; shift 2 ;;
	--modules-from) VM_MODULES_FROM="$2"; shift 2 ;;
	--topology) topology="$2"; shift 2 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
	esac
done

[ -n "$suites$extra" ] || [ $demo = 1 ] || suites="core"
kernel_tree=${VM_KERNEL_TREE:-}
modules_from=${VM_MODULES_FROM:-$top}
if [ -n "$kernel_tree" ]; then
	kver=$(cat "$kernel_tree/include/config/kernel.release")
	kernel=$kernel_tree/arch/x86/boot/bzImage
elif [ -n "${VM_KERNEL_ROOT:-}" ]; then
	kroot=$VM_KERNEL_ROOT
	kver=${KVER:-$(ls "$kroot/boot" | sed -n 's/^vmlinuz-//p' | head -1)}
	kernel=$kroot/boot/vmlinuz-$kver
else
	# The Debian kernel fetched into the cache, never the host's /boot.
	kver=${KVER:-$("$top/scripts/kernel-env.sh" kver)}
	kroot=$("$top/scripts/kernel-env.sh" root "$kver")
	kernel=$kroot/boot/vmlinuz-$kver
fi
stock=${kroot:-}/lib/modules/$kver/kernel/drivers/cxl
[ -r "$kernel" ] || { echo "run.sh: no kernel image $kernel" >&2; exit 64; }

[ -n "$name" ] || name=$(echo $suites ${extra:+extra} | tr ' ' '-')
[ $demo = 1 ] && name=demo
work="$top/out/vm/$name"
rm -rf "$work"
mkdir -p "$work"
root="$work/root"

# --- initramfs ---------------------------------------------------------
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,root,modules/stock,tests/bin,tests/suites,etc}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
install -m 0755 "$here/init" "$root/init"

for m in cxl_acpi cxl_pci cxl_mem; do
	if [ -n "$kernel_tree" ] &&
	   grep -q "/$m\.ko\$" "$kernel_tree/modules.builtin" 2>/dev/null; then
		# Built in: the guest's init must not look for it.
		echo "$m" >>"$root/modules/stock/builtin"
		continue
	fi
	if [ -n "$kernel_tree" ] && [ -e "$kernel_tree/drivers/cxl/$m.ko" ]; then
		cp "$kernel_tree/drivers/cxl/$m.ko" "$root/modules/stock/$m.ko"
		continue
	fi
	# 6.12 ships the stock modules compressed, 6.1 plain.
	if [ -e "$stock/$m.ko.xz" ]; then
		xz -dc "$stock/$m.ko.xz" >"$root/modules/stock/$m.ko"
	else
		cp "$stock/$m.ko" "$root/modules/stock/$m.ko"
	fi
done
for ko in drivers/fwctl/fwctl.ko drivers/cxl/fwctl/cxl_fwctl.ko \
	  drivers/fwctl/test/fwctl_test.ko \
	  drivers/fwctl/test/fwctl_test-unsigned.ko \
	  drivers/cxl/fwctl/test/cxl_fwctl_owner_test.ko \
	  drivers/cxl/fwctl/switch/cxl_switch_fwctl.ko \
	  drivers/fwctl/fwctl_kunit.ko \
	  tools/testing/vm/rig_warn/rig_warn.ko \
	  tools/testing/vm/rig_warn/rig_sanitize.ko \
	  tools/testing/vm/rig_warn/rig_kunit.ko; do
	[ -e "$modules_from/$ko" ] && cp "$modules_from/$ko" "$root/modules/"
done
for ko in fwctl.ko cxl_fwctl.ko; do
	[ -e "$root/modules/$ko" ] || { echo "run.sh: $ko not built (make test-modules)" >&2; exit 64; }
done

# Shell helpers the rig's test scripts source from their own directory.
install -m 0644 "$here/selftest/tool_tap.sh" "$root/tests/bin/"

# Programs of the suites: built selftests, or the rig's own scripts.
add_prog() {
	local p="$1" f
	for f in "$top/out/selftests/$p" "$here/selftest/$p" "$p"; do
		if [ -f "$f" ]; then
			install -m 0755 "$f" "$root/tests/bin/$(basename "$p")"
			return
		fi
	done
	# Missing programs are reported as failures by the guest.
	echo "run.sh: warning: test program $p not found" >&2
}

for s in $suites; do
	f="$here/suites/$s"
	[ -f "$f" ] || { echo "run.sh: no suite $s" >&2; exit 64; }
	cp "$f" "$root/tests/suites/$s"
	grep -v '^[[:space:]]*#' "$f" | while read -r p; do
		[ -n "$p" ] && add_prog "$p"
	done
done
if [ -n "$extra" ]; then
	: >"$root/tests/suites/extra"
	for p in $extra; do
		add_prog "$p"
		basename "$p" >>"$root/tests/suites/extra"
	done
	suites="$suites extra"
fi
[ $demo = 1 ] && install -m 0755 "$here/demo.sh" "$root/tests/demo.sh"
# The user tool, once built, is on the guest's PATH for tests and demo:
# that of the --modules-from build if it has one (the debug lane builds it
# there for gcov), else this tree's. It links libsmartcols, json-c and
# libuuid dynamically: bring the shared libraries ldd names, and the
# loader, along at their host paths.
for tool in "$modules_from/tools/fwctl/fwctl" "$top/tools/fwctl/fwctl"; do
	[ -x "$tool" ] || continue
	install -m 0755 "$tool" "$root/tests/bin/"
	for lib in $(ldd "$tool" | grep -o '/[^ ]*'); do
		cp -L --parents "$lib" "$root/"
	done
	break
done

(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

# --- the machine -------------------------------------------------------
for f in pmem0 lsa0 vmem1 lsa1; do
	truncate -s 256M "$work/$f"
done
# Known bytes in both label storage areas, at 4 KiB: (i * 7 + 3) & 0xff at
# offset 4096 + i, so tests can check what Get LSA returns (cxl_test).
for f in lsa0 lsa1; do
	python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + 3) & 0xff for i in range(4096)))' |
		dd of="$work/$f" bs=4096 seek=1 conv=notrunc status=none
done
# The guest's CPU is TCG's emulated "max" model, whatever the host's CPU
# is; only 5-level paging is turned off, for every kernel: with it, an
# interrupt taken early in the KASAN kernel's start_kernel() drew a
# spurious wild-memory-access report (2 boots in 8), and no test needs it.
# The rig's host assumptions: tools/testing/vm/README.
cpu=max,la57=off
qemu_args=(
	-M q35,cxl=on -accel tcg -cpu "$cpu" -smp 2 -m 2G,maxmem=8G,slots=4
	-object "memory-backend-file,id=cxl-mem0,share=on,mem-path=$work/pmem0,size=256M"
	-object "memory-backend-file,id=cxl-lsa0,share=on,mem-path=$work/lsa0,size=256M"
	-object "memory-backend-file,id=cxl-mem1,share=on,mem-path=$work/vmem1,size=256M"
	-object "memory-backend-file,id=cxl-lsa1,share=on,mem-path=$work/lsa1,size=256M"
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
)
case "$topology" in
default)
	# Two type-3 devices on two root ports of one host bridge: a
	# persistent one and a volatile one, each with a label storage area.
	qemu_args+=(
		-device cxl-rp,port=0,bus=cxl.1,id=root_port13,chassis=0,slot=2
		-device cxl-rp,port=1,bus=cxl.1,id=root_port14,chassis=0,slot=3
		-device cxl-type3,bus=root_port13,persistent-memdev=cxl-mem0,lsa=cxl-lsa0,id=cxl-pmem0,sn=0x1
		-device cxl-type3,bus=root_port14,volatile-memdev=cxl-mem1,lsa=cxl-lsa1,id=cxl-vmem1,sn=0x2
	)
	;;
switch)
	# A switch behind one root port with a type-3 device on each of two
	# downstream ports, and the switch's mailbox CCI as function 1 of
	# its upstream port (see shared/reference/switch-cci.md). The second
	# device's serial number needs all 64 bits, as real ones do.
	qemu_args+=(
		-device cxl-rp,port=0,bus=cxl.1,id=root_port0,chassis=0,slot=2
		-device cxl-upstream,port=2,sn=0x1234,bus=root_port0,id=us0,addr=0.0,multifunction=on
		-device cxl-switch-mailbox-cci,bus=root_port0,addr=0.1,target=us0
		-device cxl-downstream,port=0,bus=us0,id=swport0,chassis=0,slot=4
		-device cxl-downstream,port=1,bus=us0,id=swport1,chassis=0,slot=5
		-device cxl-type3,bus=swport0,persistent-memdev=cxl-mem0,lsa=cxl-lsa0,id=cxl-pmem0,sn=0x1
		-device cxl-type3,bus=swport1,volatile-memdev=cxl-mem1,lsa=cxl-lsa1,id=cxl-vmem1,sn=0xfedcba9876543210
	)
	;;
*)
	echo "run.sh: unknown topology $topology" >&2
	exit 64
	;;
esac
qemu_args+=(
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G
	-kernel "$kernel" -initrd "$work/initramfs.cpio"
	-no-reboot -display none -nodefaults
)
cmdline="console=ttyS0 panic=-1 loglevel=7 memdevs=2 sysctl.kernel.hung_task_timeout_secs=30"
[ -n "$append" ] && cmdline="$cmdline $append"

if [ $demo = 1 ]; then
	interactive=0
	[ -t 0 ] && [ -t 1 ] && interactive=1
	exec qemu-system-x86_64 "${qemu_args[@]}" -serial mon:stdio \
		-append "$cmdline mode=demo interactive=$interactive"
fi

suites_arg=$(echo $suites | tr ' ' ',')
start=$(date +%s)
set +e
timeout -s KILL "$timeout" qemu-system-x86_64 "${qemu_args[@]}" \
	-serial "file:$work/console.log" -serial "file:$work/results.log" \
	-serial "file:$work/gcov.b64" \
	-append "$cmdline mode=test suites=$suites_arg" </dev/null
qrc=$?
set -e
echo "vm: $name ran $(($(date +%s) - start)) s (qemu exit $qrc)"
# A gcov kernel or tool (make coverage): the guest sent its .gcda files on
# the third port (init, send_gcov); scripts/coverage.sh reads them here.
if grep -q '^# fwctl-gcov: end' "$work/gcov.b64"; then
	mkdir -p "$work/gcov"
	sed -n '/^# fwctl-gcov: begin/,/^# fwctl-gcov: end/{/^#/d;p}' "$work/gcov.b64" |
		tr -d '\r' | base64 -d | tar -xzf - -C "$work/gcov" ||
		echo "run.sh: warning: the guest's coverage data did not unpack" >&2
fi
grep -h '^# fwctl-gcov: unreadable' "$work/gcov.b64" | tr -d '\r' >&2 || true
exec python3 "$here/parse-results.py" --results "$work/results.log" \
	--console "$work/console.log" --name "$name"
