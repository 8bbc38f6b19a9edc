#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fwctl user tool against QEMU's two CXL type-3 devices: its tables
# and JSON, the decoded Feature values, and every refusal message. Prints
# TAP. Taints the kernel (a debug_write_full Set Feature).

. "$(dirname "$0")/tool_tap.sh"

# The JSON object of an array (pretty-printed) that contains PATTERN, on one
# line, read from stdin.
jobj() {
	awk -v pat="$1" '
		{ line = $0; sub(/^ +/, "", line) }
		/^  \{/ { obj = ""; inobj = 1 }
		inobj { obj = obj line }
		/^  \}/ { inobj = 0; if (index(obj, pat)) print obj }'
}

# A pretty-printed JSON document from stdin on one line.
flat() {
	sed 's/^ *//' | tr -d '\n'
	echo
}

memdev_of_serial() {
	for m in /sys/bus/cxl/devices/mem*; do
		[ "$(cat "$m/serial")" = "$1" ] && basename "$m"
	done
}

echo "TAP version 13"
P=$(memdev_of_serial 0x1)	# persistent
V=$(memdev_of_serial 0x2)	# volatile
PF=$(basename "$(ls -d /sys/bus/cxl/devices/"$P"/fwctl/fwctl*)")
UUID_PS=96dad7d6-fde8-482b-a733-75774e06db8a
echo "# persistent $P ($PF), volatile $V"

# --- fwctl list and info -------------------------------------------------
check "list: both memdevs with type, driver, parent, serial and host" 0 "fwctl list" \
	"^FWCTL +TYPE +DRIVER +PARENT +MEMDEV +SERIAL +HOST$" \
	"^$PF +cxl +cxl_fwctl +$P +$P +0x1 +0000:[0-9a-f:.]+$" \
	"^fwctl[0-9]+ +cxl +cxl_fwctl +$V +$V +0x2 +0000:[0-9a-f:.]+$"
count "list: two devices" 2 "fwctl list" "^fwctl[0-9]+ "
host=$(basename "$(dirname "$(readlink -f /sys/bus/cxl/devices/"$P")")")
check "list --json: cxl-cli's keys, a numeric serial" 0 \
	"fwctl list --json | jobj '\"memdev\":\"$P\"'" \
	"^\{\"fwctl\":\"$PF\",\"node\":\"/dev/fwctl/$PF\",\"type\":\"cxl\",\"driver\":\"cxl_fwctl\",\"bus\":\"cxl\",\"parent\":\"$P\",\"memdev\":\"$P\",\"serial\":1,\"host\":\"$host\"\},?$"
count "list --json: two objects" 2 "fwctl list --json" '"fwctl":'
check "--json before the command" 0 "fwctl --json list | jobj '\"memdev\":\"$P\"'" \
	"\"serial\":1,\"host\":\"$host\""
for dev in "$PF" "/dev/fwctl/$PF" "$P"; do
	check "info $dev: type cxl, parent $P" 0 "fwctl info $dev" \
		"^FWCTL +PARENT +TYPE +DATA +DRIVER DATA$" \
		"^$PF +$P +cxl +4 +00000000$"
done
check "info --json" 0 "fwctl info --json $P | flat" \
	"^\[\{\"fwctl\":\"$PF\",\"parent\":\"$P\",\"type\":\"cxl\",\"type_value\":2,\"device_data_len\":4,\"device_data\":\"00000000\",\"cxl_reserved\":0\}\]$"
count "info of two devices: two rows" 2 "fwctl info $P $V" "^fwctl[0-9]+ +mem[0-9]+ +cxl "
count "info all: every fwctl device" 2 "fwctl info all" "^fwctl[0-9]+ +mem[0-9]+ +cxl "
check "info of a missing device: exit 3" 3 "fwctl info mem9" \
	"^fwctl info: mem9: no such device: give fwctlN, /dev/fwctl/fwctlN or a CXL memdev name"
check "info of a missing and a present device: exit 3, the other shown" 3 \
	"fwctl info mem9 $P" "^fwctl info: mem9: no such device" "^$PF +$P +cxl "
