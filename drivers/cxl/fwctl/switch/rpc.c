// SPDX-License-Identifier: GPL-2.0
/*
 * The fwctl ops of a switch mailbox CCI. Requests and responses have the
 * memdev backend's layout (uapi/fwctl/cxl.h) and its errnos; the verdicts
 * come from the same policy function, over the switch's CEL for its own
 * commands and over each destination's CEL for what a tunnel carries.
 *
 * Errnos mean "not delivered"; a command the device ran and failed returns
 * 0 with the device's return code in the response:
 *
 *   EINVAL      request shorter than its header, op_size running past
 *               in_len, reserved1 not zero, opcode above 16 bits; a tunnel
 *               level shorter than its two headers, whose command size is
 *               not the bytes that follow, whose CCI message is not a
 *               request or has its reserved byte set, whose payload length
 *               is not what the message carries, or with a reserved target
 *               type
 *   EOPNOTSUPP  request flags set; an opcode not in the CEL of the device
 *               that would run it (also when that CEL cannot be read), or
 *               with effects not understood; a command that runs in the
 *               background; a tunnel to an LD-Pool CCI
 *   ELOOP       more than CXL_SWCCI_MAX_DEPTH nested tunnels
 *   ENOSPC      the output buffer cannot hold the 8-byte response header
 *   EMSGSIZE    the payload is larger than the switch's, or a tunnelled
 *               payload larger than its destination's
 *   EPERM       some level needs a higher scope, or is a command the
 *               kernel coordinates, or changes the security state
 *   ENOENT      a tunnelled Set Feature (the destination's Features are not
 *               known, so the policy treats the Feature as unknown)
 *   ENXIO       a device along a nested path refused to tunnel further
 *               while its destination's CEL was read
 *   EBUSY, ETIMEDOUT, ENODEV, EINTR
 *               the mailbox is stuck, did not answer, is gone, or the
 *               caller was killed while waiting for it
 *
 * A tunnel the switch itself refuses (an unknown port, say) while the
 * destination's CEL is read is answered like the device would answer it:
 * 0, with the switch's return code and no output.
 */
#include <linux/device.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <uapi/fwctl/cxl.h>

#include "swcci.h"

/**
 * cxl_swcci_judge - the verdict on one command at one level
 * @opcode: the command
 * @cel: the CEL of the device that runs it
 * @scope: the scope the caller accepts
 *
 * cxl_fwctl_policy() decides, told that no background slot serves this
 * device, so a command that runs in the background is refused.
 *
 * Return: the verdict.
 */
struct cxl_fwctl_verdict cxl_swcci_judge(u16 opcode,
					 const struct cxl_fwctl_cel *cel,
					 enum fwctl_rpc_scope scope)
{
	const struct cxl_fwctl_cel_entry *e = cxl_fwctl_cel_find(cel, opcode);
	struct cxl_fwctl_request_facts facts = {
		.opcode = opcode,
		.in_cel = !!e,
		.effects = e ? e->effects : 0,
		.scope = scope,
		.no_background = true,
		.bmc = CXL_FWCTL_BMC_BUILD,
	};

	return cxl_fwctl_policy(&facts);
}

static struct cxl_swcci *to_swcci(struct fwctl_uctx *uctx)
{
	return container_of(uctx->fwctl, struct cxl_swcci, fwctl);
}

static void *swcci_info(struct fwctl_uctx *uctx, size_t *length)
{
	struct fwctl_info_cxl *info;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);
	*length = sizeof(*info);
	return info;
}

static int validate(struct cxl_swcci *sw, const struct fwctl_rpc_cxl *req,
		    size_t in_len, size_t out_len)
{
	int rc = cxl_fwctl_check_request(req, in_len, out_len);

	if (rc)
		return rc;
	if (req->op_size > sw->mbox.payload_size)
		return -EMSGSIZE;
	return 0;
}

static struct fwctl_rpc_cxl_out *alloc_reply(struct cxl_swcci *sw)
{
	return kvzalloc(sizeof(struct fwctl_rpc_cxl_out) +
			sw->mbox.payload_size, GFP_KERNEL);
}

