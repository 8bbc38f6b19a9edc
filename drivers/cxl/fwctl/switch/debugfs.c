// SPDX-License-Identifier: GPL-2.0
/*
 * What cxl_switch_fwctl decided about a switch CCI, for people and tools:
 *
 *   /sys/kernel/debug/cxl_switch_fwctl/<pci>/cel           the switch's CEL
 *   /sys/kernel/debug/cxl_switch_fwctl/<pci>/destinations  every cached
 *                                                          destination's CEL
 *
 * Both list each CEL entry with the verdict of the function the RPC path
 * uses. A destination appears once a tunnelled request needed its CEL and
 * goes when the cache drops it; "fills" counts the CELs read through a
 * tunnel so far. The files are snapshots.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "swcci.h"

static struct dentry *cxl_swcci_debugfs;

static const char *const scope_names[] = {
	[FWCTL_RPC_CONFIGURATION] = "configuration",
	[FWCTL_RPC_DEBUG_READ_ONLY] = "debug_read_only",
	[FWCTL_RPC_DEBUG_WRITE] = "debug_write",
	[FWCTL_RPC_DEBUG_WRITE_FULL] = "debug_write_full",
};

static void show_cel(struct seq_file *s, const struct cxl_fwctl_cel *cel)
{
	unsigned int i;

	seq_puts(s, "opcode effects needs            verdict                detail\n");
	for (i = 0; i < cel->count; i++) {
		const struct cxl_fwctl_cel_entry *e = &cel->entries[i];
		struct cxl_fwctl_verdict v;

		v = cxl_swcci_judge(e->opcode, cel, FWCTL_RPC_DEBUG_WRITE_FULL);
		seq_printf(s, "0x%04x 0x%04x  %-16s %-22s %s\n", e->opcode,
			   e->effects,
			   v.err ? "-" : scope_names[v.needed],
			   cxl_fwctl_reason_name(v.reason), v.detail);
	}
}

static int cel_show(struct seq_file *s, void *unused)
{
	struct cxl_swcci *sw = s->private;

	show_cel(s, &sw->cel);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cel);

static int destinations_show(struct seq_file *s, void *unused)
{
	struct cxl_swcci *sw = s->private;
	struct cxl_swcci_dest *d;

	guard(mutex)(&sw->cache_lock);
	seq_printf(s, "fills %lu\n", sw->fills);
	list_for_each_entry(d, &sw->dests, node) {
		unsigned int k;

		seq_puts(s, "destination");
		for (k = 0; k < d->path.depth; k++)
			seq_printf(s, " %u", d->path.hop[k].id);
		seq_printf(s, " payload %zu entries %u\n", d->payload,
			   d->cel.count);
		show_cel(s, &d->cel);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(destinations);

/**
 * cxl_swcci_debugfs_add - publish a switch CCI's verdicts
 * @sw: registered, its CEL read
 */
void cxl_swcci_debugfs_add(struct cxl_swcci *sw)
{
	if (IS_ERR_OR_NULL(cxl_swcci_debugfs))
		return;
	sw->debugfs = debugfs_create_dir(dev_name(sw->dev), cxl_swcci_debugfs);
	debugfs_create_file("cel", 0400, sw->debugfs, sw, &cel_fops);
	debugfs_create_file("destinations", 0400, sw->debugfs, sw,
			    &destinations_fops);
}

/**
 * cxl_swcci_debugfs_remove - remove a switch CCI's files
 * @sw: the device; waits for readers of its files
 */
void cxl_swcci_debugfs_remove(struct cxl_swcci *sw)
{
	debugfs_remove_recursive(sw->debugfs);
	sw->debugfs = NULL;
}

/** cxl_swcci_debugfs_init - create the module's debugfs directory */
void cxl_swcci_debugfs_init(void)
{
	cxl_swcci_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

/** cxl_swcci_debugfs_exit - remove the module's debugfs directory */
void cxl_swcci_debugfs_exit(void)
{
	debugfs_remove_recursive(cxl_swcci_debugfs);
}
