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
 *   sysfs.c     the kernel's verdicts on a memdev's CEL and Features (ABI)
 *   debugfs.c   the same for developers, with the CEL's effects
 *   rpc.c       the fwctl ops: request validation, policy, response
 *   background.c  the background-operation slot: claim, wait, abort
 *   poison.c    the poison list commands, under the kernel's poison lock
 *   policy.c    the pure decision: (opcode, effects, scope, ...) -> verdict
 */
#ifndef __CXL_FWCTL_H
#define __CXL_FWCTL_H

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/fwctl.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/uuid.h>
#include <cxl/features.h>
#include <compat/cxl_mbox.h>

struct cxl_memdev;
struct device;

/* Mailbox opcodes the backend itself sends (CXL r3.1, 8.2.9). */
#define CXL_FWCTL_OP_GET_SUPPORTED_LOGS	0x0400
#define CXL_FWCTL_OP_GET_LOG		0x0401
#define CXL_FWCTL_OP_GET_LSA		0x4102
#define CXL_FWCTL_OP_ABORT_BACKGROUND	0x0005

/*
 * Mailbox return codes the backend produces itself when it answers from its
 * cache (CXL r3.1, table 8-34).
 */
#define CXL_FWCTL_RC_SUCCESS		0x0000
#define CXL_FWCTL_RC_INVALID_INPUT	0x0002
/* And those the background slot looks at. */
#define CXL_FWCTL_RC_BACKGROUND_STARTED	0x0001
#define CXL_FWCTL_RC_BUSY		0x0006
#define CXL_FWCTL_RC_ABORTED		0x0012

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
 * @partial: cxl_fwctl_cel_read() kept less than the device announced (a
 *	Get Log failed or came back short): some opcodes may be missing
 */
struct cxl_fwctl_cel {
	struct cxl_fwctl_cel_entry *entries;
	unsigned int count;
	bool partial;
};

/* The Feature commands' sizes (CXL r3.1 8.2.9.6, <cxl/features.h>). */
#define CXL_FWCTL_FEAT_ENTRY_SIZE	sizeof(struct cxl_feat_entry)
#define CXL_FWCTL_FEAT_HDR_SIZE		sizeof(struct cxl_mbox_get_sup_feats_out_hdr)
#define CXL_FWCTL_SET_FEAT_HDR_SIZE	sizeof(struct cxl_mbox_set_feat_hdr)

/**
 * struct cxl_fwctl_features - the Supported Features list, cached at attach
 * @entries: as the device reported them
 * @count: number of @entries
 */
struct cxl_fwctl_features {
	struct cxl_feat_entry *entries;
	unsigned int count;
};

struct cxl_fwctl;

/**
 * struct cxl_fwctl_vattr - one verdict file in sysfs
 * @attr: the file; shows the verdict of entry @index
 * @index: into the CEL or Features the file's group was built from
 * @name: the file's name: an opcode (0x4300) or a Feature's UUID
 */
struct cxl_fwctl_vattr {
	struct device_attribute attr;
	unsigned int index;
	char name[UUID_STRING_LEN + 1];
};

/**
 * struct cxl_fwctl_vgroup - a sysfs directory of verdict files
 * @group: named cxl_cel or cxl_features, its files @attrs
 * @attrs: NULL-terminated pointers into @files
 * @files: one per CEL entry or Feature
 */
struct cxl_fwctl_vgroup {
	struct attribute_group group;
	struct attribute **attrs;
	struct cxl_fwctl_vattr *files;
};

/**
 * struct cxl_fwctl_sysfs - a memdev's verdict files (sysfs.c)
 * @cel: cxl_cel/, one file per CEL entry
 * @features: cxl_features/, one file per Feature
 * @groups: the fwctl device's groups: @cel, @features, NULL
 */
struct cxl_fwctl_sysfs {
	struct cxl_fwctl_vgroup cel;
	struct cxl_fwctl_vgroup features;
	const struct attribute_group *groups[3];
};

