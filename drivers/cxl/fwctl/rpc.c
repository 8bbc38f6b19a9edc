// SPDX-License-Identifier: GPL-2.0
/*
 * The fwctl ops of a CXL memdev: every request is validated completely,
 * then judged by the policy against the device's CEL (for Set Feature,
 * against the Feature's own set effects and its owner), and only then sent.
 *
 * Errnos mean "not delivered". A command the device ran and failed returns
 * 0 with the device's return code in the response. The three Feature
 * commands answer as mainline (7.3) does (features.c); where an errno
 * below is more specific than mainline's EINVAL, the case fails on
 * mainline too (Documentation/userspace-api/fwctl/fwctl-cxl.rst).
 *
 *   EINVAL      Get LSA of an empty slice, of one that wraps or of one
 *               longer than the mailbox payload;
 *               request shorter than its header, op_size running past
 *               in_len, reserved1 not zero, opcode above 16 bits; a
 *               Feature command's input of the wrong length, Get Feature
 *               of count 0 or with no room for count bytes, Set Feature
 *               with no data or no room for the response header, Get
 *               Supported Features from past the list's end
 *   EOPNOTSUPP  request flags set (none is defined); opcode not in the CEL
 *               or with effects not understood; a Set Feature that would
 *               run in the background
 *   ENOSPC      the output buffer cannot hold the 8-byte response header
 *               (not for the Feature commands, see above)
 *   EMSGSIZE    the input payload is larger than the mailbox's
 *   EPERM       the command needs a higher scope, or the kernel coordinates
 *               it, or it changes the security state; Set Feature of a
 *               Feature that is not changeable or that the kernel owns
 *   ENOENT      Set Feature of a Feature the device does not report
 *   EBUSY       a busy mailbox; a background command while another runs
 *               (background.c)
 *   EINTR, ETIMEDOUT, ENODEV
 *               a background command's wait ended early (background.c)
 */
#include <linux/device.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <uapi/fwctl/cxl.h>
#include <compat/unaligned.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

static struct cxl_fwctl *to_cxl_fwctl(struct fwctl_uctx *uctx)
{
	return container_of(uctx->fwctl, struct cxl_fwctl, fwctl);
}

static int cxl_fwctl_open_uctx(struct fwctl_uctx *uctx)
{
	return 0;
}

static void cxl_fwctl_close_uctx(struct fwctl_uctx *uctx)
{
	cxl_fwctl_bg_close(to_cxl_fwctl(uctx), uctx);
}

static void *cxl_fwctl_info(struct fwctl_uctx *uctx, size_t *length)
{
	struct fwctl_info_cxl *info;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);
	*length = sizeof(*info);
	return info;
}

/* Everything but the request's own validity that the policy needs. */
static void gather_facts(struct cxl_fwctl *cxlfw,
			 const struct fwctl_rpc_cxl *req,
			 enum fwctl_rpc_scope scope,
			 struct cxl_fwctl_request_facts *facts)
{
	const struct cxl_fwctl_cel_entry *cel;
	const struct cxl_feat_entry *feat;

	cel = cxl_fwctl_cel_find(&cxlfw->cel, req->opcode);
	*facts = (struct cxl_fwctl_request_facts) {
		.opcode = req->opcode,
		.in_cel = !!cel,
		.effects = cel ? cel->effects : 0,
		.scope = scope,
		.bmc = CXL_FWCTL_BMC_BUILD,
	};
	if (req->opcode != CXL_FWCTL_OP_SET_FEATURE ||
	    req->op_size < sizeof(req->set_feat_in.hdr))
		return;

	/* Set Feature: the caller holds the owner lock for read. */
	feat = cxl_fwctl_feature_find(&cxlfw->features,
				      &req->set_feat_in.uuid);
	if (!feat)
		return;
	facts->feature.known = true;
	facts->feature.changeable = le32_to_cpu(feat->flags) &
				    CXL_FEATURE_F_CHANGEABLE;
	facts->feature.set_effects = le16_to_cpu(feat->effects);
	facts->feature.kernel_owned =
		!!cxl_fwctl_feature_owner(cxlfw->cxlmd, &feat->uuid);
}

/*
 * @req is at @room, which has @room_len bytes; the response is built there
 * when it fits (the core's FWCTL_RPC_INPLACE_LEN), else allocated.
 */
