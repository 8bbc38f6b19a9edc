// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: an in-kernel owner of the patrol scrub Feature, standing in
 * for EDAC. While loaded it claims patrol scrub on every CXL memdev present
 * at load, so users may read the Feature but not set it; unloading releases
 * the claims.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <cxl/fwctl.h>
#include <cxlmem.h>

static const uuid_t patrol_scrub =
	UUID_INIT(0x96dad7d6, 0xfde8, 0x482b, 0xa7, 0x33, 0x75, 0x77, 0x4e,
		  0x06, 0xdb, 0x8a);

static int claim_one(struct device *dev, void *unused)
{
	int rc;

	if (!is_cxl_memdev(dev))
		return 0;
	rc = cxl_fwctl_claim_feature(to_cxl_memdev(dev), &patrol_scrub,
				     KBUILD_MODNAME);
	if (rc)
		dev_warn(dev, "cannot claim patrol scrub: %d\n", rc);
	return 0;
}

static int release_one(struct device *dev, void *unused)
{
	if (is_cxl_memdev(dev))
		cxl_fwctl_release_feature(to_cxl_memdev(dev), &patrol_scrub);
	return 0;
}

static int __init owner_test_init(void)
{
	return bus_for_each_dev(&cxl_bus_type, NULL, NULL, claim_one);
}
module_init(owner_test_init);

static void __exit owner_test_exit(void)
{
	bus_for_each_dev(&cxl_bus_type, NULL, NULL, release_one);
}
module_exit(owner_test_exit);

MODULE_DESCRIPTION("Test-only in-kernel owner of the CXL patrol scrub Feature");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(CXL);
MODULE_IMPORT_NS(CXL_FWCTL);
