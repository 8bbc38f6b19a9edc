#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fwctl tool under Kernel Lockdown, with debugfs unmounted and closed:
# its verdicts come from sysfs, it mounts nothing, and it explains the
# refusals. Raises lockdown for good unless the kernel was locked down
# from boot: run it last in its VM. Prints TAP.

n=0
failed=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		printf '%s\n' "$3" | sed 's/^/#   /'
	fi
}

echo "TAP version 13"
m=$(basename "$(ls -d /sys/bus/cxl/devices/mem* | head -1)")
umount /sys/kernel/debug 2>/dev/null
# Locked down from boot (suite secureboot: lockdown= on the command
# line), or raised here.
mode=$(sed -n 's/.*\<lockdown=\([a-z]*\).*/\1/p' /proc/cmdline)
if [ -z "$mode" ]; then
	mode=integrity
	echo integrity >/sys/kernel/security/lockdown
fi
grep -q "\[$mode\]" /sys/kernel/security/lockdown
t $? "locked down ($mode)"

# debugfs is out of reach: not mounted (lockdown would still let a reader
# open its read-only files, so unmounting is what takes it away).
grep -q ' /sys/kernel/debug ' /proc/mounts
t $((! $?)) "debugfs is not mounted"

out=$(fwctl cxl cel "$m" 2>&1)
rc=$?
out=$(printf '%s\n' "$out" | sed 's/ *$//')
echo "$out" | grep -qE "^0x4400 Sanitize .* refused: kernel-coordinated \(destroys all data" &&
	echo "$out" | grep -qE "^0x4000 Identify Memory Device .* configuration +allowed$" &&
	! echo "$out" | grep -q "unknown"
t $(($? + rc)) "cel under lockdown: the kernel's verdicts, none unknown" "$out"

out=$(fwctl cxl features "$m" 2>&1)
rc=$?
out=$(printf '%s\n' "$out" | sed 's/ *$//')
echo "$out" | grep -qE "^ ?0 +patrol-scrub .* debug_write_full +-$"
t $(($? + rc)) "features under lockdown: the scope Set Feature needs" "$out"

grep -q ' /sys/kernel/debug ' /proc/mounts
t $((! $?)) "the tool mounted nothing" "$(grep debugfs /proc/mounts)"

out=$(fwctl cxl set-feature "$m" patrol-scrub --data 0c00 2>&1)
rc=$?
echo "$out" | grep -qE "^fwctl cxl set-feature: .*refused \(EPERM\): Kernel Lockdown is active \($mode\): the scopes debug_write and debug_write_full are refused$"
t $(($? + rc - 4)) "set-feature under lockdown says so (exit 4)" "$out"

out=$(fwctl cxl raw "$m" --opcode 0x4000 --scope debug_write 2>&1)
rc=$?
echo "$out" | grep -qE "Identify Memory Device \(0x4000\) at scope debug_write .*refused \(EPERM\): Kernel Lockdown is active \($mode\)"
t $(($? + rc - 4)) "raw at debug_write under lockdown says so (exit 4)" "$out"

out=$(fwctl cxl get-feature "$m" patrol-scrub 2>&1)
t $? "reads still work under lockdown" "$out"

echo "1..$n"
[ $failed = 0 ]
