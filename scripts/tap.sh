# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the test scripts of scripts/ that print TAP-like lines:
#   t STATUS DESCRIPTION   "ok - ..." if STATUS is 0, else "not ok - ..."
#   tap_finish NAME        "NAME: N passed, N failed" (what make check
#                          counts); exits 0 only if nothing failed

passed=0 failed=0

t() {
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		echo "ok - $2"
	else
		failed=$((failed + 1))
		echo "not ok - $2"
	fi
}

tap_finish() {
	echo "$1: $passed passed, $failed failed"
	[ $failed = 0 ]
	exit
}
