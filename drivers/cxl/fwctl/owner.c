// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel ownership of CXL Features.
 *
 * A Feature an in-kernel driver manages must not change under it, so such
 * a driver claims the Feature of a memdev by UUID; while the claim holds,
 * fwctl users may read the Feature but Set Feature fails with EBUSY. An
 * administrator can also mark Features kernel-owned on every memdev when
 * the module loads (parameter kernel_owned).
 *
 * A user's Set Feature holds the claims lock for read from its ownership
 * check until the device answered, and a claim takes it for write, so when
 * cxl_fwctl_claim_feature() returns no user write of the Feature is in
 * flight.
 */
#include <linux/list.h>
#include <linux/module.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <cxl/fwctl.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"

/**
 * struct cxl_fwctl_claim - one kernel-owned Feature
 * @node: in cxl_fwctl_claims
 * @cxlmd: the memdev, or NULL for every memdev (module parameter)
 * @uuid: the Feature
 * @owner: who claimed it, shown to users
 */
struct cxl_fwctl_claim {
	struct list_head node;
	struct cxl_memdev *cxlmd;
	uuid_t uuid;
	char *owner;
};

/* Every claim; the list and its entries are protected by cxl_fwctl_claims_rwsem. */
static LIST_HEAD(cxl_fwctl_claims);
static DECLARE_RWSEM(cxl_fwctl_claims_rwsem);

static char *kernel_owned;
module_param(kernel_owned, charp, 0444);
MODULE_PARM_DESC(kernel_owned,
		 "Features users may not set, on every memdev: a comma-separated list of UUIDs, or \"ras\" for the RAS Features EDAC manages");

/* The RAS control Features (CXL r3.1 8.2.9.9.11, r3.2 8.2.10.7). */
static const uuid_t cxl_fwctl_ras_features[] = {
	/* patrol scrub control */
	UUID_INIT(0x96dad7d6, 0xfde8, 0x482b, 0xa7, 0x33, 0x75, 0x77, 0x4e,
		  0x06, 0xdb, 0x8a),
	/* DDR5 error check scrub */
	UUID_INIT(0xe5b13f22, 0x2328, 0x4a14, 0xb8, 0xba, 0xb9, 0x69, 0x1e,
		  0x89, 0x33, 0x86),
	/* soft post package repair */
	UUID_INIT(0x892ba475, 0xfad8, 0x474e, 0x9d, 0x3e, 0x69, 0x2c, 0x91,
		  0x75, 0x68, 0xbb),
	/* hard post package repair */
	UUID_INIT(0x80ea4521, 0x786f, 0x4127, 0xaf, 0xb1, 0xec, 0x74, 0x59,
		  0xfb, 0x0e, 0x24),
	/* cacheline sparing */
	UUID_INIT(0x96c33386, 0x91dd, 0x44c7, 0x9e, 0xcb, 0xfd, 0xaf, 0x65,
		  0x03, 0xba, 0xc4),
	/* row sparing */
	UUID_INIT(0x450ebf67, 0xb135, 0x4f97, 0xa4, 0x98, 0xc2, 0xd5, 0x7f,
		  0x27, 0x9b, 0xed),
	/* bank sparing */
	UUID_INIT(0x78b79636, 0x90ac, 0x4b64, 0xa4, 0xef, 0xfa, 0xac, 0x5d,
		  0x18, 0xa8, 0x63),
	/* rank sparing */
	UUID_INIT(0x34dbaff5, 0x0552, 0x4281, 0x8f, 0x76, 0xda, 0x0b, 0x5e,
		  0x7a, 0x76, 0xa7),
};

/* Caller holds cxl_fwctl_claims_rwsem. */
static struct cxl_fwctl_claim *find_claim(struct cxl_memdev *cxlmd,
					  const uuid_t *uuid)
{
	struct cxl_fwctl_claim *c;

	list_for_each_entry(c, &cxl_fwctl_claims, node)
		if ((!c->cxlmd || c->cxlmd == cxlmd) && uuid_equal(&c->uuid, uuid))
			return c;
	return NULL;
}

/* Caller holds cxl_fwctl_claims_rwsem for write. */
static int add_claim(struct cxl_memdev *cxlmd, const uuid_t *uuid,
		     const char *owner)
{
	struct cxl_fwctl_claim *c;

	if (find_claim(cxlmd, uuid))
		return -EBUSY;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->owner = kstrdup(owner, GFP_KERNEL);
	if (!c->owner) {
		kfree(c);
		return -ENOMEM;
	}
	c->cxlmd = cxlmd;
	uuid_copy(&c->uuid, uuid);
	list_add_tail(&c->node, &cxl_fwctl_claims);
	return 0;
}

static void free_claim(struct cxl_fwctl_claim *c)
{
	list_del(&c->node);
	kfree(c->owner);
	kfree(c);
}

/**
 * cxl_fwctl_claim_feature - make a memdev's Feature kernel-owned
 * @cxlmd: the memdev
 * @uuid: the Feature
 * @owner: a short name for the owner, shown to users (copied)
 *
 * Waits for any user Set Feature in flight; after it returns, users can no
 * longer set the Feature until cxl_fwctl_release_feature(). The claim does
 * not depend on cxl_fwctl having attached to @cxlmd yet; it ends when the
 * owner releases it or the memdev goes away.
 *
 * Context: process context; may sleep.
 * Return: 0; -EBUSY when the Feature is already claimed; -EINVAL for a bad
 * argument; -ENOMEM.
 */
