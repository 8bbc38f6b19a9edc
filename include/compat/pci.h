/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat: PCI helpers the switch CCI driver uses.
 *
 * PCI_VENDOR_ID_CXL reached <linux/pci_ids.h> after 6.1 (6.1's CXL driver
 * spells it PCI_DVSEC_VENDOR_ID_CXL, privately). pcim_iomap_region()
 * arrived in 6.11; before it a managed mapping of one BAR is requested
 * and mapped through pcim_iomap_regions() and the device's iomap table.
 * A function is no preprocessor symbol: probe.mk looks for it.
 */
#ifndef __FWCTL_COMPAT_PCI_H
#define __FWCTL_COMPAT_PCI_H

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/pci.h>

#ifndef PCI_VENDOR_ID_CXL
#define PCI_VENDOR_ID_CXL	0x1e98
#endif

static inline void __iomem *fwctl_pcim_iomap_region(struct pci_dev *pdev,
						    int bar, const char *name)
{
#ifdef FWCTL_COMPAT_NO_PCIM_IOMAP_REGION
	int rc = pcim_iomap_regions(pdev, BIT(bar), name);

	if (rc)
		return IOMEM_ERR_PTR(rc);
	return pcim_iomap_table(pdev)[bar];
#else
	return pcim_iomap_region(pdev, bar, name);
#endif
}

#endif