/**
 * struct cxl_fwctl_bg_status - the device's background-operation state
 * @running: an operation runs (see pci_bg_status() in mbox.c)
 * @opcode: the last background operation's opcode
 * @percent: its percentage complete
 * @rc: its return code, once it ended
 * @vendor: its vendor-specific extended status
 */
struct cxl_fwctl_bg_status {
	bool running;
	u16 opcode;
	u8 percent;
	u16 rc;
	u16 vendor;
};

/**
 * struct cxl_fwctl_bg_hw - how the background slot reaches the device
 * @submit: send one command with the mailbox mutex held for the
 *	submission only, if the device's background state allows it: with
 *	@running 0, only while no background operation runs (else -EBUSY);
 *	otherwise only while the operation @running runs (else -ESRCH).
 *	Returns 0 with the device's return code in *@retval and, on success,
 *	up to *@out_len bytes of output in @out (*@out_len updated), or a
 *	negative errno when the command was not delivered or not answered.
 * @status: read the background state without taking the mailbox mutex;
 *	must not sleep
 *
 * The real one (mbox.c) drives cxl_pci's mailbox registers; KUnit fakes it.
 */
struct cxl_fwctl_bg_hw {
	int (*submit)(struct cxl_fwctl *cxlfw, u16 opcode, const void *in,
		      size_t in_size, void *out, size_t *out_len, u16 running,
		      u16 *retval);
	void (*status)(struct cxl_fwctl *cxlfw, struct cxl_fwctl_bg_status *st);
};

/**
 * enum cxl_fwctl_bg_state - the state of a device's background slot
 * @CXL_FWCTL_BG_IDLE: free
 * @CXL_FWCTL_BG_ACTIVE: a request submits its operation or waits for it
 * @CXL_FWCTL_BG_ORPHAN: the request gave up waiting; the slot stays taken
 *	until the device shows the operation ended
 * @CXL_FWCTL_BG_ABORTING: an orphan whose owner's close sends an abort
 */
enum cxl_fwctl_bg_state {
	CXL_FWCTL_BG_IDLE,
	CXL_FWCTL_BG_ACTIVE,
	CXL_FWCTL_BG_ORPHAN,
	CXL_FWCTL_BG_ABORTING,
};

/**
 * struct cxl_fwctl_bg - the one user background operation of a device
 * @hw: the device access
 * @dev: for log lines
 * @lock: protects every field below; never held across a mailbox command
 *	or a sleep, never taken with the mailbox mutex held
 * @state: see enum cxl_fwctl_bg_state
 * @opcode: the operation in the slot, unless %CXL_FWCTL_BG_IDLE
 * @abortable: the device can abort @opcode
 * @abort_sent: an abort of @opcode was accepted; do not send another
 * @owner: the context that started @opcode; NULL once it closed. Compared,
 *	never dereferenced
 * @dying: detach started: waiters return, no new operation starts
 * @wq: a waiter sleeps here between polls; woken by detach
 */
struct cxl_fwctl_bg {
	const struct cxl_fwctl_bg_hw *hw;
	struct device *dev;
	spinlock_t lock; /* protects the fields below */
	enum cxl_fwctl_bg_state state;
	u16 opcode;
	bool abortable;
	bool abort_sent;
	struct fwctl_uctx *owner;
	bool dying;
	wait_queue_head_t wq;
};

