#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cxl_fwctl loads by itself when a CXL memdev appears: its module alias
# matches the memdev's uevent (MODALIAS=cxl:t5). Installs the modules as a
# host would (lib/modules/$(uname -r)/extra, depmod), lets a uevent
# listener run modprobe "$MODALIAS" as udev does, unloads cxl_fwctl and
# rebinds cxl_pci so the memdevs are added anew. Prints TAP.

n=0
failed=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

echo "TAP version 13"
# The debug lane's kernel has the CXL drivers built in and no networking,
# so no uevent reaches a listener: there is no load by alias to test. A
# built-in driver has a /sys/module entry without initstate; a cxl_pci
# that failed to load has none, and fails below.
if [ -d /sys/module/cxl_pci ] && [ ! -e /sys/module/cxl_pci/initstate ]; then
	echo "ok 1 # SKIP cxl_pci is built in: no module load by alias here"
	echo "1..1"
	exit 0
fi
kver=$(uname -r)
extra=/lib/modules/$kver/extra
mkdir -p "$extra"
cp /modules/fwctl.ko /modules/cxl_fwctl.ko /modules/stock/*.ko "$extra/"

depmod "$kver"
alias=$(modinfo cxl_fwctl | sed -n "s/^alias:[[:space:]]*//p")
echo "# cxl_fwctl alias: $alias"
[ "$alias" = "cxl:t5*" ]
t $? "modinfo: cxl_fwctl has the alias cxl:t5* (memory expander memdevs)"
grep -q "^alias cxl:t5\* cxl_fwctl" "/lib/modules/$kver/modules.alias"
t $? "depmod lists the alias in modules.alias"

# What udev does for a uevent with a MODALIAS.
cat >/tmp/uevent-modprobe <<'SH'
#!/bin/sh
[ -n "$MODALIAS" ] || exit 0
echo "$ACTION $DEVPATH $MODALIAS" >>/tmp/uevents
# In the background, so the listener keeps up with the burst of events.
[ "$ACTION" = add ] && modprobe -a "$MODALIAS" 2>/dev/null &
exit 0
SH
chmod +x /tmp/uevent-modprobe
uevent /tmp/uevent-modprobe &
listener=$!
sleep 0.5

rmmod cxl_fwctl
! grep -q "^cxl_fwctl " /proc/modules
t $? "cxl_fwctl unloaded"

bdfs=""
for m in /sys/bus/cxl/devices/mem*; do
	bdfs="$bdfs $(basename "$(dirname "$(readlink -f "$m")")")"
done
echo "# memdevs on PCI devices:$bdfs"
# One device at a time: busybox's listener drops events in a long burst.
for b in $bdfs; do
	echo "$b" >/sys/bus/pci/drivers/cxl_pci/unbind
	sleep 1
	echo "$b" >/sys/bus/pci/drivers/cxl_pci/bind
	sleep 1
done

i=0
while [ $i -lt 100 ]; do
	[ "$(ls -d /sys/bus/cxl/devices/mem*/fwctl/fwctl* 2>/dev/null | wc -l)" = 2 ] && break
	sleep 0.1
	i=$((i + 1))
done
kill "$listener" 2>/dev/null
grep '/mem[0-9]* ' /tmp/uevents | sed 's/^/# uevent: /'

[ "$(grep -cE '^add .*/mem[0-9]+ cxl:t5$' /tmp/uevents)" = 2 ]
t $? "both memdevs were added with MODALIAS=cxl:t5"
grep -q "^cxl_fwctl " /proc/modules
t $? "cxl_fwctl was loaded through its alias"
[ "$(ls -d /sys/bus/cxl/devices/mem*/fwctl/fwctl* 2>/dev/null | wc -l)" = 2 ]
t $? "both memdevs have their fwctl device again"
fwctl list | sed 's/^/# /'
[ "$(fwctl list | grep -c ' cxl_fwctl ')" = 2 ]
t $? "fwctl list shows both"

echo "1..$n"
[ $failed = 0 ]
