// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's verdicts on a switch CCI's own commands, as a stable
 * interface: /sys/class/fwctl/fwctlN/cxl_cel/0xOOOO, one file per entry of
 * the switch's CEL, in the format of cxl_fwctl's memdev files
 * (Documentation/ABI/testing/sysfs-class-fwctl-cxl). A switch CCI has no
 * Features, so there is no cxl_features directory. What a tunnel carries
 * to the devices behind the switch depends on a cache filled on demand;
 * that stays in debugfs.
 */
#include <linux/device.h>

#include "swcci.h"

static ssize_t cel_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct cxl_swcci *sw = container_of(dev, struct cxl_swcci, fwctl.dev);
	const struct cxl_fwctl_cel_entry *e =
		&sw->cel.entries[cxl_fwctl_vgroup_index(attr)];
	struct cxl_fwctl_verdict v;

	v = cxl_swcci_judge(e->opcode, &sw->cel, FWCTL_RPC_DEBUG_WRITE_FULL);
	return cxl_fwctl_sysfs_emit(buf, &v, v.detail);
}

/**
 * cxl_swcci_sysfs_init - build the switch CCI's verdict files
 * @sw: its CEL read, not yet registered
 *
 * Return: 0 or -ENOMEM.
 */
int cxl_swcci_sysfs_init(struct cxl_swcci *sw)
{
	int rc = cxl_fwctl_vgroup_cel(&sw->sysfs_cel, &sw->cel, cel_show);

	if (rc)
		return rc;
	sw->sysfs_groups[0] = &sw->sysfs_cel.group;
	sw->sysfs_groups[1] = NULL;
	sw->fwctl.dev.groups = sw->sysfs_groups;
	return 0;
}

/**
 * cxl_swcci_sysfs_free - free what cxl_swcci_sysfs_init() built
 * @sw: unregistered (or never registered)
 */
void cxl_swcci_sysfs_free(struct cxl_swcci *sw)
{
	sw->fwctl.dev.groups = NULL;
	cxl_fwctl_vgroup_free(&sw->sysfs_cel);
}
