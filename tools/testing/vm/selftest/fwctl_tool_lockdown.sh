#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fwctl tool's refusal under Kernel Lockdown. Raises lockdown for good:
# run it last in its VM. Prints TAP.

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
echo integrity >/sys/kernel/security/lockdown
grep -q '\[integrity\]' /sys/kernel/security/lockdown
t $? "lockdown raised to integrity"

out=$(fwctl cxl set-feature "$m" patrol-scrub --data 0c00 2>&1)
rc=$?
echo "$out" | grep -qE "refused \(EPERM\): Kernel Lockdown is active \(integrity\): the scopes debug_write and debug_write_full are refused$"
t $(($? + rc - 4)) "set-feature under lockdown says so (exit 4)" "$out"

out=$(fwctl cxl raw "$m" --opcode 0x4000 --scope debug_write 2>&1)
rc=$?
echo "$out" | grep -qE "Identify Memory Device \(0x4000\) at scope debug_write .*refused \(EPERM\): Kernel Lockdown is active \(integrity\)"
t $(($? + rc - 4)) "raw at debug_write under lockdown says so (exit 4)" "$out"

out=$(fwctl cxl get-feature "$m" patrol-scrub 2>&1)
t $? "reads still work under lockdown" "$out"

echo "1..$n"
[ $failed = 0 ]
