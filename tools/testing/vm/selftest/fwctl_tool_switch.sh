#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fwctl user tool against QEMU's CXL switch (run.sh --topology switch):
# the switch mailbox CCI (cxl_switch_fwctl) in 'fwctl list', 'fwctl cxl
# switch', and cel/identify/raw through the switch's tunnel (--port,
# --ld), with every refusal explained. Prints TAP.
#
# Never sends Get Timestamp (0x0300) or Set Timestamp (0x0301) to the
# switch CCI itself: QEMU 10.0.2 aborts on them. Set Timestamp is only
# sent where the kernel refuses it before anything reaches the switch.

. "$(dirname "$0")/tool_tap.sh"

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

# The CXL switch mailbox CCI: the PCI function of class 0x0c0b00.
find_cci() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/class")" = 0x0c0b00 ] && basename "$d"
	done
}

echo "TAP version 13"
insmod /modules/cxl_switch_fwctl.ko 2>/dev/null
if [ -d /sys/bus/pci/drivers/cxl_switch_fwctl ]; then
	pass "cxl_switch_fwctl is loaded"
else
	fail "cxl_switch_fwctl is loaded"
fi
BDF=$(find_cci)
SW=$(basename "$(ls -d /sys/bus/pci/devices/"$BDF"/fwctl/fwctl* 2>/dev/null)")
M1=$(memdev_of_serial 0x1)	# behind port 0
# Behind port 1: a serial number that needs all 64 bits (run.sh).
SN2=0xfedcba9876543210
SN2_DEC=18364758544493064720
M2=$(memdev_of_serial $SN2)
echo "# switch CCI $BDF ($SW), memdevs $M1 (0x1) and $M2 ($SN2)"
if [ -n "$BDF" ] && [ -n "$SW" ] && [ -n "$M1" ] && [ -n "$M2" ]; then
	pass "the switch CCI has a fwctl device; both memdevs are there"
else
	fail "the switch CCI has a fwctl device; both memdevs are there"
fi

# --- fwctl list and info ---------------------------------------------------
check "list: the switch CCI with its driver and PCI parent" 0 "fwctl list" \
	"^$SW +cxl +cxl_switch_fwctl +$BDF +- +- +$BDF$" \
	"^fwctl[0-9]+ +cxl +cxl_fwctl +$M1 +$M1 +0x1 " \
	"^fwctl[0-9]+ +cxl +cxl_fwctl +$M2 +$M2 +$SN2 "
count "list: three devices" 3 "fwctl list" "^fwctl[0-9]+ "
check "list --json: the switch CCI" 0 "fwctl list --json | flat" \
	"\"fwctl\":\"$SW\",\"node\":\"/dev/fwctl/$SW\",\"type\":\"cxl\",\"driver\":\"cxl_switch_fwctl\",\"bus\":\"pci\",\"parent\":\"$BDF\",\"memdev\":null,\"serial\":null,\"host\":\"$BDF\",\"component\":\"switch-cci\""
check "list --json: a 64-bit serial as a number" 0 "fwctl list --json | flat" \
	"\"memdev\":\"$M2\",\"serial\":$SN2_DEC,"
for dev in "$SW" "/dev/fwctl/$SW" "$BDF" "${BDF#0000:}"; do
	check "info $dev: the switch CCI" 0 "fwctl info $dev" "^$SW +$BDF +cxl "
done

# --- the kernel's verdicts in sysfs ------------------------------------------
sys=/sys/class/fwctl/$SW/cxl_cel
check "sysfs: the switch's Set Timestamp is refused" 0 "cat $sys/0x0301" \
	"^- kernel-coordinated the kernel sets the device clock$"
check "sysfs: the tunnel needs configuration" 0 "cat $sys/0x5300" \
	"^configuration allowed "
check "sysfs: a switch CCI has no Features directory" 1 \
	"ls -d /sys/class/fwctl/$SW/cxl_features"
bad=0
while read -r op eff needs verdict detail; do
	case "$op" in 0x*) ;; *) continue ;; esac
	if [ "$(cat "$sys/$op")" != "$needs $verdict $detail" ]; then
		echo "# $op: sysfs '$(cat "$sys/$op")', debugfs '$needs $verdict $detail'"
		bad=1
	fi
