// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's verdicts as a stable interface: sysfs attributes of the
 * fwctl device (Documentation/ABI/testing/sysfs-class-fwctl-cxl).
 *
 *   /sys/class/fwctl/fwctlN/cxl_cel/0xOOOO      one file per CEL opcode
 *   /sys/class/fwctl/fwctlN/cxl_features/UUID   one file per Feature
 *
 * Each file holds one verdict of cxl_fwctl_policy(), the function the RPC
 * path calls, asked at the highest scope: the lowest scope that allows the
 * command (or "-" when none does), the reason's stable name, and a last
 * field for people. Tools read them without debugfs, so they work where
 * debugfs is not mounted or Kernel Lockdown closes it.
 *
 * The files are built from the CEL and Features read at attach, which are
 * read-only while the device is registered; a Feature's owner is looked up
 * at every read. The group goes with the fwctl device: device_del() waits
 * for readers before the caller frees anything here.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

static const char *const scope_names[] = {
	[FWCTL_RPC_CONFIGURATION] = "configuration",
	[FWCTL_RPC_DEBUG_READ_ONLY] = "debug_read_only",
	[FWCTL_RPC_DEBUG_WRITE] = "debug_write",
	[FWCTL_RPC_DEBUG_WRITE_FULL] = "debug_write_full",
};

/**
 * cxl_fwctl_scope_name - the name fwctl gives a scope
 * @scope: an enum fwctl_rpc_scope value
 *
 * Return: "configuration" ... "debug_write_full", or "?" for other values.
 */
const char *cxl_fwctl_scope_name(enum fwctl_rpc_scope scope)
{
	if (scope >= ARRAY_SIZE(scope_names))
		return "?";
	return scope_names[scope];
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_scope_name, CXL_FWCTL);

/**
 * cxl_fwctl_cel_verdict - what the policy decides for a CEL entry
 * @e: the entry; not Set Feature, whose verdict is per Feature
 *
 * Asked at the highest scope, so a refusal is one no scope gets past and
 * an allowed verdict names the lowest scope that suffices.
 *
 * Return: the verdict.
 */
struct cxl_fwctl_verdict
cxl_fwctl_cel_verdict(const struct cxl_fwctl_cel_entry *e)
{
	struct cxl_fwctl_request_facts facts = {
		.opcode = e->opcode,
		.in_cel = true,
		.effects = e->effects,
		.scope = FWCTL_RPC_DEBUG_WRITE_FULL,
		.bmc = CXL_FWCTL_BMC_BUILD,
	};

	return cxl_fwctl_policy(&facts);
}

/**
 * cxl_fwctl_feat_verdict - what the policy decides for a Set Feature
 * @cxlfw: the device
 * @e: one of its Features
 * @owner: set to the in-kernel owner's name, or NULL
 *
 * Context: the caller holds the owner lock (guard(cxl_fwctl_owner)), which
 * keeps *@owner valid.
 * Return: the verdict at the highest scope.
 */
struct cxl_fwctl_verdict
cxl_fwctl_feat_verdict(struct cxl_fwctl *cxlfw,
		       const struct cxl_feat_entry *e, const char **owner)
{
	struct cxl_fwctl_request_facts facts = {
		.opcode = CXL_FWCTL_OP_SET_FEATURE,
		.in_cel = true,
		.scope = FWCTL_RPC_DEBUG_WRITE_FULL,
		.feature = {
			.known = true,
			.changeable = le32_to_cpu(e->flags) &
				      CXL_FEATURE_F_CHANGEABLE,
			.set_effects = le16_to_cpu(e->effects),
		},
		.bmc = CXL_FWCTL_BMC_BUILD,
	};

	*owner = cxl_fwctl_feature_owner(cxlfw->cxlmd, &e->uuid);
	facts.feature.kernel_owned = !!*owner;
	return cxl_fwctl_policy(&facts);
}

/**
 * cxl_fwctl_sysfs_emit - write one verdict file's line
 * @buf: the sysfs buffer
 * @v: the verdict at the highest scope
 * @last: the line's last field: the policy's detail for a CEL entry, the
 *	owner for a Feature
 *
 * Return: bytes written.
 */
ssize_t cxl_fwctl_sysfs_emit(char *buf, const struct cxl_fwctl_verdict *v,
			     const char *last)
{
	return sysfs_emit(buf, "%s %s %s\n",
			  v->err ? "-" : cxl_fwctl_scope_name(v->needed),
			  cxl_fwctl_reason_name(v->reason), last);
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_sysfs_emit, CXL_FWCTL);

static struct cxl_fwctl_vattr *to_vattr(struct device_attribute *attr)
{
	return container_of(attr, struct cxl_fwctl_vattr, attr);
}

static struct cxl_fwctl *to_cxl_fwctl(struct device *dev)
{
	return container_of(dev, struct cxl_fwctl, fwctl.dev);
}

static ssize_t cel_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct cxl_fwctl *cxlfw = to_cxl_fwctl(dev);
	const struct cxl_fwctl_cel_entry *e =
		&cxlfw->cel.entries[to_vattr(attr)->index];
	struct cxl_fwctl_verdict v;

	if (e->opcode == CXL_FWCTL_OP_SET_FEATURE)
		return sysfs_emit(buf, "per-feature per-feature see cxl_features\n");
	v = cxl_fwctl_cel_verdict(e);
	return cxl_fwctl_sysfs_emit(buf, &v, v.detail);
}

