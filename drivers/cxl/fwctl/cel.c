// SPDX-License-Identifier: GPL-2.0
/*
 * The Command Effects Log (CEL) of a CXL device: read once at attach with
 * Get Supported Logs and Get Log, kept sorted by opcode for lookup.
 *
 * The kernel's CXL driver parses the CEL only into bitmaps of its own
 * commands, so the backend reads it again. The device is not trusted: a
 * log of odd length, an entry count that does not fit the reply, or a short
 * read shrink the table to the entries that were really received, with a
 * log line; opcodes that are missing are then refused.
 */
#include <linux/bsearch.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <compat/unaligned.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"

/*
 * The Command Effects Log's UUID (CXL r3.1 table 8-65). Not kernel-doc:
 * 6.1's kernel-doc cannot parse a variable, and W=1 runs it there.
 * Exported for the switch module, whose KUnit suite builds fake Get
 * Supported Logs answers with it when the two are built as modules.
 */
const uuid_t cxl_fwctl_cel_uuid =
	UUID_INIT(0x0da9c0b5, 0xbf41, 0x4b78, 0x8f, 0x79, 0x96, 0xb1, 0x62,
		  0x3b, 0x3f, 0x17);
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_cel_uuid, CXL_FWCTL);

#define CEL_RAW_ENTRY_SIZE	4
/* One entry per possible opcode is the most a sane CEL can hold. */
#define CEL_MAX_BYTES		(65536UL * CEL_RAW_ENTRY_SIZE)
#define GSL_HDR_SIZE		8
#define GSL_ENTRY_SIZE		20

static int cel_entry_cmp(const void *a, const void *b)
{
	const struct cxl_fwctl_cel_entry *x = a, *y = b;

	return (int)x->opcode - (int)y->opcode;
}

static int cel_key_cmp(const void *key, const void *elt)
{
	const struct cxl_fwctl_cel_entry *e = elt;

	return (int)*(const u16 *)key - (int)e->opcode;
}

/**
 * cxl_fwctl_cel_index - build the lookup table from raw CEL bytes
 * @cel: filled in; free with cxl_fwctl_cel_free()
 * @raw: the log as read, 4-byte entries of le16 opcode and le16 effects
 * @len: bytes at @raw; a trailing partial entry is ignored
 *
 * An opcode listed twice keeps the union of its effects, so a device cannot
 * weaken an entry by repeating it.
 *
 * Return: 0, or -ENOMEM.
 */
int cxl_fwctl_cel_index(struct cxl_fwctl_cel *cel, const void *raw,
			size_t len)
{
	size_t n = len / CEL_RAW_ENTRY_SIZE, i, out = 0;
	struct cxl_fwctl_cel_entry *e;
	const u8 *p = raw;

	cel->entries = NULL;
	cel->count = 0;
	if (!n)
		return 0;

	e = kvcalloc(n, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		e[i].opcode = get_unaligned_le16(p + i * CEL_RAW_ENTRY_SIZE);
		e[i].effects = get_unaligned_le16(p + i * CEL_RAW_ENTRY_SIZE + 2);
	}
	sort(e, n, sizeof(*e), cel_entry_cmp, NULL);
	for (i = 0; i < n; i++) {
		if (out && e[out - 1].opcode == e[i].opcode)
			e[out - 1].effects |= e[i].effects;
		else
			e[out++] = e[i];
	}
	cel->entries = e;
	cel->count = out;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_cel_index, CXL_FWCTL);

/**
 * cxl_fwctl_cel_find - look an opcode up
 * @cel: the table
 * @opcode: the mailbox opcode
 *
 * Return: its entry, or NULL when the device does not list it.
 */
const struct cxl_fwctl_cel_entry *
cxl_fwctl_cel_find(const struct cxl_fwctl_cel *cel, u16 opcode)
{
	if (!cel->count)
		return NULL;
	/* Once per request: inlined, no call through a pointer per step. */
	return __inline_bsearch(&opcode, cel->entries, cel->count,
				sizeof(*cel->entries), cel_key_cmp);
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_cel_find, CXL_FWCTL);

/**
 * cxl_fwctl_cel_free - release the table
 * @cel: the table; left empty
 */
void cxl_fwctl_cel_free(struct cxl_fwctl_cel *cel)
{
	kvfree(cel->entries);
	cel->entries = NULL;
	cel->count = 0;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_cel_free, CXL_FWCTL);

