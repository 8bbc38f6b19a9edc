#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows inside the VM, in about a minute: the fwctl
# devices of the two emulated CXL memdevs, what the kernel lets userspace
# send them (the CEL with the kernel's verdicts, the Features), a Feature
# read and changed at the scope it needs with the taint that leaves, and a
# command the kernel refuses with its reason. All through tools/fwctl.

# say LINE...: a comment for the viewer, one argument per line.
say() {
	echo
	for l in "$@"; do
		printf '\033[36m# %s\033[0m\n' "$l"
	done
}

step() {
	printf '\033[1m$ %s\033[0m\n' "$*"
	sh -c "$*"
}

echo
echo "=== fwctl for CXL: demo VM (kernel $(uname -r))"
say "Our modules, loaded next to the stock CXL drivers:"
step 'grep -E "^(fwctl|cxl_fwctl|cxl_pci|cxl_mem) " /proc/modules | cut -d" " -f1-3'

if ! command -v fwctl >/dev/null; then
	say "tools/fwctl/fwctl is not built (make tool); the raw view instead:"
	step 'ls -l /dev/fwctl/'
	step 'ls -d /sys/bus/cxl/devices/mem*/fwctl/*'
	exit 0
fi

# The persistent device (serial 0x1); memX numbering is not stable.
m=mem0
for d in /sys/bus/cxl/devices/mem*; do
	[ "$(cat "$d/serial")" = 0x1 ] && m=$(basename "$d")
done

say "Every CXL memdev got a fwctl device, /dev/fwctl/fwctlN (root only):"
step 'fwctl list'

say "Its Command Effects Log: each command, its effects, the scope it needs" \
	"and whether this kernel lets userspace send it (the kernel's own verdict):"
step "fwctl cxl cel $m"

say "Its Features, the scope a Set Feature needs, and any kernel owner:"
step "fwctl cxl features $m"

say "Read the patrol scrub setting (allowed at every scope):"
step "fwctl cxl get-feature $m patrol-scrub"

say "Change it: scrub every 13 hours, enabled. Its set effects (immediate" \
	"configuration change) need scope debug_write_full, which taints the kernel" \
	"(before: O and E, 12288, for our out-of-tree, unsigned modules):"
step 'echo "taint before: $(cat /proc/sys/kernel/tainted)"'
step "fwctl cxl set-feature $m patrol-scrub --data 0d01"

say "A command the kernel coordinates itself is refused at every scope:"
step "fwctl cxl raw $m --opcode 0x4400 --scope debug_write_full; echo \"exit status \$?\""

say "More: fwctl --help, fwctl cxl identify $m, fwctl cxl raw $m --opcode 0x4000," \
	"and --json on every command."
echo