done </sys/kernel/debug/cxl_switch_fwctl/"$BDF"/cel
[ $bad = 0 ] && pass "sysfs: every switch verdict is debugfs's" ||
	fail "sysfs: every switch verdict is debugfs's"

# --- fwctl cxl switch ------------------------------------------------------
check "switch: identity" 0 "fwctl cxl switch $SW" \
	"^$SW \($BDF\): CXL switch mailbox CCI, driver cxl_switch_fwctl$" \
	"^  vendor id +0x19e5$" "^  device id +0xa128$" \
	"^  serial number +0x1234$" "^  max message size +512 bytes \(2\^9\)$" \
	"^  component type +switch \(0x00\)$" "^  physical ports +3$" \
	"^  virtual CXL switches +1$" "^  active ports +0,1,2$" "^  active VCSs +0$"
check "switch: port states, the memdevs behind, a 64-bit serial in full" 0 \
	"fwctl cxl switch $BDF" \
	"^PORT +STATE +DEVICE +LDS +SERIAL +MEMDEV +LINK$" \
	"^ +0 +DSP +CXL type 3 MLD +3 +0x1 +$M1 +x[0-9]+ .*GT/s \(max x[0-9]+ .*\)$" \
	"^ +1 +DSP +CXL type 3 MLD +3 +$SN2 +$M2 +x" \
	"^ +2 +USP +none +0 +- +- +x"
count "switch: three ports" 3 "fwctl cxl switch $SW" "^ +[0-9] +(DSP|USP) "
# A narrow terminal: the port table fits, and the serial stays whole.
check "switch --width 70: the port table fits, the serial whole" 0 \
	"fwctl --width 70 cxl switch $SW | sed -n '/^PORT/,\$p' | awk 'length > 70 { print \"long: \" \$0; bad = 1 } END { exit bad }' && fwctl --width 70 cxl switch $SW | grep -E ' $SN2 +$M2 '"
check "switch --json" 0 "fwctl cxl switch $SW --json | flat" \
	"\"host\":\"$BDF\"" \
	"\"identify\":\{\"vendor_id\":\"0x19e5\",\"device_id\":\"0xa128\",\"subsystem_vendor_id\":\"0x0000\",\"subsystem_id\":\"0x0000\",\"serial\":4660,\"max_message_size\":512,\"component_type\":\"switch\",\"component_type_value\":0,\"memdev\":null\}" \
	"\"switch\":\{\"ingress_port\":0,\"physical_ports\":3,\"vcss\":1,\"active_ports\":\[0,1,2\],\"active_vcss\":\[0\]," \
	"\{\"port\":0,\"config_state\":\"DSP\",\"config_state_value\":3,\"device_type\":\"CXL type 3 MLD\",\"device_type_value\":5,.*\"ld_count\":3,\"serial\":1,\"memdev\":\"$M1\"\}" \
	"\{\"port\":1,\"config_state\":\"DSP\",\"config_state_value\":3,.*\"ld_count\":3,\"serial\":$SN2_DEC,\"memdev\":\"$M2\"\}" \
	"\{\"port\":2,\"config_state\":\"USP\",\"config_state_value\":4,\"device_type\":\"none\",\"device_type_value\":0,.*\"serial\":null,\"memdev\":null\}"
# Parse the JSON with awk: the port count and each port's memdev.
js=$(fwctl cxl switch "$SW" --json | flat)
ports=$(printf '%s\n' "$js" | grep -o '"config_state":"[A-Z]*"' | wc -l)
mems=$(printf '%s\n' "$js" | grep -o '"memdev":"mem[0-9]*"' | cut -d'"' -f4 | tr '\n' ' ')
if [ "$ports" = 3 ] && [ "$mems" = "$M1 $M2 " ]; then
	pass "switch --json: 3 port objects, memdevs $M1 $M2 in port order"
else
	echo "# $ports ports, memdevs '$mems'"
	fail "switch --json: 3 port objects, memdevs $M1 $M2 in port order"
fi
check "switch of a memdev: exit 3" 3 "fwctl cxl switch $M1" \
	"^fwctl cxl switch: fwctl[0-9]+ \($M1\): not a CXL switch mailbox CCI \(a memdev: see 'fwctl cxl identify $M1'\)$"