/* A reply the driver makes itself: a return code and no output. */
static void *reply_rc(struct cxl_swcci *sw, u16 retval, size_t *out_len)
{
	struct fwctl_rpc_cxl_out *out = alloc_reply(sw);

	if (!out)
		return ERR_PTR(-ENOMEM);
	out->retval = retval;
	*out_len = sizeof(*out);
	return out;
}

/* Send a judged request as it is. */
static void *send(struct cxl_swcci *sw, const struct fwctl_rpc_cxl *req,
		  size_t *out_len, bool *delivered)
{
	struct fwctl_rpc_cxl_out *out = alloc_reply(sw);
	size_t got;
	u16 retval;
	int rc;

	if (!out)
		return ERR_PTR(-ENOMEM);
	rc = cxl_fwctl_mbox_send(&sw->mbox, req->opcode, (void *)req->payload,
				 req->op_size, out->payload,
				 sw->mbox.payload_size, &got, &retval);
	/* A command that timed out reached the device and may have acted. */
	*delivered = !rc || rc == -ETIMEDOUT;
	if (rc) {
		kvfree(out);
		return ERR_PTR(rc);
	}
	out->size = got;
	out->retval = retval;
	*out_len = sizeof(*out) + got;
	return out;
}

static void log_refusal(struct cxl_swcci *sw, unsigned int level, u16 opcode,
			enum fwctl_rpc_scope scope,
			const struct cxl_fwctl_verdict *v)
{
	dev_dbg(sw->dev,
		"cxl_switch_fwctl: level %u opcode %#06x at scope %u refused: %s (%s)\n",
		level, opcode, scope, cxl_fwctl_reason_name(v->reason),
		v->detail);
}

static void *direct_rpc(struct cxl_swcci *sw, const struct fwctl_rpc_cxl *req,
			enum fwctl_rpc_scope scope, size_t *out_len,
			bool *mutated)
{
	const struct cxl_fwctl_cel_entry *e;
	struct cxl_fwctl_verdict v;
	bool delivered = false;
	void *out;

	v = cxl_swcci_judge(req->opcode, &sw->cel, scope);
	if (v.err) {
		log_refusal(sw, 0, req->opcode, scope, &v);
		return ERR_PTR(v.err);
	}
	/* Looked up first: the request is not read once it was sent. */
	e = cxl_fwctl_cel_find(&sw->cel, req->opcode);
	out = send(sw, req, out_len, &delivered);
	*mutated = delivered && v.mutating;
	/* A command with effects may have changed what lies behind a port. */
	if (delivered && e && e->effects)
		cxl_swcci_dest_drop_all(sw);
	return out;
}

/* Was anything wrong with the answer to a tunnel request? */
static bool tunnel_failed(const struct cxl_swcci_tunnel_req *treq,
			  const struct fwctl_rpc_cxl_out *out)
{
	struct cxl_swcci_tunnel_resp resp;

	if (out->retval != CXL_SWCCI_RC_SUCCESS)
		return true;
	if (cxl_swcci_tunnel_unwrap(out->payload, out->size, treq, &resp))
		return true;
	return resp.rc != CXL_SWCCI_RC_SUCCESS;
}

/**
 * struct tunnel_judge - what checking the levels of a tunnel needs
 * @sw: the switch CCI
 * @treq: the parsed request
 * @scope: the caller's scope
 * @mutating: some level needs FWCTL_RPC_DEBUG_WRITE or more
 * @changes: the depth of the shallowest level whose command has effects
 *	(what it changes may change that destination's CEL); 0 for none
 */
struct tunnel_judge {
	struct cxl_swcci *sw;
	const struct cxl_swcci_tunnel_req *treq;
	enum fwctl_rpc_scope scope;
	bool mutating;
	unsigned int changes;
};