check "info as a user: root-only node, exit 3" 3 \
	"su -s /bin/sh nobody -c 'fwctl info $PF'" \
	"^fwctl info: /dev/fwctl/$PF: permission denied: fwctl devices are root-only \(mode 0600\)$"

# --- the CEL -----------------------------------------------------------
cel="fwctl cxl cel $P"
count "cel: the 26 entries of the QEMU device" 26 "$cel" "^0x[0-9a-f]{4} "
check "cel: names, effects, scopes and verdicts" 0 "$cel" \
	"^OPCODE +COMMAND +EFFECTS +NEEDS +KERNEL$" \
	"^0x0100 Get Event Records +0x0000 - +configuration +allowed$" \
	"^0x0101 Clear Event Records +0x0010 log +- +refused: kernel-coordinated \(the cxl_pci event handler reads and clears the event logs\)$" \
	"^0x0301 Set Timestamp +0x0008 policy +- +refused: kernel-coordinated \(the kernel sets the device clock\)$" \
	"^0x0502 Set Feature +0x003e config,data,policy,log,security +per-feature +per Feature: see 'fwctl cxl features'$" \
	"^0x4000 Identify Memory Device +0x0000 - +configuration +allowed$" \
	"^0x4103 Set LSA +0x0006 config,data +- +refused: kernel-coordinated" \
	"^0x4400 Sanitize +0x0064 data,security,background +- +refused: kernel-coordinated \(destroys all data"
# The kernel publishes one verdict file per CEL entry, the same verdict as
# its debugfs table; the tool shows exactly them.
dbg=/sys/kernel/debug/cxl_fwctl/$P/cel
sys=/sys/class/fwctl/$PF/cxl_cel
count "sysfs: one verdict file per CEL entry" 26 "ls $sys" "^0x[0-9a-f]{4}$"
bad=0
while read -r op eff needs verdict detail; do
	case "$op" in 0x*) ;; *) continue ;; esac
	line=$(cat "$sys/$op")
	if [ "$line" != "$needs $verdict $detail" ] &&
	   ! [ "$needs $verdict" = "per-feature per-feature" ] ; then
		echo "# $op: sysfs says '$line', debugfs '$needs $verdict $detail'"
		bad=1
	fi
	case "$verdict" in
	allowed | read-only) want="$needs +allowed" ;;
	per-feature) want="per-feature +per Feature.*" ;;
	*) want="- +refused: $verdict \\($detail\\)" ;;
	esac
	if ! fwctl cxl cel "$P" | sed 's/ *$//' | grep -qE "^$op .* $eff .*$want$"; then
		echo "# $op: the tool does not show the kernel's '$needs $verdict $detail'"
		bad=1
	fi
done <"$dbg"
[ $bad = 0 ] && pass "cel: every verdict is the kernel's (sysfs = debugfs = tool)" ||
	fail "cel: every verdict is the kernel's (sysfs = debugfs = tool)"
check "sysfs: Sanitize's verdict file" 0 "cat $sys/0x4400" \
	"^- kernel-coordinated destroys all data; the kernel coordinates it with memory regions$"
check "sysfs: Set Feature is per Feature" 0 "cat $sys/0x0502" \
	"^per-feature per-feature see cxl_features$"
check "sysfs: patrol scrub's verdict file" 0 "cat /sys/class/fwctl/$PF/cxl_features/$UUID_PS" \
	"^debug_write_full allowed -$"
check "sysfs: verdict files are read-only to all" 0 "stat -c %a $sys/0x4400" "^444$"
count "cel --json: 26 objects" 26 "fwctl cxl cel $P --json" '"opcode":'
check "cel --json: Sanitize refused" 0 "fwctl cxl cel $P --json | jobj '\"0x4400\"'" \
	"\"fwctl\":\"$PF\",\"opcode\":\"0x4400\",\"command\":\"Sanitize\",\"effects\":\"0x0064\",\"effects_decoded\":\\[\"data\",\"security\",\"background\"\\],\"needs\":null,\"kernel\":\"kernel-coordinated\",\"allowed\":false,\"detail\":\"destroys all data"
check "cel --json: Get Timestamp allowed" 0 "fwctl cxl cel $P --json | jobj '\"0x0300\"'" \
	'"needs":"configuration","kernel":"allowed","allowed":true,"detail":"no effects"'