# --- identify: the switch, and through the tunnel --------------------------
check "identify of the switch: Identify (0x0001)" 0 "fwctl cxl identify $SW" \
	"^$SW \($BDF\): Identify, 18 bytes$" "^  serial number +0x1234$" \
	"^  component type +switch \(0x00\)$"
# QEMU's type-3 behind each port: 8086:0d93, its own serial number.
for port in 0 1; do
	if [ $port = 0 ]; then sn=0x1 dec=1; else sn=$SN2 dec=$SN2_DEC; fi
	m=$(memdev_of_serial $sn)
	check "identify --port $port: serial $sn, memdev $m" 0 \
		"fwctl cxl identify $SW --port $port" \
		"^port $port of $SW \($BDF\): Identify, 18 bytes$" \
		"^  vendor id +0x8086$" "^  device id +0x0d93$" \
		"^  serial number +$sn$" "^  component type +type 3 device \(0x03\)$" \
		"^  memdev +$m \(same serial number\)$"
	check "identify --port $port --json" 0 \
		"fwctl cxl identify $SW --port $port --json | flat" \
		"\"fwctl\":\"$SW\",\"host\":\"$BDF\",\"port\":$port,\"ld\":null,\"size\":18,\"vendor_id\":\"0x8086\",\"device_id\":\"0x0d93\",.*\"serial\":$dec,\"max_message_size\":512,\"component_type\":\"type 3 device\",\"component_type_value\":3,\"memdev\":\"$m\""
done
check "identify --port 0 --ld 0: two tunnels" 0 "fwctl cxl identify $SW --port 0 --ld 0" \
	"^LD 0 behind port 0 of $SW \($BDF\): Identify, 18 bytes$" "^  serial number +0x1$"

# --- cel: the switch's, and through the tunnel -----------------------------
check "cel of the switch: its commands and the kernel's verdicts" 0 "fwctl cxl cel $SW" \
	"^0x0001 Identify +0x0000 - +configuration +allowed$" \
	"^0x5100 Identify Switch Device +0x0000 - +configuration +allowed$" \
	"^0x5101 Get Physical Port State +0x0000 - +configuration +allowed$" \
	"^0x5300 Tunnel Management Command +0x0000 - +configuration +allowed$" \
	"^0x0301 Set Timestamp +0x0008 policy +- +refused: kernel-coordinated"
# Behind the switch the kernel publishes no verdicts: the tool says so.
for port in 0 1; do
	count "cel --port $port: five entries" 5 "fwctl cxl cel $SW --port $port" \
		"^0x[0-9a-f]{4} "
	check "cel --port $port: the FM-owned LD command set, verdicts unknown" 0 \
		"fwctl cxl cel $SW --port $port" \
		"^OPCODE +COMMAND +EFFECTS +NEEDS +KERNEL$" \
		"^0x0001 Identify +0x0000 - +\? +unknown$" \
		"^0x0300 Get Timestamp +0x0000 - +\? +unknown$" \
		"^0x0400 Get Supported Logs +0x0000 - +\? +unknown$" \
		"^0x0401 Get Log +0x0000 - +\? +unknown$" \
		"^0x5300 Tunnel Management Command +0x0000 - +\? +unknown$" \
		"^fwctl cxl cel: $SW: the kernel's verdicts are unknown: the kernel publishes verdicts on the commands of $SW, not on those of the devices behind it$"
done
ops=$(fwctl cxl cel "$SW" --port 0 2>/dev/null | awk '/^0x/ { printf "%s ", $1 }')
if [ "$ops" = "0x0001 0x0300 0x0400 0x0401 0x5300 " ]; then
	pass "cel --port 0: exactly 0001 0300 0400 0401 5300, in order"
else
	echo "# opcodes: $ops"
	fail "cel --port 0: exactly 0001 0300 0400 0401 5300, in order"
fi
dbg=/sys/kernel/debug/cxl_switch_fwctl/$BDF/destinations
check "the kernel cached ports 0 and 1" 0 "cat $dbg" \
	"^destination 0 payload 512 entries 5$" "^destination 1 payload 512 entries 5$"
