// SPDX-License-Identifier: GPL-2.0
/*
 * CXL Features for cxl_fwctl (CXL r3.1, 8.2.9.6): the Supported Features
 * list, read once at attach and answered from the cache, and Get Feature
 * and Set Feature, split into several mailbox commands when a transfer is
 * larger than the mailbox payload.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

/* A device reporting more Features than this is not believed. */
#define FEAT_MAX_COUNT		1024

#define GET_SUP_FEATS_IN_SIZE	8
#define GET_FEAT_IN_SIZE	21

/* Set Feature flags, CXL r3.1 table 8-101. */
#define SET_FEAT_ACTION_MASK	GENMASK(2, 0)
#define SET_FEAT_ACTION_FULL	0
#define SET_FEAT_ACTION_INITIATE 1
#define SET_FEAT_ACTION_CONTINUE 2
#define SET_FEAT_ACTION_FINISH	3
#define SET_FEAT_ACTION_ABORT	4
#define SET_FEAT_SAVED		BIT(3)

/**
 * cxl_fwctl_features_read - cache a device's Supported Features list
 * @feats: filled in, possibly empty; free with cxl_fwctl_features_free()
 * @mbox: the device's mailbox
 * @dev: for log lines
 *
 * Reads the list in chunks of the mailbox payload size. Entries the device
 * announces but does not send are dropped with a log line.
 *
 * Context: process context; sends mailbox commands.
 * Return: 0, or a negative errno when nothing usable could be read.
 */
int cxl_fwctl_features_read(struct cxl_fwctl_features *feats,
			    struct cxl_mailbox *mbox, struct device *dev)
{
	size_t per_chunk = (mbox->payload_size - CXL_FWCTL_FEAT_HDR_SIZE) /
			   CXL_FWCTL_FEAT_ENTRY_SIZE;
	unsigned int total = 0, got = 0;
	u8 *buf;
	int rc = 0;

	feats->entries = NULL;
	feats->count = 0;
	if (mbox->payload_size < CXL_FWCTL_FEAT_HDR_SIZE + CXL_FWCTL_FEAT_ENTRY_SIZE)
		return -EMSGSIZE;
	buf = kvmalloc(mbox->payload_size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	do {
		u8 in[GET_SUP_FEATS_IN_SIZE] = {};
		size_t len, n, fit;
		u16 rc_dev;

		put_unaligned_le32(mbox->payload_size, in);
		put_unaligned_le16(got, in + 4);
		rc = cxl_fwctl_mbox_send(mbox, CXL_FWCTL_OP_GET_SUPPORTED_FEATURES,
					 in, sizeof(in), buf, mbox->payload_size,
					 &len, &rc_dev);
		if (rc || rc_dev || len < CXL_FWCTL_FEAT_HDR_SIZE) {
			dev_warn(dev, "cxl_fwctl: Get Supported Features failed after %u entries (%d, return code %#x, %zu bytes)\n",
				 got, rc, rc_dev, len);
			rc = rc ?: -EPROTO;
			break;
		}
		if (!feats->entries) {
			total = get_unaligned_le16(buf + 2);
			if (total > FEAT_MAX_COUNT) {
				dev_warn(dev, "cxl_fwctl: device reports %u Features; keeping %u\n",
					 total, FEAT_MAX_COUNT);
				total = FEAT_MAX_COUNT;
			}
			if (!total)
				break;
			feats->entries = kvcalloc(total, sizeof(*feats->entries),
						  GFP_KERNEL);
			if (!feats->entries) {
				rc = -ENOMEM;
				break;
			}
		}
		n = get_unaligned_le16(buf);
		fit = min((len - CXL_FWCTL_FEAT_HDR_SIZE) / CXL_FWCTL_FEAT_ENTRY_SIZE,
			  per_chunk);
		if (n > fit || n > total - got) {
			dev_warn(dev, "cxl_fwctl: Get Supported Features: %zu entries announced, %zu sent, %u expected\n",
				 n, fit, total - got);
			n = min_t(size_t, fit, total - got);
		}
		if (!n) {
			dev_warn(dev, "cxl_fwctl: device sent %u of %u Features\n",
				 got, total);
			break;
		}
		memcpy(&feats->entries[got], buf + CXL_FWCTL_FEAT_HDR_SIZE,
		       n * CXL_FWCTL_FEAT_ENTRY_SIZE);
		got += n;
	} while (got < total);

	kvfree(buf);
	feats->count = got;
	if (!got) {
		kvfree(feats->entries);
		feats->entries = NULL;
	}
	return got ? 0 : rc;
}

/**
 * cxl_fwctl_feature_find - look a Feature up by UUID
 * @feats: the cache
 * @uuid: the Feature
 *
 * Return: its entry, or NULL when the device does not report it.
 */
const struct cxl_fwctl_feat_entry *
cxl_fwctl_feature_find(const struct cxl_fwctl_features *feats,
		       const uuid_t *uuid)
{
	unsigned int i;

	for (i = 0; i < feats->count; i++)
		if (uuid_equal(&feats->entries[i].uuid, uuid))
			return &feats->entries[i];
	return NULL;
}

/**
 * cxl_fwctl_features_free - release the cache
 * @feats: the cache; left empty
 */
void cxl_fwctl_features_free(struct cxl_fwctl_features *feats)
{
	kvfree(feats->entries);
	feats->entries = NULL;
	feats->count = 0;
}

static struct fwctl_rpc_cxl_out *alloc_out(size_t payload, size_t *out_len)
{
	struct fwctl_rpc_cxl_out *out;

