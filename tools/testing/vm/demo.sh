#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows inside the VM: the emulated CXL devices, our
# modules, and the fwctl devices they give userspace.

step() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	sh -c "$*"
}

echo
echo "=== fwctl for CXL: demo VM (kernel $(uname -r))"
step 'for m in /sys/bus/cxl/devices/mem*; do echo "$(basename $m): serial $(cat $m/serial) firmware $(cat $m/firmware_version)"; done'
step 'grep -E "^(fwctl|cxl_fwctl|cxl_pci|cxl_mem) " /proc/modules | cut -d" " -f1-3'
step 'ls -l /dev/fwctl/ 2>/dev/null || echo "(no fwctl devices yet)"'
step 'for d in /sys/class/fwctl/fwctl*; do [ -e "$d" ] && echo "$(basename $d) -> $(readlink -f $d/device)"; done; true'
step 'ls -d /sys/bus/cxl/devices/mem*/fwctl/* 2>/dev/null || true'
step 'dmesg | grep -E "cxl_fwctl|fwctl" | tail -n 10'
if command -v fwctl >/dev/null; then
	step 'fwctl list'
fi
echo