count "cel of two devices: both CELs" 52 "fwctl cxl cel $P $V" "^fwctl[0-9]+ +0x[0-9a-f]{4} "
check "cel of two devices: a FWCTL column" 0 "fwctl cxl cel $P $V" \
	"^FWCTL +OPCODE +COMMAND +EFFECTS +NEEDS +KERNEL$" "^$PF +0x4400 +Sanitize "
count "cel all" 52 "fwctl cxl cel all" "^fwctl[0-9]+ +0x[0-9a-f]{4} "
# A narrow terminal: every line fits, names are cut and verdicts wrapped.
check "cel --width 60: no line longer than 60" 0 \
	"fwctl --width 60 cxl cel $P | awk 'length > 60 { print \"long: \" \$0; bad = 1 } END { exit bad }'"
check "cel --width 60: the columns stay" 0 "fwctl --width 60 cxl cel $P" \
	"^OPCODE +COMMAND +EFFECTS +NEEDS +KERNEL" "^0x4400 +Sani"
count "cel --width 60: still 26 entries" 26 "fwctl --width 60 cxl cel $P" "^0x[0-9a-f]{4} "
check "features --width 70: no line longer than 70" 0 \
	"fwctl --width 70 cxl features $V | awk 'length > 70 { print \"long: \" \$0; bad = 1 } END { exit bad }'"

# --- Features ----------------------------------------------------------
check "features: patrol scrub and ECS" 0 "fwctl cxl features $V" \
	"^ID +NAME +UUID +GET +SET +FLAGS +SET EFFECTS +NEEDS +OWNER$" \
	"^ ?0 +patrol-scrub +$UUID_PS +4 +2 +changeable +0x0202 config,reset-bits-valid +debug_write_full +-$" \
	"^ ?1 +ecs +e5b13f22-2328-4a14-b8ba-b9691e893386 +13 +7 +changeable +0x0202 config,reset-bits-valid +debug_write_full +-$"
check "features --json: patrol scrub" 0 "fwctl cxl features --json $V | jobj patrol-scrub" \
	"\"id\":0,\"name\":\"patrol-scrub\",\"uuid\":\"$UUID_PS\",\"get_size\":4,\"set_size\":2,.*\"changeable\":true,.*\"set_effects\":\"0x0202\",\"set_effects_decoded\":\[\"config\",\"reset-bits-valid\"\],\"needs\":\"debug_write_full\",\"owner\":null"
count "features all: the Features of both memdevs" 4 "fwctl cxl features all" \
	"^fwctl[0-9]+ +[01] +(patrol-scrub|ecs) "
check "get-feature patrol-scrub: decoded" 0 "fwctl cxl get-feature $V patrol-scrub" \
	"^patrol-scrub $UUID_PS on $V \(fwctl[0-9]+\)$" \
	"data: +030c0100 \(4 bytes, current\)$" "scrub cycle: +12 hours \(minimum 1\)$" \
	"enabled: +no$" "cycle changeable: +yes$"
check "get-feature by UUID, --json" 0 "fwctl cxl get-feature $V $UUID_PS --json | flat" \
	'"selection":"current","size":4,"data":"030c0100","decoded":\{"cycle_changeable":true,"realtime_report":true,"cycle_hours":12,"min_cycle_hours":1,"enabled":false\}' \
	"\"memdev\":\"$V\"" '"feature":"patrol-scrub"'
check "get-feature ecs: 13 bytes, three FRUs" 0 "fwctl cxl get-feature $V ecs" \
	"data: +01010300000103000001030000 \(13 bytes, current\)$" \
	"log entry type: +per memory media FRU$" \
	"FRU 2: +threshold 256 per Gbit, count rows, reset counter no, realtime report yes$"
count "get-feature ecs --json: three FRUs" 3 "fwctl cxl get-feature $V ecs --json" \
	'"threshold_per_gbit":256'

# --- Set Feature: scope and taint --------------------------------------
check "set-feature patrol-scrub: debug_write_full, taint, new value" 0 \
	"fwctl cxl set-feature $V patrol-scrub --data 0d01" \
	"^patrol-scrub $UUID_PS on $V \(fwctl[0-9]+\): set 2 bytes at scope debug_write_full$" \
	"kernel taint: +[0-9]+ \(fwctl, bit 19" "data: +030d0101 " \
	"scrub cycle: +13 hours" "enabled: +yes$"
