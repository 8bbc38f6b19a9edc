// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_fwctl: finding CXL memdevs and following their lifetime.
 *
 * cxl_mem owns the memdevs' driver binding, and the mailbox belongs to
 * cxl_pci (it works while cxl_mem is unbound), so this module watches the
 * CXL bus instead of binding: a notifier catches memdevs added and removed
 * from now on, and a walk of the bus catches those already present.
 *
 * cxl_pci adds a memdev from its probe and removes it from its unbind, both
 * under the PCI device's lock, and the removal notifier runs before the
 * memdev loses its mailbox. So:
 *   - attach queues work that reads the CEL and the Features and registers
 *     the fwctl device, to keep mailbox traffic out of cxl_pci's probe;
 *   - detach, in the removal notifier, waits for that work, wakes a
 *     background command's wait, unregisters the fwctl device (which waits
 *     for every RPC in flight) and frees what the work built, all before
 *     the notifier returns: after that nothing of this module touches the
 *     mailbox;
 *   - the walk at load takes the PCI device's lock, so a memdev is either
 *     not yet being removed (its removal will notify us) or gone.
 *
 * Lock order: PCI device lock, then cxl_fwctl_lock.
 */
#include <linux/device.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

/**
 * struct cxl_fwctl_memdev - a memdev this module attached to
 * @node: in cxl_fwctl_memdevs
 * @cxlmd: the memdev
 * @work: reads the device's logs and registers @cxlfw
 * @cxlfw: the registered fwctl device, or NULL; written by @work only, read
 *	after @work was flushed or cancelled
 */
struct cxl_fwctl_memdev {
	struct list_head node;
	struct cxl_memdev *cxlmd;
	struct work_struct work;
	struct cxl_fwctl *cxlfw;
};

/*
 * cxl_fwctl_lock protects cxl_fwctl_memdevs and cxl_fwctl_exiting, and is
 * held across a whole detach, so a removal notifier and module unload never
 * detach the same memdev at once. Never held by the attach work.
 */
static DEFINE_MUTEX(cxl_fwctl_lock);
static LIST_HEAD(cxl_fwctl_memdevs);
static bool cxl_fwctl_exiting;

static void cxl_fwctl_free(struct cxl_fwctl *cxlfw)
{
	kvfree(cxlfw->bounce);
	mutex_destroy(&cxlfw->bounce_lock);
	cxl_fwctl_sysfs_free(cxlfw);
	cxl_fwctl_cel_free(&cxlfw->cel);
	cxl_fwctl_features_free(&cxlfw->features);
	fwctl_put(&cxlfw->fwctl);
}

static void cxl_fwctl_attach_work(struct work_struct *work)
{
	struct cxl_fwctl_memdev *md =
		container_of(work, struct cxl_fwctl_memdev, work);
	struct cxl_memdev *cxlmd = md->cxlmd;
	struct device *dev = &cxlmd->dev;
	struct cxl_fwctl *cxlfw;
	int rc;

	cxlfw = fwctl_alloc_device(dev, &cxl_fwctl_ops, struct cxl_fwctl, fwctl);
	if (!cxlfw) {
		dev_err(dev, "cxl_fwctl: out of memory\n");
		return;
	}
	cxlfw->cxlmd = cxlmd;
	cxlfw->mbox = cxl_fwctl_memdev_mbox(cxlmd);
	cxlfw->payload_size = cxlfw->mbox->payload_size;
	cxl_fwctl_bg_init(&cxlfw->bg, &cxl_fwctl_bg_pci, dev);
	mutex_init(&cxlfw->bounce_lock);
	cxlfw->bounce = kvzalloc(cxlfw->payload_size, GFP_KERNEL);
	if (!cxlfw->bounce) {
		dev_err(dev, "cxl_fwctl: out of memory\n");
		cxl_fwctl_free(cxlfw);
		return;
	}

	/* A device without a usable CEL stays visible but refuses commands. */
	rc = cxl_fwctl_cel_read(&cxlfw->cel, cxlfw->mbox, dev);
	if (rc)
		dev_warn(dev, "cxl_fwctl: no Command Effects Log (%d): every command will be refused\n",
			 rc);
	if (cxl_fwctl_cel_find(&cxlfw->cel, CXL_FWCTL_OP_GET_SUPPORTED_FEATURES)) {
		rc = cxl_fwctl_features_read(&cxlfw->features, cxlfw->mbox, dev);
		if (rc)
			dev_warn(dev, "cxl_fwctl: no Features list (%d)\n", rc);
	}

	rc = cxl_fwctl_sysfs_init(cxlfw);
	if (!rc)
		rc = fwctl_register(&cxlfw->fwctl);
	if (rc) {
		dev_err(dev, "cxl_fwctl: cannot register the fwctl device (%d)\n",
			rc);
		cxl_fwctl_free(cxlfw);
		return;
	}
	cxl_fwctl_debugfs_add(cxlfw);
	md->cxlfw = cxlfw;
	dev_info(dev, "cxl_fwctl: %s: %u CEL entries, %u Features\n",
		 dev_name(&cxlfw->fwctl.dev), cxlfw->cel.count,
		 cxlfw->features.count);
}

