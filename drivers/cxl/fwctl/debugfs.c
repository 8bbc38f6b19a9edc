// SPDX-License-Identifier: GPL-2.0
/*
 * What cxl_fwctl decided about a memdev, for people and tools:
 *
 *   /sys/kernel/debug/cxl_fwctl/memX/cel       every CEL entry with the
 *                                              kernel's verdict
 *   /sys/kernel/debug/cxl_fwctl/memX/features  every Feature, the scope a
 *                                              Set Feature needs, its owner
 *
 * The verdicts come from the same policy function the RPC path calls, so a
 * tool shows what the kernel will do instead of guessing from its own copy
 * of the rules. The files are snapshots; ownership can change at any time.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

static struct dentry *cxl_fwctl_debugfs;

/* The verdict at the highest scope: what no scope can get past. */
static void show_verdict(struct seq_file *s,
			 const struct cxl_fwctl_cel_entry *e)
{
	struct cxl_fwctl_verdict v = cxl_fwctl_cel_verdict(e);

	seq_printf(s, "%-16s %-22s %s\n",
		   v.err ? "-" : cxl_fwctl_scope_name(v.needed),
		   cxl_fwctl_reason_name(v.reason), v.detail);
}

static int cel_show(struct seq_file *s, void *unused)
{
	struct cxl_fwctl *cxlfw = s->private;
	unsigned int i;

	seq_puts(s, "opcode effects needs            verdict                detail\n");
	for (i = 0; i < cxlfw->cel.count; i++) {
		const struct cxl_fwctl_cel_entry *e = &cxlfw->cel.entries[i];

		seq_printf(s, "0x%04x 0x%04x  ", e->opcode, e->effects);
		if (e->opcode == CXL_FWCTL_OP_SET_FEATURE) {
			seq_printf(s, "%-16s %-22s %s\n", "per-feature",
				   "per-feature", "see the features file");
			continue;
		}
		show_verdict(s, e);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cel);

static int features_show(struct seq_file *s, void *unused)
{
	struct cxl_fwctl *cxlfw = s->private;
	unsigned int i;

	seq_puts(s, "uuid                                 id changeable effects needs            owner\n");
	guard(cxl_fwctl_owner)();
	for (i = 0; i < cxlfw->features.count; i++) {
		const struct cxl_feat_entry *e = &cxlfw->features.entries[i];
		bool changeable = le32_to_cpu(e->flags) & CXL_FEATURE_F_CHANGEABLE;
		const char *owner;
		struct cxl_fwctl_verdict v = cxl_fwctl_feat_verdict(cxlfw, e, &owner);

		seq_printf(s, "%pUb %4u %-10s 0x%04x  %-16s %s\n", &e->uuid,
			   le16_to_cpu(e->id), changeable ? "yes" : "no",
			   le16_to_cpu(e->effects),
			   v.err ? cxl_fwctl_reason_name(v.reason) :
				   cxl_fwctl_scope_name(v.needed),
			   owner ?: "-");
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(features);

/**
 * cxl_fwctl_debugfs_add - publish a memdev's CEL and Features verdicts
 * @cxlfw: the device; its CEL and Features must be read already
 */
void cxl_fwctl_debugfs_add(struct cxl_fwctl *cxlfw)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(&cxlfw->cxlmd->dev), cxl_fwctl_debugfs);
	debugfs_create_file("cel", 0400, dir, cxlfw, &cel_fops);
	debugfs_create_file("features", 0400, dir, cxlfw, &features_fops);
}

/**
 * cxl_fwctl_debugfs_remove - remove what cxl_fwctl_debugfs_add() created
 * @cxlfw: the device
 *
 * Waits for readers, so the CEL and Features may be freed afterwards.
 */
void cxl_fwctl_debugfs_remove(struct cxl_fwctl *cxlfw)
{
	debugfs_lookup_and_remove(dev_name(&cxlfw->cxlmd->dev),
				  cxl_fwctl_debugfs);
}

/**
 * cxl_fwctl_debugfs_init - create /sys/kernel/debug/cxl_fwctl
 */
void cxl_fwctl_debugfs_init(void)
{
	cxl_fwctl_debugfs = debugfs_create_dir("cxl_fwctl", NULL);
}

/**
 * cxl_fwctl_debugfs_exit - remove /sys/kernel/debug/cxl_fwctl
 */
void cxl_fwctl_debugfs_exit(void)
{
	debugfs_remove(cxl_fwctl_debugfs);
	cxl_fwctl_debugfs = NULL;
}