int cxl_fwctl_claim_feature(struct cxl_memdev *cxlmd, const uuid_t *uuid,
			    const char *owner)
{
	if (!cxlmd || !uuid || !owner)
		return -EINVAL;
	guard(rwsem_write)(&cxl_fwctl_claims_rwsem);
	return add_claim(cxlmd, uuid, owner);
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_claim_feature, CXL_FWCTL);

/**
 * cxl_fwctl_release_feature - end a claim made by cxl_fwctl_claim_feature()
 * @cxlmd: the memdev
 * @uuid: the Feature
 *
 * Releasing a Feature that is not claimed on @cxlmd (for example because the
 * memdev went away meanwhile) does nothing.
 *
 * Context: process context; may sleep.
 */
void cxl_fwctl_release_feature(struct cxl_memdev *cxlmd, const uuid_t *uuid)
{
	struct cxl_fwctl_claim *c, *next;

	guard(rwsem_write)(&cxl_fwctl_claims_rwsem);
	list_for_each_entry_safe(c, next, &cxl_fwctl_claims, node)
		if (c->cxlmd && c->cxlmd == cxlmd && uuid_equal(&c->uuid, uuid))
			free_claim(c);
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_release_feature, CXL_FWCTL);

/**
 * cxl_fwctl_owner_read_lock - keep claims from changing
 *
 * Held across an ownership check and the Set Feature that depends on it.
 */
void cxl_fwctl_owner_read_lock(void)
{
	down_read(&cxl_fwctl_claims_rwsem);
}

/**
 * cxl_fwctl_owner_read_unlock - release cxl_fwctl_owner_read_lock()
 */
void cxl_fwctl_owner_read_unlock(void)
{
	up_read(&cxl_fwctl_claims_rwsem);
}

/**
 * cxl_fwctl_feature_owner - who owns a memdev's Feature
 * @cxlmd: the memdev
 * @uuid: the Feature
 *
 * Context: the caller holds cxl_fwctl_owner_read_lock().
 * Return: the owner's name, valid while the lock is held; NULL if no
 * in-kernel user owns the Feature.
 */
const char *cxl_fwctl_feature_owner(struct cxl_memdev *cxlmd,
				    const uuid_t *uuid)
{
	struct cxl_fwctl_claim *c = find_claim(cxlmd, uuid);

	return c ? c->owner : NULL;
}

/**
 * cxl_fwctl_owner_forget - drop the claims on a memdev that is going away
 * @cxlmd: the memdev
 */
void cxl_fwctl_owner_forget(struct cxl_memdev *cxlmd)
{
	struct cxl_fwctl_claim *c, *next;

	guard(rwsem_write)(&cxl_fwctl_claims_rwsem);
	list_for_each_entry_safe(c, next, &cxl_fwctl_claims, node)
		if (c->cxlmd == cxlmd)
			free_claim(c);
}

/* Caller holds cxl_fwctl_claims_rwsem for write. A repeated UUID is one claim. */
static int add_param_claim(const uuid_t *uuid)
{
	int rc = add_claim(NULL, uuid, "kernel_owned");

	return rc == -EBUSY ? 0 : rc;
}

/*
 * Every entry is parsed, whatever its neighbours: a UUID or "ras", with
 * repeats merged. An empty or unknown entry fails the module load, naming
 * the entry, so a typo never leaves a Feature quietly user-settable.
 */
static int parse_kernel_owned(void)
{
	char *list, *p, *tok;
	unsigned int i;
	uuid_t uuid;
	int rc = 0;

	if (!kernel_owned || !*kernel_owned)
		return 0;
	list = kstrdup(kernel_owned, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	p = list;
	guard(rwsem_write)(&cxl_fwctl_claims_rwsem);
	while (!rc && (tok = strsep(&p, ","))) {
		tok = strim(tok);
		if (!strcmp(tok, "ras")) {
			for (i = 0; i < ARRAY_SIZE(cxl_fwctl_ras_features) && !rc; i++)
				rc = add_param_claim(&cxl_fwctl_ras_features[i]);
		} else if (*tok && !uuid_parse(tok, &uuid)) {
			rc = add_param_claim(&uuid);
		} else {
			pr_err("cxl_fwctl: kernel_owned=%s: entry \"%s\" is neither a UUID nor \"ras\"\n",
			       kernel_owned, tok);
			rc = -EINVAL;
		}
	}
	kfree(list);
	return rc;
}

/**
 * cxl_fwctl_owner_init - set up the claims the module parameter asks for
 *
 * Return: 0, or a negative errno for a bad parameter.
 */
int cxl_fwctl_owner_init(void)
{
	int rc = parse_kernel_owned();

	if (rc)
		cxl_fwctl_owner_exit();
	return rc;
}

/**
 * cxl_fwctl_owner_exit - drop every claim
 */
void cxl_fwctl_owner_exit(void)
{
	struct cxl_fwctl_claim *c, *next;

	guard(rwsem_write)(&cxl_fwctl_claims_rwsem);
	list_for_each_entry_safe(c, next, &cxl_fwctl_claims, node)
		free_claim(c);
}
