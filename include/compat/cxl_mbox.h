/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat: where a CXL memdev's mailbox lives and what the kernel knows
 * about its background operations.
 *
 * 6.12 has struct cxl_mailbox (<cxl/mailbox.h>) inside the device state.
 * 6.1 has no such struct: the same fields (payload_size, mbox_mutex,
 * mbox_send) are members of struct cxl_dev_state, and mbox_send() takes
 * the device state. So on 6.1 "struct cxl_mailbox" names the device state
 * and the backend's code reads the same on both kernels. A transport of
 * our own (the switch CCI) embeds one either way.
 *
 * Both kernels' transports return the device's return code unmapped, so
 * the backend calls mbox_send() itself and does the size checks; it never
 * uses the exported helpers (6.1's cxl_mbox_send_cmd() dereferences NULL
 * for an opcode outside its command table). No struct cxl_mbox_cmd field
 * beyond 6.1's (no min_out, no poll_count) may be set.
 *
 * Background operations: 6.12's cxl_pci tracks its own Sanitize and then
 * refuses every command; 6.1 has no Sanitize of its own and does not wait
 * for background operations at all. The backend drives background commands
 * on the registers itself (../drivers/cxl/fwctl/mbox.c), so it only needs
 * to know whether the kernel's Sanitize runs, and the register fields
 * 6.1's cxl.h lacks.
 *
 * Poison: 6.12 reads a memdev's poison list itself, in as many Get Poison
 * List calls as the device's "more records" flag asks for, under a mutex
 * of its memdev state; 6.1 has neither.
 */
#ifndef __FWCTL_COMPAT_CXL_MBOX_H
#define __FWCTL_COMPAT_CXL_MBOX_H

#include <linux/bits.h>
#include <cxlmem.h>

/*
 * The feature test: cxlmem.h includes <cxl/mailbox.h> where it exists (its
 * guard is then defined). __has_include() would be clearer, but Debian 12's
 * sparse (0.6.4) does not know it.
 */
#ifdef __CXL_MBOX_H__

static inline struct cxl_mailbox *
cxl_fwctl_memdev_mbox(struct cxl_memdev *cxlmd)
{
	return &cxlmd->cxlds->cxl_mbox;
}

static inline bool cxl_fwctl_kernel_sanitizing(struct cxl_dev_state *cxlds)
{
	struct cxl_memdev_state *mds = to_cxl_memdev_state(cxlds);

	return mds && (mds->security.poll_tmo_secs > 0 ||
		       mds->security.sanitize_active);
}

/* The lock 6.12 holds across its own multi-call poison list read. */
static inline struct mutex *cxl_fwctl_kernel_poison_lock(struct cxl_dev_state *cxlds)
{
	struct cxl_memdev_state *mds = to_cxl_memdev_state(cxlds);

	return mds ? &mds->poison.lock : NULL;
}
#else
#define cxl_mailbox cxl_dev_state

static inline struct cxl_mailbox *
cxl_fwctl_memdev_mbox(struct cxl_memdev *cxlmd)
{
	return cxlmd->cxlds;
}

static inline bool cxl_fwctl_kernel_sanitizing(struct cxl_dev_state *cxlds)
{
	return false;
}

/* 6.1 never reads a poison list itself: nothing to serialise with. */
static inline struct mutex *cxl_fwctl_kernel_poison_lock(struct cxl_dev_state *cxlds)
{
	return NULL;
}
#endif

/* Mailbox Status and Background Command Status fields (CXL r3.1 8.2.8.4) */
#ifndef CXLDEV_MBOX_STATUS_BG_CMD
#define   CXLDEV_MBOX_STATUS_BG_CMD BIT(0)
#endif
#ifndef CXLDEV_MBOX_BG_CMD_COMMAND_OPCODE_MASK
#define   CXLDEV_MBOX_BG_CMD_COMMAND_OPCODE_MASK GENMASK_ULL(15, 0)
#define   CXLDEV_MBOX_BG_CMD_COMMAND_PCT_MASK GENMASK_ULL(22, 16)
#define   CXLDEV_MBOX_BG_CMD_COMMAND_RC_MASK GENMASK_ULL(47, 32)
#define   CXLDEV_MBOX_BG_CMD_COMMAND_VENDOR_MASK GENMASK_ULL(63, 48)
#endif

#endif