/* The CEL's size from Get Supported Logs, or a negative errno. */
static long cel_size(struct cxl_mailbox *mbox, struct device *dev, u8 *buf)
{
	size_t len, n, i;
	u16 rc_dev;
	int rc;

	rc = cxl_fwctl_mbox_send(mbox, CXL_FWCTL_OP_GET_SUPPORTED_LOGS, NULL, 0,
				 buf, mbox->payload_size, &len, &rc_dev);
	if (rc || rc_dev) {
		dev_warn(dev, "cxl_fwctl: Get Supported Logs failed (%d, return code %#x)\n",
			 rc, rc_dev);
		return rc ? rc : -ENXIO;
	}
	if (len < GSL_HDR_SIZE) {
		dev_warn(dev, "cxl_fwctl: Get Supported Logs reply too short (%zu bytes)\n",
			 len);
		return -EPROTO;
	}
	n = get_unaligned_le16(buf);
	if (n > (len - GSL_HDR_SIZE) / GSL_ENTRY_SIZE) {
		dev_warn(dev, "cxl_fwctl: device lists %zu logs but sent %zu\n",
			 n, (len - GSL_HDR_SIZE) / GSL_ENTRY_SIZE);
		n = (len - GSL_HDR_SIZE) / GSL_ENTRY_SIZE;
	}
	for (i = 0; i < n; i++) {
		const u8 *e = buf + GSL_HDR_SIZE + i * GSL_ENTRY_SIZE;
		uuid_t uuid;

		import_uuid(&uuid, e);
		if (uuid_equal(&uuid, &cxl_fwctl_cel_uuid))
			return get_unaligned_le32(e + 16);
	}
	dev_warn(dev, "cxl_fwctl: device has no Command Effects Log\n");
	return -ENOENT;
}

/**
 * cxl_fwctl_cel_read - read a device's CEL into a lookup table
 * @cel: filled in, possibly empty; free with cxl_fwctl_cel_free()
 * @mbox: the device's mailbox
 * @dev: for log lines
 *
 * Context: process context; sends several mailbox commands.
 * Return: 0, even when the device's log was malformed and only part of it
 * was kept (then @cel->partial is set when a Get Log failed or came back
 * short); a negative errno when no usable log could be read.
 */
int cxl_fwctl_cel_read(struct cxl_fwctl_cel *cel, struct cxl_mailbox *mbox,
		       struct device *dev)
{
	struct cxl_mbox_get_log req = { .uuid = cxl_fwctl_cel_uuid };
	size_t size, done = 0;
	u8 *buf, *raw;
	long announced;
	int rc;

	cel->entries = NULL;
	cel->count = 0;
	buf = kvmalloc(mbox->payload_size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	announced = cel_size(mbox, dev, buf);
	if (announced < 0) {
		rc = announced;
		goto out_buf;
	}
	size = announced;
	if (size % CEL_RAW_ENTRY_SIZE)
		dev_warn(dev, "cxl_fwctl: CEL size %zu is not a multiple of %d; ignoring the partial entry\n",
			 size, CEL_RAW_ENTRY_SIZE);
	if (size > CEL_MAX_BYTES) {
		dev_warn(dev, "cxl_fwctl: CEL size %zu is implausible; reading %lu bytes\n",
			 size, CEL_MAX_BYTES);
		size = CEL_MAX_BYTES;
	}
	size = rounddown(size, CEL_RAW_ENTRY_SIZE);

	raw = kvmalloc(size ?: 1, GFP_KERNEL);
	if (!raw) {
		rc = -ENOMEM;
		goto out_buf;
	}
	while (done < size) {
		size_t want = min(size - done, mbox->payload_size);
		size_t got;
		u16 rc_dev;

		req.offset = cpu_to_le32(done);
		req.length = cpu_to_le32(want);
		rc = cxl_fwctl_mbox_send(mbox, CXL_FWCTL_OP_GET_LOG, &req,
					 sizeof(req), raw + done, want, &got,
					 &rc_dev);
		if (rc || rc_dev) {
			dev_warn(dev, "cxl_fwctl: Get Log of the CEL failed at offset %zu (%d, return code %#x)\n",
				 done, rc, rc_dev);
			break;
		}
		done += got;
		if (got < want) {
			dev_warn(dev, "cxl_fwctl: CEL read stopped short at %zu of %zu bytes\n",
				 done, size);
			break;
		}
	}
	rc = cxl_fwctl_cel_index(cel, raw, done);
	cel->partial = done < size;
	kvfree(raw);
out_buf:
	kvfree(buf);
	return rc;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_cel_read, CXL_FWCTL);