/* One tunnelled command against its destination: size, then policy. */
static int judge_level(void *ctx, unsigned int level,
		       const struct cxl_swcci_dest_info *info)
{
	struct tunnel_judge *tj = ctx;
	const struct cxl_swcci_level *lvl = &tj->treq->level[level];
	struct cxl_fwctl_request_facts facts = {
		.opcode = lvl->opcode,
		.in_cel = info->in_cel,
		.effects = info->effects,
		.scope = tj->scope,
		.no_background = true,
		.bmc = CXL_FWCTL_BMC_BUILD,
	};
	struct cxl_fwctl_verdict v;

	if (lvl->payload > info->payload)
		return -EMSGSIZE;
	v = cxl_fwctl_policy(&facts);
	if (v.err) {
		log_refusal(tj->sw, level + 1, lvl->opcode, tj->scope, &v);
		return v.err;
	}
	tj->mutating |= v.mutating;
	if (info->effects && !tj->changes)
		tj->changes = level + 1;
	return 0;
}

static void *tunnel_rpc(struct cxl_swcci *sw, const struct fwctl_rpc_cxl *req,
			enum fwctl_rpc_scope scope, size_t *out_len,
			bool *mutated)
{
	struct cxl_swcci_tunnel_req treq;
	struct tunnel_judge tj = {
		.sw = sw,
		.treq = &treq,
		.scope = scope,
	};
	struct cxl_fwctl_verdict v;
	bool delivered = false;
	u16 refused_rc;
	void *out;
	int rc;

	rc = cxl_swcci_tunnel_parse(req->payload, req->op_size, &treq);
	if (rc)
		return ERR_PTR(rc);

	/* Level 0: the tunnel command itself, against the switch's CEL. */
	v = cxl_swcci_judge(CXL_SWCCI_OP_TUNNEL, &sw->cel, scope);
	if (v.err) {
		log_refusal(sw, 0, CXL_SWCCI_OP_TUNNEL, scope, &v);
		return ERR_PTR(v.err);
	}
	tj.mutating = v.mutating;

	/* Each tunnelled command, against its destination's CEL. */
	rc = cxl_swcci_dest_lookup(sw, &treq, judge_level, &tj, &refused_rc);
	if (rc == 1)
		return reply_rc(sw, refused_rc, out_len);
	if (rc)
		return ERR_PTR(rc);

	out = send(sw, req, out_len, &delivered);
	*mutated = delivered && tj.mutating;
	if (IS_ERR(out) || tunnel_failed(&treq, out))
		cxl_swcci_dest_drop_port(sw, treq.path.hop[0].id);
	else if (delivered && tj.changes)
		cxl_swcci_dest_drop_path(sw, &treq.path, tj.changes);
	return out;
}

/**
 * cxl_swcci_rpc - judge and run one request
 * @sw: the switch CCI
 * @scope: the highest scope the caller accepts
 * @rpc_in: a struct fwctl_rpc_cxl and its payload
 * @in_len: bytes at @rpc_in
 * @out_len: in: the caller's buffer length; out: the response's length
 * @mutated: set when a command needing FWCTL_RPC_DEBUG_WRITE or more was
 *	delivered
 *
 * Context: process context; sends mailbox commands.
 * Return: a kvmalloc'ed struct fwctl_rpc_cxl_out, or an ERR_PTR (see the
 * errno table at the top of this file).
 */
void *cxl_swcci_rpc(struct cxl_swcci *sw, enum fwctl_rpc_scope scope,
		    void *rpc_in, size_t in_len, size_t *out_len,
		    bool *mutated)
{
	const struct fwctl_rpc_cxl *req = rpc_in;
	int rc;

	rc = validate(sw, req, in_len, *out_len);
	if (rc)
		return ERR_PTR(rc);
	if (req->opcode == CXL_SWCCI_OP_TUNNEL)
		return tunnel_rpc(sw, req, scope, out_len, mutated);
	return direct_rpc(sw, req, scope, out_len, mutated);
}

static void *swcci_fw_rpc(struct fwctl_uctx *uctx, enum fwctl_rpc_scope scope,
			  void *rpc_in, size_t in_len, size_t *out_len,
			  bool *mutated)
{
	return cxl_swcci_rpc(to_swcci(uctx), scope, rpc_in, in_len, out_len,
			     mutated);
}

const struct fwctl_ops cxl_swcci_ops = {
	.device_type = FWCTL_DEVICE_TYPE_CXL,
	.uctx_size = sizeof(struct fwctl_uctx),
	.lockdown_exempt = CXL_FWCTL_BMC_BUILD,
	.info = swcci_info,
	.fw_rpc = swcci_fw_rpc,
};
