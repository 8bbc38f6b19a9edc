#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fwctl.ko and cxl_fwctl.ko load and unload cleanly, and cxl_fwctl gives
# every CXL memdev a fwctl device, as a child of the memdev (where libcxl
# looks: memX/fwctl/fwctlN), at load and again after a reload. Runs in the
# test VM, where init has loaded both modules; MODDIR holds the .ko files.

MODDIR=${MODDIR:-/modules}
n=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
	fi
}

check() {
	desc=$1
	shift
	"$@"
	result $? "$desc"
}

loaded() {
	grep -q "^$1 " /proc/modules
}

not_loaded() {
	! loaded "$1"
}

# Every memdev has exactly one fwctl device, whose node exists and whose
# class entry points back at the memdev.
all_attached() {
	for m in $memdevs; do
		set -- /sys/bus/cxl/devices/$m/fwctl/fwctl*
		[ $# = 1 ] && [ -e "$1" ] || return 1
		f=$(basename "$1")
		[ -c "/dev/fwctl/$f" ] || return 1
		[ "$(readlink -f /sys/class/fwctl/$f/device)" = \
		  "$(readlink -f /sys/bus/cxl/devices/$m)" ] || return 1
	done
}

none_attached() {
	for m in $memdevs; do
		[ -e /sys/bus/cxl/devices/$m/fwctl ] && return 1
	done
	[ -z "$(ls /dev/fwctl 2>/dev/null)" ]
}

memdevs=$(ls /sys/bus/cxl/devices | grep '^mem[0-9]*$')
count=$(echo "$memdevs" | wc -w)

echo "TAP version 13"
echo "1..11"
check "two CXL memdevs present" [ "$count" = 2 ]
check "fwctl is loaded" loaded fwctl
check "cxl_fwctl is loaded" loaded cxl_fwctl
check "the fwctl class exists" [ -d /sys/class/fwctl ]
check "every memdev has its fwctl device" all_attached
check "rmmod cxl_fwctl" rmmod cxl_fwctl
check "the memdevs' fwctl devices are gone" none_attached
check "rmmod fwctl" rmmod fwctl
check "both modules are gone" not_loaded fwctl
check "reload both" sh -c "insmod $MODDIR/fwctl.ko && insmod $MODDIR/cxl_fwctl.ko"
check "every memdev has its fwctl device again" all_attached
