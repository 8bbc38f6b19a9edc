// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_switch_fwctl: a fwctl device for every CXL switch mailbox CCI
 * (PCI class 0x0c0b00).
 *
 * Linux 6.12 has no driver for this function, so this module binds it:
 * the Register Locator DVSEC names the BAR and offset of the device
 * registers, whose capability array holds the primary mailbox. Probe reads
 * the switch's CEL and registers the fwctl device, parent the function.
 * Remove unregisters it first, which waits for every request in flight and
 * closes the open files' contexts, so nothing touches the registers after
 * that; the mapping is released by devres once remove returned.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <cxlpci.h>
#include <compat/pci.h>

#include "swcci.h"

#define PCI_CLASS_CXL_SWITCH_CCI	0x0c0b00
#define REGLOC_ENTRY_SIZE		8

/* The BAR and offset of the device register block, from the DVSEC. */
static int find_regblock(struct pci_dev *pdev, int *bir, u64 *offset)
{
	u16 dvsec;
	u32 hdr, len, pos;

	dvsec = pci_find_dvsec_capability(pdev, PCI_VENDOR_ID_CXL,
					  CXL_DVSEC_REG_LOCATOR);
	if (!dvsec)
		return -ENODEV;
	pci_read_config_dword(pdev, dvsec + PCI_DVSEC_HEADER1, &hdr);
	len = PCI_DVSEC_HEADER1_LEN(hdr);

	for (pos = CXL_DVSEC_REG_LOCATOR_BLOCK1_OFFSET;
	     pos + REGLOC_ENTRY_SIZE <= len; pos += REGLOC_ENTRY_SIZE) {
		u32 lo, hi;

		pci_read_config_dword(pdev, dvsec + pos, &lo);
		pci_read_config_dword(pdev, dvsec + pos + 4, &hi);
		if (FIELD_GET(CXL_DVSEC_REG_LOCATOR_BLOCK_ID_MASK, lo) !=
		    CXL_REGLOC_RBI_MEMDEV)
			continue;
		*bir = FIELD_GET(CXL_DVSEC_REG_LOCATOR_BIR_MASK, lo);
		*offset = (u64)hi << 32 |
			  (lo & CXL_DVSEC_REG_LOCATOR_BLOCK_OFF_LOW_MASK);
		return 0;
	}
	return -ENODEV;
}

/* Map the device registers and find the primary mailbox in them. */
static int map_mailbox(struct pci_dev *pdev, void __iomem **mbox,
		       size_t *size)
{
	struct device *dev = &pdev->dev;
	void __iomem *base;
	size_t off, bar_len;
	u64 block;
	int bir, rc;

	rc = find_regblock(pdev, &bir, &block);
	if (rc) {
		dev_err(dev, "cxl_switch_fwctl: no device registers in the Register Locator\n");
		return rc;
	}
	if (bir >= PCI_STD_NUM_BARS ||
	    !(pci_resource_flags(pdev, bir) & IORESOURCE_MEM)) {
		dev_err(dev, "cxl_switch_fwctl: register block in BAR %d, not a memory BAR\n",
			bir);
		return -ENXIO;
	}
	bar_len = pci_resource_len(pdev, bir);
	if (block >= bar_len) {
		dev_err(dev, "cxl_switch_fwctl: register block at %#llx is outside BAR %d\n",
			block, bir);
		return -ENXIO;
	}
	base = fwctl_pcim_iomap_region(pdev, bir, KBUILD_MODNAME);
	if (IS_ERR(base))
		return PTR_ERR(base);

	rc = cxl_swcci_find_mailbox(base + block, bar_len - block, &off, size);
	if (rc) {
		dev_err(dev, "cxl_switch_fwctl: no usable primary mailbox (%d)\n",
			rc);
		return rc;
	}
	*mbox = base + block + off;
	return 0;
}