count "cel --port 1 --json: five objects" 5 "fwctl cxl cel $SW --port 1 --json 2>/dev/null" '"opcode":'
check "cel --port 1 --json: Tunnel, verdict unknown" 0 \
	"fwctl cxl cel $SW --port 1 --json 2>/dev/null | flat" \
	"\{\"fwctl\":\"$SW\",\"opcode\":\"0x5300\",\"command\":\"Tunnel Management Command\",\"effects\":\"0x0000\",\"effects_decoded\":\[\],\"needs\":null,\"kernel\":\"unknown\",\"allowed\":null,"
ops=$(fwctl cxl cel "$SW" --port 0 --ld 0 2>/dev/null | awk '/^0x/ { printf "%s ", $1 }')
if [ "$ops" = "0x0001 0x0400 0x0401 " ]; then
	pass "cel --port 0 --ld 0: the LD's 0001 0400 0401"
else
	echo "# opcodes: $ops"
	fail "cel --port 0 --ld 0: the LD's 0001 0400 0401"
fi
check "the kernel cached LD 0 behind port 0" 0 "cat $dbg" \
	"^destination 0 0 payload 496 entries 3$"

# --- raw through the tunnel ------------------------------------------------
check "raw --port 1 Identify" 0 "fwctl cxl raw $SW --port 1 --opcode 0x0001" \
	"^Identify \(0x0001\) at scope configuration on port 1 of $SW \($BDF\)$" \
	"^return code: 0x0000 \(Success\)$" "^output payload: 18 bytes$" \
	"^  0000: 86 80 93 0d "
check "raw --port 0 --json" 0 "fwctl cxl raw $SW --port 0 --opcode 1 --json | flat" \
	'"opcode":"0x0001"' '"port":0,"ld":null,"delivered":true,"retval":0' '"size":18' \
	'"payload":"8680930d[0-9a-f]{8}01000000000000000903"'
check "raw --port 0 Get Log past the CEL's end reads zeros" 0 \
	"fwctl cxl raw $SW --port 0 --opcode 0x0401 --in '0da9c0b5bf414b788f7996b1623b3f17 14000000 08000000'" \
	"^return code: 0x0000 \(Success\)$" "^output payload: 8 bytes$" \
	"^  0000: 00 00 00 00 00 00 00 00"
check "raw --port 0 --ld 0 Identify" 0 "fwctl cxl raw $SW --port 0 --ld 0 --opcode 0x0001" \
	"^Identify \(0x0001\) at scope configuration on LD 0 behind port 0 of $SW \($BDF\)$" \
	"^output payload: 18 bytes$"

# --- each refusal, explained -----------------------------------------------
check "refused: opcode not in the destination's CEL" 4 \
	"fwctl cxl raw $SW --port 0 --opcode 0x4000" \
	"^fwctl cxl raw: Identify Memory Device \(0x4000\) at scope configuration on port 0 of $SW \($BDF\): refused \(EOPNOTSUPP\): the Command Effects Log of port 0 does not list Identify Memory Device \(0x4000\) \(see 'fwctl cxl cel $SW --port 0'\)$"
check "refused: Get Supported Features through the tunnel" 4 \
	"fwctl cxl raw $SW --port 1 --opcode 0x0500 --in 0001000000000000" \
	"^fwctl cxl raw: Get Supported Features \(0x0500\) at scope configuration on port 1 of $SW \($BDF\): refused \(EOPNOTSUPP\): the Command Effects Log of port 1 does not list"
check "refused: not in the LD's CEL, two tunnels down" 4 \
	"fwctl cxl raw $SW --port 0 --ld 0 --opcode 0x4000" \
	"refused \(EOPNOTSUPP\): the Command Effects Log of LD 0 behind port 0 does not list Identify Memory Device \(0x4000\) \(see 'fwctl cxl cel $SW --port 0 --ld 0'\)$"
check "refused: kernel-coordinated Set Timestamp through the tunnel" 4 \
	"fwctl cxl raw $SW --port 1 --opcode 0x0301 --in 0000000000000000 --scope debug_write_full" \
	"^fwctl cxl raw: Set Timestamp \(0x0301\) at scope debug_write_full on port 1 of $SW \($BDF\): refused \(EPERM\): "