static void *send_command(struct cxl_fwctl *cxlfw, void *room,
			  size_t room_len, size_t *out_len, bool *delivered)
{
	const struct fwctl_rpc_cxl *req = room;
	struct fwctl_rpc_cxl_out *out;
	size_t got;
	u16 retval;
	int rc;

	/*
	 * The output lands in the device's bounce buffer first: a reply of
	 * the full payload size, zeroed on every call, cost as much as the
	 * command itself.
	 */
	if (mutex_lock_interruptible(&cxlfw->bounce_lock))
		return ERR_PTR(-EINTR);
	rc = cxl_fwctl_mbox_send(cxlfw->mbox, req->opcode,
				 (void *)req->payload, req->op_size,
				 cxlfw->bounce, cxlfw->payload_size, &got,
				 &retval);
	/* A timed-out command reached the device and may have acted. */
	*delivered = !rc || rc == -ETIMEDOUT;
	if (rc) {
		out = ERR_PTR(rc);
		goto unlock;
	}
	/*
	 * The request is not read again: the response may overwrite it. Its
	 * length is sizeof(*out) + got, as mainline counts its answers: the
	 * 8 bytes after the output are zero.
	 */
	if (sizeof(*out) + got <= room_len)
		out = room;
	else
		out = kvmalloc(sizeof(*out) + got, GFP_KERNEL);
	if (!out) {
		out = ERR_PTR(-ENOMEM);
		goto unlock;
	}
	out->size = got;
	out->retval = retval;
	memcpy(out->payload, cxlfw->bounce, got);
	memset(out->payload + got, 0, sizeof(*out) - sizeof(out->hdr));
	*out_len = sizeof(*out) + got;
unlock:
	mutex_unlock(&cxlfw->bounce_lock);
	return out;
}

/**
 * cxl_fwctl_check_header - the checks every CXL fwctl request passes first
 * @req: the request, as copied from userspace
 * @in_len: its length
 *
 * Shared by every CXL fwctl device (memdevs and switch CCIs), so a request
 * header means the same everywhere. The request is the 16-byte header and
 * op_size bytes of input; in_len may be larger, as mainline's clients
 * send sizeof(struct fwctl_rpc_cxl) + the input's size, and the bytes past
 * the input are ignored whatever they hold.
 *
 * Return: 0; -EINVAL when the header does not add up (shorter than the
 * header, op_size running past in_len, reserved1 set, an opcode above 16
 * bits); -EOPNOTSUPP for flags (none is defined).
 */
int cxl_fwctl_check_header(const struct fwctl_rpc_cxl *req, size_t in_len)
{
	if (in_len < sizeof(req->hdr))
		return -EINVAL;
	if (req->op_size > in_len - sizeof(req->hdr))
		return -EINVAL;
	if (req->reserved1 || req->opcode > U16_MAX)
		return -EINVAL;
	if (req->flags)
		return -EOPNOTSUPP;
	return 0;
}

/**
 * cxl_fwctl_check_request - cxl_fwctl_check_header() and room for the reply
 * @req: the request, as copied from userspace
 * @in_len: its length
 * @out_len: the length of the caller's response buffer
 *
 * Return: 0; an errno of cxl_fwctl_check_header(); -ENOSPC when the 8-byte
 * response header does not fit.
 */
int cxl_fwctl_check_request(const struct fwctl_rpc_cxl *req, size_t in_len,
			    size_t out_len)
{
	int rc = cxl_fwctl_check_header(req, in_len);

	if (rc)
		return rc;
	if (out_len < sizeof(struct fwctl_rpc_cxl_out_hdr))
		return -ENOSPC;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_check_request, CXL_FWCTL);

/*
 * Get LSA asks for a slice of the label storage area. Its output must fit
 * the mailbox payload, and the slice must not wrap or be empty; devices
 * are known to trip over all three (QEMU 10.0.2 aborts on a wrapping or an
 * empty slice and overruns its payload buffer on a long one), and no
 * device can answer any of them usefully.
 */
static int check_get_lsa(const struct fwctl_rpc_cxl *req, size_t payload_size)
{
	u32 offset, length;

	if (req->op_size != 2 * sizeof(__le32))
		return -EINVAL;
	offset = get_unaligned_le32(req->payload);
	length = get_unaligned_le32(req->payload + 4);
	if (!length || length > payload_size || offset + length < offset)
		return -EINVAL;
	return 0;
}

