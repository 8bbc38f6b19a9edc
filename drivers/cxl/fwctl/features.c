// SPDX-License-Identifier: GPL-2.0
/*
 * CXL Features for cxl_fwctl (CXL r3.1, 8.2.9.6): the Supported Features
 * list, read once at attach and answered from the cache, and Get Feature
 * and Set Feature, split into several mailbox commands when a transfer is
 * larger than the mailbox payload.
 */
#include <linux/device.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

/* A device reporting more Features than this is not believed. */
#define FEAT_MAX_COUNT		1024

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
		struct cxl_mbox_get_sup_feats_in in = {
			.count = cpu_to_le32(mbox->payload_size),
			.start_idx = cpu_to_le16(got),
		};
		size_t len, n, fit;
		u16 rc_dev;

		rc = cxl_fwctl_mbox_send(mbox, CXL_FWCTL_OP_GET_SUPPORTED_FEATURES,
					 &in, sizeof(in), buf, mbox->payload_size,
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
const struct cxl_feat_entry *
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

/*
 * A Feature command's response. Mainline reports its length as
 * sizeof(struct fwctl_rpc_cxl_out) + size: 16 bytes, although the payload
 * starts at 8, so 8 zero bytes follow the payload. *@out_len is set the
 * same way, so the answer is byte for byte mainline's.
 */
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
 * @in: the request's input payload, a struct cxl_mbox_get_sup_feats_in
 * @in_size: its length; must be 8
 * @out_len: set to the response's length
 *
 * Answered from the cache as mainline answers it: @count is taken as the
 * bytes of entries wanted (without the 8-byte header), so a count below
 * one entry returns the header alone, with the number of Features; a start
 * index at or past the end of the list is refused. A Feature owned by an
 * in-kernel user is shown as not changeable with a set size of 0.
 *
 * Return: the response (kvmalloc'ed), or an ERR_PTR: -EINVAL for an input
 * of the wrong size or a start index past the list.
 */
void *cxl_fwctl_get_supported_features(struct cxl_fwctl *cxlfw,
				       const void *in, size_t in_size,
				       size_t *out_len)
{
	const struct cxl_fwctl_features *feats = &cxlfw->features;
	const struct cxl_mbox_get_sup_feats_in *req = in;
	struct cxl_mbox_get_sup_feats_out *list;
	struct fwctl_rpc_cxl_out *out;
	unsigned int start, n, i;
	size_t size;

	if (in_size != sizeof(*req))
		return ERR_PTR(-EINVAL);
	start = le16_to_cpu(req->start_idx);
	if (start >= feats->count)
		return ERR_PTR(-EINVAL);
	n = min_t(size_t, feats->count - start,
		  le32_to_cpu(req->count) / sizeof(list->ents[0]));

	size = struct_size(list, ents, n);
	out = alloc_out(size, out_len);
	if (IS_ERR(out))
		return out;
	list = &out->get_sup_feats_out;
	list->num_entries = cpu_to_le16(n);
	list->supported_feats = cpu_to_le16(feats->count);
	memcpy(list->ents, &feats->entries[start], n * sizeof(list->ents[0]));

	cxl_fwctl_owner_read_lock();
	for (i = 0; i < n; i++) {
		struct cxl_feat_entry *e = &list->ents[i];

		if (!cxl_fwctl_feature_owner(cxlfw->cxlmd, &e->uuid))
			continue;
		e->flags &= ~cpu_to_le32(CXL_FEATURE_F_CHANGEABLE);
		e->set_feat_size = 0;
	}
	cxl_fwctl_owner_read_unlock();

	out->size = size;
	*out_len += size;
	return out;
}

/**
 * cxl_fwctl_get_feature - run Get Feature, in several commands if needed
 * @cxlfw: the device
 * @in: the request's input payload, a struct cxl_mbox_get_feat_in
 * @in_size: its length; must be 21
 * @out_len: on entry the length of the caller's buffer; set to the
 *	response's length
 *
 * The response holds the @count bytes asked for, read in chunks of at most
 * the mailbox payload size. A short chunk ends the read (the Feature's data
 * ended); a failed chunk returns its return code and no data. As in
 * mainline, the UUID is the device's to judge: one it does not know gets
 * its return code.
 *
 * Return: the response (kvmalloc'ed), or an ERR_PTR: -EINVAL for an input
 * of the wrong size, a count of 0 or a buffer with no room for count bytes
 * after the 8-byte header (mainline 7.3); the errno of a command that
 * could not be delivered.
 */
void *cxl_fwctl_get_feature(struct cxl_fwctl *cxlfw, const void *in,
			    size_t in_size, size_t *out_len)
{
	const struct cxl_mbox_get_feat_in *req = in;
	struct cxl_mbox_get_feat_in cmd;
	struct fwctl_rpc_cxl_out *out;
	size_t count, offset, done = 0;
	int rc;

	if (in_size != sizeof(*req))
		return ERR_PTR(-EINVAL);
	cmd = *req;
	offset = le16_to_cpu(cmd.offset);
	count = le16_to_cpu(cmd.count);
	if (!count || *out_len < sizeof(out->hdr) + count)
		return ERR_PTR(-EINVAL);

	out = alloc_out(count, out_len);
	if (IS_ERR(out))
		return out;
	do {
		size_t want = min(count - done, cxlfw->payload_size);
		size_t got;
		u16 retval;

		cmd.offset = cpu_to_le16(offset + done);
		cmd.count = cpu_to_le16(want);
		rc = cxl_fwctl_mbox_send(cxlfw->mbox, CXL_FWCTL_OP_GET_FEATURE,
					 &cmd, sizeof(cmd), out->payload + done,
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

/* One Set Feature command: @cmd holds the header, @data goes after it. */
static int set_feature_part(struct cxl_fwctl *cxlfw,
			    struct cxl_mbox_set_feat_in *cmd, u32 flags,
			    u32 action, size_t offset, const u8 *data,
			    size_t len, u16 *retval)
{
	size_t got;

	cmd->flags = cpu_to_le32(flags | action);
	cmd->offset = cpu_to_le16(offset);
	memcpy(cmd->feat_data, data, len);
	return cxl_fwctl_mbox_send(cxlfw->mbox, CXL_FWCTL_OP_SET_FEATURE, cmd,
				   sizeof(cmd->hdr) + len, NULL, 0, &got,
				   retval);
}

/**
 * cxl_fwctl_set_feature - run Set Feature, in several commands if needed
 * @cxlfw: the device
 * @in: the request's input payload, a struct cxl_mbox_set_feat_in: the
 *	32-byte header, then the data
 * @in_size: its length, more than 32
 * @out_len: set to the response's length
 * @delivered: set when at least one command reached the device (a part
 *	that timed out counts: the device may have acted on it)
 *
 * The caller has checked the policy and holds the owner lock for read, so
 * no in-kernel claim can start while the Feature is being written. The
 * kernel owns the transfer, as in mainline: the request's transfer action
 * is ignored; data larger than one mailbox payload is sent as initiate,
 * continue and finish parts, and a part that fails aborts the transfer.
 * The other flags go to the device as given; the reserved bytes are sent
 * as zero.
 *
 * Return: the response (kvmalloc'ed), or an ERR_PTR.
 */
void *cxl_fwctl_set_feature(struct cxl_fwctl *cxlfw, const void *in,
			    size_t in_size, size_t *out_len, bool *delivered)
{
	const struct cxl_mbox_set_feat_in *req = in;
	size_t room = cxlfw->payload_size - sizeof(req->hdr);
	size_t len = in_size - sizeof(req->hdr), done = 0;
	struct cxl_mbox_set_feat_in *cmd;
	struct fwctl_rpc_cxl_out *out;
	u32 flags, action;
	size_t offset;
	u16 retval = 0;
	int rc;

	flags = le32_to_cpu(req->flags) & ~CXL_SET_FEAT_FLAG_DATA_TRANSFER_MASK;
	offset = le16_to_cpu(req->offset);

	out = alloc_out(0, out_len);
	if (IS_ERR(out))
		return out;
	cmd = kvzalloc(cxlfw->payload_size, GFP_KERNEL);
	if (!cmd) {
		kvfree(out);
		return ERR_PTR(-ENOMEM);
	}
	cmd->uuid = req->uuid;
	cmd->version = req->version;

	if (len <= room) {
		rc = set_feature_part(cxlfw, cmd, flags,
				      CXL_SET_FEAT_FLAG_FULL_DATA_TRANSFER,
				      offset, req->feat_data, len, &retval);
		*delivered = cxl_fwctl_reached_device(rc);
		goto out;
	}
	action = CXL_SET_FEAT_FLAG_INITIATE_DATA_TRANSFER;
	while (done < len) {
		size_t part = min(len - done, room);

		if (done + part == len)
			action = CXL_SET_FEAT_FLAG_FINISH_DATA_TRANSFER;
		rc = set_feature_part(cxlfw, cmd, flags, action, offset + done,
				      req->feat_data + done, part, &retval);
		if (cxl_fwctl_reached_device(rc))
			*delivered = true;
		if (rc || retval)
			break;
		done += part;
		action = CXL_SET_FEAT_FLAG_CONTINUE_DATA_TRANSFER;
	}
	if ((rc || retval) && done) {
		u16 ignored;

		/* Best effort: do not leave a transfer half done. */
		set_feature_part(cxlfw, cmd, flags,
				 CXL_SET_FEAT_FLAG_ABORT_DATA_TRANSFER, offset,
				 req->feat_data, 0, &ignored);
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