check "refused: input larger than the destination's payload" 4 \
	"dd if=/dev/zero of=/tmp/big bs=513 count=1 2>/dev/null; fwctl cxl raw $SW --port 0 --opcode 0x0401 --in-file /tmp/big" \
	"refused \(EMSGSIZE\): the input \(513 bytes\) is larger than the 512-byte payload port 0 accepts$"
check "refused: a third tunnel" 4 \
	"fwctl cxl raw $SW --port 0 --ld 0 --opcode 0x5300 --in '00000c00 000000010000000000000000'" \
	"refused \(ELOOP\): more than 2 nested tunnels: the kernel follows switch -> port -> LD at most$"
check "refused: a malformed tunnel (hand-made, size disagrees)" 4 \
	"fwctl cxl raw $SW --opcode 0x5300 --in '00000d00 000000010000000000000000'" \
	"^fwctl cxl raw: Tunnel Management Command \(0x5300\) at scope configuration on $SW \($BDF\): refused \(EINVAL\): the kernel found the request malformed"
check "not delivered: a port without a device, the switch's own code" 5 \
	"fwctl cxl identify $SW --port 2" \
	"^fwctl cxl identify: Identify \(0x0001\) on port 2 of $SW \($BDF\): the switch did not deliver it: return code 0x0002 \(Invalid Input\): no such port, or not a downstream port with a device \(see 'fwctl cxl switch'\)$"
check "raw to a bad port: return code, not delivered, explained" 5 \
	"fwctl cxl raw $SW --port 7 --opcode 0x0001" \
	"^return code: 0x0002 \(Invalid Input\), from the switch: not delivered$" \
	"^output payload: 0 bytes$" "^fwctl cxl raw: Identify \(0x0001\) on port 7 of $SW \($BDF\): the switch did not deliver it"
check "refused: opcode not in the switch's CEL" 4 \
	"fwctl cxl raw $SW --opcode 0x4000" \
	"^fwctl cxl raw: Identify Memory Device \(0x4000\) at scope configuration on $SW \($BDF\): refused \(EOPNOTSUPP\): the device's Command Effects Log does not list this opcode$"
check "refused: Set Timestamp on the switch is kernel-coordinated (never sent)" 4 \
	"fwctl cxl raw $SW --opcode 0x0301 --in 0000000000000000 --scope debug_write_full" \
	"refused \(EPERM\): the kernel drives this command itself and refuses it at every scope: "

# --- what the tool refuses itself ------------------------------------------
check "--port on a memdev: exit 2" 2 "fwctl cxl cel $M1 --port 0" \
	"^fwctl cxl cel: fwctl[0-9]+ \($M1\): --port needs a CXL switch mailbox CCI; this is not one"
check "--ld without --port: exit 2" 2 "fwctl cxl identify $SW --ld 0" \
	"^fwctl cxl identify: --ld needs --port"
check "--port 256: exit 2" 2 "fwctl cxl raw $SW --port 256 --opcode 1" \
	"^fwctl cxl raw: --port 256: a port or LD id is a number from 0 to 255$"
check "features --port: not reachable through the tunnel" 2 \
	"fwctl cxl features $SW --port 0" \
	"^fwctl cxl features: --port/--ld: Features are not reachable through a switch tunnel"
check "get-feature --port: not reachable through the tunnel" 2 \
	"fwctl cxl get-feature $SW patrol-scrub --port 0" \
	"^fwctl cxl get-feature: --port/--ld: Features are not reachable through a switch tunnel"
check "features of the switch CCI: memdevs only" 3 "fwctl cxl features $SW" \
	"^fwctl cxl features: $SW \($BDF\): a CXL switch mailbox CCI: Features are read and set on memdevs"
check "a memdev's cel still works" 0 "fwctl cxl cel $M2" \
	"^0x4000 Identify Memory Device +0x0000 - +configuration +allowed$"
check "cxl switch --help" 0 "fwctl cxl switch --help" "^usage: fwctl cxl switch DEV"
for c in cel identify raw; do
	check "cxl $c --help offers --port" 0 "fwctl cxl $c --help" \
		"^usage: fwctl cxl $c " "--port N"
done

# Every command above needs configuration scope, or was refused.
if [ $(($(cat /proc/sys/kernel/tainted) & 524288)) = 0 ]; then
	pass "no fwctl taint"
else
	fail "no fwctl taint"
fi

echo "1..$n"
[ $failed = 0 ]