	out = kvzalloc(sizeof(*out) + payload, GFP_KERNEL);
	if (!out)
		return ERR_PTR(-ENOMEM);
	*out_len = sizeof(*out);
	return out;
}

/**
 * cxl_fwctl_get_supported_features - answer Get Supported Features
 * @cxlfw: the device
 * @in: the request's input payload
 * @in_size: its length; must be 8
 * @out_len: set to the response's length
 *
 * Answered from the cache, as the device would answer, except that a
 * Feature owned by an in-kernel user is shown as not changeable with a set
 * size of 0. A start index past the list or a count too small for the
 * header gets the device's Invalid Input return code.
 *
 * Return: the response (kvmalloc'ed), or an ERR_PTR.
 */
void *cxl_fwctl_get_supported_features(struct cxl_fwctl *cxlfw,
				       const void *in, size_t in_size,
				       size_t *out_len)
{
	const struct cxl_fwctl_features *feats = &cxlfw->features;
	struct cxl_fwctl_feat_entry *e;
	struct fwctl_rpc_cxl_out *out;
	unsigned int start, n, i;
	size_t count;

	if (in_size != GET_SUP_FEATS_IN_SIZE)
		return ERR_PTR(-EINVAL);
	count = get_unaligned_le32(in);
	start = get_unaligned_le16(in + 4);

	if (count < CXL_FWCTL_FEAT_HDR_SIZE || start > feats->count) {
		out = alloc_out(0, out_len);
		if (!IS_ERR(out))
			out->retval = CXL_FWCTL_RC_INVALID_INPUT;
		return out;
	}
	n = min_t(size_t, feats->count - start,
		  (count - CXL_FWCTL_FEAT_HDR_SIZE) / CXL_FWCTL_FEAT_ENTRY_SIZE);
	out = alloc_out(CXL_FWCTL_FEAT_HDR_SIZE + n * CXL_FWCTL_FEAT_ENTRY_SIZE,
			out_len);
	if (IS_ERR(out))
		return out;

	put_unaligned_le16(n, out->payload);
	put_unaligned_le16(feats->count, out->payload + 2);
	e = (struct cxl_fwctl_feat_entry *)(out->payload + CXL_FWCTL_FEAT_HDR_SIZE);
	memcpy(e, &feats->entries[start], n * CXL_FWCTL_FEAT_ENTRY_SIZE);

	cxl_fwctl_owner_read_lock();
	for (i = 0; i < n; i++) {
		if (!cxl_fwctl_feature_owner(cxlfw->cxlmd, &e[i].uuid))
			continue;
		e[i].flags &= ~cpu_to_le32(CXL_FWCTL_FEAT_CHANGEABLE);
		e[i].set_feat_size = 0;
	}
	cxl_fwctl_owner_read_unlock();

	out->size = CXL_FWCTL_FEAT_HDR_SIZE + n * CXL_FWCTL_FEAT_ENTRY_SIZE;
	*out_len += out->size;
	return out;
}

/**
 * cxl_fwctl_get_feature - run Get Feature, in several commands if needed
 * @cxlfw: the device
 * @in: the request's input payload: uuid, le16 offset, le16 count, u8
 *	selection
 * @in_size: its length; must be 21
 * @out_len: set to the response's length
 *
 * The response holds the @count bytes asked for, read in chunks of at most
 * the mailbox payload size. A short chunk ends the read (the Feature's data
 * ended); a failed chunk returns its return code and no data.
 *
 * Return: the response (kvmalloc'ed), or an ERR_PTR when a command could
 * not be delivered.
 */
void *cxl_fwctl_get_feature(struct cxl_fwctl *cxlfw, const void *in,
			    size_t in_size, size_t *out_len)
{
	struct fwctl_rpc_cxl_out *out;
	size_t count, offset, done = 0;
	u8 req[GET_FEAT_IN_SIZE];
	int rc;

	if (in_size != GET_FEAT_IN_SIZE)
		return ERR_PTR(-EINVAL);
	if (!cxl_fwctl_feature_find(&cxlfw->features, in))
		return ERR_PTR(-ENOENT);
	memcpy(req, in, sizeof(req));
	offset = get_unaligned_le16(req + 16);
	count = get_unaligned_le16(req + 18);

	out = alloc_out(count, out_len);
	if (IS_ERR(out))
		return out;
	do {
		size_t want = min(count - done, cxlfw->payload_size);
		size_t got;
		u16 retval;

		put_unaligned_le16(offset + done, req + 16);
		put_unaligned_le16(want, req + 18);
		rc = cxl_fwctl_mbox_send(cxlfw->mbox, CXL_FWCTL_OP_GET_FEATURE,
					 req, sizeof(req), out->payload + done,
					 want, &got, &retval);
		if (rc) {
			kvfree(out);
			return ERR_PTR(rc);
		}
		if (retval) {
			out->retval = retval;
			done = 0;
			break;
		}
		done += got;
		if (got < want)
			break;
	} while (done < count);

	out->size = done;
	*out_len += done;
	return out;
}

static int set_feature_part(struct cxl_fwctl *cxlfw, u8 *cmd, u32 flags,
			    u32 action, size_t offset, const u8 *data,
			    size_t len, u16 *retval)
{
	size_t got;

	put_unaligned_le32((flags & ~SET_FEAT_ACTION_MASK) | action, cmd + 16);
	put_unaligned_le16(offset, cmd + 20);
	memcpy(cmd + CXL_FWCTL_SET_FEAT_HDR_SIZE, data, len);
	return cxl_fwctl_mbox_send(cxlfw->mbox, CXL_FWCTL_OP_SET_FEATURE, cmd,
				   CXL_FWCTL_SET_FEAT_HDR_SIZE + len, NULL, 0, &got,
				   retval);
}

/**
 * cxl_fwctl_set_feature - run Set Feature, in several commands if needed
 * @cxlfw: the device
 * @in: the request's input payload: the 32-byte Set Feature header, then
 *	the data
 * @in_size: its length, at least 32
 * @out_len: set to the response's length
 * @delivered: set when at least one command reached the device (a part
 *	that timed out counts: the device may have acted on it)
 *
 * The caller has checked the policy and holds the owner lock for read, so
 * no in-kernel claim can start while the Feature is being written. The
 * kernel owns the transfer: the request's transfer action must be "full";
 * data larger than one mailbox payload is sent as initiate, continue and
 * finish parts, and a part that fails aborts the transfer.
 *
 * Return: the response (kvmalloc'ed), or an ERR_PTR.
 */
void *cxl_fwctl_set_feature(struct cxl_fwctl *cxlfw, const void *in,
			    size_t in_size, size_t *out_len, bool *delivered)
{
	size_t room = cxlfw->payload_size - CXL_FWCTL_SET_FEAT_HDR_SIZE;
	const u8 *data = (const u8 *)in + CXL_FWCTL_SET_FEAT_HDR_SIZE;
	size_t len = in_size - CXL_FWCTL_SET_FEAT_HDR_SIZE, done = 0;
	struct fwctl_rpc_cxl_out *out;
	u32 flags, action;
	size_t offset;
	u16 retval = 0;
	u8 *cmd;
	int rc;

	flags = get_unaligned_le32((const u8 *)in + 16);
	offset = get_unaligned_le16((const u8 *)in + 20);
	if (flags & ~SET_FEAT_SAVED)
		return ERR_PTR(-EINVAL);

	out = alloc_out(0, out_len);
	if (IS_ERR(out))
		return out;
	cmd = kvmalloc(cxlfw->payload_size, GFP_KERNEL);
	if (!cmd) {
		kvfree(out);
		return ERR_PTR(-ENOMEM);
	}
	memcpy(cmd, in, CXL_FWCTL_SET_FEAT_HDR_SIZE);

	if (len <= room) {
		rc = set_feature_part(cxlfw, cmd, flags, SET_FEAT_ACTION_FULL,
				      offset, data, len, &retval);
		*delivered = cxl_fwctl_reached_device(rc);
		goto out;
	}
	action = SET_FEAT_ACTION_INITIATE;
	while (done < len) {
		size_t part = min(len - done, room);

		if (done + part == len)
			action = SET_FEAT_ACTION_FINISH;
		rc = set_feature_part(cxlfw, cmd, flags, action, offset + done,
				      data + done, part, &retval);
		if (cxl_fwctl_reached_device(rc))
			*delivered = true;
		if (rc || retval)
			break;
		done += part;
		action = SET_FEAT_ACTION_CONTINUE;
	}
	if ((rc || retval) && done) {
		u16 ignored;

		/* Best effort: do not leave a transfer half done. */
		set_feature_part(cxlfw, cmd, flags, SET_FEAT_ACTION_ABORT,
				 offset, data, 0, &ignored);
	}
out:
	kvfree(cmd);
	if (rc) {
		kvfree(out);
		return ERR_PTR(rc);
	}
	out->retval = retval;
	return out;
}
