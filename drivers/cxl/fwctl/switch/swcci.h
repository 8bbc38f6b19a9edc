/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_switch_fwctl internals: a CXL switch mailbox CCI as a fwctl device.
 *
 *   pci.c       the PCI driver: registers, probe, remove, module init
 *   mbox.c      finding the mailbox and driving it (polled, own lock)
 *   tunnel.c    Tunnel Management Command: parsing, wrapping, unwrapping,
 *               and the per-destination CEL cache
 *   rpc.c       the fwctl ops: validation, policy at every level, sending
 *   debugfs.c   the switch's and the cached destinations' CELs
 *
 * The policy (../policy.c), the CEL reader (../cel.c) and the checked send
 * path (../mbox.c) are cxl_fwctl's, imported from namespace CXL_FWCTL.
 */
#ifndef __CXL_SWCCI_H
#define __CXL_SWCCI_H

#include <linux/atomic.h>
#include <linux/fwctl.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <compat/cxl_mbox.h>

#include "../cxl_fwctl.h"
#include "../policy.h"

struct dentry;
struct pci_dev;

/* Switch commands the driver names (CXL r3.1, 8.2.9 and 7.6.7). */
#define CXL_SWCCI_OP_IDENTIFY		0x0001
#define CXL_SWCCI_OP_GET_PORT_STATE	0x5101
#define CXL_SWCCI_OP_TUNNEL		0x5300

/* Return codes the driver looks at (CXL r3.1, table 8-34). */
#define CXL_SWCCI_RC_SUCCESS		0x0000

/*
 * Tunnel Management Command (CXL r3.1, 7.6.7.3.1): a 4-byte header (port
 * or LD id, target type, le16 size) then a CCI message: a 12-byte header
 * (category, tag, reserved, command, command set, le24 payload length,
 * le16 return code, le16 vendor status) then the payload. The response
 * has a 4-byte header (le16 length, reserved) then the response message.
 */
#define CXL_SWCCI_TUNNEL_HDR		4
#define CXL_SWCCI_CCI_HDR		12
#define CXL_SWCCI_TUNNEL_OVERHEAD	(CXL_SWCCI_TUNNEL_HDR + CXL_SWCCI_CCI_HDR)
#define CXL_SWCCI_CAT_REQUEST		0
#define CXL_SWCCI_CAT_RESPONSE		1
#define CXL_SWCCI_TARGET_PORT_OR_LD	0
#define CXL_SWCCI_TARGET_LD_POOL	1

/*
 * Nested tunnels accepted: switch -> port -> LD of an MLD, the deepest
 * path CXL r3.1 defines for a switch CCI. A third tunnel is refused.
 */
#define CXL_SWCCI_MAX_DEPTH		2

/* The smallest message a CCI must accept (Identify: 2^8). */
#define CXL_SWCCI_MIN_PAYLOAD		256
/* Get Physical Port State: one 16-byte block per port (CXL r3.1 7-19). */
#define CXL_SWCCI_PORT_BLOCK		16
/* Destinations whose CEL is cached at most; the oldest goes first. */
#define CXL_SWCCI_MAX_DESTS		32
/*
 * Identify (CXL r3.1 8.2.9.1.1) starts with the vendor, device and
 * subsystem ids and the serial number: who a destination is.
 */
#define CXL_SWCCI_IDENT_LEN		16
/*
 * The most a tunnelled message may carry: a tunnel's command size and a
 * response's length are 16-bit fields that count the CCI header too.
 */
#define CXL_SWCCI_MAX_TUNNEL_PAYLOAD	(U16_MAX - CXL_SWCCI_CCI_HDR)

/**
 * struct cxl_swcci_hop - one tunnel of a path
 * @id: port or LD id
 * @type: target type (only %CXL_SWCCI_TARGET_PORT_OR_LD is sent)
 */
struct cxl_swcci_hop {
	u8 id;
	u8 type;
};

/**
 * struct cxl_swcci_path - where a message goes: through @depth tunnels
 * @depth: 1 .. %CXL_SWCCI_MAX_DEPTH
 * @hop: the tunnels, outermost first
 */
struct cxl_swcci_path {
	unsigned int depth;
	struct cxl_swcci_hop hop[CXL_SWCCI_MAX_DEPTH];
};

/**
 * struct cxl_swcci_dest - what is cached about one destination
 * @node: in cxl_swcci.dests, most recently used first
 * @path: the destination
 * @cel: its Command Effects Log, read through the tunnel
 * @payload: the payload it accepts (from its Identify), at most what fits
 *	through the tunnels in front of it
 * @ident: who it is: the first CXL_SWCCI_IDENT_LEN bytes of its Identify
 *	(vendor, device, subsystem ids, serial number), checked again before
 *	every use of the entry
 */
struct cxl_swcci_dest {
	struct list_head node;
	struct cxl_swcci_path path;
	struct cxl_fwctl_cel cel;
	size_t payload;
	u8 ident[CXL_SWCCI_IDENT_LEN];
};

/**
 * struct cxl_swcci_port - the last Get Physical Port State block of a port
 * @valid: @block holds what the switch last reported
 * @block: the port's state block as reported
 */
struct cxl_swcci_port {
	bool valid;
	u8 block[CXL_SWCCI_PORT_BLOCK];
};

