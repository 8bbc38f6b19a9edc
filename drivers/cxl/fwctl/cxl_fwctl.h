/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_fwctl internals: the per-memdev state shared by the files of the CXL
 * fwctl backend.
 *
 *   attach.c    memdev discovery and lifetime (bus notifier)
 *   mbox.c      sending one mailbox command, trusting nothing in the reply
 *   cel.c       reading the Command Effects Log and looking opcodes up
 *   features.c  the Supported Features cache and Get/Set Feature
 *   owner.c     in-kernel ownership claims on Features
 *   debugfs.c   the kernel's verdicts on a memdev's CEL and Features
 *   rpc.c       the fwctl ops: request validation, policy, response
 *   policy.c    the pure decision: (opcode, effects, scope, ...) -> verdict
 */
#ifndef __CXL_FWCTL_H
#define __CXL_FWCTL_H

#include <linux/cleanup.h>
#include <linux/fwctl.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct cxl_mailbox;
struct cxl_memdev;
struct device;

/* Mailbox opcodes the backend itself sends (CXL r3.1, 8.2.9). */
#define CXL_FWCTL_OP_GET_SUPPORTED_LOGS	0x0400
#define CXL_FWCTL_OP_GET_LOG		0x0401

/*
 * Mailbox return codes the backend produces itself when it answers from its
 * cache (CXL r3.1, table 8-34).
 */
#define CXL_FWCTL_RC_SUCCESS		0x0000
#define CXL_FWCTL_RC_INVALID_INPUT	0x0002

/**
 * struct cxl_fwctl_cel_entry - one opcode of the Command Effects Log
 * @opcode: the mailbox opcode
 * @effects: its effects bits (CXL_FWCTL_EFFECT_*)
 */
struct cxl_fwctl_cel_entry {
	u16 opcode;
	u16 effects;
};

/**
 * struct cxl_fwctl_cel - the CEL as read at attach, sorted by opcode
 * @entries: sorted, one per opcode (duplicates merged by OR-ing effects)
 * @count: number of @entries
 */
struct cxl_fwctl_cel {
	struct cxl_fwctl_cel_entry *entries;
	unsigned int count;
};

/* Get Supported Features entry: 48 bytes, CXL r3.1 table 8-97. */
#define CXL_FWCTL_FEAT_ENTRY_SIZE	48
#define CXL_FWCTL_FEAT_HDR_SIZE		8
#define CXL_FWCTL_FEAT_CHANGEABLE	BIT(0)
/* Set Feature input header: uuid, flags, offset, version, reserved. */
#define CXL_FWCTL_SET_FEAT_HDR_SIZE	32

/**
 * struct cxl_fwctl_feat_entry - a Supported Features entry as the device
 *	reports it (little-endian, packed)
 * @uuid: the Feature's UUID
 * @id: its index in the device's list
 * @get_feat_size: bytes Get Feature returns for the whole Feature
 * @set_feat_size: bytes Set Feature takes for the whole Feature
 * @flags: attribute flags; bit 0 changeable
 * @get_feat_ver: version of the Get Feature data
 * @set_feat_ver: version of the Set Feature data
 * @effects: the Feature's set-feature effects (CEL effects bits)
 * @reserved: zero
 */
struct cxl_fwctl_feat_entry {
	uuid_t uuid;
	__le16 id;
	__le16 get_feat_size;
	__le16 set_feat_size;
	__le32 flags;
	u8 get_feat_ver;
	u8 set_feat_ver;
	__le16 effects;
	u8 reserved[18];
} __packed;

/**
 * struct cxl_fwctl_features - the Supported Features list, cached at attach
 * @entries: as the device reported them
 * @count: number of @entries
 */
struct cxl_fwctl_features {
	struct cxl_fwctl_feat_entry *entries;
	unsigned int count;
};

/**
 * struct cxl_fwctl - the fwctl device of one CXL memdev
 * @fwctl: the core's device; first, as fwctl_alloc_device() requires
 * @cxlmd: the memdev; valid while the fwctl device is registered
 * @mbox: its mailbox; valid while the fwctl device is registered
 * @payload_size: the mailbox payload size, read once at attach
 * @cel: the Command Effects Log; read-only after registration
 * @features: the Supported Features cache; read-only after registration
 *
 * The fwctl ops only run while the device is registered (the core's
 * registration lock), and detach unregisters before the memdev's mailbox
 * goes away, so @cxlmd and @mbox need no lock of their own.
 */
struct cxl_fwctl {
	struct fwctl_device fwctl;
	struct cxl_memdev *cxlmd;
	struct cxl_mailbox *mbox;
	size_t payload_size;
	struct cxl_fwctl_cel cel;
	struct cxl_fwctl_features features;
};

extern const struct fwctl_ops cxl_fwctl_ops;

/* mbox.c */
int cxl_fwctl_mbox_send(struct cxl_mailbox *mbox, u16 opcode, void *in,
			size_t in_size, void *out, size_t out_size,
			size_t *out_len, u16 *retval);

/* cel.c */
extern const uuid_t cxl_fwctl_cel_uuid;
int cxl_fwctl_cel_read(struct cxl_fwctl_cel *cel, struct cxl_mailbox *mbox,
		       struct device *dev);
int cxl_fwctl_cel_index(struct cxl_fwctl_cel *cel, const void *raw,
			size_t len);
const struct cxl_fwctl_cel_entry *
cxl_fwctl_cel_find(const struct cxl_fwctl_cel *cel, u16 opcode);
void cxl_fwctl_cel_free(struct cxl_fwctl_cel *cel);

/* features.c */
int cxl_fwctl_features_read(struct cxl_fwctl_features *feats,
			    struct cxl_mailbox *mbox, struct device *dev);
const struct cxl_fwctl_feat_entry *
cxl_fwctl_feature_find(const struct cxl_fwctl_features *feats,
		       const uuid_t *uuid);
void cxl_fwctl_features_free(struct cxl_fwctl_features *feats);
void *cxl_fwctl_get_supported_features(struct cxl_fwctl *cxlfw,
				       const void *in, size_t in_size,
				       size_t *out_len);
void *cxl_fwctl_get_feature(struct cxl_fwctl *cxlfw, const void *in,
			    size_t in_size, size_t *out_len);
void *cxl_fwctl_set_feature(struct cxl_fwctl *cxlfw, const void *in,
			    size_t in_size, size_t *out_len, bool *delivered);

/* owner.c */
int cxl_fwctl_owner_init(void);
void cxl_fwctl_owner_exit(void);
void cxl_fwctl_owner_read_lock(void);
void cxl_fwctl_owner_read_unlock(void);
const char *cxl_fwctl_feature_owner(struct cxl_memdev *cxlmd,
				    const uuid_t *uuid);
void cxl_fwctl_owner_forget(struct cxl_memdev *cxlmd);
DEFINE_LOCK_GUARD_0(cxl_fwctl_owner, cxl_fwctl_owner_read_lock(),
		    cxl_fwctl_owner_read_unlock())

/* debugfs.c */
void cxl_fwctl_debugfs_init(void);
void cxl_fwctl_debugfs_exit(void);
void cxl_fwctl_debugfs_add(struct cxl_fwctl *cxlfw);
void cxl_fwctl_debugfs_remove(struct cxl_fwctl *cxlfw);

#endif