static ssize_t feature_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct cxl_fwctl *cxlfw = to_cxl_fwctl(dev);
	const struct cxl_feat_entry *e =
		&cxlfw->features.entries[to_vattr(attr)->index];
	struct cxl_fwctl_verdict v;
	const char *owner;

	guard(cxl_fwctl_owner)();
	v = cxl_fwctl_feat_verdict(cxlfw, e, &owner);
	return cxl_fwctl_sysfs_emit(buf, &v, owner ?: "-");
}

/*
 * Give @g @n read-only files named by @name(@ctx, i, ...) and shown by
 * @show, in a directory called @dir. Free with cxl_fwctl_vgroup_free().
 */
static int vgroup_init(struct cxl_fwctl_vgroup *g, const char *dir,
		       unsigned int n,
		       void (*name)(const void *ctx, unsigned int i, char *out,
				    size_t len),
		       const void *ctx,
		       ssize_t (*show)(struct device *dev,
				       struct device_attribute *attr,
				       char *buf))
{
	unsigned int i;

	/* One more pointer: the NULL that ends the list. */
	g->attrs = kcalloc(n + 1, sizeof(*g->attrs), GFP_KERNEL);
	g->files = kcalloc(n, sizeof(*g->files), GFP_KERNEL);
	if (!g->attrs || (n && !g->files)) {
		cxl_fwctl_vgroup_free(g);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct cxl_fwctl_vattr *f = &g->files[i];

		name(ctx, i, f->name, sizeof(f->name));
		f->index = i;
		sysfs_attr_init(&f->attr.attr);
		f->attr.attr.name = f->name;
		f->attr.attr.mode = 0444;
		f->attr.show = show;
		g->attrs[i] = &f->attr.attr;
	}
	g->group.name = dir;
	g->group.attrs = g->attrs;
	return 0;
}

static void cel_name(const void *ctx, unsigned int i, char *out, size_t len)
{
	const struct cxl_fwctl_cel *cel = ctx;

	snprintf(out, len, "0x%04x", cel->entries[i].opcode);
}

static void feature_name(const void *ctx, unsigned int i, char *out,
			 size_t len)
{
	const struct cxl_fwctl_features *feats = ctx;

	snprintf(out, len, "%pUb", &feats->entries[i].uuid);
}

/**
 * cxl_fwctl_vgroup_cel - the cxl_cel directory of a CEL
 * @g: filled in; free with cxl_fwctl_vgroup_free()
 * @cel: one file per entry, named by its opcode; must outlive @g
 * @show: prints the verdict of the entry at the file's index
 *
 * Return: 0 or -ENOMEM.
 */
int cxl_fwctl_vgroup_cel(struct cxl_fwctl_vgroup *g,
			 const struct cxl_fwctl_cel *cel,
			 ssize_t (*show)(struct device *dev,
					 struct device_attribute *attr,
					 char *buf))
{
	return vgroup_init(g, "cxl_cel", cel->count, cel_name, cel, show);
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_vgroup_cel, CXL_FWCTL);

/**
 * cxl_fwctl_vgroup_index - the index of the entry a verdict file shows
 * @attr: the file, as sysfs hands it to the show function
 *
 * Return: the index into the CEL (or Features) the group was built from.
 */
unsigned int cxl_fwctl_vgroup_index(struct device_attribute *attr)
{
	return to_vattr(attr)->index;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_vgroup_index, CXL_FWCTL);

/**
 * cxl_fwctl_vgroup_free - free what a cxl_fwctl_vgroup_*() call built
 * @g: its files must be gone from sysfs (or never added)
 */
void cxl_fwctl_vgroup_free(struct cxl_fwctl_vgroup *g)
{
	kfree(g->attrs);
	kfree(g->files);
	memset(g, 0, sizeof(*g));
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_vgroup_free, CXL_FWCTL);

/**
 * cxl_fwctl_sysfs_init - build a memdev's verdict files
 * @cxlfw: its CEL and Features read, not yet registered
 *
 * Sets the fwctl device's groups, so the files appear with the device
 * (before its uevent) and go with it.
 *
 * Return: 0 or -ENOMEM.
 */
int cxl_fwctl_sysfs_init(struct cxl_fwctl *cxlfw)
{
	struct cxl_fwctl_sysfs *s = &cxlfw->sysfs;
	int rc;

	rc = cxl_fwctl_vgroup_cel(&s->cel, &cxlfw->cel, cel_show);
	if (rc)
		return rc;
	rc = vgroup_init(&s->features, "cxl_features", cxlfw->features.count,
			 feature_name, &cxlfw->features, feature_show);
	if (rc) {
		cxl_fwctl_vgroup_free(&s->cel);
		return rc;
	}
	s->groups[0] = &s->cel.group;
	s->groups[1] = &s->features.group;
	s->groups[2] = NULL;
	cxlfw->fwctl.dev.groups = s->groups;
	return 0;
}

/**
 * cxl_fwctl_sysfs_free - free what cxl_fwctl_sysfs_init() built
 * @cxlfw: unregistered (or never registered)
 */
void cxl_fwctl_sysfs_free(struct cxl_fwctl *cxlfw)
{
	cxlfw->fwctl.dev.groups = NULL;
	cxl_fwctl_vgroup_free(&cxlfw->sysfs.cel);
	cxl_fwctl_vgroup_free(&cxlfw->sysfs.features);
}
