// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_fwctl: finding CXL memdevs and following their lifetime.
 *
 * cxl_mem owns the memdevs' driver binding, so this module watches the CXL
 * bus instead: a notifier catches memdevs added and removed from now on, and
 * a walk of the bus catches those already present.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <cxlmem.h>

static void cxl_fwctl_attach(struct device *dev)
{
	if (!is_cxl_memdev(dev))
		return;
	dev_info(dev, "cxl_fwctl: found memdev\n");
}

static void cxl_fwctl_detach(struct device *dev)
{
	if (!is_cxl_memdev(dev))
		return;
	dev_info(dev, "cxl_fwctl: memdev going away\n");
}

static int cxl_fwctl_bus_event(struct notifier_block *nb,
			       unsigned long action, void *data)
{
	struct device *dev = data;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		cxl_fwctl_attach(dev);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		cxl_fwctl_detach(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block cxl_fwctl_nb = {
	.notifier_call = cxl_fwctl_bus_event,
};

static int cxl_fwctl_attach_present(struct device *dev, void *unused)
{
	cxl_fwctl_attach(dev);
	return 0;
}

static int cxl_fwctl_detach_present(struct device *dev, void *unused)
{
	cxl_fwctl_detach(dev);
	return 0;
}

static int __init cxl_fwctl_init(void)
{
	int rc;

	rc = bus_register_notifier(&cxl_bus_type, &cxl_fwctl_nb);
	if (rc)
		return rc;
	return bus_for_each_dev(&cxl_bus_type, NULL, NULL,
				cxl_fwctl_attach_present);
}

static void __exit cxl_fwctl_exit(void)
{
	bus_unregister_notifier(&cxl_bus_type, &cxl_fwctl_nb);
	bus_for_each_dev(&cxl_bus_type, NULL, NULL, cxl_fwctl_detach_present);
}

module_init(cxl_fwctl_init);
module_exit(cxl_fwctl_exit);
MODULE_DESCRIPTION("fwctl interface to CXL memory device mailboxes");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(CXL);