if [ $(($(cat /proc/sys/kernel/tainted) & 524288)) != 0 ]; then
	pass "the kernel carries the fwctl taint (bit 19)"
else
	fail "the kernel carries the fwctl taint (bit 19)"
fi
check "set-feature --json restores the value" 0 \
	"fwctl cxl set-feature $V patrol-scrub --data 0c00 --json | flat" \
	'"scope":"debug_write_full","written":"0c00","tainted":[0-9]+,"fwctl_taint":true' \
	'"data":"030c0100"'

# --- Identify and raw --------------------------------------------------
fw=$(cat /sys/bus/cxl/devices/"$P"/firmware_version)
check "identify: firmware and capacity" 0 "fwctl cxl identify $P" \
	"^$P \($PF\): Identify Memory Device, 69 bytes$" \
	"firmware revision +$fw$" "total capacity +256 MiB$" \
	"persistent-only capacity +256 MiB$" "label storage area size +268435456$"
check "identify --json" 0 "fwctl cxl identify $P --json" \
	'"total_capacity":268435456' "\"firmware_revision\":\"$fw\""
check "raw Identify Memory Device" 0 "fwctl cxl raw $P --opcode 0x4000" \
	"^Identify Memory Device \(0x4000\) at scope configuration on $PF \($P\)$" \
	"^return code: 0x0000 \(Success\)$" "^output payload: 69 bytes$" "^  0040:"
check "raw --json" 0 "fwctl cxl raw $P --opcode 16384 --json" \
	'"retval":0' '"retval_name":"Success"' '"size":69'
check "raw: the device fails Get Log of an unknown log, exit 5" 5 \
	"fwctl cxl raw $P --opcode 0x0401 --in 'ffffffffffffffffffffffffffffffff 00000000 04000000'" \
	"^return code: 0x00[0-9a-f]{2} \(" "^output payload: 0 bytes$"

# --- each refusal, explained -------------------------------------------
check "refused: kernel-coordinated Sanitize" 4 \
	"fwctl cxl raw $P --opcode 0x4400 --scope debug_write_full" \
	"^fwctl cxl raw: Sanitize \(0x4400\) at scope debug_write_full on $PF \($P\): refused \(EPERM\): the kernel drives this command itself and refuses it at every scope: destroys all data; the kernel coordinates it with memory regions$"
check "refused: kernel-coordinated Set Timestamp" 4 \
	"fwctl cxl raw $P --opcode 0x0301 --in 0000000000000000 --scope debug_write_full" \
	"refused \(EPERM\): the kernel drives this command itself and refuses it at every scope: the kernel sets the device clock$"
check "refused: background Scan Media below debug_write_full" 4 \
	"fwctl cxl raw $P --opcode 0x4304 --in 00000000000000000000000000000000 --scope debug_write" \
	"^fwctl cxl raw: Scan Media \(0x4304\) at scope debug_write on $PF \($P\): refused \(EPERM\): it needs scope debug_write_full \(background operation\), more than the debug_write requested \(use --scope debug_write_full\)$"
check "refused: opcode not in the CEL" 4 "fwctl cxl raw $P --opcode 0x0001" \
	"^fwctl cxl raw: Identify \(0x0001\) at scope configuration on $PF \($P\): refused \(EOPNOTSUPP\): the device's Command Effects Log does not list this opcode$"
check "refused: scope too low for Set Feature" 4 \
	"fwctl cxl set-feature $V patrol-scrub --data 0c00 --scope configuration" \
	"^fwctl cxl set-feature: Set Feature \(0x0502\) at scope configuration on fwctl[0-9]+ \($V\): refused \(EPERM\): setting this Feature needs scope debug_write_full, more than the configuration requested \(use --scope debug_write_full\)$"
check "refused: debug_write_full without CAP_SYS_RAWIO" 4 \
	"fwctl_drop_rawio fwctl cxl set-feature $V patrol-scrub --data 0c00" \
	"refused \(EPERM\): scope debug_write_full needs CAP_SYS_RAWIO, which this process lacks$"
