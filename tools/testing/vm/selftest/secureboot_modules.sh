#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A kernel locked down from boot, as a Secure Boot host is (suites
# secureboot and secureboot-bmc of make check-debug: lockdown= on the
# command line, our modules signed with the key the debug kernel trusts).
# Checks that the mode is the one asked for, that init loaded our signed
# modules without the unsigned-module taint, that an unsigned copy of a
# module is refused with the kernel's own message, and that debugfs
# writes are closed; then loads the signed fwctl_test with one device for
# the lockdown program that runs next. Prints TAP.

. /tests/bin/tool_tap.sh

# t STATUS DESC [DETAIL]: a result from an exit status; DETAIL is shown
# when it failed.
t() {
	if [ "$1" = 0 ]; then
		pass "$2"
	else
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
		fail "$2"
	fi
}

mode=$(sed -n 's/.*\<lockdown=\([a-z]*\).*/\1/p' /proc/cmdline)
TAINT_UNSIGNED=8192	# bit 13, "E"

echo "TAP version 13"

grep -q "\[$mode\]" /sys/kernel/security/lockdown
t $? "locked down from boot ($mode)" "$(cat /sys/kernel/security/lockdown)"

for m in fwctl cxl_fwctl; do
	test -d "/sys/module/$m" && ! grep -q E "/sys/module/$m/taint"
	t $? "$m loaded signed from the initramfs" \
		"$(cat "/sys/module/$m/taint" 2>&1)"
done

tainted=$(cat /proc/sys/kernel/tainted)
[ $((tainted & TAINT_UNSIGNED)) = 0 ]
t $? "no unsigned-module taint (tainted=$tainted)"

out=$(insmod /modules/fwctl_test-unsigned.ko 2>&1)
rc=$?
[ $rc != 0 ] && [ ! -d /sys/module/fwctl_test ]
t $? "an unsigned copy of fwctl_test is refused" "$out"

refusal=$(dmesg | grep 'unsigned module loading is restricted' | tail -1)
[ -n "$refusal" ]
t $? "the kernel says why" "$(dmesg | tail -5)"
[ -n "$refusal" ] && echo "# kernel: $refusal"

out=$(insmod /modules/fwctl_test.ko devices=1 2>&1)
t $? "the signed fwctl_test loads, with one device" "$out"

grep -q '^fwctl' /sys/kernel/debug/fwctl_test/devices
t $? "its device is listed (read-only debugfs stays open)" \
	"$(cat /sys/kernel/debug/fwctl_test/devices 2>&1)"

! (echo 1 >/sys/kernel/debug/fwctl_test/add) 2>/dev/null
t $? "debugfs writes are closed"

echo "1..$n"
[ "$failed" = 0 ]