/**
 * struct cxl_fwctl - the fwctl device of one CXL memdev
 * @fwctl: the core's device; first, as fwctl_alloc_device() requires
 * @cxlmd: the memdev; valid while the fwctl device is registered
 * @mbox: its mailbox; valid while the fwctl device is registered
 * @payload_size: the mailbox payload size, read once at attach
 * @cel: the Command Effects Log; read-only after registration
 * @features: the Supported Features cache; read-only after registration
 * @bg: the background-operation slot; has its own lock
 * @sysfs: the verdict files; built before registration, freed after
 * @bounce_lock: serialises @bounce; held across one mailbox command, which
 *	the mailbox serialises per device anyway
 * @bounce: @payload_size bytes that receive a command's output, so the reply
 *	is built at its real size (in the core's in-place room when it fits)
 *	instead of the payload size
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
	struct cxl_fwctl_bg bg;
	struct cxl_fwctl_sysfs sysfs;
	struct mutex bounce_lock; /* serialises bounce */
	void *bounce;
};

extern const struct fwctl_ops cxl_fwctl_ops;

/* rpc.c */
struct fwctl_rpc_cxl;
int cxl_fwctl_check_header(const struct fwctl_rpc_cxl *req, size_t in_len);
int cxl_fwctl_check_request(const struct fwctl_rpc_cxl *req, size_t in_len,
			    size_t out_len);

/* mbox.c */
int cxl_fwctl_mbox_send(struct cxl_mailbox *mbox, u16 opcode, void *in,
			size_t in_size, void *out, size_t out_size,
			size_t *out_len, u16 *retval);

/*
 * Whether a command that cxl_fwctl_mbox_send() returned @rc for may have
 * acted on the device: it answered, or it took the command and did not
 * answer in time (-ETIMEDOUT). Such a command counts as delivered for the
 * taint.
 */
static inline bool cxl_fwctl_reached_device(int rc)
{
	return !rc || rc == -ETIMEDOUT;
}

extern const struct cxl_fwctl_bg_hw cxl_fwctl_bg_pci;

/* poison.c */
struct mutex *cxl_fwctl_poison_lock(struct cxl_fwctl *cxlfw, u16 opcode);
void cxl_fwctl_poison_unlock(struct mutex *lock);

/* background.c */
extern unsigned int cxl_fwctl_bg_timeout_ms;
void cxl_fwctl_bg_init(struct cxl_fwctl_bg *bg,
		       const struct cxl_fwctl_bg_hw *hw, struct device *dev);
void *cxl_fwctl_bg_run(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx,
		       u16 opcode, u16 effects, const void *in, size_t in_size,
		       size_t *out_len, bool *delivered);
void cxl_fwctl_bg_close(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx);
void cxl_fwctl_bg_detach(struct cxl_fwctl *cxlfw);

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
const struct cxl_feat_entry *
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

/* sysfs.c */
struct cxl_fwctl_verdict;
const char *cxl_fwctl_scope_name(enum fwctl_rpc_scope scope);
struct cxl_fwctl_verdict
cxl_fwctl_cel_verdict(const struct cxl_fwctl_cel_entry *e);
struct cxl_fwctl_verdict
cxl_fwctl_feat_verdict(struct cxl_fwctl *cxlfw,
		       const struct cxl_feat_entry *e, const char **owner);
ssize_t cxl_fwctl_sysfs_emit(char *buf, const struct cxl_fwctl_verdict *v,
			     const char *last);
int cxl_fwctl_vgroup_cel(struct cxl_fwctl_vgroup *g,
			 const struct cxl_fwctl_cel *cel,
			 ssize_t (*show)(struct device *dev,
					 struct device_attribute *attr,
					 char *buf));
unsigned int cxl_fwctl_vgroup_index(struct device_attribute *attr);
void cxl_fwctl_vgroup_free(struct cxl_fwctl_vgroup *g);
int cxl_fwctl_sysfs_init(struct cxl_fwctl *cxlfw);
void cxl_fwctl_sysfs_free(struct cxl_fwctl *cxlfw);

/* debugfs.c */
void cxl_fwctl_debugfs_init(void);
void cxl_fwctl_debugfs_exit(void);
void cxl_fwctl_debugfs_add(struct cxl_fwctl *cxlfw);
void cxl_fwctl_debugfs_remove(struct cxl_fwctl *cxlfw);

#endif