static int swcci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	void __iomem *regs;
	struct cxl_swcci *sw;
	size_t size;
	int rc;

	rc = pcim_enable_device(pdev);
	if (rc)
		return rc;
	rc = map_mailbox(pdev, &regs, &size);
	if (rc)
		return rc;

	sw = fwctl_alloc_device(dev, &cxl_swcci_ops, struct cxl_swcci, fwctl);
	if (!sw)
		return -ENOMEM;
	cxl_swcci_init(sw, dev);
	rc = cxl_swcci_mbox_init(sw, regs, size);
	if (rc)
		goto err_free;

	/* A switch without a usable CEL stays visible but refuses commands. */
	rc = cxl_fwctl_cel_read(&sw->cel, &sw->mbox, dev);
	if (rc)
		dev_warn(dev, "cxl_switch_fwctl: no Command Effects Log (%d): every command will be refused\n",
			 rc);

	rc = cxl_swcci_sysfs_init(sw);
	if (rc)
		goto err_free;
	rc = fwctl_register(&sw->fwctl);
	if (rc)
		goto err_sysfs;
	pci_set_drvdata(pdev, sw);
	cxl_swcci_debugfs_add(sw);
	dev_info(dev, "cxl_switch_fwctl: %s: payload %zu bytes, %u CEL entries\n",
		 dev_name(&sw->fwctl.dev), sw->mbox.payload_size,
		 sw->cel.count);
	return 0;

err_sysfs:
	cxl_swcci_sysfs_free(sw);
err_free:
	cxl_swcci_release(sw);
	fwctl_put(&sw->fwctl);
	return rc;
}

static void swcci_remove(struct pci_dev *pdev)
{
	struct cxl_swcci *sw = pci_get_drvdata(pdev);

	cxl_swcci_debugfs_remove(sw);
	fwctl_unregister(&sw->fwctl);
	dev_info(&pdev->dev, "cxl_switch_fwctl: %s removed\n",
		 dev_name(&sw->fwctl.dev));
	cxl_swcci_sysfs_free(sw);
	cxl_swcci_release(sw);
	fwctl_put(&sw->fwctl);
}

static const struct pci_device_id swcci_ids[] = {
	{ PCI_DEVICE_CLASS(PCI_CLASS_CXL_SWITCH_CCI, 0xffffff) },
	{ }
};
MODULE_DEVICE_TABLE(pci, swcci_ids);

static struct pci_driver swcci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = swcci_ids,
	.probe = swcci_probe,
	.remove = swcci_remove,
};

static int __init cxl_swcci_mod_init(void)
{
	int rc;

	/*
	 * The relaxed policy is cxl_fwctl's to grant: a switch module built
	 * one way must not run next to a cxl_fwctl built the other way.
	 */
	if (cxl_fwctl_bmc_build() != CXL_FWCTL_BMC_BUILD) {
		pr_err("cxl_switch_fwctl: %s build, but cxl_fwctl is a %s build; not loading\n",
		       CXL_FWCTL_BMC_BUILD ? "BMC" : "default",
		       cxl_fwctl_bmc_build() ? "BMC" : "default");
		return -EINVAL;
	}
	if (CXL_FWCTL_BMC_BUILD)
		pr_warn("cxl_switch_fwctl: BMC build: kernel-coordinated and security commands are allowed at debug_write_full, and Kernel Lockdown does not restrict switch CCIs\n");
	cxl_swcci_debugfs_init();
	rc = pci_register_driver(&swcci_driver);
	if (rc)
		cxl_swcci_debugfs_exit();
	return rc;
}

static void __exit cxl_swcci_mod_exit(void)
{
	pci_unregister_driver(&swcci_driver);
	cxl_swcci_debugfs_exit();
}

module_init(cxl_swcci_mod_init);
module_exit(cxl_swcci_mod_exit);
MODULE_DESCRIPTION("fwctl interface to CXL switch mailbox CCIs"
		   CXL_FWCTL_VARIANT);
MODULE_VERSION(CXL_FWCTL_VERSION);
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(CXL_FWCTL);
MODULE_IMPORT_NS(FWCTL);
