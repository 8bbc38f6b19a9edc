#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fwctl tool's command line, as scripts rely on it: every usage error
# names its reason on stderr after the command ("fwctl cxl cel: ...") and
# exits 2 with nothing on stdout; global options before the command;
# --version. Prints TAP. Changes nothing on the devices.

. "$(dirname "$0")/tool_tap.sh"

echo "TAP version 13"
P=$(basename "$(ls -d /sys/bus/cxl/devices/mem* | head -1)")
V=$(basename "$(ls -d /sys/bus/cxl/devices/mem* | tail -1)")

# usage DESC CMD REASON: CMD exits 2, prints nothing on stdout, and says
# "PREFIX: REASON" then "Try 'PREFIX --help'." on stderr.
usage() {
	desc=$1 cmd=$2 reason=$3
	prefix=$(printf '%s\n' "$reason" | sed 's/: .*//')
	out=$(eval "$cmd" 2>/dev/null)
	rc=$?
	err=$(eval "$cmd" 2>&1 >/dev/null)
	first=$(printf '%s\n' "$err" | head -1)
	second=$(printf '%s\n' "$err" | sed -n 2p)
	if [ $rc = 2 ] && [ -z "$out" ] && [ "$first" = "$reason" ] &&
	   [ "$second" = "Try '$prefix --help'." ]; then
		pass "$desc"
	else
		echo "# exit $rc, stdout '$out'"
		printf '%s\n' "$err" | sed 's/^/# stderr: /'
		echo "# wanted: $reason"
		fail "$desc"
	fi
}

usage "list: an extra argument" "fwctl list extra" \
	"fwctl list: unexpected argument 'extra': this command takes none"
usage "info: no DEV" "fwctl info" "fwctl info: missing DEV"
usage "info: 'all' with a name" "fwctl info all $P" \
	"fwctl info: 'all' stands alone: give it or device names"
usage "unknown long option" "fwctl cxl cel --bogus $P" \
	"fwctl cxl cel: unknown option '--bogus'"
usage "unknown short option" "fwctl cxl features -Z $P" \
	"fwctl cxl features: unknown option '-Z'"
usage "option without its value" "fwctl cxl cel $P --port" \
	"fwctl cxl cel: option '--port' needs a value"
usage "--ld without --port" "fwctl cxl cel $P --ld 0" \
	"fwctl cxl cel: --ld needs --port: an LD is reached through its port"
usage "--port with two devices" "fwctl cxl cel $P $V --port 0" \
	"fwctl cxl cel: unexpected argument '$V': this command takes one DEV"
usage "identify: two devices" "fwctl cxl identify $P $V" \
	"fwctl cxl identify: unexpected argument '$V': this command takes one DEV"
usage "switch: no DEV" "fwctl cxl switch" "fwctl cxl switch: missing DEV"
usage "raw: no --opcode" "fwctl cxl raw $P" \
	"fwctl cxl raw: missing --opcode: which mailbox command to send"
usage "raw: --in and --in-file" "fwctl cxl raw $P --opcode 1 --in 01 --in-file /dev/null" \
	"fwctl cxl raw: --in and --in-file both give the input: use one"
usage "raw: a 17-bit opcode" "fwctl cxl raw $P --opcode 0x10000" \
	"fwctl cxl raw: --opcode 0x10000: not a 16-bit number"
usage "raw: bad hex" "fwctl cxl raw $P --opcode 1 --in 0g" \
	"fwctl cxl raw: --in 0g: not hex bytes"
usage "raw: a missing input file" "fwctl cxl raw $P --opcode 1 --in-file /nonexistent" \
	"fwctl cxl raw: --in-file /nonexistent: No such file or directory"
usage "raw: --output and --json" "fwctl cxl raw $P --opcode 0x4000 -o /tmp/x --json" \
	"fwctl cxl raw: --output and --json both say where the payload goes: use one"
usage "raw: --out-size too large" "fwctl cxl raw $P --opcode 1 --out-size 9999999" \
	"fwctl cxl raw: --out-size 9999999: bytes, at most 2 MiB - 8"
usage "get-feature: no FEATURE" "fwctl cxl get-feature $P" \
	"fwctl cxl get-feature: missing FEATURE: a UUID or name (see 'fwctl cxl features $P')"
usage "get-feature: nothing" "fwctl cxl get-feature" \
	"fwctl cxl get-feature: missing DEV and FEATURE"
usage "get-feature: an extra argument" "fwctl cxl get-feature $P ecs more" \
	"fwctl cxl get-feature: unexpected argument 'more': give one DEV and one FEATURE"
usage "get-feature: a bad selection" "fwctl cxl get-feature $P ecs --selection best" \
	"fwctl cxl get-feature: --selection best: one of current, default, saved"
usage "set-feature: no --data" "fwctl cxl set-feature $P patrol-scrub" \
	"fwctl cxl set-feature: missing --data: the Feature's new value, as hex bytes"
usage "global: a bad --width" "fwctl --width 5 list" \
	"fwctl: --width 5: from 20 to 4096 columns"
usage "global: an unknown option" "fwctl --frob list" "fwctl: unknown option '--frob'"

# Errors that are not about the command line's shape keep their codes.
check "unknown command: exit 2, the reason and the usage on stderr" 2 \
	"fwctl --json frobnicate" "^fwctl: unknown command 'frobnicate'$" "^usage: fwctl "
check "unknown cxl command: exit 2" 2 "fwctl cxl frob $P" \
	"^fwctl cxl: unknown command 'frob'$"
check "a bad scope: exit 2" 2 "fwctl cxl raw $P --opcode 0x4000 --scope everything" \
	"^fwctl cxl raw: --scope everything: one of configuration, debug_read_only"
check "a Feature name unknown: exit 2" 2 "fwctl cxl get-feature $P sparkle" \
	"^fwctl cxl get-feature: sparkle: not a Feature UUID or name$"
check "Features through a tunnel: exit 2" 2 "fwctl cxl features $P --port 0" \
	"^fwctl cxl features: --port/--ld: Features are not reachable"

# Global options before the command.
check "--version: the package's version" 0 "fwctl --version" \
	"^fwctl [0-9]+(\.[0-9]+)+[-.a-z0-9]*$"
check "--json before the command: JSON" 0 "fwctl --json cxl identify $P" \
	"\"memdev\":\"$P\""
check "--json before and after" 0 "fwctl --json info $P --json" '"type":"cxl"'
check "--help lists the global options" 0 "fwctl --help" \
	"^usage: fwctl \[--json\] \[--width N\] COMMAND" "fwctl --version"

# No fwctl device: the hint on stderr, nothing but the JSON on stdout.
rmmod cxl_fwctl
check "list without devices: exit 3, the hint on stderr" 3 "fwctl list 2>&1 >/dev/null" \
	"^fwctl list: no fwctl devices \(is a fwctl driver loaded\? modprobe cxl_fwctl\)$"
check "list without devices: stdout is empty" 3 "fwctl list 2>/dev/null | wc -c; exit 3" "^ *0$"
check "list --json without devices: an empty array" 3 \
	"fwctl list --json 2>/dev/null | tr -d ' \n'; echo; exit 3" "^\[\]$"
check "cel all without devices: exit 3" 3 "fwctl cxl cel all" \
	"^fwctl cxl cel: all: no fwctl devices \(see 'fwctl list'\)$"
insmod /modules/cxl_fwctl.ko
i=0
while [ $i -lt 50 ] && [ "$(ls /sys/class/fwctl 2>/dev/null | wc -l)" -lt 2 ]; do
	sleep 0.1
	i=$((i + 1))
done

echo "1..$n"
[ $failed = 0 ]