static int validate(struct cxl_fwctl *cxlfw, const struct fwctl_rpc_cxl *req,
		    size_t in_len, size_t out_len)
{
	int rc = cxl_fwctl_check_header(req, in_len);

	if (rc)
		return rc;
	/*
	 * The Feature commands check their input and the room for their
	 * output as mainline does (features.c), which answers Get Supported
	 * Features even into a buffer too short for the response header.
	 */
	switch (req->opcode) {
	case CXL_FWCTL_OP_GET_SUPPORTED_FEATURES:
	case CXL_FWCTL_OP_GET_FEATURE:
		return 0;
	case CXL_FWCTL_OP_SET_FEATURE:
		/* No payload limit: the kernel splits a larger transfer. */
		if (req->op_size <= sizeof(req->set_feat_in.hdr) ||
		    out_len < sizeof(struct fwctl_rpc_cxl_out_hdr))
			return -EINVAL;
		return 0;
	}

	if (out_len < sizeof(struct fwctl_rpc_cxl_out_hdr))
		return -ENOSPC;
	if (req->opcode == CXL_FWCTL_OP_GET_LSA)
		return check_get_lsa(req, cxlfw->payload_size);
	if (req->op_size > cxlfw->payload_size)
		return -EMSGSIZE;
	return 0;
}

/* Judge a valid request at @room (@room_len bytes, see send_command()). */
static void *dispatch(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx,
		      void *room, size_t room_len, enum fwctl_rpc_scope scope,
		      size_t *out_len, bool *mutated)
{
	const struct fwctl_rpc_cxl *req = room;
	struct cxl_fwctl_request_facts facts;
	struct cxl_fwctl_verdict verdict;
	bool delivered = false;
	struct mutex *poison;	/* the kernel's poison lock, if held */
	void *out;

	gather_facts(cxlfw, req, scope, &facts);
	verdict = cxl_fwctl_policy(&facts);
	if (verdict.err) {
		dev_dbg(&cxlfw->cxlmd->dev,
			"cxl_fwctl: opcode %#06x at scope %u refused: %s (%s)\n",
			req->opcode, scope,
			cxl_fwctl_reason_name(verdict.reason), verdict.detail);
		return ERR_PTR(verdict.err);
	}

	switch (req->opcode) {
	case CXL_FWCTL_OP_GET_SUPPORTED_FEATURES:
		out = cxl_fwctl_get_supported_features(cxlfw, req->payload,
						       req->op_size, out_len);
		break;
	case CXL_FWCTL_OP_GET_FEATURE:
		out = cxl_fwctl_get_feature(cxlfw, req->payload, req->op_size,
					    out_len);
		break;
	case CXL_FWCTL_OP_SET_FEATURE:
		out = cxl_fwctl_set_feature(cxlfw, req->payload, req->op_size,
					    out_len, &delivered);
		break;
	default:
		if (facts.effects & CXL_FWCTL_EFFECT_BACKGROUND) {
			out = cxl_fwctl_bg_run(cxlfw, uctx, req->opcode,
					       facts.effects, req->payload,
					       req->op_size, out_len,
					       &delivered);
			break;
		}
		poison = cxl_fwctl_poison_lock(cxlfw, req->opcode);
		if (IS_ERR(poison))
			return ERR_CAST(poison);
		out = send_command(cxlfw, room, room_len, out_len, &delivered);
		cxl_fwctl_poison_unlock(poison);
		break;
	}
	*mutated = delivered && verdict.mutating;
	return out;
}

static void *cxl_fwctl_rpc(struct fwctl_uctx *uctx, enum fwctl_rpc_scope scope,
			   void *rpc_in, size_t in_len, size_t *out_len,
			   bool *mutated)
{
	struct cxl_fwctl *cxlfw = to_cxl_fwctl(uctx);
	size_t room_len = max_t(size_t, in_len, FWCTL_RPC_INPLACE_LEN);
	const struct fwctl_rpc_cxl *req = rpc_in;
	int rc;

	rc = validate(cxlfw, req, in_len, *out_len);
	if (rc)
		return ERR_PTR(rc);

	/*
	 * Set Feature holds the owner lock from its ownership check until the
	 * device answered, so an in-kernel claim cannot slip in between.
	 */
	if (req->opcode == CXL_FWCTL_OP_SET_FEATURE) {
		guard(cxl_fwctl_owner)();
		return dispatch(cxlfw, uctx, rpc_in, room_len, scope, out_len,
				mutated);
	}
	return dispatch(cxlfw, uctx, rpc_in, room_len, scope, out_len,
			mutated);
}

const struct fwctl_ops cxl_fwctl_ops = {
	.device_type = FWCTL_DEVICE_TYPE_CXL,
	.lockdown_exempt = CXL_FWCTL_BMC_BUILD,
	.uctx_size = sizeof(struct fwctl_uctx),
	.open_uctx = cxl_fwctl_open_uctx,
	.close_uctx = cxl_fwctl_close_uctx,
	.info = cxl_fwctl_info,
	.fw_rpc = cxl_fwctl_rpc,
};