/* Caller holds cxl_fwctl_lock. */
static struct cxl_fwctl_memdev *find_memdev(struct cxl_memdev *cxlmd)
{
	struct cxl_fwctl_memdev *md;

	list_for_each_entry(md, &cxl_fwctl_memdevs, node)
		if (md->cxlmd == cxlmd)
			return md;
	return NULL;
}

static void cxl_fwctl_attach(struct cxl_memdev *cxlmd)
{
	struct cxl_fwctl_memdev *md;

	guard(mutex)(&cxl_fwctl_lock);
	if (cxl_fwctl_exiting || find_memdev(cxlmd))
		return;
	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md)
		return;
	md->cxlmd = cxlmd;
	INIT_WORK(&md->work, cxl_fwctl_attach_work);
	list_add_tail(&md->node, &cxl_fwctl_memdevs);
	queue_work(system_long_wq, &md->work);
}

/* Caller holds cxl_fwctl_lock. */
static void detach_locked(struct cxl_fwctl_memdev *md)
{
	list_del(&md->node);
	cancel_work_sync(&md->work);
	if (md->cxlfw) {
		cxl_fwctl_debugfs_remove(md->cxlfw);
		/* A background wait would hold unregister up to its bound. */
		cxl_fwctl_bg_detach(md->cxlfw);
		fwctl_unregister(&md->cxlfw->fwctl);
		dev_info(&md->cxlmd->dev, "cxl_fwctl: %s removed\n",
			 dev_name(&md->cxlfw->fwctl.dev));
		cxl_fwctl_free(md->cxlfw);
	}
	kfree(md);
}

static void cxl_fwctl_detach(struct cxl_memdev *cxlmd)
{
	struct cxl_fwctl_memdev *md;

	scoped_guard(mutex, &cxl_fwctl_lock) {
		md = find_memdev(cxlmd);
		if (md)
			detach_locked(md);
	}
	cxl_fwctl_owner_forget(cxlmd);
}

static int cxl_fwctl_bus_event(struct notifier_block *nb,
			       unsigned long action, void *data)
{
	struct device *dev = data;

	if (!is_cxl_memdev(dev))
		return NOTIFY_DONE;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		cxl_fwctl_attach(to_cxl_memdev(dev));
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		cxl_fwctl_detach(to_cxl_memdev(dev));
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block cxl_fwctl_nb = {
	.notifier_call = cxl_fwctl_bus_event,
};

static int cxl_fwctl_attach_present(struct device *dev, void *unused)
{
	struct cxl_memdev *cxlmd;

	if (!is_cxl_memdev(dev))
		return 0;
	cxlmd = to_cxl_memdev(dev);
	/*
	 * Under the PCI device's lock the memdev's removal has either not
	 * started, and will notify us, or has finished and cleared cxlds.
	 */
	device_lock(dev->parent);
	if (cxlmd->cxlds)
		cxl_fwctl_attach(cxlmd);
	device_unlock(dev->parent);
	return 0;
}

static int __init cxl_fwctl_init(void)
{
	struct cxl_fwctl_memdev *md;
	int rc;

	rc = cxl_fwctl_owner_init();
	if (rc)
		return rc;
	if (CXL_FWCTL_BMC_BUILD)
		pr_warn("cxl_fwctl: BMC build: kernel-coordinated and security commands are allowed at debug_write_full, and Kernel Lockdown does not restrict CXL fwctl devices\n");
	cxl_fwctl_debugfs_init();
	rc = bus_register_notifier(&cxl_bus_type, &cxl_fwctl_nb);
	if (rc) {
		cxl_fwctl_debugfs_exit();
		cxl_fwctl_owner_exit();
		return rc;
	}
	bus_for_each_dev(&cxl_bus_type, NULL, NULL, cxl_fwctl_attach_present);

	/* Let insmod return with the present memdevs' devices registered. */
	guard(mutex)(&cxl_fwctl_lock);
	list_for_each_entry(md, &cxl_fwctl_memdevs, node)
		flush_work(&md->work);
	return 0;
}

static void __exit cxl_fwctl_exit(void)
{
	struct cxl_fwctl_memdev *md;

	/*
	 * Detach everything while still notified, so a memdev removed meanwhile
	 * waits in its notifier for its detach to finish; attach refuses new
	 * memdevs from now on.
	 */
	scoped_guard(mutex, &cxl_fwctl_lock) {
		cxl_fwctl_exiting = true;
		while ((md = list_first_entry_or_null(&cxl_fwctl_memdevs,
						      struct cxl_fwctl_memdev,
						      node)))
			detach_locked(md);
	}
	bus_unregister_notifier(&cxl_bus_type, &cxl_fwctl_nb);
	cxl_fwctl_debugfs_exit();
	cxl_fwctl_owner_exit();
}

module_init(cxl_fwctl_init);
module_exit(cxl_fwctl_exit);
MODULE_DESCRIPTION("fwctl interface to CXL memory device mailboxes"
		   CXL_FWCTL_VARIANT);
MODULE_VERSION(CXL_FWCTL_VERSION);
MODULE_LICENSE("GPL");
MODULE_ALIAS_CXL(CXL_DEVICE_MEMORY_EXPANDER);
MODULE_IMPORT_NS(CXL);
MODULE_IMPORT_NS(FWCTL);
