#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fwctl.ko and cxl_fwctl.ko load and unload cleanly, and cxl_fwctl finds
# every CXL memdev, at load and again after a reload. Runs in the test VM,
# where init has loaded both modules; MODDIR holds the .ko files.

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

# How often the kernel log says $2 about memdev $1.
logged() {
	dmesg | grep -c " $1: cxl_fwctl: $2" 2>/dev/null
}

# Every memdev has been logged with $1 exactly $2 times.
all_logged() {
	for m in $memdevs; do
		[ "$(logged "$m" "$1")" = "$2" ] || return 1
	done
}

memdevs=$(ls /sys/bus/cxl/devices | grep '^mem[0-9]*$')
count=$(echo "$memdevs" | wc -w)

echo "TAP version 13"
echo "1..11"
check "two CXL memdevs present" [ "$count" = 2 ]
check "fwctl is loaded" loaded fwctl
check "cxl_fwctl is loaded" loaded cxl_fwctl
check "the fwctl class exists" [ -d /sys/class/fwctl ]
check "cxl_fwctl found every memdev once" all_logged "found memdev" 1
check "rmmod cxl_fwctl" rmmod cxl_fwctl
check "cxl_fwctl let go of every memdev" all_logged "memdev going away" 1
check "rmmod fwctl" rmmod fwctl
check "both modules are gone" not_loaded fwctl
check "reload both" sh -c "insmod $MODDIR/fwctl.ko && insmod $MODDIR/cxl_fwctl.ko"
check "cxl_fwctl found every memdev again" all_logged "found memdev" 2