check "device fails Get Feature of a Feature it lacks (as mainline)" 5 \
	"fwctl cxl get-feature $P hard-ppr" \
	"^fwctl cxl get-feature: Get Feature \(0x0501\) on $PF \($P\): the device failed it: return code 0x0003 \(Unsupported\)$"
check "refused: malformed Get Feature" 4 "fwctl cxl raw $P --opcode 0x0501 --in 00" \
	"refused \(EINVAL\): the kernel found the request malformed"
dd if=/dev/zero of=/tmp/big bs=3000 count=1 2>/dev/null
check "refused: input larger than the mailbox payload" 4 \
	"fwctl cxl raw $P --opcode 0x4000 --in-file /tmp/big" \
	"refused \(EMSGSIZE\): the input is larger than the device's mailbox payload$"
if insmod /modules/cxl_fwctl_owner_test.ko; then
	check "features: the kernel owner is shown" 0 "fwctl cxl features $V" \
		"^ ?0 +patrol-scrub +$UUID_PS +4 +0 +read-only .* +feature-owned +cxl_fwctl_owner_test$"
	check "features --json: owner" 0 "fwctl cxl features $V --json | jobj patrol-scrub" \
		'"needs":"feature-owned","owner":"cxl_fwctl_owner_test"'
	check "refused: Set Feature of a kernel-owned Feature (EPERM, as mainline)" 4 \
		"fwctl cxl set-feature $V patrol-scrub --data 0c00" \
		"^fwctl cxl set-feature: Set Feature \(0x0502\) at scope debug_write_full on fwctl[0-9]+ \($V\): refused \(EPERM\): an in-kernel driver owns the Feature"
	check "an owned Feature stays readable" 0 "fwctl cxl get-feature $V patrol-scrub" \
		"data: +030c0100 "
	rmmod cxl_fwctl_owner_test
else
	fail "insmod cxl_fwctl_owner_test (make test-modules)"
fi

# --- no debugfs: the verdicts come from sysfs ---------------------------
umount /sys/kernel/debug
check "cel without debugfs: the kernel's verdicts" 0 "fwctl cxl cel $P" \
	"^0x4400 Sanitize .* refused: kernel-coordinated"
check "features without debugfs: scope and owner" 0 "fwctl cxl features $V" \
	"^ ?0 +patrol-scrub .* +debug_write_full +-$"
check "the tool mounted nothing" 1 "grep debugfs /proc/mounts"
mount -t debugfs none /sys/kernel/debug

# --- raw: stdin and output files -----------------------------------------
# Get LSA (0x4102) of 8 bytes at offset 0, its input read from stdin.
check "raw --in-file -: the input from stdin" 0 \
	"printf '\\000\\000\\000\\000\\010\\000\\000\\000' | fwctl cxl raw $P --opcode 0x4102 --in-file -" \
	"^Get LSA \\(0x4102\\) at scope configuration" "^output payload: 8 bytes$"
rm -f /tmp/id.bin
check "raw -o FILE: the payload written raw" 0 \
	"fwctl cxl raw $P --opcode 0x4000 -o /tmp/id.bin" \
	"^output payload: 69 bytes, written to /tmp/id.bin$"
check "raw -o FILE: 69 bytes in the file" 0 "wc -c </tmp/id.bin" "^ *69$"
check "raw -o -: the payload on stdout, the summary on stderr" 0 \
	"fwctl cxl raw $P --opcode 0x4000 -o - 2>/dev/null | wc -c" "^ *69$"
check "raw -o FILE in a missing directory: exit 1" 1 \
	"fwctl cxl raw $P --opcode 0x4000 -o /nonexistent/x" \
	"^fwctl cxl raw: --output /nonexistent/x: No such file or directory$"
for c in list info "cxl cel" "cxl features" "cxl get-feature" "cxl set-feature" \
	 "cxl identify" "cxl raw"; do
	check "fwctl $c --help" 0 "fwctl $c --help" "^usage: fwctl $c"
done
check "fwctl --help lists the exit codes" 0 "fwctl --help" \
	"Exit status: 0 ok, 1 error, 2 usage,"

echo "1..$n"
[ $failed = 0 ]