/**
 * struct cxl_swcci - the fwctl device of one switch mailbox CCI
 * @fwctl: the core's device; first, as fwctl_alloc_device() requires
 * @dev: the parent (the PCI function), for log lines
 * @regs: the primary mailbox registers; NULL in KUnit
 * @mbox_lock: serialises every use of @regs (one command at a time)
 * @mbox: payload_size and the transport (mbox_send) that cxl_fwctl's
 *	helpers call; its own mutex is not used
 * @cel: the switch's CEL, read at probe; read-only after registration
 * @tag: source of CCI message tags
 * @cache_lock: protects @dests, @ndests and @ports; may be held across
 *	mailbox commands (lock order: @cache_lock, then @mbox_lock)
 * @dests: cached destinations, most recently used first
 * @ndests: entries on @dests
 * @ports: per-port state last seen; a change drops the port's entries
 * @fills: destination CELs read so far (debugfs, tests)
 * @debugfs: this device's debugfs directory, or NULL
 * @sysfs_cel: the verdict files of @cel; built before registration
 * @sysfs_groups: the fwctl device's groups: @sysfs_cel's, NULL
 */
struct cxl_swcci {
	struct fwctl_device fwctl;
	struct device *dev;
	void __iomem *regs;
	struct mutex mbox_lock; /* serialises @regs */
	struct cxl_mailbox mbox;
	struct cxl_fwctl_cel cel;
	atomic_t tag;
	struct mutex cache_lock; /* protects @dests, @ndests, @ports */
	struct list_head dests;
	unsigned int ndests;
	struct cxl_swcci_port ports[256];
	unsigned long fills;
	struct dentry *debugfs;
	struct cxl_fwctl_vgroup sysfs_cel;
	const struct attribute_group *sysfs_groups[2];
};

/* mbox.c */
int cxl_swcci_find_mailbox(void __iomem *block, size_t len, size_t *offset,
			   size_t *size);
int cxl_swcci_mbox_init(struct cxl_swcci *sw, void __iomem *regs,
			size_t size);
extern unsigned int cxl_swcci_timeout_ms;

/* tunnel.c */
void cxl_swcci_init(struct cxl_swcci *sw, struct device *dev);
void cxl_swcci_release(struct cxl_swcci *sw);

/**
 * struct cxl_swcci_level - one message of a parsed tunnel request
 * @opcode: the command it carries
 * @tag: its CCI tag
 * @payload: its payload length
 */
struct cxl_swcci_level {
	u16 opcode;
	u8 tag;
	size_t payload;
};

/**
 * struct cxl_swcci_tunnel_req - a tunnel request, parsed and checked
 * @path: the tunnels, outermost first
 * @level: the message inside each tunnel; @level[@path.depth - 1] is the
 *	innermost command
 */
struct cxl_swcci_tunnel_req {
	struct cxl_swcci_path path;
	struct cxl_swcci_level level[CXL_SWCCI_MAX_DEPTH];
};

int cxl_swcci_tunnel_parse(const u8 *in, size_t len,
			   struct cxl_swcci_tunnel_req *req);

/**
 * struct cxl_swcci_tunnel_resp - a tunnel response, unwrapped
 * @level: the first level whose return code is not success, or the
 *	innermost one when every level succeeded
 * @rc: that level's return code
 * @payload: the innermost response payload, when every level succeeded
 * @len: bytes at @payload
 */
struct cxl_swcci_tunnel_resp {
	unsigned int level;
	u16 rc;
	const u8 *payload;
	size_t len;
};

int cxl_swcci_tunnel_unwrap(const u8 *out, size_t len,
			    const struct cxl_swcci_tunnel_req *req,
			    struct cxl_swcci_tunnel_resp *resp);

/**
 * struct cxl_swcci_dest_info - what a request needs to know of the
 *	destination one of its levels goes to
 * @in_cel: the level's opcode is in the destination's CEL
 * @effects: its effects, when @in_cel
 * @payload: the payload the destination accepts
 */
struct cxl_swcci_dest_info {
	bool in_cel;
	u16 effects;
	size_t payload;
};

typedef int (*cxl_swcci_check_fn)(void *ctx, unsigned int level,
				  const struct cxl_swcci_dest_info *info);
int cxl_swcci_dest_lookup(struct cxl_swcci *sw,
			  const struct cxl_swcci_tunnel_req *req,
			  cxl_swcci_check_fn check, void *ctx,
			  u16 *refused_rc);
void cxl_swcci_dest_drop_port(struct cxl_swcci *sw, u8 port);
void cxl_swcci_dest_drop_path(struct cxl_swcci *sw,
			      const struct cxl_swcci_path *path,
			      unsigned int depth);
void cxl_swcci_dest_drop_all(struct cxl_swcci *sw);

/* rpc.c */
extern const struct fwctl_ops cxl_swcci_ops;
struct cxl_fwctl_verdict cxl_swcci_judge(u16 opcode,
					 const struct cxl_fwctl_cel *cel,
					 enum fwctl_rpc_scope scope);
void *cxl_swcci_rpc(struct cxl_swcci *sw, enum fwctl_rpc_scope scope,
		    void *rpc_in, size_t in_len, size_t *out_len,
		    bool *mutated);

/* sysfs.c */
int cxl_swcci_sysfs_init(struct cxl_swcci *sw);
void cxl_swcci_sysfs_free(struct cxl_swcci *sw);

/* debugfs.c */
void cxl_swcci_debugfs_init(void);
void cxl_swcci_debugfs_exit(void);
void cxl_swcci_debugfs_add(struct cxl_swcci *sw);
void cxl_swcci_debugfs_remove(struct cxl_swcci *sw);

#endif
